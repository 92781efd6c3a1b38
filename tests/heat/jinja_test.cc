// Unit tests of the Jinja2 renderer (core/heat/jinja.h): every construct, Jinja2's default
// whitespace rules, Python 2 printing, Undefined, errors with line and column, limits.
// Expected texts were checked against Jinja2 (and CPython 2.7 for repr/str of values).
#include "core/heat/jinja.h"

#include <gtest/gtest.h>

#include <string>

namespace esisim::heat {
namespace {

using nlohmann::ordered_json;

ordered_json sample_variables() {
  return ordered_json::parse(R"({
    "x": -3, "d": {"a": 1, "items": "key named items"}, "l": [1, 2, 3],
    "s": "a/b/c", "u": ["a", 1, 0.1, null, true], "f": 0.1, "e": [], "t": "",
    "nested": {"k": [{"v": "deep"}]}, "cidr": "10.0.0.1/24"
  })");
}

// Renders with sample_variables(); on error returns "ERROR: <message>".
std::string r(const std::string& source, const ordered_json& variables = sample_variables()) {
  auto text = render_jinja("t", source, variables);
  return text.ok() ? text.value() : "ERROR: " + text.error().message;
}

std::string error_of(const std::string& source, const ordered_json& variables = sample_variables(),
                     const JinjaLimits& limits = {}) {
  auto text = render_jinja("tmpl", source, variables, limits);
  return text.ok() ? "rendered: " + text.value() : text.error().message;
}

// --- text and whitespace -----------------------------------------------------------------

TEST(Jinja, PlainTextAndTrailingNewline) {
  EXPECT_EQ(r("hello"), "hello");
  EXPECT_EQ(r("hello\n"), "hello");      // keep_trailing_newline=False drops one
  EXPECT_EQ(r("hello\n\n"), "hello\n");  // only one
  EXPECT_EQ(r("a\r\nb\rc\n"), "a\nb\nc");
  EXPECT_EQ(r(""), "");
  EXPECT_EQ(r("\n"), "");
}

TEST(Jinja, UnicodeLineBreaksBecomeNewlines) {
  // unicode.splitlines also splits on \v, \f, \x1c-\x1e, U+0085, U+2028 and U+2029.
  EXPECT_EQ(r("a\xe2\x80\xa8"
              "b\xc2\x85"
              "c\x0b"
              "d\x1e"
              "e\xe2\x80\xa9"),
            "a\nb\nc\nd\ne");
  EXPECT_EQ(error_of("a\xe2\x80\xa8{{ missing.x }}"),
            "tmpl: line 2, column 12: 'missing' is undefined");
}

TEST(Jinja, DefaultWhitespaceKeepsBlockLines) {
  // trim_blocks and lstrip_blocks off: the newline after a block tag stays.
  EXPECT_EQ(r("a\n{% if true %}\nb\n{% endif %}\nc\n"), "a\n\nb\n\nc");
  EXPECT_EQ(r("  {% if true %}x{% endif %}  "), "  x  ");
}

TEST(Jinja, WhitespaceControl) {
  EXPECT_EQ(r("a  \n  {%- if true -%}  \n b \n {%- endif %}\n c"), "ab\n c");
  EXPECT_EQ(r("{{ 1 }}  {{- ' x ' -}}  \n{{ 2 }}"), "1 x 2");
  EXPECT_EQ(r("x {#- c -#}  y"), "xy");
  EXPECT_EQ(r("{{-1}}"), "1");  // `{{-` is whitespace control, as in Jinja2
}

TEST(Jinja, CommentsAndRaw) {
  EXPECT_EQ(r("a{# {{ x }} {% if %} #}b"), "ab");
  EXPECT_EQ(r("{% raw %}{{ x }}{% if %}{% endraw %}"), "{{ x }}{% if %}");
  EXPECT_EQ(r("a {%- raw -%}  {{ y }}  {%- endraw -%}  b"), "a{{ y }}b");
}

// --- printing values as Python 2 -----------------------------------------------------------

TEST(Jinja, PrintsScalarsAsPython2) {
  EXPECT_EQ(r("{{ 1 }} {{ 1.5 }} {{ 'a' }} {{ None }} {{ none }} {{ true }} {{ False }}"),
            "1 1.5 a None None True False");
  EXPECT_EQ(r("{{ x }} {{ f }} {{ t }}|"), "-3 0.1 |");
  EXPECT_EQ(r("{{ 1 / 3 }} {{ 2 / 3 }} {{ 4 / 2 }}"), "0.333333333333 0.666666666667 2.0");
}

TEST(Jinja, FloatStrMatchesCPython27) {
  // str(float) in CPython 2.7 (12 significant digits, exponent when the point is > 11).
  const ordered_json cases = ordered_json::parse(R"([
    [1e11, "1e+11"], [99999999999.0, "99999999999.0"], [0.0001, "0.0001"], [1e-05, "1e-05"],
    [100.0, "100.0"], [123.456, "123.456"], [2.5e-05, "2.5e-05"], [-0.0, "-0.0"],
    [1e100, "1e+100"], [123456.7890123456, "123456.789012"], [0.30000000000000004, "0.3"],
    [999999999999.5, "1e+12"], [99999999999.95, "99999999999.9"]])");
  for (const auto& c : cases) {
    EXPECT_EQ(r("{{ v }}", {{"v", c[0]}}), c[1].get<std::string>()) << c.dump();
  }
}

