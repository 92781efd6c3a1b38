// The YAML subset reader behind load_hot_yaml's fast path (contract in hot_yaml_fast.h).
//
// Positions are byte offsets into the text; a node's mark is its line and (byte) column, as
// yaml-cpp counts them, plus one. A null value (`key:` or `-` with nothing after it) takes
// the mark of the next token yaml-cpp scans: the first character of the next content line,
// else the start of the last line (yaml-cpp's mark at the end of the text). Every doubt is a
// give-up (nullopt), never a guess.
#include "core/heat/hot_yaml_fast.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/heat/hot_yaml.h"

namespace esisim::heat {
namespace {

using Node = std::optional<HotExpr>;

// yaml-cpp's own nesting guard is deeper than this; below it both paths agree.
constexpr std::size_t kDepthCap = 400;
// A simple key longer than this may be refused by a YAML reader; left to yaml-cpp.
constexpr std::size_t kKeyBytesMax = 1024;

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;  // excluding the line break
  std::size_t indent = 0;
  bool blank = true;     // only spaces
  bool content = false;  // not blank and not a comment line
};

// Where a block node starts: first on its line, inline after "key: " or after "- ".
enum class Place { kRoot, kOwnLine, kAfterKey, kAfterDash };

bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

HotExpr scalar_node(nlohmann::ordered_json value, SourceMark mark) {
  HotExpr expr;
  expr.scalar = std::move(value);
  expr.mark = mark;
  return expr;
}

// A scalar read from one line: its text, whether it was plain, and the offset after it.
struct Scalar {
  std::string text;
  bool plain = false;
  std::size_t after = 0;
};

class FastReader {
 public:
  FastReader(std::string_view text, const HotLimits& limits)
      : text_(text), depth_max_(std::min(limits.depth_max, kDepthCap)) {}

  Node run() {
    if (!split_lines()) return std::nullopt;
    const std::size_t first = next_content(0);
    if (first == lines_.size()) return std::nullopt;
    Node root = block_node(first, lines_[first].begin + lines_[first].indent, -1, Place::kRoot, 0);
    if (!root || next_content(next_line_) != lines_.size()) return std::nullopt;
    return root;
  }

 private:
  // --- lines -------------------------------------------------------------------------------

  bool split_lines() {
    std::size_t begin = 0;
    for (std::size_t at = 0; at <= text_.size(); ++at) {
      if (at < text_.size() && text_[at] != '\n') {
        const char c = text_[at];
        if (c < 0x20 || c > 0x7e) return false;
        continue;
      }
      Line line{begin, at};
      while (begin + line.indent < at && text_[begin + line.indent] == ' ') ++line.indent;
      line.blank = begin + line.indent == at;
      line.content = !line.blank && text_[begin + line.indent] != '#';
      const std::string_view head = text_.substr(begin, std::min<std::size_t>(3, at - begin));
      if (head == "---" || head == "..." || head.starts_with("%")) return false;
      lines_.push_back(line);
      begin = at + 1;
    }
    return true;
  }

  std::size_t next_content(std::size_t from) const {
    while (from < lines_.size() && !lines_[from].content) ++from;
    return from;
  }

  SourceMark mark_at(std::size_t line, std::size_t offset) const {
    return {static_cast<int>(line) + 1, static_cast<int>(offset - lines_[line].begin) + 1};
  }

  // The mark of the token after an empty value: the next content line's first character or,
  // at the end of the text, the start of its last line.
  SourceMark next_token_mark(std::size_t line) const {
    if (line < lines_.size()) return mark_at(line, lines_[line].begin + lines_[line].indent);
    return mark_at(lines_.size() - 1, lines_.back().begin);
  }

  bool is_dash(std::size_t line, std::size_t at) const {
    return text_[at] == '-' && (at + 1 == lines_[line].end || text_[at + 1] == ' ');
  }

  std::size_t skip_spaces(std::size_t at, std::size_t end) const {
    while (at < end && text_[at] == ' ') ++at;
    return at;
  }

