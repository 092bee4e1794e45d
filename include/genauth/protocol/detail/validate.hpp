#pragma once

#include <genauth/config.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/header.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <variant>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// What checking a request's members measures along the way.
struct member_check {
  request_limits const& limits;
  std::size_t large_bytes = 0;  ///< bytes of large members (a photo), not counted against the body limit
};

template <class M>
maybe_error check_member(M const& member, std::string_view key, member_check& check, bool large);

/// Checks every member of a request, at any depth: a non-optional string is required and must
/// not be empty; a string fits its size limit; an enum holds one of its enumerators. The error
/// names the JSON path.
template <class T>
maybe_error check_members(T const& v, member_check& check, bool large = false) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::string) {
    std::size_t const limit = large ? check.limits.max_photo_size : check.limits.max_value_size;
    if (v.size() > limit)
      return make_error(errc::value_too_large, "value of " + std::to_string(v.size()) + " bytes exceeds the limit of " +
                                                   std::to_string(limit));
    if (large) check.large_bytes += v.size();
  } else if constexpr (kind == member_kind::closed_enum) {
    if (to_wire(v).empty()) return make_error(errc::invalid_enum_value, "not one of the enum's values");
  } else if constexpr (kind == member_kind::sequence) {
    for (std::size_t i = 0; i < v.size(); ++i)
      if (auto e = check_members(v[i], check, large)) return at_index(std::move(*e), i);
  } else if constexpr (kind == member_kind::optional) {
    if (v) return check_members(*v, check, large);
  } else if constexpr (kind == member_kind::variant) {
    return std::visit([&](auto const& held) { return check_members(held, check, large); }, v);
  } else if constexpr (kind == member_kind::object) {
    maybe_error failure;
    boost::mp11::mp_for_each<members_of<T>>([&](auto d) {
      if (!failure) failure = check_member(v.*d.pointer, json_key_v<decltype(d)>, check, large_member_v<decltype(d)>);
    });
    return failure;
  }
  return std::nullopt;
}

/// check_members for member `key` of a described struct. One instantiation per member type.
template <class M>
maybe_error check_member(M const& member, std::string_view key, member_check& check, bool large) {
  if constexpr (kind_v<M> == member_kind::string)
    if (member.empty()) return at_key(make_error(errc::empty_argument, "required value is empty"), key);
  if (auto e = check_members(member, check, large)) return at_key(std::move(*e), key);
  return std::nullopt;
}

/// The request body, a large member's bytes not counted, fits max_body_size.
inline maybe_error check_body_size(std::string_view body, member_check const& check) {
  std::size_t const counted = body.size() - (std::min)(body.size(), check.large_bytes);
  if (counted > check.limits.max_body_size)
    return make_error(errc::value_too_large, "request body of " + std::to_string(counted) +
                                                 " bytes exceeds the limit of " +
                                                 std::to_string(check.limits.max_body_size));
  return std::nullopt;
}

/// Everything checked about a request before it is encoded.
template <endpoint R>
maybe_error validate_request(R const& request, member_check& check) {
  if (auto e = check_members(request, check)) return e;
  if constexpr (requires { request.validate(); }) return request.validate();
  return std::nullopt;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