TEST(Jinja, PrintsContainersAsPython2Repr) {
  // JSON strings are unicode (u'' prefix), template literals are str; floats by repr.
  EXPECT_EQ(r("{{ u }}"), "[u'a', 1, 0.1, None, True]");
  EXPECT_EQ(r("{{ ['primary', 'secondary'] }}"), "['primary', 'secondary']");
  EXPECT_EQ(r("{{ [0.1 + 0.2] }} {{ (1,) }} {{ () }} {{ (1, 'a') }}"),
            "[0.30000000000000004] (1,) () (1, 'a')");
  EXPECT_EQ(r("{{ v }}", {{"v", {"it's", "\xc3\xa9\n", "q\"'"}}}),
            "[u\"it's\", u'\\xe9\\n', u'q\"\\'']");
  // CPython 2.7 dict order, not insertion order.
  EXPECT_EQ(
      r("{{ v }}", {{"v", {{"uuid", 1}, {"heat_timeout", 2}, {"name", 3}, {"admin_state_up", 4}}}}),
      "{u'heat_timeout': 2, u'admin_state_up': 4, u'uuid': 1, u'name': 3}");
  EXPECT_EQ(r("{{ {'b': 1, 'a': []} }}"), "{'a': [], 'b': 1}");
  EXPECT_EQ(r("{{ 'x' ~ 1 }} {{ ['\\u00e9'] }}"), "x1 [u'\\xe9']");
}

// --- expressions ------------------------------------------------------------------------

TEST(Jinja, Arithmetic) {
  EXPECT_EQ(r("{{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % -3 }}"),
            "64 4 3 -4 -2");
  EXPECT_EQ(r("{{ 3 / 2 }} {{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ -7.5 // 2 }} {{ -7.5 % 2 }}"),
            "1.5 7 9 -4.0 0.5");
  EXPECT_EQ(r("{{ 2 ** -1 }} {{ true + 1 }} {{ 1 + 1.5 }} {{ 'ab' * 2 }} {{ [1] * 2 }}"),
            "0.5 2 2.5 abab [1, 1]");
  EXPECT_EQ(r("{{ 'a' + 'b' }} {{ [1] + [2] }} {{ x + 3 }} {{ -x }} {{ +x }}"), "ab [1, 2] 0 3 -3");
  EXPECT_EQ(r("{{ 'ab' ~ 1 ~ none ~ missing }}"), "ab1None");
}

