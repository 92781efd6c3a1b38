#include "sim/etcd_http/http_client.h"

#include <curl/curl.h>

#include <charconv>
#include <mutex>

namespace esisim::etcd_http {
namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool header_name_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char a = line[i];
    char b = name[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

struct HttpClient::Transfer {
  HttpResponse response;
  size_t body_bytes_max = 0;
  bool body_too_large = false;
};

HttpClient::HttpClient(HttpClientLimits limits) : limits_(limits) {
  init_curl_once();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

size_t HttpClient::on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->body_bytes_max) {
    transfer->body_too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t HttpClient::on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kIndexHeader = "X-Etcd-Index";
  if (header_name_is(line, kIndexHeader)) {
    std::string_view value = trim(line.substr(kIndexHeader.size() + 1));
    uint64_t index = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
    if (ec == std::errc() && end == value.data() + value.size()) {
      transfer->response.etcd_index = index;
    }
  }
  return size * count;
}

Result<HttpResponse> HttpClient::request(std::string_view method, const std::string& url,
                                         std::string_view form_body, int64_t timeout_ms) {
  std::string what = std::string(method) + " " + url;
  auto* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Error{kHttpTransportError, what + ": curl_easy_init failed"};
  Transfer transfer;
  transfer.body_bytes_max = limits_.body_bytes_max;
  std::string method_text(method);
  // No "Expect: 100-continue" round trip before bodies over 1 KiB.
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &HttpClient::on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &HttpClient::on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (method == "PUT" || method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form_body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form_body.data());
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method == "GET" ? nullptr : method_text.c_str());
  CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  if (transfer.body_too_large) {
    return Error{kHttpTransportError, what + ": answer body larger than body_bytes_max (" +
                                          std::to_string(limits_.body_bytes_max) + " bytes)"};
  }
  if (code != CURLE_OK) {
    int error_code = code == CURLE_OPERATION_TIMEDOUT ? kHttpTimedOut : kHttpTransportError;
    return Error{error_code, what + ": " + curl_easy_strerror(code)};
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
  return std::move(transfer.response);
}

}  // namespace esisim::etcd_http
