#include "core/etcd/event.h"

#include <array>
#include <utility>

namespace esisim::etcd {

namespace {
constexpr std::array<std::pair<Action, std::string_view>, 8> kActionNames = {{
    {Action::kGet, "get"},
    {Action::kSet, "set"},
    {Action::kCreate, "create"},
    {Action::kUpdate, "update"},
    {Action::kCompareAndSwap, "compareAndSwap"},
    {Action::kCompareAndDelete, "compareAndDelete"},
    {Action::kDelete, "delete"},
    {Action::kExpire, "expire"},
}};
}  // namespace

std::string_view action_name(Action action) {
  for (const auto& [a, name] : kActionNames) {
    if (a == action) return name;
  }
  return "unknown";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& [a, n] : kActionNames) {
    if (n == name) return a;
  }
  return std::nullopt;
}

}  // namespace esisim::etcd
