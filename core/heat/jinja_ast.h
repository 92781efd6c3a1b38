// Syntax tree of a parsed Jinja2 template (built by jinja_parser, walked by jinja_render).
//
// Contract: plain immutable data once built; every node keeps the byte offset of its source
// in the normalized template text so that render errors can name line and column. Filters and
// tests are resolved to their implementations at parse time (unknown names are parse errors).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/heat/jinja_ops.h"
#include "core/heat/jinja_value.h"

namespace esisim::heat::jinja {

struct Filter;
struct Test;

enum class ExprKind : std::uint8_t {
  kConst,      // value
  kName,       // name
  kList,       // children
  kTuple,      // children
  kDict,       // children: key, value, key, value, ...
  kGetAttr,    // children[0] . name
  kGetItem,    // children[0] [ children[1] ]
  kSlice,      // children[0] [ start : stop : step ] (absent parts are null)
  kCall,       // children[0] ( args )
  kFilter,     // args[0] is the filtered value; filter
  kTest,       // args[0] is the tested value; test; negated
  kNot,        // children[0]
  kUnary,      // unary_op children[0]
  kBinary,     // binary_op children[0], children[1]
  kAnd,        // children[0] and children[1]
  kOr,         // children[0] or children[1]
  kCompare,    // children[0] (compare_ops[i] children[i + 1])...
  kCondition,  // children[1] if children[0] else children[2] (may be null)
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kConst;
  std::size_t offset = 0;
  Value value;
  std::string name;
  std::vector<ExprPtr> children;
  // Call, filter and test arguments: positional, then keyword (name, value).
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  std::vector<CompareOp> compare_ops;
  BinaryOp binary_op = BinaryOp::kAdd;
  UnaryOp unary_op = UnaryOp::kNeg;
  const Filter* filter = nullptr;
  const Test* test = nullptr;
  bool negated = false;
};

// The names assigned by `for` and `set`: one name, or a tuple of names to unpack.
struct Target {
  std::vector<std::string> names;
  bool is_tuple = false;
};

enum class NodeKind : std::uint8_t { kText, kOutput, kIf, kFor, kSet };

struct Node;
using Body = std::vector<Node>;

struct IfBranch {
  ExprPtr condition;  // null for `else`
  Body body;
};

struct Node {
  NodeKind kind = NodeKind::kText;
  std::size_t offset = 0;
  std::string text;                // kText
  ExprPtr expr;                    // kOutput, kSet value, kFor iterable
  std::vector<IfBranch> branches;  // kIf
  Target target;                   // kFor, kSet
  ExprPtr loop_filter;             // kFor `if` clause (may be null)
  Body body;                       // kFor
  Body else_body;                  // kFor
};

}  // namespace esisim::heat::jinja
