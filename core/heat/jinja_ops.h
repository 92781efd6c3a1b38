// Operators of Jinja2 expressions on Values, as Python 2.7 evaluates them inside Jinja2.
//
// Contract: pure functions; failures throw JinjaFailure (see jinja_value.h) with Python's or
// Jinja2's wording. `/` is true division (Jinja2 compiles templates with `from __future__
// import division`), `//` and `%` floor like Python, `~` joins unicode(a) and unicode(b).
// Attribute and item access follow Jinja2's Environment.getattr / getitem: Python attribute
// first (string, list and dict methods become bound methods), then the item (or the other way
// round for `[]`), and a missing one gives Undefined; any access *on* Undefined fails.
// Strings and lists built here are bounded by the limits (output_bytes_max,
// loop_iterations_max).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/heat/jinja_limits.h"
#include "core/heat/jinja_value.h"

namespace esisim::heat::jinja {

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow, kConcat };
enum class UnaryOp { kNeg, kPos };

Value binary_op(BinaryOp op, const Value& a, const Value& b, const JinjaLimits& limits);
Value unary_op(UnaryOp op, const Value& operand);
// Python `needle in haystack`.
bool contains(const Value& haystack, const Value& needle);
// Python iteration: list/tuple items, dict keys (CPython 2.7 order), string characters,
// nothing for Undefined; fails for anything else.
std::vector<Value> iterate(const Value& value);
// Python len(); Undefined has length 0.
std::size_t length_of(const Value& value);
// Jinja2 `obj.name`.
Value get_attribute(const Value& object, const std::string& name);
// Jinja2 `obj[key]`.
Value get_item(const Value& object, const Value& key);
// Jinja2 `obj[start:stop:step]` (absent parts are nullopt).
Value get_slice(const Value& object, const std::optional<Value>& start,
                const std::optional<Value>& stop, const std::optional<Value>& step);
// Fails with the message of an Undefined operand.
void require_defined(const Value& value);
// Checks a built string against output_bytes_max.
void check_string_size(std::size_t bytes, const JinjaLimits& limits);
// Checks a built list against loop_iterations_max.
void check_list_size(std::size_t items, const JinjaLimits& limits);

}  // namespace esisim::heat::jinja