  // Nothing but spaces and maybe a comment from `at` to `end`.
  bool rest_is_empty(std::size_t at, std::size_t end) const {
    const std::size_t next = skip_spaces(at, end);
    return next == end || (text_[next] == '#' && text_[next - 1] == ' ');
  }

  // --- scalars on one line --------------------------------------------------------------------

  // Any character but a space and the indicators; `-` only before a character that cannot
  // make it an entry indicator (`?` and `:` starts are left to yaml-cpp).
  bool plain_may_start(std::size_t at, std::size_t end, bool flow) const {
    static constexpr std::string_view kIndicators = "?:,[]{}#&*!|>'\"%@`";
    const char c = text_[at];
    if (c == ' ' || kIndicators.find(c) != std::string_view::npos) return false;
    if (c != '-') return true;
    if (at + 1 == end) return false;
    const char next = text_[at + 1];
    return next != ' ' && !(flow && is_flow_indicator(next));
  }

  std::optional<Scalar> plain(std::size_t at, std::size_t end, bool flow) const {
    if (!plain_may_start(at, end, flow)) return std::nullopt;
    std::size_t stop = at;
    for (; stop < end; ++stop) {
      const char c = text_[stop];
      const char next = stop + 1 < end ? text_[stop + 1] : ' ';
      if (c == ':' && (next == ' ' || (flow && (next == ',' || next == ']' || next == '}')))) {
        break;
      }
      if (c == '#' && text_[stop - 1] == ' ') {
        if (flow) return std::nullopt;
        break;
      }
      if (flow && is_flow_indicator(c)) break;
      if (flow && c == '?') return std::nullopt;
    }
    std::size_t last = stop;
    while (last > at && text_[last - 1] == ' ') --last;
    return Scalar{std::string(text_.substr(at, last - at)), true, stop};
  }

  std::optional<Scalar> single_quoted(std::size_t at, std::size_t end) const {
    Scalar out;
    for (std::size_t i = at + 1; i < end; ++i) {
      if (text_[i] != '\'') {
        out.text += text_[i];
      } else if (i + 1 < end && text_[i + 1] == '\'') {
        out.text += '\'';
        ++i;
      } else {
        out.after = i + 1;
        return out;
      }
    }
    return std::nullopt;  // continues on the next line
  }

  std::optional<Scalar> double_quoted(std::size_t at, std::size_t end) const {
    Scalar out;
    for (std::size_t i = at + 1; i < end; ++i) {
      const char c = text_[i];
      if (c == '"') {
        out.after = i + 1;
        return out;
      }
      if (c != '\\') {
        out.text += c;
        continue;
      }
      if (++i == end) return std::nullopt;  // a line continuation
      auto escaped = escape(i, end);
      if (!escaped) return std::nullopt;
      out.text += escaped->first;
      i = escaped->second;
    }
    return std::nullopt;
  }

  // The character of the escape whose letter is at `at`, and the offset of its last byte;
  // nullopt for escapes giving more than ASCII.
  std::optional<std::pair<char, std::size_t>> escape(std::size_t at, std::size_t end) const {
    static constexpr std::string_view kLetters = "0abtnvfre \"/\\";
    static constexpr std::string_view kValues{"\0\a\b\t\n\v\f\r\x1b \"/\\", 13};
    const char letter = text_[at];
    if (const auto found = kLetters.find(letter); found != std::string_view::npos) {
      return std::make_pair(kValues[found], at);
    }
    const std::size_t digits = letter == 'x' ? 2 : letter == 'u' ? 4 : letter == 'U' ? 8 : 0;
    if (digits == 0 || at + digits >= end) return std::nullopt;
    unsigned code = 0;
    for (std::size_t i = 1; i <= digits; ++i) {
      const int value = hex_value(text_[at + i]);
      if (value < 0) return std::nullopt;
      code = code * 16 + static_cast<unsigned>(value);
      if (code >= 0x80) return std::nullopt;
    }
    return std::make_pair(static_cast<char>(code), at + digits);
  }

