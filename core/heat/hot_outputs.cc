#include "core/heat/hot_outputs.h"

#include "core/json/py27_dict.h"
#include "core/json/python_json.h"

namespace esisim::heat {

namespace {
constexpr int kTemplateDictRebuilds = 3;
}  // namespace

std::vector<std::string> heat_dict_order(const std::vector<std::string>& names) {
  std::vector<std::string> order = names;
  for (int i = 0; i < kTemplateDictRebuilds; ++i) order = json::py27_dict_order(order);
  return order;
}

nlohmann::ordered_json sorted_py27_order(const nlohmann::ordered_json& value) {
  // nlohmann::json keeps object keys sorted (byte order = code point order, as Python sorts).
  const nlohmann::ordered_json sorted = nlohmann::json(value);
  return json::py27_reorder_recursive(sorted);
}

nlohmann::ordered_json outputs_to_json(const std::vector<StackOutput>& outputs) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& output : outputs) {
    nlohmann::ordered_json entry = nlohmann::ordered_json::object();
    entry["description"] = output.description;
    if (output.error) entry["output_error"] = *output.error;
    entry["output_key"] = output.key;
    entry["output_value"] = output.error ? nlohmann::ordered_json(nullptr) : output.value;
    list.push_back(sorted_py27_order(entry));
  }
  return list;
}

Result<std::string> outputs_to_python_json(const std::vector<StackOutput>& outputs) {
  return json::python_json_dumps(outputs_to_json(outputs));
}

}  // namespace esisim::heat
