#include "sim/etcd_http/etcd_answer.h"

#include <nlohmann/json.hpp>

#include "core/util/time_format.h"

namespace esisim::etcd_http {
namespace {

using nlohmann::json;

std::string_view client_message(int code) {
  switch (code) {
    case kEtcdTransportError:
      return "Transport error";
    case kEtcdBadAnswer:
      return "Bad answer from etcd";
    case kEtcdWaitTimeout:
      return "Wait timed out";
    case kEtcdUnsupported:
      return "Not supported by the HTTP client";
    default:
      return "Unknown client error";
  }
}

// Reads an optional member; false when present with the wrong type.
bool read_string(const json& object, const char* name, std::optional<std::string>& out) {
  auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_string()) return false;
  out = it->get_ref<const std::string&>();
  return true;
}

bool read_uint(const json& object, const char* name, uint64_t& out) {
  auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_number_unsigned()) return false;
  out = it->get<uint64_t>();
  return true;
}

bool read_int(const json& object, const char* name, int64_t& out) {
  auto it = object.find(name);
  if (it == object.end()) return true;
  if (!it->is_number_integer()) return false;
  out = it->get<int64_t>();
  return true;
}

// Fills `node` from etcd's NodeExtern; returns what is wrong, empty when fine.
std::string read_node(const json& object, int depth, etcd::NodeView& node) {
  if (depth > kNodeDepthMax) {
    return "nodes nested deeper than kNodeDepthMax (" + std::to_string(kNodeDepthMax) + ")";
  }
  if (!object.is_object()) return "a node is not an object";
  std::optional<std::string> key;
  std::optional<std::string> expiration;
  if (!read_string(object, "key", key)) return "\"key\" is not a string";
  node.key = key.value_or("");
  std::optional<std::string> value;
  if (!read_string(object, "value", value)) return "\"value\" of " + node.key;
  if (value) node.value = std::string_view(*value);
  if (auto dir = object.find("dir"); dir != object.end()) {
    if (!dir->is_boolean()) return "\"dir\" of " + node.key;
    node.dir = dir->get<bool>();
  }
  if (!read_string(object, "expiration", expiration)) return "\"expiration\" of " + node.key;
  if (expiration) {
    auto ms = parse_time(*expiration);
    if (!ms.ok()) return "\"expiration\" of " + node.key + ": " + ms.error().message;
    node.expiration_ms = *ms;
  }
  if (!read_int(object, "ttl", node.ttl_s)) return "\"ttl\" of " + node.key;
  if (!read_uint(object, "modifiedIndex", node.modified_index)) {
    return "\"modifiedIndex\" of " + node.key;
  }
  if (!read_uint(object, "createdIndex", node.created_index)) {
    return "\"createdIndex\" of " + node.key;
  }
  if (auto nodes = object.find("nodes"); nodes != object.end()) {
    if (!nodes->is_array()) return "\"nodes\" of " + node.key;
    for (const json& child : *nodes) {
      etcd::NodeView child_view;
      std::string problem = read_node(child, depth + 1, child_view);
      if (!problem.empty()) return problem;
      node.nodes.push_back(std::move(child_view));
    }
  }
  return "";
}

etcd::EtcdError bad_answer(long status, std::string_view problem, std::string_view body) {
  std::string quoted(body.substr(0, kBodyQuoteMax));
  if (body.size() > kBodyQuoteMax) quoted += "...";
  return client_error(kEtcdBadAnswer, "HTTP " + std::to_string(status) + ": " +
                                          std::string(problem) + " in " + quoted);
}

etcd::EtcdResult read_error(long status, const json& answer, std::string_view body) {
  etcd::EtcdError error;
  auto code = answer.find("errorCode");
  if (code == answer.end() || !code->is_number_integer()) {
    return bad_answer(status, "no integer \"errorCode\"", body);
  }
  error.code = code->get<int>();
  std::optional<std::string> message;
  std::optional<std::string> cause;
  if (!read_string(answer, "message", message) || !read_string(answer, "cause", cause) ||
      !read_uint(answer, "index", error.index)) {
    return bad_answer(status, "mistyped error fields", body);
  }
  error.message = message.value_or("");
  error.cause = cause.value_or("");
  return error;
}

}  // namespace

etcd::EtcdError client_error(int code, std::string cause) {
  return etcd::EtcdError{code, std::string(client_message(code)), std::move(cause), 0};
}

etcd::EtcdResult parse_keys_answer(long status, std::string_view body,
                                   std::optional<uint64_t> etcd_index) {
  json answer = json::parse(body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) return bad_answer(status, "not JSON", body);
  if (status < 200 || status >= 300) return read_error(status, answer, body);
  auto action_it = answer.find("action");
  if (action_it == answer.end() || !action_it->is_string()) {
    return bad_answer(status, "no \"action\"", body);
  }
  auto action = etcd::parse_action(action_it->get_ref<const std::string&>());
  if (!action) return bad_answer(status, "unknown action", body);
  etcd::Event event;
  event.action = *action;
  event.etcd_index = etcd_index.value_or(0);
  auto node = answer.find("node");
  if (node == answer.end()) return bad_answer(status, "no \"node\"", body);
  std::string problem = read_node(*node, 0, event.node);
  if (problem.empty()) {
    if (auto prev = answer.find("prevNode"); prev != answer.end()) {
      event.prev_node.emplace();
      problem = read_node(*prev, 0, *event.prev_node);
    }
  }
  if (!problem.empty()) return bad_answer(status, problem, body);
  return event;
}

}  // namespace esisim::etcd_http
