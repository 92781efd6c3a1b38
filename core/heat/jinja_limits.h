// Limits of one Jinja2 parse or render; each error that a limit causes names the limit.
//
// Contract: plain data. `output_bytes_max` bounds the rendered text and every string built
// while rendering; `loop_iterations_max` bounds the for-loop iterations of one render (all
// loops together) and the length of every list built while rendering; `nesting_depth_max`
// bounds the nesting of blocks and expressions in the source and of values.
#pragma once

#include <cstddef>

namespace esisim::heat {

struct JinjaLimits {
  std::size_t output_bytes_max = 8u << 20;
  std::size_t loop_iterations_max = 1'000'000;
  std::size_t nesting_depth_max = 64;
};

}  // namespace esisim::heat
