// The etcd v2 HTTP request for each KeysApi call: method, path with query, form body.
//
// Contract (etcd 3.4's v2http parameter names):
// * Keys are cleaned as the store cleans them (core/etcd/path.h), so etcd sees the node the
//   model would and Go's HTTP mux never redirects; every segment is percent-encoded:
//   "a b/c" -> "/v2/keys/a%20b/c", the root -> "/v2/keys/".
// * PUT and POST send a form body: value (always), ttl, dir, prevExist, prevValue, prevIndex,
//   refresh, each only when set, in that order. GET, DELETE and the wait send query options,
//   only when set: recursive, sorted, dir, prevValue, prevIndex, wait, waitIndex, stream.
// * Percent-encoding keeps only RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), so
//   '+', '&', '=' and non-ASCII bytes reach etcd unchanged.
#pragma once

#include <string>
#include <string_view>

#include "core/etcd/keys_api.h"

namespace esisim::etcd_http {

struct V2Request {
  std::string method;          // GET, PUT, POST or DELETE
  std::string path_and_query;  // "/v2/keys/a?recursive=true"
  std::string form_body;       // PUT and POST only
};

std::string percent_encode(std::string_view text);
// "/v2/keys" + the cleaned key, each segment percent-encoded.
std::string key_path(std::string_view key);

V2Request get_request(std::string_view key, const etcd::GetOptions& options);
V2Request put_request(std::string_view key, std::string_view value,
                      const etcd::PutOptions& options);
V2Request post_request(std::string_view dir_key, std::string_view value,
                       const etcd::PutOptions& options);
V2Request delete_request(std::string_view key, const etcd::DeleteOptions& options);
V2Request wait_request(std::string_view key, const etcd::WaitOptions& options);

}  // namespace esisim::etcd_http
