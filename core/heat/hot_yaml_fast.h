// Fast path of load_hot_yaml: a hand-written reader for the YAML subset rendered heat templates
// use, giving exactly the HotExpr tree yaml-cpp + load_hot_yaml's tree builder give.
//
// Contract: `load_hot_yaml_fast(text, limits)` returns the tree (kScalar/kList/kMap nodes with
// their 1-based line:column, plain scalars resolved by `resolve_plain_scalar`, quoted and block
// scalars as strings, a repeated key's last value at the first key's place), or nullopt when
// the text is outside the subset or would be an error; the caller then uses yaml-cpp, so
// results and error messages never depend on which path ran. The subset: a block mapping or
// sequence as the root; block mappings and sequences by indentation (indentless sequences as
// map values, `- key: value` maps in sequences); single-line plain, single- and double-quoted
// scalars (escapes that give ASCII); single-line flow sequences and maps; literal and folded
// block scalars (`|`, `|-`, `>`, `>-`, auto-detected indentation); comments. Everything else
// gives up: tabs, CR, control or non-ASCII bytes, `---`/`...`/`%` lines, anchors, aliases,
// tags, `?` keys, multi-line plain, quoted or flow scalars, empty flow entries, null keys,
// keep chomping, indentation indicators, a scalar root, an empty document, nesting deeper
// than min(HotLimits::depth_max, 400), and integers out of 64-bit range. The text size limit
// is the caller's (load_hot_yaml checks it first).
//
// `load_hot_yaml_reference` is load_hot_yaml without the fast path (yaml-cpp only), for
// differential tests and benchmarks.
//
// Example: load_hot_yaml_fast("a: [1, 'x']\n", {})->members[0].value.items[1].scalar == "x"
//          (mark 1:9); load_hot_yaml_fast("a: &x 1\n", {}) == nullopt.
#pragma once

#include <optional>
#include <string_view>

#include "core/heat/hot_template.h"
#include "core/util/result.h"

namespace esisim::heat {

std::optional<HotExpr> load_hot_yaml_fast(std::string_view text, const HotLimits& limits);

Result<HotExpr> load_hot_yaml_reference(std::string_view template_name, std::string_view text,
                                        const HotLimits& limits);

}  // namespace esisim::heat
