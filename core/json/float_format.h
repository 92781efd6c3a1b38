// Shortest round-trip formatting of doubles the way Python 2.7 and Go print them.
//
// Contract: both functions are pure and exact for every finite double.
// * `format_python_float_repr` = Python 2.7 `repr(float)` (what `json.dumps` writes): shortest
//   digits; exponent form `d.ddde+XX` when the decimal exponent is < -4 or >= 16; otherwise
//   positional with ".0" added to integral values (`1.0`, `1e+16`, `1e-05`, `0.0001`, `-0.0`).
//   Non-finite values print as `NaN`, `Infinity`, `-Infinity` (json.dumps' spelling).
// * `format_go_json_float` = Go `encoding/json` for a float64: shortest digits, positional unless
//   |x| < 1e-6 or |x| >= 1e21, then `de+XX` with the exponent's leading zero dropped
//   (`1e-7`, `1e+21`). Non-finite values are not valid JSON for Go; the caller must reject them.
#pragma once

#include <string>

namespace esisim::json {

std::string format_python_float_repr(double value);
std::string format_go_json_float(double value);

}  // namespace esisim::json
