// Byte-exact Python 2.7 `json.dumps(obj)` for values held in an nlohmann::ordered_json (or in a
// JsonDoc, through append_python_json).
//
// Contract: the output equals `json.dumps(obj, sort_keys=options.sort_keys)` of CPython 2.7
// with default arguments: separators ", " and ": ", ensure_ascii=True (every character outside
// ' '..'~' becomes \uXXXX with lowercase hex, astral characters a surrogate pair; \" \\ \n \r
// \t \b \f use their short escapes), integers as integers, floats as `repr` (see
// float_format.h), true/false/null. Object keys keep the order of the ordered_json unless
// `sort_keys` (code point order, which is byte order of UTF-8) or `py27_order` (every object in
// the CPython 2.7 dict order of its held key order, at every depth: the same bytes as
// dumps(py27_reorder_recursive(value)) without building the reordered copy); sort_keys wins.
// Malformed UTF-8 in a string is written as \ufffd (Python would raise). Errors: nesting deeper
// than `kPythonJsonDepthMax`, binary or discarded values.
#pragma once

#include <cstddef>
#include <string>

#include "core/json/json_doc.h"
#include "core/json/text_buffer.h"
#include "core/util/result.h"
#include "nlohmann/json.hpp"

namespace esisim::json {

inline constexpr std::size_t kPythonJsonDepthMax = 256;

struct PythonJsonOptions {
  bool sort_keys = false;
  bool py27_order = false;
};

Result<std::string> python_json_dumps(const nlohmann::ordered_json& value,
                                      PythonJsonOptions options = {});
// The same text appended to `out` (on error `out` holds a partial text). `depth` is the nesting
// depth of `value` inside the document being written (it counts towards the limit).
Status<> append_python_json(JsonRef value, PythonJsonOptions options, std::string& out,
                            std::size_t depth = 0);

// Appends the JSON string literal of `text` (with quotes) as Python's ensure_ascii encoder does.
void append_python_json_string(std::string_view text, std::string& out);

// The same two writers appending to a TextBuffer (the fast path of the job writers).
Status<> write_python_json(JsonRef value, PythonJsonOptions options, TextBuffer& out,
                           std::size_t depth = 0);
void write_python_json_string(std::string_view text, TextBuffer& out);

}  // namespace esisim::json
