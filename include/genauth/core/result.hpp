#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The outcome of every fallible SDK operation: a boost::system::result that may not be
/// dropped unread (`[[nodiscard]]`: `genauth::management::import_otp(client, {});` warns). `.value()` throws
/// api_exception on error; `has_value()`, `operator*` and `.error()` never throw.
template <class T>
class [[nodiscard]] result : public boost::system::result<T, error> {
 public:
  using boost::system::result<T, error>::result;
  /// @{
  /// From the Boost result it is.
  result(boost::system::result<T, error> const& r) : boost::system::result<T, error>(r) {}  // NOLINT: implicit by design
  result(boost::system::result<T, error>&& r) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT
      : boost::system::result<T, error>(std::move(r)) {}
  /// @}
};

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
