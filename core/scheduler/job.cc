#include "core/scheduler/job.h"

#include <array>
#include <charconv>

#include "core/json/py27_dict.h"
#include "core/json/python_json.h"
#include "core/json/text_buffer.h"

namespace esisim::scheduler {

using nlohmann::ordered_json;

namespace {

json::PythonJsonOptions sorted_options() {
  json::PythonJsonOptions options;
  options.sort_keys = true;
  return options;
}

json::PythonJsonOptions py27_options() {
  json::PythonJsonOptions options;
  options.py27_order = true;
  return options;
}

// Depths of the texts inside the documents they are pasted into (the writer's nesting limit
// counts from the document): the body in [handler, job, 0] and in a sorted job; a param's
// value in [handler, {"params": [{...}]}, 0] and in a sorted job.
constexpr size_t kPy27InputDepth = 2;
constexpr size_t kSortedInputDepth = 1;
constexpr size_t kPy27ParamValueDepth = 4;
constexpr size_t kSortedParamValueDepth = 3;

// Texts are composed in per-thread buffers that keep their capacity, then copied out at their
// exact size: one allocation per text. Slots tell apart the users that can be active at once.
enum class Scratch { kParams, kBody, kValue, kName, kCount };

json::TextBuffer& scratch(Scratch slot) {
  thread_local std::array<json::TextBuffer, static_cast<size_t>(Scratch::kCount)> buffers;
  json::TextBuffer& buffer = buffers[static_cast<size_t>(slot)];
  buffer.clear();
  return buffer;
}

Result<std::string> dumps_text(json::JsonRef value, json::PythonJsonOptions options, size_t depth) {
  json::TextBuffer& out = scratch(Scratch::kBody);
  if (auto status = json::write_python_json(value, options, out, depth); !status) {
    return status.error();
  }
  return out.str();
}

void append_int(int64_t number, json::TextBuffer& out) {
  char* digits = out.reserve(24);
  out.commit(std::to_chars(digits, digits + 24, number).ptr);
}

void append_bool(bool value, json::TextBuffer& out) {
  out.append(value ? std::string_view("true") : std::string_view("false"));
}

void append_string(std::string_view text, json::TextBuffer& out) {
  json::write_python_json_string(text, out);
}

// The job's job_name() as a string literal, composed without an allocation.
void append_job_name(const Job& job, json::TextBuffer& out) {
  json::TextBuffer& name = scratch(Scratch::kName);
  name.append(job.resource_type);
  name.append(':');
  name.append(job.resource_id);
  name.append(':');
  append_int(job.version, name);
  append_string(name.view(), out);
}

void append_string_list(const std::vector<std::string>& list, json::TextBuffer& out) {
  out.append('[');
  for (size_t k = 0; k < list.size(); ++k) {
    if (k > 0) out.append(", ");
    append_string(list[k], out);
  }
  out.append(']');
}

// One param as domain::Param::to_json() gives it, written either as /jobs/all does (keys param,
// type, value, resources; a "value"-type value in Python 2.7 dict order) or sorted.
Status<> append_param(const domain::Param& param, bool sorted, json::TextBuffer& out) {
  out.append("{\"param\": ");
  append_string(param.param, out);
  auto append_resources = [&] {
    out.append(sorted ? std::string_view("\"resources\": [")
                      : std::string_view(", \"resources\": ["));
    for (size_t k = 0; k < param.resources.size(); ++k) {
      const domain::ResourceRef& ref = param.resources[k];
      if (k > 0) out.append(", ");
      if (sorted) {
        out.append("{\"resource_id\": ");
        append_string(ref.resource_id, out);
        out.append(", \"resource_type\": ");
        append_string(ref.resource_type, out);
      } else {
        out.append("{\"resource_type\": ");
        append_string(ref.resource_type, out);
        out.append(", \"resource_id\": ");
        append_string(ref.resource_id, out);
      }
      out.append('}');
    }
    out.append(']');
  };
  if (sorted) {
    out.append(", ");
    append_resources();
  }
  out.append(", \"type\": ");
  append_string(domain::param_type_name(param.type), out);
  out.append(", \"value\": ");
  json::PythonJsonOptions options;
  options.sort_keys = sorted;
  options.py27_order = param.type == domain::ParamType::kValue;
  const size_t depth = sorted ? kSortedParamValueDepth : kPy27ParamValueDepth;
  if (auto status = json::write_python_json(param.value, options, out, depth); !status) {
    return status;
  }
  if (!sorted) append_resources();
  out.append('}');
  return Unit{};
}

Result<std::string> params_text(const std::vector<domain::Param>& params, bool sorted) {
  json::TextBuffer& out = scratch(Scratch::kParams);
  out.append('[');
  for (size_t k = 0; k < params.size(); ++k) {
    if (k > 0) out.append(", ");
    if (auto status = append_param(params[k], sorted, out); !status) return status.error();
  }
  out.append(']');
  return out.str();
}

// json.dumps(job_json(job, stored), sort_keys=True), appended to `out`.
Status<> write_sorted_job_text(const Job& job, bool stored, json::TextBuffer& out) {
  const Result<std::string>& input = job.resource_input.sorted_text();
  if (!input.ok()) return input.error();
  const Result<std::string>& params = job.params.sorted_text();
  if (!params.ok()) return params.error();
  out.append("{\"action\": ");
  append_string(job.action, out);
  if (stored) {
    out.append(", \"dependency\": ");
    append_string_list(job.dependency, out);
  }
  out.append(", \"handler\": ");
  append_string(job.handler, out);
  if (stored) {
    out.append(", \"id\": ");
    append_string(job.id, out);
  }
  out.append(", \"is_first\": ");
  append_bool(job.is_first, out);
  out.append(", \"is_last\": ");
  append_bool(job.is_last, out);
  out.append(", \"job_name\": ");
  append_job_name(job, out);
  out.append(", \"on_failure\": ");
  append_string(job.on_failure, out);
  out.append(", \"params\": ");
  out.append(params.value());
  out.append(", \"resource_id\": ");
  append_string(job.resource_id, out);
  out.append(", \"resource_input\": ");
  out.append(input.value());
  out.append(", \"resource_type\": ");
  append_string(job.resource_type, out);
  out.append(", \"version\": ");
  append_int(job.version, out);
  out.append('}');
  return Unit{};
}

// Dict-valued param values are Python dicts built from sorted JSON: CPython 2.7 order.
ordered_json params_in_writer_order(const ordered_json& params) {
  ordered_json out = ordered_json::array();
  for (const auto& param : params) {
    ordered_json p = param;
    if (p.contains("type") && p["type"] == "value" && p.contains("value")) {
      p["value"] = json::py27_reorder_recursive(p["value"]);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

ResourceInput::ResourceInput() {
  static const std::shared_ptr<const Body> kEmpty =
      std::make_shared<const Body>(Body{json::JsonDoc::from_json(ordered_json::object()), {}});
  body_ = kEmpty;
}

ResourceInput::ResourceInput(json::JsonDoc body)
    : body_(std::make_shared<const Body>(Body{std::move(body), {}})),
      texts_(std::make_shared<Texts>()) {}

ResourceInput ResourceInput::body_only() const {
  ResourceInput out;
  out.body_ = body_;
  return out;
}

ResourceInput::Texts& ResourceInput::texts() const {
  if (!texts_) texts_ = std::make_shared<Texts>();
  return *texts_;
}

const ordered_json& ResourceInput::json() const {
  if (!body_->tree) body_->tree = ref().to_json();
  return *body_->tree;
}

const Result<std::string>& ResourceInput::sorted_text() const {
  Texts& cache = texts();
  if (!cache.sorted) cache.sorted = dumps_text(ref(), sorted_options(), kSortedInputDepth);
  return *cache.sorted;
}

const Result<std::string>& ResourceInput::py27_text() const {
  Texts& cache = texts();
  if (!cache.py27) cache.py27 = dumps_text(ref(), py27_options(), kPy27InputDepth);
  return *cache.py27;
}

const ordered_json& JobParams::json() const {
  if (!json_) json_ = domain::params_to_json(params_);
  return *json_;
}

const Result<std::string>& JobParams::py27_text() const {
  if (!py27_) py27_ = params_text(params_, false);
  return *py27_;
}

const Result<std::string>& JobParams::sorted_text() const {
  if (!sorted_) sorted_ = params_text(params_, true);
  return *sorted_;
}

std::string Job::job_name() const {
  return resource_type + ":" + resource_id + ":" + std::to_string(version);
}

std::string Job::make_id(std::string_view suffix) const {
  char digits[24];
  const std::string_view number(
      digits, std::to_chars(digits, digits + sizeof digits, version).ptr - digits);
  std::string id;
  id.reserve(action.size() + handler.size() + resource_type.size() + resource_id.size() +
             number.size() + suffix.size() + 5);
  for (std::string_view part :
       {std::string_view(action), std::string_view(handler), std::string_view(resource_type),
        std::string_view(resource_id), number}) {
    id.append(part);
    id += ':';
  }
  id.append(suffix);
  return id;
}

bool valid_job_suffix(std::string_view suffix) {
  if (suffix.size() != kJobSuffixLength) return false;
  for (char c : suffix) {
    if (kJobSuffixAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

ordered_json job_json(const Job& job, bool stored) {
  ordered_json out;
  out["is_first"] = job.is_first;
  out["version"] = job.version;
  out["resource_id"] = job.resource_id;
  out["resource_input"] = json::py27_reorder_recursive(job.resource_input.json());
  out["on_failure"] = job.on_failure;
  if (stored) {
    out["id"] = job.id;
    out["dependency"] = job.dependency;
  }
  out["handler"] = job.handler;
  out["params"] = params_in_writer_order(job.params.json());
  out["action"] = job.action;
  out["is_last"] = job.is_last;
  out["job_name"] = job.job_name();
  out["resource_type"] = job.resource_type;
  return out;
}

Result<std::string> jobs_all_value(const Job& job) {
  // json.dumps([handler, job_json(job, true), 0]), member by member in job_json's order.
  const Result<std::string>& input = job.resource_input.py27_text();
  if (!input.ok()) return input.error();
  const Result<std::string>& params = job.params.py27_text();
  if (!params.ok()) return params.error();
  json::TextBuffer& out = scratch(Scratch::kValue);
  out.append('[');
  append_string(job.handler, out);
  out.append(", {\"is_first\": ");
  append_bool(job.is_first, out);
  out.append(", \"version\": ");
  append_int(job.version, out);
  out.append(", \"resource_id\": ");
  append_string(job.resource_id, out);
  out.append(", \"resource_input\": ");
  out.append(input.value());
  out.append(", \"on_failure\": ");
  append_string(job.on_failure, out);
  out.append(", \"id\": ");
  append_string(job.id, out);
  out.append(", \"dependency\": ");
  append_string_list(job.dependency, out);
  out.append(", \"handler\": ");
  append_string(job.handler, out);
  out.append(", \"params\": ");
  out.append(params.value());
  out.append(", \"action\": ");
  append_string(job.action, out);
  out.append(", \"is_last\": ");
  append_bool(job.is_last, out);
  out.append(", \"job_name\": ");
  append_job_name(job, out);
  out.append(", \"resource_type\": ");
  append_string(job.resource_type, out);
  out.append("}, 0]");
  return out.str();
}

Result<std::string> workflow_record_value(std::string_view action,
                                          const std::vector<const Job*>& dependencies,
                                          const std::vector<Job>& jobs) {
  // json.dumps(sort_keys=True) of {"action", "dependencies", "jobs"}, written member by member
  // (the keys are already in sorted order) so each dependency's text is built once.
  for (const Job* dep : dependencies) {
    if (!dep->stored_sorted_json.empty()) continue;
    json::TextBuffer& text = scratch(Scratch::kValue);
    if (auto status = write_sorted_job_text(*dep, true, text); !status) return status.error();
    dep->stored_sorted_json = text.str();
  }
  // The new jobs' texts are composed first; the record is then put together in one string of
  // its exact size (the dependencies' texts, often most of it, copied once).
  json::TextBuffer& job_texts = scratch(Scratch::kValue);
  for (size_t k = 0; k < jobs.size(); ++k) {
    if (k > 0) job_texts.append(", ");
    if (auto status = write_sorted_job_text(jobs[k], false, job_texts); !status) {
      return status.error();
    }
  }
  json::TextBuffer& action_text = scratch(Scratch::kName);
  append_string(action, action_text);
  constexpr std::string_view kHead = "{\"action\": ";
  constexpr std::string_view kDependencies = ", \"dependencies\": [";
  constexpr std::string_view kJobs = "], \"jobs\": [";
  constexpr std::string_view kTail = "]}";
  size_t size = kHead.size() + action_text.size() + kDependencies.size() + kJobs.size() +
                job_texts.size() + kTail.size();
  for (const Job* dep : dependencies) size += dep->stored_sorted_json.size() + 2;
  std::string out;
  out.reserve(size);
  out.append(kHead);
  out.append(action_text.view());
  out.append(kDependencies);
  for (size_t k = 0; k < dependencies.size(); ++k) {
    if (k > 0) out.append(", ");
    out.append(dependencies[k]->stored_sorted_json);
  }
  out.append(kJobs);
  out.append(job_texts.view());
  out.append(kTail);
  return out;
}

}  // namespace esisim::scheduler
