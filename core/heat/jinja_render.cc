#include "core/heat/jinja_render.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/heat/jinja_builtins.h"
#include "core/heat/jinja_lexer.h"
#include "core/heat/jinja_ops.h"

namespace esisim::heat::jinja {
namespace {

bool compare_with(CompareOp op, const Value& left, const Value& right) {
  switch (op) {
    case CompareOp::kEq:
      return equals(left, right);
    case CompareOp::kNe:
      return !equals(left, right);
    case CompareOp::kLt:
      return compare(left, right) < 0;
    case CompareOp::kLe:
      return compare(left, right) <= 0;
    case CompareOp::kGt:
      return compare(left, right) > 0;
    case CompareOp::kGe:
      return compare(left, right) >= 0;
    case CompareOp::kIn:
      return contains(right, left);
    case CompareOp::kNotIn:
      return !contains(right, left);
  }
  return false;
}

class Renderer {
 public:
  Renderer(std::string_view text, const nlohmann::ordered_json& variables,
           const JinjaLimits& limits)
      : text_(text), variables_(variables), limits_(limits) {}

  std::string run(const Body& body) {
    render(body);
    return std::move(out_);
  }

 private:
  void render(const Body& body) {
    for (const Node& node : body) {
      try {
        render_node(node);
      } catch (const JinjaFailure& failure) {
        throw SourceFailure{node.offset, failure.message};
      }
    }
  }

  void write(const std::string& text, std::size_t offset) {
    if (out_.size() + text.size() > limits_.output_bytes_max) {
      throw SourceFailure{offset, "output exceeds output_bytes_max (" +
                                      std::to_string(limits_.output_bytes_max) + " bytes)"};
    }
    out_ += text;
  }

  void render_node(const Node& node) {
    switch (node.kind) {
      case NodeKind::kText:
        write(node.text, node.offset);
        return;
      case NodeKind::kOutput: {
        const Value value = eval(*node.expr);
        write(to_text(value), node.offset);
        return;
      }
      case NodeKind::kIf:
        for (const IfBranch& branch : node.branches) {
          if (!branch.condition || truthy(eval(*branch.condition))) {
            render(branch.body);
            return;
          }
        }
        return;
      case NodeKind::kFor:
        render_for(node);
        return;
      case NodeKind::kSet:
        assign(node.target, eval(*node.expr), scope_base_);
        return;
    }
  }

  void count_iteration(std::size_t offset) {
    if (++iterations_ > limits_.loop_iterations_max) {
      throw SourceFailure{offset, "loop iterations exceed loop_iterations_max (" +
                                      std::to_string(limits_.loop_iterations_max) + ")"};
    }
  }

  void render_for(const Node& node) {
    std::vector<Value> items;
    try {
      items = iterate(eval(*node.expr));
    } catch (const JinjaFailure& failure) {
      throw SourceFailure{node.expr->offset, failure.message};
    }
    const std::size_t outer_base = scope_base_;
    const std::size_t base = scope_.size();
    scope_base_ = base;
    if (node.loop_filter) {
      std::vector<Value> kept;
      for (auto& item : items) {
        count_iteration(node.offset);
        scope_.resize(base);
        assign(node.target, item, base);
        if (truthy(eval(*node.loop_filter))) kept.push_back(std::move(item));
      }
      items = std::move(kept);
    }
    const auto length = static_cast<std::int64_t>(items.size());
    for (std::int64_t i = 0; i < length; ++i) {
      count_iteration(node.offset);
      scope_.resize(base);
      assign(node.target, items[static_cast<std::size_t>(i)], base);
      scope_.emplace_back("loop", Value::loop(i, length));
      render(node.body);
    }
    scope_.resize(base);
    scope_base_ = outer_base;
    if (items.empty()) render(node.else_body);
  }

  // Binds the target names in the scope that starts at `base`.
  void assign(const Target& target, const Value& value, std::size_t base) {
    if (!target.is_tuple) {
      bind(target.names.front(), value, base);
      return;
    }
    const std::vector<Value> parts = iterate(value);
    if (parts.size() > target.names.size()) fail("too many values to unpack");
    if (parts.size() < target.names.size()) {
      fail("need more than " + std::to_string(parts.size()) + " value" +
           (parts.size() == 1 ? "" : "s") + " to unpack");
    }
    for (std::size_t i = 0; i < parts.size(); ++i) bind(target.names[i], parts[i], base);
  }

  void bind(const std::string& name, const Value& value, std::size_t base) {
    for (std::size_t i = scope_.size(); i > base; --i) {
      if (scope_[i - 1].first == name) {
        scope_[i - 1].second = value;
        return;
      }
    }
    scope_.emplace_back(name, value);
  }

  Value lookup(const std::string& name) {
    for (std::size_t i = scope_.size(); i > 0; --i) {
      if (scope_[i - 1].first == name) return scope_[i - 1].second;
    }
    for (const auto& [cached, value] : globals_) {
      if (cached == name) return value;
    }
    auto it = variables_.find(name);
    if (it == variables_.end()) return Value::undefined("'" + name + "' is undefined");
    globals_.emplace_back(name, Value::from_json(*it, limits_.nesting_depth_max));
    return globals_.back().second;
  }

