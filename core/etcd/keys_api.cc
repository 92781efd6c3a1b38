#include "core/etcd/keys_api.h"

namespace esisim::etcd {

Result<TtlOptions, EtcdError> ModelKeysApi::ttl_options(std::string_view value,
                                                        const PutOptions& options) const {
  if (options.prev_value && options.prev_value->empty()) {
    return make_error(kPrevValueRequired, "\"prevValue\" cannot be empty", 0);
  }
  if (options.ttl_s && *options.ttl_s < 0) {
    return make_error(kTtlNaN, "invalid value for \"ttl\"", 0);
  }
  if (options.refresh) {
    if (!value.empty()) return make_error(kRefreshValue, "A value was provided on a refresh", 0);
    if (!options.ttl_s) return make_error(kRefreshTtlRequired, "No TTL value set", 0);
  }
  TtlOptions ttl;
  ttl.refresh = options.refresh;
  if (options.ttl_s) ttl.expire_at_ms = store_.now_ms() + *options.ttl_s * 1000;
  return ttl;
}

EtcdResult ModelKeysApi::get(std::string_view key, const GetOptions& options) {
  return store_.get(key, options.recursive, options.sorted);
}

EtcdResult ModelKeysApi::put(std::string_view key, std::string_view value,
                             const PutOptions& options) {
  auto ttl = ttl_options(value, options);
  if (!ttl.ok()) return ttl.error();
  std::string_view prev_value = options.prev_value ? *options.prev_value : std::string_view();
  uint64_t prev_index = options.prev_index.value_or(0);
  bool conditional = prev_index > 0 || !prev_value.empty();
  if (options.prev_exist) {
    if (*options.prev_exist) {
      if (!conditional) return store_.update(key, value, *ttl);
      return store_.compare_and_swap(key, prev_value, prev_index, value, *ttl);
    }
    return store_.create(key, options.dir, value, false, *ttl);
  }
  if (conditional) return store_.compare_and_swap(key, prev_value, prev_index, value, *ttl);
  return store_.set(key, options.dir, value, *ttl);
}

EtcdResult ModelKeysApi::post(std::string_view dir_key, std::string_view value,
                              const PutOptions& options) {
  auto ttl = ttl_options(value, options);
  if (!ttl.ok()) return ttl.error();
  return store_.create(dir_key, options.dir, value, true, *ttl);
}

EtcdResult ModelKeysApi::remove(std::string_view key, const DeleteOptions& options) {
  if (options.prev_value && options.prev_value->empty()) {
    return make_error(kPrevValueRequired, "\"prevValue\" cannot be empty", 0);
  }
  std::string_view prev_value = options.prev_value ? *options.prev_value : std::string_view();
  uint64_t prev_index = options.prev_index.value_or(0);
  if (prev_index > 0 || !prev_value.empty()) {
    return store_.compare_and_delete(key, prev_value, prev_index);
  }
  return store_.remove(key, options.dir, options.recursive);
}

Result<WatchOutcome, EtcdError> ModelKeysApi::wait(std::string_view key,
                                                   const WaitOptions& options) {
  return store_.watch(key, options.recursive, options.stream, options.wait_index);
}

}  // namespace esisim::etcd
