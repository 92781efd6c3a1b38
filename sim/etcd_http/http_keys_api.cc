#include "sim/etcd_http/http_keys_api.h"

#include <utility>

#include "sim/etcd_http/etcd_answer.h"

namespace esisim::etcd_http {

HttpKeysApi::HttpKeysApi(std::string endpoint, HttpKeysApiOptions options)
    : endpoint_(std::move(endpoint)), options_(options), client_(options.limits) {
  while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
}

etcd::EtcdResult HttpKeysApi::send(const V2Request& request, int64_t timeout_ms) {
  auto response = client_.request(request.method, endpoint_ + request.path_and_query,
                                  request.form_body, timeout_ms);
  if (!response.ok()) return client_error(kEtcdTransportError, response.error().message);
  return parse_keys_answer(response->status, response->body, response->etcd_index);
}

etcd::EtcdResult HttpKeysApi::get(std::string_view key, const etcd::GetOptions& options) {
  return send(get_request(key, options), options_.request_timeout_ms);
}

etcd::EtcdResult HttpKeysApi::put(std::string_view key, std::string_view value,
                                  const etcd::PutOptions& options) {
  return send(put_request(key, value, options), options_.request_timeout_ms);
}

etcd::EtcdResult HttpKeysApi::post(std::string_view dir_key, std::string_view value,
                                   const etcd::PutOptions& options) {
  return send(post_request(dir_key, value, options), options_.request_timeout_ms);
}

etcd::EtcdResult HttpKeysApi::remove(std::string_view key, const etcd::DeleteOptions& options) {
  return send(delete_request(key, options), options_.request_timeout_ms);
}

Result<etcd::WatchOutcome, etcd::EtcdError> HttpKeysApi::wait(std::string_view key,
                                                              const etcd::WaitOptions& options) {
  if (options.stream) {
    return client_error(kEtcdUnsupported,
                        "stream=true: HttpKeysApi answers one event per wait; wait again");
  }
  V2Request request = wait_request(key, options);
  auto response = client_.request(request.method, endpoint_ + request.path_and_query, "",
                                  options_.wait_timeout_ms);
  if (!response.ok() && response.error().code != kHttpTimedOut) {
    return client_error(kEtcdTransportError, response.error().message);
  }
  if (!response.ok()) {
    return client_error(kEtcdWaitTimeout, "no event on " + std::string(key) + " within " +
                                              std::to_string(options_.wait_timeout_ms) +
                                              " ms (wait_timeout_ms): " + response.error().message);
  }
  auto event = parse_keys_answer(response->status, response->body, response->etcd_index);
  if (!event.ok()) return event.error();
  etcd::WatchOutcome outcome;
  outcome.immediate = std::move(*event);
  return outcome;
}

Result<std::string> HttpKeysApi::version() {
  auto response = client_.request("GET", endpoint_ + "/version", "", options_.request_timeout_ms);
  if (!response.ok()) return response.error();
  if (response->status != 200) {
    return Error{kHttpTransportError,
                 "GET " + endpoint_ + "/version: HTTP " + std::to_string(response->status)};
  }
  return std::move(response->body);
}

}  // namespace esisim::etcd_http
