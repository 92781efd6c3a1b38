#include "core/heat/jinja_parser.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "core/heat/jinja_builtins.h"

namespace esisim::heat::jinja {
namespace {

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of tag '" + token.text + "'";
    case TokenKind::kString:
      return "string literal";
    default:
      return "'" + token.text + "'";
  }
}

ExprPtr make(ExprKind kind, std::size_t offset) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->offset = offset;
  return expr;
}

ExprPtr make_const(Value value, std::size_t offset) {
  auto expr = make(ExprKind::kConst, offset);
  expr->value = std::move(value);
  return expr;
}

// The tokens of one tag with a cursor; the last token is always kEnd.
class TokenStream {
 public:
  explicit TokenStream(const std::vector<Token>& tokens) : tokens_(tokens) {}

  const Token& current() const { return tokens_[pos_]; }
  const Token& look(std::size_t ahead) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& next() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool at_end() const { return current().kind == TokenKind::kEnd; }
  bool is_op(std::string_view op) const {
    return current().kind == TokenKind::kOperator && current().text == op;
  }
  bool is_name(std::string_view name) const {
    return current().kind == TokenKind::kName && current().text == name;
  }
  bool skip_op(std::string_view op) {
    if (!is_op(op)) return false;
    next();
    return true;
  }
  bool skip_name(std::string_view name) {
    if (!is_name(name)) return false;
    next();
    return true;
  }
  [[noreturn]] void fail_here(const std::string& message) const {
    throw SourceFailure{current().offset, message};
  }
  void expect_op(std::string_view op) {
    if (!skip_op(op)) fail_here("expected '" + std::string(op) + "', got " + describe(current()));
  }
  const Token& expect_name_token() {
    if (current().kind != TokenKind::kName)
      fail_here("expected a name, got " + describe(current()));
    return next();
  }

 private:
  const std::vector<Token>& tokens_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  Parser(std::vector<Piece> pieces, const JinjaLimits& limits)
      : pieces_(std::move(pieces)), limits_(limits) {}

  Body parse_template() {
    Body body = parse_body({});
    if (index_ < pieces_.size()) {
      // parse_body({}) stops only at a tag it cannot place.
      const Piece& piece = pieces_[index_];
      throw SourceFailure{piece.tokens.front().offset,
                          "unexpected '" + piece.tokens.front().text + "' tag"};
    }
    return body;
  }

 private:
  // Nesting guard for blocks and expressions.
  class Depth {
   public:
    Depth(Parser& parser, std::size_t offset) : parser_(parser) {
      if (++parser_.depth_ > parser_.limits_.nesting_depth_max) {
        throw SourceFailure{offset, "nesting deeper than nesting_depth_max (" +
                                        std::to_string(parser_.limits_.nesting_depth_max) + ")"};
      }
    }
    ~Depth() { --parser_.depth_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;

   private:
    Parser& parser_;
  };

  static std::string tag_name(const Piece& piece) {
    const Token& first = piece.tokens.front();
    return first.kind == TokenKind::kName ? first.text : std::string();
  }

  // Parses pieces until a block tag whose name is in `stops` (left unconsumed) or the end.
  Body parse_body(std::initializer_list<std::string_view> stops) {
    Body body;
    while (index_ < pieces_.size()) {
      const Piece& piece = pieces_[index_];
      if (piece.kind == PieceKind::kData) {
        Node node;
        node.kind = NodeKind::kText;
        node.offset = piece.offset;
        node.text = piece.data;
        body.push_back(std::move(node));
        ++index_;
        continue;
      }
      TokenStream stream(piece.tokens);
      if (piece.kind == PieceKind::kVariable) {
        Node node;
        node.kind = NodeKind::kOutput;
        node.offset = piece.offset;
        node.expr = parse_tuple(stream, true, {});
        expect_tag_end(stream, "end of print statement");
        body.push_back(std::move(node));
        ++index_;
        continue;
      }
      const std::string name = tag_name(piece);
      if (std::find(stops.begin(), stops.end(), name) != stops.end()) return body;
      if (name == "if") {
        body.push_back(parse_if());
      } else if (name == "for") {
        body.push_back(parse_for());
      } else if (name == "set") {
        body.push_back(parse_set());
      } else if (name == "elif" || name == "else" || name == "endif" || name == "endfor") {
        if (stops.size() == 0) {
          stream.fail_here("unexpected '" + name + "' tag: no open block");
        }
        std::string expected;
        for (auto stop : stops)
          expected += (expected.empty() ? "'" : ", '") + std::string(stop) + "'";
        stream.fail_here("unexpected '" + name + "' tag, expected " + expected);
      } else if (name.empty()) {
        stream.fail_here("expected a tag name, got " + describe(stream.current()));
      } else {
        stream.fail_here("unknown tag '" + name + "' (known: for, if, raw, set)");
      }
    }
    return body;
  }

