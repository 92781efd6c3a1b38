// etcd v2 errors: numeric code, etcd's fixed message, the cause and the index.
//
// Codes, messages and causes are etcd 3.4's (etcdserver/api/v2error). Store errors carry the
// store's current index; request errors (bad arguments) carry index 0, as etcd's do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace esisim::etcd {

enum ErrorCode : int {
  kKeyNotFound = 100,
  kTestFailed = 101,
  kNotFile = 102,
  kNotDir = 104,
  kNodeExist = 105,
  kRootReadOnly = 107,
  kDirNotEmpty = 108,
  kPrevValueRequired = 201,
  kTtlNaN = 202,
  kIndexNaN = 203,
  kInvalidField = 209,
  kRefreshValue = 211,
  kRefreshTtlRequired = 212,
  kEventIndexCleared = 401,
  // Not an etcd code: a limit of the model was reached (the message names it).
  kModelLimit = 900,
};

struct EtcdError {
  int code = 0;
  std::string message;  // etcd's fixed text for the code
  std::string cause;
  uint64_t index = 0;

  // "100: Key not found (/foo) [10]", for logs and test failures.
  std::string to_string() const;
};

// etcd's message for a code ("Key not found" for 100); "Unknown error" otherwise.
std::string_view error_message(int code);

EtcdError make_error(int code, std::string cause, uint64_t index);

}  // namespace esisim::etcd