  std::optional<Scalar> scalar(std::size_t at, std::size_t end, bool flow) const {
    if (text_[at] == '\'') return single_quoted(at, end);
    if (text_[at] == '"') return double_quoted(at, end);
    return plain(at, end, flow);
  }

  // A scalar value node (plain ones resolved); nullopt on an unresolvable plain scalar.
  Node scalar_value(Scalar& read, SourceMark mark) const {
    if (!read.plain) return scalar_node(std::move(read.text), mark);
    auto resolved = resolve_plain_scalar(read.text);
    if (!resolved.ok()) return std::nullopt;
    return scalar_node(std::move(resolved.value()), mark);
  }

  // A mapping key: plain keys that yaml-cpp reads as null are not scalars; a merge key is
  // left to yaml-cpp too.
  static bool key_ok(const Scalar& key) {
    if (key.text.size() > kKeyBytesMax) return false;
    return !key.plain || !(key.text == "~" || key.text == "null" || key.text == "Null" ||
                           key.text == "NULL" || key.text == "<<");
  }

  // --- flow collections on one line -----------------------------------------------------------

  Node flow_node(std::size_t line, std::size_t& at, std::size_t depth) const {
    const std::size_t end = lines_[line].end;
    if (depth > depth_max_ || at == end) return std::nullopt;
    const SourceMark mark = mark_at(line, at);
    const char c = text_[at];
    if (c == '[' || c == '{') return flow_collection(line, at, depth);
    auto read = scalar(at, end, true);
    if (!read) return std::nullopt;
    at = skip_spaces(read->after, end);
    return scalar_value(*read, mark);
  }

  Node flow_collection(std::size_t line, std::size_t& at, std::size_t depth) const {
    const std::size_t end = lines_[line].end;
    const bool is_map = text_[at] == '{';
    const char close = is_map ? '}' : ']';
    HotExpr expr;
    expr.kind = is_map ? HotExpr::Kind::kMap : HotExpr::Kind::kList;
    expr.mark = mark_at(line, at);
    at = skip_spaces(at + 1, end);
    if (at < end && text_[at] == close) {
      at = skip_spaces(at + 1, end);
      return expr;
    }
    while (true) {
      if (at == end) return std::nullopt;
      if (is_map) {
        if (!flow_member(line, at, expr, depth)) return std::nullopt;
      } else {
        Node item = flow_sequence_entry(line, at, depth + 1);
        if (!item) return std::nullopt;
        expr.items.push_back(std::move(*item));
      }
      if (at == end) return std::nullopt;
      if (text_[at] == close) {
        at = skip_spaces(at + 1, end);
        return expr;
      }
      if (text_[at] != ',') return std::nullopt;
      at = skip_spaces(at + 1, end);
      if (at < end && text_[at] == close) return std::nullopt;  // a trailing comma
    }
  }

  // A flow sequence entry: a node, or "key: value", a map of one pair at the key's place.
  Node flow_sequence_entry(std::size_t line, std::size_t& at, std::size_t depth) const {
    const std::size_t start = at;
    Node item = flow_node(line, at, depth);
    if (!item || at == lines_[line].end || text_[at] != ':') return item;
    if (item->kind != HotExpr::Kind::kScalar) return std::nullopt;
    at = start;
    HotExpr map;
    map.kind = HotExpr::Kind::kMap;
    map.mark = mark_at(line, start);
    if (!flow_member(line, at, map, depth)) return std::nullopt;
    return map;
  }

  bool flow_member(std::size_t line, std::size_t& at, HotExpr& map, std::size_t depth) const {
    const std::size_t end = lines_[line].end;
    if (text_[at] == '[' || text_[at] == '{') return false;
    auto key = scalar(at, end, true);
    if (!key || !key_ok(*key)) return false;
    at = skip_spaces(key->after, end);
    if (at + 1 >= end || text_[at] != ':' || text_[at + 1] != ' ') return false;
    at = skip_spaces(at + 1, end);
    if (at == end || text_[at] == ',' || text_[at] == '}') return false;
    Node value = flow_node(line, at, depth + 1);
    if (!value) return false;
    put_member(map, std::move(key->text), std::move(*value));
    return true;
  }

