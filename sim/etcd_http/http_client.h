// A minimal blocking HTTP/1.1 client on one libcurl easy handle, for talking to a real etcd.
//
// Contract:
// * One handle per HttpClient, reused for every request, so the TCP connection is kept alive
//   between requests (libcurl's connection cache). Not thread-safe: one HttpClient per thread.
// * `request` never throws and never aborts: transport failures (refused, timed out, reset)
//   come back as Error{kHttpTransportError, "<method> <url>: <libcurl's reason>"} (code
//   kHttpTimedOut when `timeout_ms` passed); a body
//   larger than `HttpClientLimits::body_bytes_max` is cut off with an error naming the limit.
// * Any HTTP status is a successful transfer: the caller reads `status` and the body. The
//   X-Etcd-Index header, when present, is parsed into `etcd_index`.
// * libcurl's global state is initialised once per process, on the first HttpClient.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace esisim::etcd_http {

// Error codes of transport failures (no complete HTTP answer): the deadline passed, or
// anything else (refused, reset, too large).
inline constexpr int kHttpTransportError = 950;
inline constexpr int kHttpTimedOut = 952;

struct HttpClientLimits {
  size_t body_bytes_max = size_t{64} << 20;  // an answer body larger than this is refused
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::optional<uint64_t> etcd_index;  // the X-Etcd-Index header
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientLimits limits = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `method`: "GET", "PUT", "POST" or "DELETE"; `form_body`, when not empty, is sent as
  // application/x-www-form-urlencoded. `timeout_ms` 0 means no limit.
  Result<HttpResponse> request(std::string_view method, const std::string& url,
                               std::string_view form_body, int64_t timeout_ms);

 private:
  struct Transfer;
  static size_t on_body(char* data, size_t size, size_t count, void* user);
  static size_t on_header(char* data, size_t size, size_t count, void* user);

  HttpClientLimits limits_;
  void* curl_ = nullptr;  // CURL*, kept opaque so users need not include curl.h
};

}  // namespace esisim::etcd_http
