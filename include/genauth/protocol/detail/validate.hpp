#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/detail/js_value.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <algorithm>
#include <string>
#include <string_view>

// What is checked of a request beyond its members, which the writer checks as it encodes them
// (member_check).

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The request body, a large member's bytes not counted, fits max_body_size.
inline maybe_error check_body_size(std::string_view body, member_check const& check) {
  std::size_t const counted = body.size() - (std::min)(body.size(), check.large_bytes);
  if (counted > check.limits.max_body_size)
    return make_error(errc::value_too_large, "request body of " + std::to_string(counted) +
                                                 " bytes exceeds the limit of " +
                                                 std::to_string(check.limits.max_body_size));
  return std::nullopt;
}

/// The endpoint's own checks (its `validate()`), once its members passed theirs.
template <endpoint R>
maybe_error validate_request(R const& request) {
  if constexpr (requires { request.validate(); }) return request.validate();
  return std::nullopt;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