  static void put_member(HotExpr& map, std::string key, HotExpr value) {
    for (auto& member : map.members) {
      if (member.key == key) {
        member.value = std::move(value);
        return;
      }
    }
    map.members.push_back(HotMember{std::move(key), std::move(value)});
  }

  // --- block structure ------------------------------------------------------------------------

  // The node at offset `at` of line `line`; `parent` is the column of the enclosing block
  // collection (-1 at the root). Sets next_line_ to the first line it did not consume.
  Node block_node(std::size_t line, std::size_t at, long parent, Place place, std::size_t depth) {
    if (depth > depth_max_) return std::nullopt;
    const Line& l = lines_[line];
    const bool starts_line = place == Place::kRoot || place == Place::kOwnLine;
    const char c = text_[at];
    if (is_dash(line, at)) {
      if (place == Place::kAfterKey) return std::nullopt;
      return block_sequence(line, at, depth);
    }
    if (c == '|' || c == '>') {
      if (starts_line) return std::nullopt;
      return block_scalar(line, at, parent);
    }
    if (c == '[' || c == '{') {
      if (place == Place::kRoot) return std::nullopt;
      std::size_t after = at;
      Node flow = flow_node(line, after, depth);
      if (!flow || !rest_is_empty(after, l.end)) return std::nullopt;
      next_line_ = line + 1;
      return flow;
    }
    auto read = scalar(at, l.end, false);
    if (!read) return std::nullopt;
    const std::size_t next = skip_spaces(read->after, l.end);
    if (next < l.end && text_[next] == ':' && (next + 1 == l.end || text_[next + 1] == ' ')) {
      if (place == Place::kAfterKey) return std::nullopt;
      return block_map(line, at, depth);
    }
    if (place == Place::kRoot || !rest_is_empty(read->after, l.end)) return std::nullopt;
    next_line_ = line + 1;
    return scalar_value(*read, mark_at(line, at));
  }

  // The value after "key:" or "-" when nothing follows on the line: a node on the next lines
  // indented deeper than `column`, an indentless sequence (`indentless`), or null.
  Node value_below(std::size_t line, std::size_t column, bool indentless, std::size_t depth) {
    const std::size_t next = next_content(line + 1);
    if (next < lines_.size() && lines_[next].indent > column) {
      return block_node(next, lines_[next].begin + lines_[next].indent, static_cast<long>(column),
                        Place::kOwnLine, depth);
    }
    if (indentless && next < lines_.size() && lines_[next].indent == column &&
        is_dash(next, lines_[next].begin + column)) {
      return block_sequence(next, lines_[next].begin + column, depth);
    }
    if (depth > depth_max_) return std::nullopt;
    next_line_ = line + 1;
    return scalar_node(nullptr, next_token_mark(next));
  }

  Node block_map(std::size_t line, std::size_t at, std::size_t depth) {
    const std::size_t column = at - lines_[line].begin;
    HotExpr map;
    map.kind = HotExpr::Kind::kMap;
    map.mark = mark_at(line, at);
    while (true) {
      const std::size_t end = lines_[line].end;
      auto key = scalar(at, end, false);
      if (!key || !key_ok(*key)) return std::nullopt;
      const std::size_t colon = skip_spaces(key->after, end);
      if (colon == end || text_[colon] != ':' || (colon + 1 < end && text_[colon + 1] != ' ')) {
        return std::nullopt;
      }
      const std::size_t value_at = skip_spaces(colon + 1, end);
      Node value =
          value_at < end && text_[value_at] != '#'
              ? block_node(line, value_at, static_cast<long>(column), Place::kAfterKey, depth + 1)
              : value_below(line, column, true, depth + 1);
      if (!value) return std::nullopt;
      put_member(map, std::move(key->text), std::move(*value));
      const std::size_t next = next_content(next_line_);
      if (next == lines_.size() || lines_[next].indent < column) {
        next_line_ = next;
        return map;
      }
      if (lines_[next].indent > column) return std::nullopt;
      line = next;
      at = lines_[line].begin + column;
    }
  }