TEST(Jinja, ComparisonsAndLogic) {
  EXPECT_EQ(r("{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' != 'b' }}"),
            "True False True True True");
  EXPECT_EQ(r("{{ 'a' in 'abc' }} {{ 1 not in [2] }} {{ 'a' in d }} {{ 2 in l }} {{ 1 in e }}"),
            "True True True True False");
  EXPECT_EQ(r("{{ 0 or 'x' }} {{ 1 and 'y' }} {{ not 1 }} {{ not e }} {{ none or t or 'z' }}"),
            "x y False True z");
  EXPECT_EQ(r("{{ [1, 2] < [1, 3] }} {{ 'b' >= 'a' }} {{ none < 0 }} {{ 1 < 'a' }}"),
            "True True True True");
  EXPECT_EQ(r("{{ missing == missing }} {{ missing == none }} {{ l == [1, 2, 3] }}"),
            "True False True");
}

TEST(Jinja, ConditionalExpression) {
  EXPECT_EQ(r("{{ 'a' if false }}|{{ 'a' if false else 'b' }}|{{ 1 if 0 else 2 if 1 else 3 }}"),
            "|b|2");
  EXPECT_EQ(r("{% set c = 'be' if x < 0 else 'ga' %}{{ c }}"), "be");
}

TEST(Jinja, AttributeAndItemAccess) {
  EXPECT_EQ(r("{{ d.a }} {{ d['a'] }} {{ l[0] }} {{ l.1 }} {{ l[-1] }} {{ nested.k[0].v }}"),
            "1 1 1 2 3 deep");
  // Missing attribute / element: Undefined, printed empty.
  EXPECT_EQ(r("[{{ l[5] }}{{ d.nokey }}{{ x.y }}{{ s[99] }}]"), "[]");
  // getattr finds the dict method before the key; [] finds the key first.
  EXPECT_EQ(r("{{ d['items'] }}"), "key named items");
  EXPECT_EQ(r("{{ s[0] }}{{ s[-1] }} {{ l[1:] }} {{ s[::2] }} {{ l[::-1] }} {{ l[:-1] }}"),
            "ac [2, 3] abc [3, 2, 1] [1, 2]");
}

TEST(Jinja, MethodCalls) {
  EXPECT_EQ(r("{{ ' a b  c '.split(none, 1) }} {{ '\u00e9xa\u00e9'.strip('\u00e9') }} "
              "{{ 'xxaxx'.lstrip('x') }}{{ 'xxaxx'.rstrip('x') }}"),
            "['a', 'b  c '] xa axxxxa");
  EXPECT_EQ(r("{{ s.split('/') }} {{ cidr.split('/')[0] }} {{ 'a b  c'.split() }}"),
            "[u'a', u'b', u'c'] 10.0.0.1 ['a', 'b', 'c']");
  EXPECT_EQ(
      r("{{ 'a,b,c'.split(',', 1) }} {{ ' x '.strip() }} {{ 'Ab'.lower() }}{{ 'Ab'.upper() }}"),
      "['a', 'b,c'] x abAB");
  EXPECT_EQ(r("{{ s.startswith('a/') }} {{ s.endswith(('x', 'c')) }} {{ s.replace('/', '.') }}"),
            "True True a.b.c");
  EXPECT_EQ(r("{{ d.get('a') }} {{ d.get('z', 5) }} {{ d.get('z') }} {{ d.keys() }}"),
            "1 5 None [u'a', u'items']");
  EXPECT_EQ(r("{% for k, v in {'a': 1}.items() %}{{ k }}={{ v }}{% endfor %}"), "a=1");
}

