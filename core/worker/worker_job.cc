#include "core/worker/worker_job.h"

namespace esisim::worker {

namespace {
Error bad(std::string what) { return Error{2, "job value: " + std::move(what)}; }
}  // namespace

Result<WorkerJob> parse_worker_job(std::string_view stored_value) {
  auto value = nlohmann::ordered_json::parse(stored_value, nullptr, false);
  if (value.is_discarded()) return bad("not JSON");
  if (!value.is_array() || value.size() != 3 || !value[0].is_string() || !value[1].is_object()) {
    return bad("expected [handler, job object, 0]");
  }
  const auto& job = value[1];
  WorkerJob out;
  auto text = [&](const char* name, std::string& into) -> bool {
    auto it = job.find(name);
    if (it == job.end() || !it->is_string()) return false;
    into = it->get<std::string>();
    return true;
  };
  if (!text("id", out.id) || !text("action", out.action) ||
      !text("resource_type", out.resource_type) || !text("resource_id", out.resource_id)) {
    return bad("expected string fields id, action, resource_type and resource_id");
  }
  out.handler = value[0].get<std::string>();
  auto version = job.find("version");
  if (version == job.end() || !version->is_number_integer()) {
    return bad("expected an integer version in job " + out.id);
  }
  out.version = version->get<int64_t>();
  out.is_first = job.value("is_first", true);
  out.is_last = job.value("is_last", true);
  text("on_failure", out.on_failure);
  if (auto p = job.find("params"); p != job.end() && p->is_array()) out.params = *p;
  if (auto r = job.find("resource_input"); r != job.end() && r->is_object()) {
    out.resource_input = *r;
    if (auto t = r->find("tenant_id"); t != r->end() && t->is_string()) {
      out.tenant_id = t->get<std::string>();
    }
  }
  return out;
}

std::string worker_state_word(std::string_view action) {
  if (action == "create") return "CREATE";
  if (action == "modify") return "MODIFY";
  if (action == "logical_delete" || action == "delete") return "DELETE";
  std::string upper(action);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

std::string stack_action_word(std::string_view action) {
  if (action == "modify") return "UPDATE";
  if (action == "logical_delete" || action == "delete") return "DELETE";
  return "CREATE";
}

}  // namespace esisim::worker
