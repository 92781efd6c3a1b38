#include "sim/etcd_http/v2_request.h"

#include "core/etcd/path.h"

namespace esisim::etcd_http {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Appends "name=value" to a form body or query, with '&' between fields.
void add_field(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out.push_back('&');
  out.append(name);
  out.push_back('=');
  out.append(percent_encode(value));
}

std::string with_query(std::string path, const std::string& query) {
  if (query.empty()) return path;
  return path + "?" + query;
}

std::string form_of(std::string_view value, const etcd::PutOptions& options, bool conditions) {
  std::string form;
  add_field(form, "value", value);
  if (options.ttl_s) add_field(form, "ttl", std::to_string(*options.ttl_s));
  if (options.dir) add_field(form, "dir", "true");
  if (conditions) {
    if (options.prev_exist) add_field(form, "prevExist", *options.prev_exist ? "true" : "false");
    if (options.prev_value) add_field(form, "prevValue", *options.prev_value);
    if (options.prev_index) add_field(form, "prevIndex", std::to_string(*options.prev_index));
  }
  if (options.refresh) add_field(form, "refresh", "true");
  return form;
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string key_path(std::string_view key) {
  std::string clean = etcd::clean_key(key);
  std::string path = "/v2/keys";
  std::vector<std::string_view> segments = etcd::split_key(clean);
  if (segments.empty()) return path + "/";
  for (std::string_view segment : segments) {
    path.push_back('/');
    path.append(percent_encode(segment));
  }
  return path;
}

V2Request get_request(std::string_view key, const etcd::GetOptions& options) {
  std::string query;
  if (options.recursive) add_field(query, "recursive", "true");
  if (options.sorted) add_field(query, "sorted", "true");
  return {"GET", with_query(key_path(key), query), ""};
}

V2Request put_request(std::string_view key, std::string_view value,
                      const etcd::PutOptions& options) {
  return {"PUT", key_path(key), form_of(value, options, true)};
}

V2Request post_request(std::string_view dir_key, std::string_view value,
                       const etcd::PutOptions& options) {
  return {"POST", key_path(dir_key), form_of(value, options, false)};
}

V2Request delete_request(std::string_view key, const etcd::DeleteOptions& options) {
  std::string query;
  if (options.dir) add_field(query, "dir", "true");
  if (options.recursive) add_field(query, "recursive", "true");
  if (options.prev_value) add_field(query, "prevValue", *options.prev_value);
  if (options.prev_index) add_field(query, "prevIndex", std::to_string(*options.prev_index));
  return {"DELETE", with_query(key_path(key), query), ""};
}

V2Request wait_request(std::string_view key, const etcd::WaitOptions& options) {
  std::string query;
  add_field(query, "wait", "true");
  if (options.recursive) add_field(query, "recursive", "true");
  if (options.wait_index > 0) add_field(query, "waitIndex", std::to_string(options.wait_index));
  if (options.stream) add_field(query, "stream", "true");
  return {"GET", with_query(key_path(key), query), ""};
}

}  // namespace esisim::etcd_http
