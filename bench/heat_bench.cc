// Loading rendered HOT templates, wall clock: the fast YAML subset reader against yaml-cpp.
//
// Contract: the HEAD `port` template (fixtures/esi/heat_templates/port.json) is rendered once
// with two fixed IPs, an owner and `attached` (the largest variant, with its monitoring
// target), outside the timing. Timed per iteration:
// * BM_LoadHotYaml/0: load_hot_yaml (the fast reader takes the text);
// * BM_LoadHotYaml/1: load_hot_yaml_reference (yaml-cpp and the tree builder, as before);
// * BM_ParseHot: parse_hot of the same text (YAML + the HOT structure and checks).
// Counters: bytes_per_second of rendered text. A benchmark reports an error (SkipWithError)
// when the fixture cannot be read or rendered, the fast reader does not take the text, or a
// load fails.
// Fixtures: $ESISIM_FIXTURES_DIR, else the source tree's fixtures/.
//
//   taskset -c 1 build-rel/bin/heat_bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "core/heat/hot_template.h"
#include "core/heat/hot_yaml.h"
#include "core/heat/hot_yaml_fast.h"
#include "core/heat/jinja.h"

namespace {

using nlohmann::ordered_json;

std::string port_template_path() {
  const char* dir = std::getenv("ESISIM_FIXTURES_DIR");  // else the source tree's fixtures/
  return std::string(dir != nullptr ? dir : ESISIM_FIXTURES_DIR) + "/esi/heat_templates/port.json";
}

// The rendered text, or what went wrong.
esisim::Result<std::string> render_port() {
  std::ifstream in(port_template_path(), std::ios::binary);
  std::ostringstream raw;
  raw << in.rdbuf();
  const ordered_json record = ordered_json::parse(raw.str(), nullptr, false);
  if (!in || record.is_discarded()) return esisim::Error{2, "cannot read " + port_template_path()};
  const ordered_json variables = {
      {"jinja_fixed_ips",
       {{{"ip_address", "10.0.0.2"}, {"subnet_id", "0b5c1f4e-5d6a-4c35-9f0e-3b1f6a7c2d10"}},
        {{"ip_address", "10.0.1.2"}, {"subnet_id", "7d2e9a31-2c4b-4f8e-a6d1-90c3b5e4f721"}}}},
      {"jinja_subnets", {"subnet-a", "subnet-b"}},
      {"jinja_device_owner", "compute:nova"},
      {"jinja_attached", true}};
  auto text = esisim::heat::render_jinja(
      "port", record["value"]["body"]["template_file"].get<std::string>(), variables);
  if (!text.ok()) return text.error();
  if (!esisim::heat::load_hot_yaml_fast(*text, {})) {
    return esisim::Error{2, "the fast reader gives up on the rendered port template"};
  }
  return text;
}

const esisim::Result<std::string>& rendered_port() {
  static const esisim::Result<std::string> kText = render_port();
  return kText;
}

void BM_LoadHotYaml(benchmark::State& state) {
  if (!rendered_port().ok()) return state.SkipWithError(rendered_port().error().message.c_str());
  const std::string& text = rendered_port().value();
  const bool reference = state.range(0) == 1;
  for (auto _ : state) {
    auto tree = reference ? esisim::heat::load_hot_yaml_reference("port", text, {})
                          : esisim::heat::load_hot_yaml("port", text, {});
    if (!tree.ok()) {
      state.SkipWithError(tree.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(tree);
  }
  state.SetLabel(reference ? "yaml-cpp" : "fast");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LoadHotYaml)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_ParseHot(benchmark::State& state) {
  if (!rendered_port().ok()) return state.SkipWithError(rendered_port().error().message.c_str());
  const std::string& text = rendered_port().value();
  for (auto _ : state) {
    auto hot = esisim::heat::parse_hot("port", text);
    if (!hot.ok()) {
      state.SkipWithError(hot.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(hot);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseHot)->Unit(benchmark::kMicrosecond);

}  // namespace