TEST(Jinja, Filters) {
  EXPECT_EQ(r("{{ [1, 2]|join('-') }} {{ l|join }} {{ 'AbC'|lower }} {{ 'x'|upper }}"),
            "1-2 123 abc X");
  EXPECT_EQ(r("{{ '  a '|trim }}|{{ 3|string }} {{ '12'|int + 1 }} {{ '1.5'|float }}"),
            "a|3 13 1.5");
  EXPECT_EQ(
      r("{{ 'x'|int }} {{ 'x'|int(7) }} {{ ' 1.9'|int }} {{ 2.7|int }} {{ 'ff'|int(0, 16) }}"),
      "0 7 1 2 255");
  EXPECT_EQ(
      r("{{ [3, 4]|first }}{{ [3, 4]|last }} {{ 'abc'|length }} {{ d|count }} {{ e|length }}"),
      "34 3 2 0");
  EXPECT_EQ(r("{{ 'a:b:c'|replace(':', '-') }} {{ 'a:b:c'|replace(':', '-', 1) }} {{ "
              "'ab'|replace('', '.') }}"),
            "a-b-c a-b:c .a.b.");
  EXPECT_EQ(
      r("{{ missing|default('d') }} {{ t|default('e') }}|{{ t|default('e', true) }} {{ x|d(1) }}"),
      "d |e -3");
  EXPECT_EQ(r("{{ 'ab'|list }} {{ x|abs }} {{ -x|abs }} {{ -1|abs }} {{ 1.5|float }}"),
            "['a', 'b'] 3 3 1 1.5");
  EXPECT_EQ(r("{{ s|list }}"), "[u'a', u'/', u'b', u'/', u'c']");
  // `-x|abs` is `(-x)|abs`; a filter binds tighter than `+`.
  EXPECT_EQ(r("{% for i in l %}{{ 'ip_' + (loop.index0|string) }} {% endfor %}"),
            "ip_0 ip_1 ip_2 ");
  EXPECT_EQ(r("{{ missing|string }}|{{ missing|length }}|{{ missing|join(',') }}"), "|0|");
  EXPECT_EQ(r("{{ d|default(boolean=true, default_value='z') }}"),
            "{u'a': 1, u'items': u'key named items'}");
}

TEST(Jinja, FilterEdgeCases) {
  EXPECT_EQ(r("[{{ e|first }}{{ e|last }}] {{ e|first is defined }}"), "[] False");
  EXPECT_EQ(
      r("{{ 'x'|float }} {{ '1e3'|float }} {{ ' -2.5 '|float }} {{ 'x'|float(1) }} {{ 3|float }}"),
      "0.0 1000.0 -2.5 1 3.0");
  EXPECT_EQ(r("{{ none|int }} {{ true|int }} {{ '-12'|int }} {{ '+7'|int }} {{ l|int }}"),
            "0 1 -12 7 0");
  EXPECT_EQ(error_of("{{ missing|int }}"), "tmpl: line 1, column 12: 'missing' is undefined");
  EXPECT_EQ(error_of("{{ l|join(attribute='x') }}"),
            "tmpl: line 1, column 6: join(attribute=...) is not supported");
  EXPECT_EQ(error_of("{{ 'a'|upper(1) }}"),
            "tmpl: line 1, column 8: upper() takes at most 0 argument(s) (1 given)");
  EXPECT_EQ(error_of("{{ 'a'|replace('a', 'b', cnt=1) }}"),
            "tmpl: line 1, column 8: replace() got an unexpected keyword argument 'cnt'");
}

TEST(Jinja, MatchFilterIsPythonReMatch) {
  // match anchors at the start only (re.match), returns a bool.
  EXPECT_EQ(r("{{ 'compute:nova'|match('compute') }} {{ 'x-compute'|match('compute') }} "
              "{{ 'network:dhcp'|match('network:dhcp|network:empty') }} {{ ''|match('c') }}"),
            "True False True False");
  EXPECT_EQ(
      r("{% if v|match('compute') and w %}db{% endif %}", {{"v", "compute:nova"}, {"w", true}}),
      "db");
  EXPECT_EQ(error_of("{{ v|match('c') }}", {{"v", nullptr}}),
            "tmpl: line 1, column 6: match() expects a string or buffer, not None");
}

