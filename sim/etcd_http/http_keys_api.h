// etcd::KeysApi served by a real etcd (3.4, started with --enable-v2) over its v2 HTTP API.
//
// Contract:
// * Same calls, same answers as etcd::ModelKeysApi: the request is built by v2_request.h, the
//   answer read by etcd_answer.h (events with X-Etcd-Index as etcd_index, etcd's errors with
//   their codes, messages, causes and indices). TTLs count on the server's wall clock.
// * One HTTP connection, kept alive across calls (one libcurl handle per HttpKeysApi). Not
//   thread-safe: one HttpKeysApi per thread.
// * `wait` is a blocking GET ?wait=true: it answers WatchOutcome{immediate = the event} when
//   one arrives within `wait_timeout_ms`, else kEtcdWaitTimeout; stream=true is refused with
//   kEtcdUnsupported. Other requests time out after `request_timeout_ms` (kEtcdTransportError).
// * Never throws; a server that cannot be reached is kEtcdTransportError with libcurl's reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/etcd/keys_api.h"
#include "sim/etcd_http/http_client.h"
#include "sim/etcd_http/v2_request.h"

namespace esisim::etcd_http {

struct HttpKeysApiOptions {
  int64_t request_timeout_ms = 30'000;
  int64_t wait_timeout_ms = 60'000;
  HttpClientLimits limits;
};

class HttpKeysApi final : public etcd::KeysApi {
 public:
  // `endpoint`: the client URL, e.g. "http://127.0.0.1:2379" (a trailing '/' is dropped).
  explicit HttpKeysApi(std::string endpoint, HttpKeysApiOptions options = {});

  etcd::EtcdResult get(std::string_view key, const etcd::GetOptions& options) override;
  etcd::EtcdResult put(std::string_view key, std::string_view value,
                       const etcd::PutOptions& options) override;
  etcd::EtcdResult post(std::string_view dir_key, std::string_view value,
                        const etcd::PutOptions& options) override;
  etcd::EtcdResult remove(std::string_view key, const etcd::DeleteOptions& options) override;
  Result<etcd::WatchOutcome, etcd::EtcdError> wait(std::string_view key,
                                                   const etcd::WaitOptions& options) override;

  // GET /version: the body ({"etcdserver":"3.4.23","etcdcluster":"3.4.0"}) on HTTP 200.
  Result<std::string> version();
  const std::string& endpoint() const { return endpoint_; }

 private:
  etcd::EtcdResult send(const V2Request& request, int64_t timeout_ms);

  std::string endpoint_;
  HttpKeysApiOptions options_;
  HttpClient client_;
};

}  // namespace esisim::etcd_http