  void expect_tag_end(TokenStream& stream, std::string_view what) {
    if (!stream.at_end()) {
      stream.fail_here("expected " + std::string(what) + ", got " + describe(stream.current()));
    }
  }

  // After parse_body stopped: the stopping tag, or an error at the block's opening tag.
  const Piece& closing_piece(const Piece& opening, std::string_view expected) {
    if (index_ >= pieces_.size()) {
      const std::string name = tag_name(opening);
      throw SourceFailure{opening.offset, "unclosed '{% " + name + " %}': expected '{% " +
                                              std::string(expected) +
                                              " %}' before the end of the template"};
    }
    return pieces_[index_];
  }

  Node parse_if() {
    const Piece& opening = pieces_[index_];
    Depth depth(*this, opening.offset);
    Node node;
    node.kind = NodeKind::kIf;
    node.offset = opening.offset;
    const Piece* piece = &opening;
    for (;;) {
      TokenStream stream(piece->tokens);
      const std::string name = stream.next().text;
      IfBranch branch;
      if (name != "else") branch.condition = parse_tuple(stream, false, {});
      expect_tag_end(stream, "end of statement block");
      ++index_;
      if (name == "else") {
        branch.body = parse_body({"endif"});
      } else {
        branch.body = parse_body({"elif", "else", "endif"});
      }
      node.branches.push_back(std::move(branch));
      piece = &closing_piece(opening, "endif");
      if (tag_name(*piece) == "endif") break;
    }
    TokenStream stream(piece->tokens);
    stream.next();
    expect_tag_end(stream, "end of statement block");
    ++index_;
    return node;
  }

  Node parse_for() {
    const Piece& opening = pieces_[index_];
    Depth depth(*this, opening.offset);
    Node node;
    node.kind = NodeKind::kFor;
    node.offset = opening.offset;
    TokenStream stream(opening.tokens);
    stream.next();
    node.target = parse_target(stream, "in");
    for (const auto& name : node.target.names) {
      if (name == "loop") {
        throw SourceFailure{
            opening.tokens.front().offset,
            "can't assign to the special loop variable 'loop' in a for-loop target"};
      }
    }
    if (!stream.skip_name("in"))
      stream.fail_here("expected 'in', got " + describe(stream.current()));
    node.expr = parse_tuple(stream, false, {"recursive"});
    if (stream.skip_name("if")) node.loop_filter = parse_expression(stream, true);
    if (stream.is_name("recursive")) stream.fail_here("recursive for loops are not supported");
    expect_tag_end(stream, "end of statement block");
    ++index_;
    node.body = parse_body({"endfor", "else"});
    const Piece* piece = &closing_piece(opening, "endfor");
    if (tag_name(*piece) == "else") {
      TokenStream else_stream(piece->tokens);
      else_stream.next();
      expect_tag_end(else_stream, "end of statement block");
      ++index_;
      node.else_body = parse_body({"endfor"});
      piece = &closing_piece(opening, "endfor");
    }
    TokenStream end_stream(piece->tokens);
    end_stream.next();
    expect_tag_end(end_stream, "end of statement block");
    ++index_;
    return node;
  }

  Node parse_set() {
    const Piece& opening = pieces_[index_];
    Node node;
    node.kind = NodeKind::kSet;
    node.offset = opening.offset;
    TokenStream stream(opening.tokens);
    stream.next();
    node.target = parse_target(stream, "");
    if (!stream.skip_op("=")) {
      if (stream.is_op("."))
        stream.fail_here("assignment to attributes (namespaces) is not supported");
      if (stream.at_end())
        stream.fail_here("block set ({% set x %}...{% endset %}) is not supported");
      stream.fail_here("expected '=', got " + describe(stream.current()));
    }
    node.expr = parse_tuple(stream, true, {});
    expect_tag_end(stream, "end of statement block");
    ++index_;
    return node;
  }

