// Result<T>: a value or an error, never both. Errors are values, not exceptions.
//
// Contract: `ok()` says which side is set; `value()` on an error and `error()` on a value
// are programming errors and abort through assert. `Error` carries a code that callers may
// switch on and a message written for the user ("file:line:col: expected ...").
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace esisim {

// A generic error: `code` is domain-specific (etcd error codes in core/etcd, 2 for bad input
// in the command line tools), `message` says what was expected and where.
struct Error {
  int code = 0;
  std::string message;
};

template <typename T, typename E = Error>
class Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
  Result(E error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT implicit

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  const E& error() const {
    assert(!ok());
    return std::get<1>(data_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, E> data_;
};

// Result of an operation that produces no value.
struct Unit {};
template <typename E = Error>
using Status = Result<Unit, E>;

}  // namespace esisim
