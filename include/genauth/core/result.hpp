#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The outcome of every fallible SDK operation. `.value()` throws api_exception on error;
/// `has_value()`, `operator*` and `.error()` never throw.
template <class T>
using result = boost::system::result<T, error>;

namespace detail {

/// For checks that either pass or fail; the error is only built on failure.
using maybe_error = std::optional<error>;

inline error make_error(errc code, std::string message, std::string json_path = {}) {
  error e;
  e.code = code;
  e.message = std::move(message);
  e.json_path = std::move(json_path);
  return e;
}

}  // namespace detail

GENAUTH_NAMESPACE_END