  // name | name, name, ... | (name, ...)  (assignment targets of for and set)
  Target parse_target(TokenStream& stream, std::string_view end_name) {
    Target target;
    const bool parenthesized = stream.skip_op("(");
    for (;;) {
      const Token& token = stream.current();
      if (token.kind != TokenKind::kName || token.text == "true" || token.text == "false" ||
          token.text == "none" || token.text == "True" || token.text == "False" ||
          token.text == "None") {
        stream.fail_here("can't assign to " + describe(token) + ": expected a name");
      }
      target.names.push_back(stream.next().text);
      if (!stream.skip_op(",")) break;
      target.is_tuple = true;
      if ((parenthesized && stream.is_op(")")) || (!end_name.empty() && stream.is_name(end_name)) ||
          stream.is_op("=")) {
        break;
      }
    }
    if (parenthesized) {
      stream.expect_op(")");
      target.is_tuple = true;
    }
    return target;
  }

  // --- expressions (Jinja2's parser, method by method) ----------------------------------

  bool is_tuple_end(TokenStream& stream, std::initializer_list<std::string_view> extra_end) {
    if (stream.at_end() || stream.is_op(")")) return true;
    for (auto name : extra_end) {
      if (stream.is_name(name)) return true;
    }
    return false;
  }

  ExprPtr parse_tuple(TokenStream& stream, bool with_condexpr,
                      std::initializer_list<std::string_view> extra_end,
                      bool explicit_parentheses = false) {
    const std::size_t offset = stream.current().offset;
    std::vector<ExprPtr> items;
    bool is_tuple = false;
    for (;;) {
      if (!items.empty()) stream.expect_op(",");
      if (is_tuple_end(stream, extra_end)) break;
      items.push_back(parse_expression(stream, with_condexpr));
      if (stream.is_op(",")) {
        is_tuple = true;
      } else {
        break;
      }
    }
    if (!is_tuple) {
      if (!items.empty()) return std::move(items.front());
      if (!explicit_parentheses) {
        stream.fail_here("expected an expression, got " + describe(stream.current()));
      }
    }
    auto tuple = make(ExprKind::kTuple, offset);
    tuple->children = std::move(items);
    return tuple;
  }

  ExprPtr parse_expression(TokenStream& stream, bool with_condexpr) {
    return with_condexpr ? parse_condexpr(stream) : parse_or(stream);
  }

  ExprPtr parse_condexpr(TokenStream& stream) {
    ExprPtr expr = parse_or(stream);
    while (stream.is_name("if")) {
      const std::size_t offset = stream.next().offset;
      auto condition = make(ExprKind::kCondition, offset);
      ExprPtr test = parse_or(stream);
      ExprPtr otherwise;
      if (stream.skip_name("else")) {
        Depth depth(*this, stream.current().offset);
        otherwise = parse_condexpr(stream);
      }
      condition->children.push_back(std::move(test));
      condition->children.push_back(std::move(expr));
      condition->children.push_back(std::move(otherwise));
      expr = std::move(condition);
    }
    return expr;
  }

  ExprPtr parse_logical(TokenStream& stream, std::string_view keyword, ExprKind kind,
                        ExprPtr (Parser::*operand)(TokenStream&)) {
    ExprPtr left = (this->*operand)(stream);
    while (stream.is_name(keyword)) {
      auto node = make(kind, stream.next().offset);
      node->children.push_back(std::move(left));
      node->children.push_back((this->*operand)(stream));
      left = std::move(node);
    }
    return left;
  }

  ExprPtr parse_or(TokenStream& stream) {
    return parse_logical(stream, "or", ExprKind::kOr, &Parser::parse_and);
  }
  ExprPtr parse_and(TokenStream& stream) {
    return parse_logical(stream, "and", ExprKind::kAnd, &Parser::parse_not);
  }

  ExprPtr parse_not(TokenStream& stream) {
    if (stream.is_name("not")) {
      auto node = make(ExprKind::kNot, stream.next().offset);
      Depth depth(*this, node->offset);
      node->children.push_back(parse_not(stream));
      return node;
    }
    return parse_compare(stream);
  }

