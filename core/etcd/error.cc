#include "core/etcd/error.h"

namespace esisim::etcd {

std::string_view error_message(int code) {
  switch (code) {
    case 100:
      return "Key not found";
    case 101:
      return "Compare failed";
    case 102:
      return "Not a file";
    case 103:
      return "Reached the max number of peers in the cluster";
    case 104:
      return "Not a directory";
    case 105:
      return "Key already exists";
    case 106:
      return "The prefix of given key is a keyword in etcd";
    case 107:
      return "Root is read only";
    case 108:
      return "Directory not empty";
    case 110:
      return "The request requires user authentication";
    case 200:
      return "Value is Required in POST form";
    case 201:
      return "PrevValue is Required in POST form";
    case 202:
      return "The given TTL in POST form is not a number";
    case 203:
      return "The given index in POST form is not a number";
    case 209:
      return "Invalid field";
    case 210:
      return "Invalid POST form";
    case 211:
      return "Value provided on refresh";
    case 212:
      return "A TTL must be provided on refresh";
    case 300:
      return "Raft Internal Error";
    case 301:
      return "During Leader Election";
    case 400:
      return "watcher is cleared due to etcd recovery";
    case 401:
      return "The event in requested index is outdated and cleared";
    case 900:
      return "Model limit reached";
    default:
      return "Unknown error";
  }
}

EtcdError make_error(int code, std::string cause, uint64_t index) {
  return EtcdError{code, std::string(error_message(code)), std::move(cause), index};
}

std::string EtcdError::to_string() const {
  return std::to_string(code) + ": " + message + " (" + cause + ") [" + std::to_string(index) + "]";
}

}  // namespace esisim::etcd