  Arguments eval_arguments(const Expr& expr) {
    Arguments arguments;
    arguments.positional.reserve(expr.args.size());
    for (const auto& arg : expr.args) arguments.positional.push_back(eval(*arg));
    for (const auto& [name, arg] : expr.kwargs) arguments.keyword.emplace_back(name, eval(*arg));
    return arguments;
  }

  std::optional<Value> eval_optional(const ExprPtr& expr) {
    if (!expr) return std::nullopt;
    return eval(*expr);
  }

  Value eval(const Expr& expr) {
    try {
      return eval_unpositioned(expr);
    } catch (const JinjaFailure& failure) {
      throw SourceFailure{expr.offset, failure.message};
    }
  }

  std::vector<Value> eval_children(const Expr& expr) {
    std::vector<Value> values;
    values.reserve(expr.children.size());
    for (const auto& child : expr.children) values.push_back(eval(*child));
    check_list_size(values.size(), limits_);
    return values;
  }

  Value eval_unpositioned(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kConst:
        return expr.value;
      case ExprKind::kName:
        return lookup(expr.name);
      case ExprKind::kList:
        return Value::list(eval_children(expr));
      case ExprKind::kTuple:
        return Value::tuple(eval_children(expr));
      case ExprKind::kDict: {
        std::vector<Value> values = eval_children(expr);
        std::vector<std::pair<Value, Value>> entries;
        for (std::size_t i = 0; i + 1 < values.size(); i += 2) {
          entries.emplace_back(std::move(values[i]), std::move(values[i + 1]));
        }
        return Value::dict(std::move(entries));
      }
      case ExprKind::kGetAttr:
        return get_attribute(eval(*expr.children[0]), expr.name);
      case ExprKind::kGetItem: {
        const Value object = eval(*expr.children[0]);
        return get_item(object, eval(*expr.children[1]));
      }
      case ExprKind::kSlice: {
        const Value object = eval(*expr.children[0]);
        auto start = eval_optional(expr.children[1]);
        auto stop = eval_optional(expr.children[2]);
        auto step = eval_optional(expr.children[3]);
        return get_slice(object, start, stop, step);
      }
      case ExprKind::kCall: {
        const Value callee = eval(*expr.children[0]);
        return call_value(callee, eval_arguments(expr), limits_);
      }
      case ExprKind::kFilter: {
        const Value value = eval(*expr.children[0]);
        return apply_filter(*expr.filter, value, eval_arguments(expr), limits_);
      }
      case ExprKind::kTest: {
        const Value value = eval(*expr.children[0]);
        const bool result = apply_test(*expr.test, value, eval_arguments(expr));
        return Value::boolean(result != expr.negated);
      }
      case ExprKind::kNot:
        return Value::boolean(!truthy(eval(*expr.children[0])));
      case ExprKind::kUnary:
        return unary_op(expr.unary_op, eval(*expr.children[0]));
      case ExprKind::kBinary: {
        const Value left = eval(*expr.children[0]);
        return binary_op(expr.binary_op, left, eval(*expr.children[1]), limits_);
      }
      case ExprKind::kAnd: {
        Value left = eval(*expr.children[0]);
        return truthy(left) ? eval(*expr.children[1]) : left;
      }
      case ExprKind::kOr: {
        Value left = eval(*expr.children[0]);
        return truthy(left) ? left : eval(*expr.children[1]);
      }
      case ExprKind::kCompare: {
        Value left = eval(*expr.children[0]);
        for (std::size_t i = 0; i < expr.compare_ops.size(); ++i) {
          Value right = eval(*expr.children[i + 1]);
          if (!compare_with(expr.compare_ops[i], left, right)) return Value::boolean(false);
          left = std::move(right);
        }
        return Value::boolean(true);
      }
      case ExprKind::kCondition:
        if (truthy(eval(*expr.children[0]))) return eval(*expr.children[1]);
        if (expr.children[2]) return eval(*expr.children[2]);
        return Value::undefined("the inline if-expression on line " +
                                std::to_string(line_column(text_, expr.offset).line) +
                                " evaluated to false and no else section was defined.");
    }
    fail("internal: unknown expression");
  }

  std::string_view text_;
  const nlohmann::ordered_json& variables_;
  const JinjaLimits& limits_;
  std::string out_;
  std::vector<std::pair<std::string, Value>> scope_;
  std::size_t scope_base_ = 0;
  std::vector<std::pair<std::string, Value>> globals_;
  std::size_t iterations_ = 0;
};

}  // namespace

std::string render_body(const Body& body, std::string_view text,
                        const nlohmann::ordered_json& variables, const JinjaLimits& limits) {
  return Renderer(text, variables, limits).run(body);
}

}  // namespace esisim::heat::jinja