  ExprPtr parse_compare(TokenStream& stream) {
    const std::size_t offset = stream.current().offset;
    ExprPtr first = parse_math1(stream);
    auto node = make(ExprKind::kCompare, offset);
    for (;;) {
      const Token& token = stream.current();
      CompareOp op;
      if (token.kind == TokenKind::kOperator && token.text == "==") {
        op = CompareOp::kEq;
      } else if (token.kind == TokenKind::kOperator && token.text == "!=") {
        op = CompareOp::kNe;
      } else if (token.kind == TokenKind::kOperator && token.text == "<") {
        op = CompareOp::kLt;
      } else if (token.kind == TokenKind::kOperator && token.text == "<=") {
        op = CompareOp::kLe;
      } else if (token.kind == TokenKind::kOperator && token.text == ">") {
        op = CompareOp::kGt;
      } else if (token.kind == TokenKind::kOperator && token.text == ">=") {
        op = CompareOp::kGe;
      } else if (stream.is_name("in")) {
        op = CompareOp::kIn;
      } else if (stream.is_name("not") && stream.look(1).kind == TokenKind::kName &&
                 stream.look(1).text == "in") {
        stream.next();
        op = CompareOp::kNotIn;
      } else {
        break;
      }
      stream.next();
      node->compare_ops.push_back(op);
      node->children.push_back(parse_math1(stream));
    }
    if (node->compare_ops.empty()) return first;
    node->children.insert(node->children.begin(), std::move(first));
    return node;
  }

