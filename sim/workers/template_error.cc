#include "sim/workers/template_error.h"

#include <charconv>

namespace esisim::sim {

namespace {

// Reads "<digits>:" at `pos`, advancing past the colon; false when absent.
bool read_number(std::string_view text, std::size_t& pos, int& out) {
  const char* begin = text.data() + pos;
  const char* end = text.data() + text.size();
  auto [next, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || next == begin || next == end || *next != ':') return false;
  pos += static_cast<std::size_t>(next - begin) + 1;
  return true;
}

}  // namespace

std::string rendered_excerpt(std::string_view message, std::string_view template_id,
                             std::string_view rendered) {
  if (message.size() <= template_id.size() ||
      message.substr(0, template_id.size()) != template_id || message[template_id.size()] != ':') {
    return {};
  }
  std::size_t pos = template_id.size() + 1;
  int line = 0;
  int column = 0;
  if (!read_number(message, pos, line) || !read_number(message, pos, column) || line < 1) {
    return {};
  }
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    std::size_t newline = rendered.find('\n', start);
    if (newline == std::string_view::npos) return {};
    start = newline + 1;
  }
  std::size_t stop = rendered.find('\n', start);
  std::string_view text = rendered.substr(
      start, stop == std::string_view::npos ? std::string_view::npos : stop - start);
  std::string prefix = "    rendered line " + std::to_string(line) + ": ";
  std::string out = "\n" + prefix + std::string(text) + "\n";
  if (column >= 1 && static_cast<std::size_t>(column) <= text.size() + 1) {
    out += std::string(prefix.size() + static_cast<std::size_t>(column) - 1, ' ') + "^\n";
  }
  return out;
}

std::string template_error_text(std::string_view job_id, std::string_view message,
                                std::string_view excerpt) {
  std::string out = "job ";
  out += job_id;
  out += ": ";
  out += message;
  out += excerpt;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace esisim::sim