TEST(Jinja, Tests) {
  EXPECT_EQ(r("{{ x is defined }} {{ y is not defined }} {{ none is none }} {{ y is undefined }}"),
            "True True True True");
  EXPECT_EQ(r("{{ 4 is even }} {{ 3 is odd }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(2) }}"),
            "True True True False");
  EXPECT_EQ(r("{{ s is string }} {{ x is number }} {{ d is mapping }} {{ l is sequence }} "
              "{{ x is iterable }} {{ 1 is equalto 1 }} {{ 2 is in l }} {{ 'ab' is lower }}"),
            "True True True True False True True True");
  EXPECT_EQ(r("{{ x is eq(-3) }} {{ x is ne 1 }} {{ x is lt 0 }} {{ x is ge 0 }}"),
            "True True True False");
  EXPECT_EQ(r("{% if y is defined and y %}a{% elif x is defined %}b{% endif %}"), "b");
}

TEST(Jinja, UndefinedIsJinja2DefaultUndefined) {
  EXPECT_EQ(r("[{{ missing }}]{% if missing %}t{% else %}f{% endif %}"
              "{% for i in missing %}i{% else %}empty{% endfor %}"),
            "[]fempty");
  EXPECT_EQ(error_of("line1\n  {{ missing.attr }}"),
            "tmpl: line 2, column 14: 'missing' is undefined");
  EXPECT_EQ(error_of("{{ d.nokey.x }}"),
            "tmpl: line 1, column 12: 'dict object' has no attribute 'nokey'");
  EXPECT_EQ(error_of("{{ l[7][0] }}"), "tmpl: line 1, column 8: 'list object' has no element 7");
  EXPECT_EQ(error_of("{{ missing + 1 }}"), "tmpl: line 1, column 12: 'missing' is undefined");
  EXPECT_EQ(error_of("{{ missing.split('/') }}"),
            "tmpl: line 1, column 12: 'missing' is undefined");
  EXPECT_EQ(error_of("{{ missing < 1 }}"), "tmpl: line 1, column 4: 'missing' is undefined");
  EXPECT_EQ(r("{{ 'x' ~ missing }} {{ missing is defined }} {{ [missing] }} {{ not missing }}"),
            "x False [Undefined] True");
}

TEST(Jinja, IfElifElse) {
  const std::string source =
      "{% if x > 0 %}pos{% elif x == 0 %}zero{% elif x < -5 %}low{% else %}neg{% endif %}";
  EXPECT_EQ(r(source), "neg");
  EXPECT_EQ(r(source, {{"x", 0}}), "zero");
  EXPECT_EQ(r(source, {{"x", 1}}), "pos");
  EXPECT_EQ(r(source, {{"x", -9}}), "low");
  EXPECT_EQ(r("{% if e %}a{% endif %}{% if d %}b{% endif %}{% if t %}c{% endif %}"), "b");
}