  ExprPtr binary(BinaryOp op, std::size_t offset, ExprPtr left, ExprPtr right) {
    auto node = make(ExprKind::kBinary, offset);
    node->binary_op = op;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  ExprPtr parse_math1(TokenStream& stream) {
    ExprPtr left = parse_concat(stream);
    while (stream.is_op("+") || stream.is_op("-")) {
      const Token& op = stream.next();
      left = binary(op.text == "+" ? BinaryOp::kAdd : BinaryOp::kSub, op.offset, std::move(left),
                    parse_concat(stream));
    }
    return left;
  }

  ExprPtr parse_concat(TokenStream& stream) {
    ExprPtr left = parse_math2(stream);
    while (stream.is_op("~")) {
      const std::size_t offset = stream.next().offset;
      left = binary(BinaryOp::kConcat, offset, std::move(left), parse_math2(stream));
    }
    return left;
  }

  ExprPtr parse_math2(TokenStream& stream) {
    ExprPtr left = parse_pow(stream);
    for (;;) {
      BinaryOp op;
      if (stream.is_op("*")) {
        op = BinaryOp::kMul;
      } else if (stream.is_op("/")) {
        op = BinaryOp::kDiv;
      } else if (stream.is_op("//")) {
        op = BinaryOp::kFloorDiv;
      } else if (stream.is_op("%")) {
        op = BinaryOp::kMod;
      } else {
        break;
      }
      const std::size_t offset = stream.next().offset;
      left = binary(op, offset, std::move(left), parse_pow(stream));
    }
    return left;
  }

  ExprPtr parse_pow(TokenStream& stream) {
    ExprPtr left = parse_unary(stream, true);
    while (stream.is_op("**")) {
      const std::size_t offset = stream.next().offset;
      left = binary(BinaryOp::kPow, offset, std::move(left), parse_unary(stream, true));
    }
    return left;
  }

  ExprPtr parse_unary(TokenStream& stream, bool with_filter) {
    Depth depth(*this, stream.current().offset);
    ExprPtr node;
    if (stream.is_op("-") || stream.is_op("+")) {
      const Token& op = stream.next();
      node = make(ExprKind::kUnary, op.offset);
      node->unary_op = op.text == "-" ? UnaryOp::kNeg : UnaryOp::kPos;
      node->children.push_back(parse_unary(stream, false));
    } else {
      node = parse_primary(stream);
    }
    node = parse_postfix(stream, std::move(node));
    if (with_filter) node = parse_filter_expr(stream, std::move(node));
    return node;
  }

  ExprPtr parse_primary(TokenStream& stream) {
    const Token& token = stream.current();
    const std::size_t offset = token.offset;
    if (token.kind == TokenKind::kName) {
      const std::string& name = token.text;
      ExprPtr node;
      if (name == "true" || name == "True") {
        node = make_const(Value::boolean(true), offset);
      } else if (name == "false" || name == "False") {
        node = make_const(Value::boolean(false), offset);
      } else if (name == "none" || name == "None") {
        node = make_const(Value::none(), offset);
      } else {
        node = make(ExprKind::kName, offset);
        node->name = name;
      }
      stream.next();
      return node;
    }
    if (token.kind == TokenKind::kString) {
      std::string text;
      bool is_unicode = false;
      while (stream.current().kind == TokenKind::kString) {
        text += stream.current().text;
        is_unicode = is_unicode || stream.current().is_unicode;
        stream.next();
      }
      return make_const(Value::string(std::move(text), is_unicode), offset);
    }
    if (token.kind == TokenKind::kInteger) {
      stream.next();
      return make_const(Value::integer(token.integer), offset);
    }
    if (token.kind == TokenKind::kFloat) {
      stream.next();
      return make_const(Value::floating(token.floating), offset);
    }
    if (stream.skip_op("(")) {
      ExprPtr node = parse_tuple(stream, true, {}, true);
      stream.expect_op(")");
      return node;
    }
    if (stream.is_op("[")) return parse_list(stream);
    if (stream.is_op("{")) return parse_dict(stream);
    stream.fail_here("unexpected " + describe(token) + ": expected an expression");
  }

  ExprPtr parse_list(TokenStream& stream) {
    auto node = make(ExprKind::kList, stream.next().offset);
    while (!stream.is_op("]")) {
      if (!node->children.empty()) stream.expect_op(",");
      if (stream.is_op("]")) break;
      node->children.push_back(parse_expression(stream, true));
    }
    stream.expect_op("]");
    return node;
  }

  ExprPtr parse_dict(TokenStream& stream) {
    auto node = make(ExprKind::kDict, stream.next().offset);
    while (!stream.is_op("}")) {
      if (!node->children.empty()) stream.expect_op(",");
      if (stream.is_op("}")) break;
      node->children.push_back(parse_expression(stream, true));
      stream.expect_op(":");
      node->children.push_back(parse_expression(stream, true));
    }
    stream.expect_op("}");
    return node;
  }

  ExprPtr parse_postfix(TokenStream& stream, ExprPtr node) {
    for (;;) {
      if (stream.is_op(".") || stream.is_op("[")) {
        node = parse_subscript(stream, std::move(node));
      } else if (stream.is_op("(")) {
        node = parse_call(stream, std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_filter_expr(TokenStream& stream, ExprPtr node) {
    for (;;) {
      if (stream.is_op("|")) {
        node = parse_filter(stream, std::move(node));
      } else if (stream.is_name("is")) {
        node = parse_test(stream, std::move(node));
      } else if (stream.is_op("(")) {
        node = parse_call(stream, std::move(node));
      } else {
        return node;
      }
    }
  }

  ExprPtr parse_subscript(TokenStream& stream, ExprPtr node) {
    const Token& opener = stream.next();
    if (opener.text == ".") {
      const Token& token = stream.current();
      if (token.kind == TokenKind::kName) {
        auto attr = make(ExprKind::kGetAttr, token.offset);
        attr->name = token.text;
        attr->children.push_back(std::move(node));
        stream.next();
        return attr;
      }
      if (token.kind == TokenKind::kInteger) {
        auto item = make(ExprKind::kGetItem, token.offset);
        item->children.push_back(std::move(node));
        item->children.push_back(make_const(Value::integer(token.integer), token.offset));
        stream.next();
        return item;
      }
      stream.fail_here("expected a name or number after '.', got " + describe(token));
    }
    std::vector<ExprPtr> args;
    bool has_slice = false;
    while (!stream.is_op("]")) {
      if (!args.empty()) stream.expect_op(",");
      args.push_back(parse_subscribed(stream));
      has_slice = has_slice || args.back()->kind == ExprKind::kSlice;
    }
    stream.expect_op("]");
    if (args.empty()) throw SourceFailure{opener.offset, "expected an index or a slice in '[]'"};
    if (args.size() == 1 && args.front()->kind == ExprKind::kSlice) {
      ExprPtr slice = std::move(args.front());
      slice->children.insert(slice->children.begin(), std::move(node));
      return slice;
    }
    if (has_slice)
      throw SourceFailure{opener.offset, "slices inside a tuple index are not supported"};
    auto item = make(ExprKind::kGetItem, opener.offset);
    item->children.push_back(std::move(node));
    if (args.size() == 1) {
      item->children.push_back(std::move(args.front()));
    } else {
      auto tuple = make(ExprKind::kTuple, opener.offset);
      tuple->children = std::move(args);
      item->children.push_back(std::move(tuple));
    }
    return item;
  }

  // An index expression or a slice (children: start, stop, step; null where absent).
  ExprPtr parse_subscribed(TokenStream& stream) {
    const std::size_t offset = stream.current().offset;
    ExprPtr start;
    if (!stream.skip_op(":")) {
      ExprPtr node = parse_expression(stream, true);
      if (!stream.skip_op(":")) return node;
      start = std::move(node);
    }
    auto slice = make(ExprKind::kSlice, offset);
    slice->children.push_back(std::move(start));
    auto part_end = [&] { return stream.is_op(":") || stream.is_op("]") || stream.is_op(","); };
    slice->children.push_back(part_end() ? nullptr : parse_expression(stream, true));
    ExprPtr step;
    if (stream.skip_op(":") && !stream.is_op("]") && !stream.is_op(",")) {
      step = parse_expression(stream, true);
    }
    slice->children.push_back(std::move(step));
    return slice;
  }

  // ( args ) into `args` / `kwargs` of `node`.
  void parse_arguments(TokenStream& stream, Expr& node) {
    stream.expect_op("(");
    bool first = true;
    while (!stream.is_op(")")) {
      if (!first) stream.expect_op(",");
      first = false;
      if (stream.is_op(")")) break;
      if (stream.is_op("*") || stream.is_op("**")) {
        stream.fail_here("*args and **kwargs in calls are not supported");
      }
      if (stream.current().kind == TokenKind::kName &&
          stream.look(1).kind == TokenKind::kOperator && stream.look(1).text == "=") {
        std::string key = stream.next().text;
        stream.next();
        node.kwargs.emplace_back(std::move(key), parse_expression(stream, true));
      } else {
        if (!node.kwargs.empty()) {
          stream.fail_here(
              "invalid syntax for function call expression: positional argument "
              "after keyword argument");
        }
        node.args.push_back(parse_expression(stream, true));
      }
    }
    stream.expect_op(")");
  }

  ExprPtr parse_call(TokenStream& stream, ExprPtr node) {
    auto call = make(ExprKind::kCall, stream.current().offset);
    call->children.push_back(std::move(node));
    parse_arguments(stream, *call);
    return call;
  }

  std::string dotted_name(TokenStream& stream) {
    std::string name = stream.expect_name_token().text;
    while (stream.is_op(".")) {
      stream.next();
      name += "." + stream.expect_name_token().text;
    }
    return name;
  }

  ExprPtr parse_filter(TokenStream& stream, ExprPtr node) {
    stream.expect_op("|");
    const std::size_t offset = stream.current().offset;
    const std::string name = dotted_name(stream);
    auto filter = make(ExprKind::kFilter, offset);
    filter->name = name;
    filter->filter = find_filter(name);
    if (filter->filter == nullptr) {
      throw SourceFailure{offset, "unknown filter '" + name + "' (known: " + known_filters() + ")"};
    }
    filter->children.push_back(std::move(node));
    if (stream.is_op("(")) parse_arguments(stream, *filter);
    return filter;
  }

  ExprPtr parse_test(TokenStream& stream, ExprPtr node) {
    stream.next();  // is
    const bool negated = stream.skip_name("not");
    const std::size_t offset = stream.current().offset;
    const std::string name = dotted_name(stream);
    auto test = make(ExprKind::kTest, offset);
    test->name = name;
    test->negated = negated;
    test->test = find_test(name);
    if (test->test == nullptr) {
      throw SourceFailure{offset, "unknown test '" + name + "' (known: " + known_tests() + ")"};
    }
    test->children.push_back(std::move(node));
    const Token& token = stream.current();
    const bool argument_start =
        token.kind == TokenKind::kName || token.kind == TokenKind::kString ||
        token.kind == TokenKind::kInteger || token.kind == TokenKind::kFloat || stream.is_op("[") ||
        stream.is_op("{");
    if (stream.is_op("(")) {
      parse_arguments(stream, *test);
    } else if (argument_start && !stream.is_name("else") && !stream.is_name("or") &&
               !stream.is_name("and")) {
      if (stream.is_name("is")) stream.fail_here("cannot chain multiple tests with 'is'");
      test->args.push_back(parse_postfix(stream, parse_primary(stream)));
    }
    return test;
  }

  std::vector<Piece> pieces_;
  const JinjaLimits& limits_;
  std::size_t index_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

Body parse_pieces(std::vector<Piece> pieces, const JinjaLimits& limits) {
  return Parser(std::move(pieces), limits).parse_template();
}

}  // namespace esisim::heat::jinja
