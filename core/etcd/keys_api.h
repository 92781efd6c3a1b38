// The etcd v2 keys API as a client sees it (PUT, POST, GET, GET?wait=true, DELETE with their
// query options), and its implementation on the in-memory model.
//
// This is the seam between the simulator's actors and etcd: actors only talk to a KeysApi,
// so a real etcd can later stand where the model stands. The request options are mapped onto
// the store's primitives exactly as etcd 3.4's HTTP layer and v2 applier map them:
//   PUT prevExist=true            -> update (compareAndSwap when prevValue/prevIndex given)
//   PUT prevExist=false           -> create
//   PUT prevValue/prevIndex       -> compareAndSwap
//   PUT                           -> set
//   DELETE prevValue/prevIndex    -> compareAndDelete, else delete
// and bad arguments get etcd's request errors (index 0): an empty prevValue (201), a negative
// TTL (202), a value or no TTL on a refresh (211, 212).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/etcd/store.h"

namespace esisim::etcd {

struct PutOptions {
  bool dir = false;
  std::optional<int64_t> ttl_s;  // absent: the node is permanent
  bool refresh = false;
  std::optional<bool> prev_exist;
  std::optional<std::string> prev_value;
  std::optional<uint64_t> prev_index;  // 0 counts as absent, as in etcd
};

struct DeleteOptions {
  bool dir = false;
  bool recursive = false;
  std::optional<std::string> prev_value;
  std::optional<uint64_t> prev_index;
};

struct GetOptions {
  bool recursive = false;
  bool sorted = true;
};

struct WaitOptions {
  bool recursive = false;
  uint64_t wait_index = 0;  // 0: the next event
  bool stream = false;
};

class KeysApi {
 public:
  virtual ~KeysApi() = default;
  virtual EtcdResult get(std::string_view key, const GetOptions& options) = 0;
  virtual EtcdResult put(std::string_view key, std::string_view value,
                         const PutOptions& options) = 0;
  // POST: creates an in-order key below `dir_key`.
  virtual EtcdResult post(std::string_view dir_key, std::string_view value,
                          const PutOptions& options) = 0;
  virtual EtcdResult remove(std::string_view key, const DeleteOptions& options) = 0;
  virtual Result<WatchOutcome, EtcdError> wait(std::string_view key,
                                               const WaitOptions& options) = 0;
};

// The keys API served by the in-memory model; TTLs count from the store's now.
class ModelKeysApi final : public KeysApi {
 public:
  explicit ModelKeysApi(Store& store) : store_(store) {}

  EtcdResult get(std::string_view key, const GetOptions& options) override;
  EtcdResult put(std::string_view key, std::string_view value, const PutOptions& options) override;
  EtcdResult post(std::string_view dir_key, std::string_view value,
                  const PutOptions& options) override;
  EtcdResult remove(std::string_view key, const DeleteOptions& options) override;
  Result<WatchOutcome, EtcdError> wait(std::string_view key, const WaitOptions& options) override;

  Store& store() { return store_; }

 private:
  Result<TtlOptions, EtcdError> ttl_options(std::string_view value,
                                            const PutOptions& options) const;
  Store& store_;
};

}  // namespace esisim::etcd