TEST(Jinja, ForLoop) {
  EXPECT_EQ(r("{% for a in [1, 2, 3] if a > 1 %}{{ loop.index }}/{{ loop.length }}{{ loop.first }}"
              "{{ loop.last }} {% else %}none{% endfor %}"),
            "1/2TrueFalse 2/2FalseTrue ");
  EXPECT_EQ(r("{% for a in l %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
              "{{ loop.cycle('x', 'y') }}{% endfor %}"),
            "032x121y210x");
  EXPECT_EQ(r("{% for a in [] %}x{% else %}empty{% endfor %}"), "empty");
  EXPECT_EQ(r("{% for k in d %}{{ k }},{% endfor %}{% for c in 'ab' %}{{ c }}{% endfor %}"),
            "a,items,ab");
  EXPECT_EQ(r("{% for device in ['primary', 'secondary'] %}{% for i in l %}"
              "{{ device[0] }}{{ loop.index }}{% endfor %}{{ loop.index }};{% endfor %}"),
            "p1p2p31;s1s2s32;");
  EXPECT_EQ(r("{% for a, b in [[1, 2], (3, 4)] %}{{ a + b }} {% endfor %}"), "3 7 ");
  EXPECT_EQ(error_of("{% for a, b in [[1, 2, 3]] %}{% endfor %}"),
            "tmpl: line 1, column 1: too many values to unpack");
  // The real templates: the subnet of each fixed ip by position.
  EXPECT_EQ(
      r("{% for ip in ips %}{{ subnets[loop.index0] }}:{{ ip.ip_address }} {% endfor %}",
        {{"ips", ordered_json::parse(R"([{"ip_address": "1.1.1.1"}, {"ip_address": "2.2.2.2"}])")},
         {"subnets", {"s1", "s2"}}}),
      "s1:1.1.1.1 s2:2.2.2.2 ");
}

TEST(Jinja, SetAndScoping) {
  EXPECT_EQ(r("{% set a = 1 %}{% set b = a + 1 %}{{ a }}{{ b }}"), "12");
  EXPECT_EQ(r("{% set a, b = [1, 2] %}{{ b }}{{ a }}"), "21");
  EXPECT_EQ(r("{% set x = 5 %}{{ x }}"), "5");  // shadows the variable
  // Sets in a loop body stay in that iteration (Jinja2 >= 2.9).
  EXPECT_EQ(r("{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = i + 10 %}{{ x }};{% endfor %}"
              "{{ x }}"),
            "111;112;1");
  EXPECT_EQ(
      r("{% for i in [1, 2] %}{% if i == 2 %}[{{ y }}]{% endif %}{% set y = i %}{% endfor %}"),
      "[]");
  EXPECT_EQ(r("{% if true %}{% set z = 3 %}{% endif %}{{ z }}"), "3");  // if is no scope
}

TEST(Jinja, LiteralsAndStrings) {
  EXPECT_EQ(r("{{ \"dq\" }} {{ 'a' 'b' }} {{ 'tab\\there' }} {{ '\\x41\\u00e9' }} {{ 'a\\qb' }}"),
            "dq ab tab\there A\xc3\xa9 a\\qb");
  EXPECT_EQ(r("{{ [1, [2, {'k': (3,)}],] }} {{ {} }} {{ [] }}"), "[1, [2, {'k': (3,)}]] {} []");
  EXPECT_EQ(r("{{ {'a': {'b': 1}} }}"), "{'a': {'b': 1}}");  // `}}` inside braces is not the end
  EXPECT_EQ(r("{{ 1, 2 }}"), "(1, 2)");
}

