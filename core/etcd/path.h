// Key normalisation of the etcd v2 store.
//
// etcd 3.4's v2 store cleans every key with Go's path.Clean(path.Join("/", key)) before it
// looks at it, so "" and "/a/.." name the root, "a" is "/a", "/a//b/" is "/a/b". The model
// does the same, so a key etcd accepts is accepted here and names the same node; writes that
// land on the root get etcd's "107 Root is read only".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace esisim::etcd {

// Go's path.Clean(path.Join("/", key)): always starts with '/', no trailing '/', no empty,
// "." or ".." segments ("/.." is "/").
std::string clean_key(std::string_view key);

// The segments of a clean key: "/a/b" -> {"a", "b"}; "/" -> {}.
std::vector<std::string_view> split_key(std::string_view clean);

// True when a segment of `key` below `watch_path` starts with '_' (etcd's hidden nodes).
bool is_hidden_below(std::string_view watch_path, std::string_view key);

}  // namespace esisim::etcd
