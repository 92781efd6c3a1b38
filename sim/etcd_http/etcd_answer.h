// etcd v2 HTTP answers read back into the model's types, and the errors the client itself makes.
//
// Contract:
// * A 2xx answer {"action","node","prevNode"} becomes an etcd::Event: action by etcd's name,
//   nodes as etcd::NodeView (a missing "key", as etcd sends for the root, is ""), `expiration`
//   (Go RFC 3339 with nanoseconds) truncated to milliseconds, `etcd_index` from X-Etcd-Index
//   (0 when absent).
// * Any other status with {"errorCode","message","cause","index"} becomes that etcd::EtcdError,
//   codes, messages, causes and index exactly as sent.
// * Anything else (not JSON, missing or mistyped fields, an unknown action, nodes nested deeper
//   than kNodeDepthMax) is an EtcdError with code kEtcdBadAnswer whose cause names the HTTP
//   status, what is wrong and the start of the body. Never throws.
// * Codes 950-953 are not etcd's: they are failures of the client (transport, bad answer, a
//   wait that timed out, an option the client does not support), with index 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/etcd/store.h"

namespace esisim::etcd_http {

inline constexpr int kEtcdTransportError = 950;  // same number as kHttpTransportError
inline constexpr int kEtcdBadAnswer = 951;
inline constexpr int kEtcdWaitTimeout = 952;
inline constexpr int kEtcdUnsupported = 953;

inline constexpr int kNodeDepthMax = 256;
inline constexpr size_t kBodyQuoteMax = 200;  // bytes of a bad body quoted in the cause

// An EtcdError of the client (codes 950-953): message by code, the given cause, index 0.
etcd::EtcdError client_error(int code, std::string cause);

etcd::EtcdResult parse_keys_answer(long status, std::string_view body,
                                   std::optional<uint64_t> etcd_index);

}  // namespace esisim::etcd_http