TEST(Jinja, ParseOnceRenderMany) {
  auto parsed = parse_jinja("port", "{{ name }}{% for s in subnets %}-{{ s }}{% endfor %}");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  auto a = render(parsed.value(), {{"name", "p1"}, {"subnets", {"x"}}});
  auto b = render(parsed.value(), {{"name", "p2"}, {"subnets", {"y", "z"}}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value(), "p1-x");
  EXPECT_EQ(b.value(), "p2-y-z");
  EXPECT_EQ(parsed.value().name(), "port");
}

// --- errors -------------------------------------------------------------------------------

TEST(JinjaErrors, UnclosedTags) {
  EXPECT_EQ(error_of("a\nb {{ x"),
            "tmpl: line 2, column 3: unexpected end of template: '{{' is never closed, expected "
            "'}}'");
  EXPECT_EQ(error_of("{% if x %}\n  body\n"),
            "tmpl: line 1, column 1: unclosed '{% if %}': expected '{% endif %}' before the end of "
            "the template");
  EXPECT_EQ(error_of("x\n  {% for a in l %}{% if a %}{% endfor %}"),
            "tmpl: line 2, column 32: unexpected 'endfor' tag, expected 'elif', 'else', 'endif'");
  EXPECT_EQ(error_of("{# never closed"),
            "tmpl: line 1, column 1: missing end of comment tag: expected '#}'");
  EXPECT_EQ(error_of("{% raw %}x"),
            "tmpl: line 1, column 1: missing end of raw directive: expected '{% endraw %}'");
  EXPECT_EQ(error_of("{% endif %}"),
            "tmpl: line 1, column 4: unexpected 'endif' tag: no open block");
}

TEST(JinjaErrors, UnknownFilterTestAndTag) {
  EXPECT_EQ(error_of("line\n  {{ x | foo }}"),
            "tmpl: line 2, column 10: unknown filter 'foo' (known: abs, count, d, default, first, "
            "float, int, join, last, length, list, lower, match, replace, string, trim, upper)");
  EXPECT_EQ(error_of("{{ x is foo }}").substr(0, 45),
            "tmpl: line 1, column 9: unknown test 'foo' (k");
  EXPECT_EQ(error_of("{% macro m() %}{% endmacro %}"),
            "tmpl: line 1, column 4: unknown tag 'macro' (known: for, if, raw, set)");
}

TEST(JinjaErrors, BadExpressions) {
  EXPECT_EQ(error_of("{{ 1 + }}"),
            "tmpl: line 1, column 8: unexpected end of tag '}}': expected an expression");
  EXPECT_EQ(error_of("{{ }}"),
            "tmpl: line 1, column 4: expected an expression, got end of tag '}}'");
  EXPECT_EQ(error_of("{{ a b }}"),
            "tmpl: line 1, column 6: expected end of print statement, got 'b'");
  EXPECT_EQ(error_of("{% if a b %}{% endif %}"),
            "tmpl: line 1, column 9: expected end of statement block, got 'b'");
  EXPECT_EQ(error_of("{{ 1 ] }}"), "tmpl: line 1, column 6: unexpected ']'");
  EXPECT_EQ(error_of("{{ 'abc }}"), "tmpl: line 1, column 4: unterminated string literal");
  EXPECT_EQ(error_of("{{ a ? b }}"), "tmpl: line 1, column 6: unexpected character '?'");
  EXPECT_EQ(
      error_of("{% for loop in l %}{% endfor %}"),
      "tmpl: line 1, column 4: can't assign to the special loop variable 'loop' in a for-loop "
      "target");
  EXPECT_EQ(error_of("{% set x %}y{% endset %}"),
            "tmpl: line 1, column 10: block set ({% set x %}...{% endset %}) is not supported");
  EXPECT_EQ(error_of("{{ 99999999999999999999 }}"),
            "tmpl: line 1, column 4: integer literal 99999999999999999999 is outside the 64-bit "
            "range");
}

TEST(JinjaErrors, UnbalancedBracketsNeverCloseTheTag) {
  // Inside an open bracket `}}` is an operator, so the tag runs to the end of the template.
  EXPECT_EQ(error_of("{{ (1 }}"), "tmpl: line 1, column 7: unexpected '}', expected ')'");
}

TEST(JinjaErrors, RenderErrorsNameLineAndColumn) {
  EXPECT_EQ(error_of("a\n{{ 1 / 0 }}"), "tmpl: line 2, column 6: division by zero");
  EXPECT_EQ(error_of("{{ 'a' + 1 }}"),
            "tmpl: line 1, column 8: unsupported operand type(s) for +: 'str' and 'int'");
  EXPECT_EQ(error_of("{{ s + 1 }}"),
            "tmpl: line 1, column 6: unsupported operand type(s) for +: 'unicode' and 'int'");
  EXPECT_EQ(error_of("{% for i in x %}{% endfor %}"),
            "tmpl: line 1, column 13: 'int' object is not iterable");
  EXPECT_EQ(error_of("{{ s.split }}"),
            "tmpl: line 1, column 1: cannot print the method 'split' (call it)");
  EXPECT_EQ(
      error_of("{{ s.zfill(3) }}"),
      "tmpl: line 1, column 11: method 'zfill' of unicode objects is not supported (supported: "
      "endswith, lower, lstrip, replace, rstrip, split, startswith, strip, upper)");
  EXPECT_EQ(error_of("{{ x(1) }}"), "tmpl: line 1, column 5: 'int' object is not callable");
  EXPECT_EQ(error_of("{{ 'a'|replace('a') }}"),
            "tmpl: line 1, column 8: replace() missing required argument 'new'");
  EXPECT_EQ(error_of("{{ 'a' % 1 }}"),
            "tmpl: line 1, column 8: string formatting with '%' is not supported");
  EXPECT_EQ(error_of("{{ 9223372036854775807 + 1 }}"),
            "tmpl: line 1, column 24: integer result outside the 64-bit range");
  auto bad = render_jinja("tmpl", "x", ordered_json::array());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, kJinjaRenderError);
  EXPECT_EQ(bad.error().message, "tmpl: variables must be a JSON object, got array");
  auto syntax = render_jinja("tmpl", "{{", ordered_json::object());
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, kJinjaSyntaxError);
}