  // Entries "- " at the column of `at` (the first one at `at`, maybe after another "- ").
  Node block_sequence(std::size_t line, std::size_t at, std::size_t depth) {
    if (depth > depth_max_) return std::nullopt;
    const std::size_t column = at - lines_[line].begin;
    HotExpr seq;
    seq.kind = HotExpr::Kind::kList;
    seq.mark = mark_at(line, at);
    while (true) {
      const Line& l = lines_[line];
      const std::size_t item_at = skip_spaces(l.begin + column + 1, l.end);
      Node item =
          item_at < l.end && text_[item_at] != '#'
              ? block_node(line, item_at, static_cast<long>(column), Place::kAfterDash, depth + 1)
              : value_below(line, column, false, depth + 1);
      if (!item) return std::nullopt;
      seq.items.push_back(std::move(*item));
      const std::size_t next = next_content(next_line_);
      if (next == lines_.size() || lines_[next].indent != column ||
          !is_dash(next, lines_[next].begin + column)) {
        if (next < lines_.size() && lines_[next].indent > column) return std::nullopt;
        next_line_ = next;
        return seq;
      }
      line = next;
    }
  }

  // `|`, `|-`, `>` or `>-` at `at`; content lines indented deeper than `parent`.
  Node block_scalar(std::size_t line, std::size_t at, long parent) {
    const Line& header = lines_[line];
    const bool folded = text_[at] == '>';
    std::size_t after = at + 1;
    const bool strip = after < header.end && text_[after] == '-';
    if (strip) ++after;
    if (!rest_is_empty(after, header.end)) return std::nullopt;
    // Leading blank lines, then the first text line fixes the indentation.
    std::size_t first = line + 1;
    std::size_t leading_spaces = 0;
    while (first < lines_.size() && lines_[first].blank) {
      leading_spaces = std::max(leading_spaces, lines_[first].end - lines_[first].begin);
      ++first;
    }
    if (first == lines_.size()) return std::nullopt;
    const std::size_t indent = lines_[first].indent;
    if (static_cast<long>(indent) <= parent || leading_spaces > indent ||
        (folded && first > line + 1)) {
      return std::nullopt;
    }
    std::size_t last = first;  // the last text line
    for (std::size_t i = first; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      if (l.blank) {
        if (l.end - l.begin > indent) return std::nullopt;
        continue;
      }
      if (l.indent < indent) break;
      if (folded && l.indent > indent) return std::nullopt;
      last = i;
    }
    if (last + 1 == lines_.size()) return std::nullopt;  // no line break after the text
    std::string value(first - line - 1, '\n');
    std::size_t blanks = 0;
    for (std::size_t i = first; i <= last; ++i) {
      const Line& l = lines_[i];
      if (l.blank) {
        ++blanks;
        if (!folded) value += '\n';
        continue;
      }
      if (folded && i > first) value += blanks == 0 ? std::string(" ") : std::string(blanks, '\n');
      blanks = 0;
      value.append(text_.substr(l.begin + indent, l.end - l.begin - indent));
      if (!folded) value += '\n';
    }
    if (folded && !strip) value += '\n';
    if (!folded && strip) value.pop_back();
    next_line_ = last + 1;
    return scalar_node(std::move(value), mark_at(line, at));
  }

  std::string_view text_;
  std::size_t depth_max_;
  std::vector<Line> lines_;
  std::size_t next_line_ = 0;
};

}  // namespace

std::optional<HotExpr> load_hot_yaml_fast(std::string_view text, const HotLimits& limits) {
  return FastReader(text, limits).run();
}

}  // namespace esisim::heat