TEST(JinjaErrors, ColumnsCountCodePoints) {
  EXPECT_EQ(error_of("\xc3\xa9\xc3\xa9 {{ missing.a }}"),
            "tmpl: line 1, column 15: 'missing' is undefined");
}

// --- limits -------------------------------------------------------------------------------

TEST(JinjaLimits, OutputBytes) {
  JinjaLimits limits;
  limits.output_bytes_max = 10;
  EXPECT_EQ(error_of("0123456789", sample_variables(), limits), "rendered: 0123456789");
  EXPECT_EQ(error_of("0123456789{{ 'x' }}", sample_variables(), limits),
            "tmpl: line 1, column 11: output exceeds output_bytes_max (10 bytes)");
  EXPECT_EQ(error_of("{% set s = 'abcdef' * 2 %}", sample_variables(), limits),
            "tmpl: line 1, column 21: string longer than output_bytes_max (10 bytes)");
}

TEST(JinjaLimits, LoopIterations) {
  JinjaLimits limits;
  limits.loop_iterations_max = 5;
  EXPECT_EQ(error_of("{% for a in l %}{% endfor %}{% for a in [1, 2] %}{% endfor %}",
                     sample_variables(), limits),
            "rendered: ");
  EXPECT_EQ(error_of("{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}", sample_variables(),
                     limits),
            "tmpl: line 1, column 17: loop iterations exceed loop_iterations_max (5)");
}

TEST(JinjaLimits, NestingDepth) {
  JinjaLimits limits;
  limits.nesting_depth_max = 4;
  EXPECT_EQ(error_of("{{ (((1))) }}", sample_variables(), limits), "rendered: 1");
  EXPECT_EQ(error_of("{{ ((((1)))) }}", sample_variables(), limits),
            "tmpl: line 1, column 8: nesting deeper than nesting_depth_max (4)");
  EXPECT_EQ(error_of("{% if 1 %}{% if 1 %}{% if 1 %}{% if 1 %}{% if 1 %}"
                     "{% endif %}{% endif %}{% endif %}{% endif %}{% endif %}",
                     sample_variables(), limits),
            "tmpl: line 1, column 37: nesting deeper than nesting_depth_max (4)");
  ordered_json deep = 1;
  for (int i = 0; i < 6; ++i) deep = ordered_json::array({deep});
  EXPECT_EQ(error_of("{{ v }}", {{"v", deep}}, limits),
            "tmpl: line 1, column 4: value nested deeper than nesting_depth_max allows");
}

}  // namespace
}  // namespace esisim::heat
