#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/validate.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/envelope.hpp>

#include <concepts>
#include <optional>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// How a POST carries its parameters.
enum class body_format {
  json,  ///< a JSON object (the default)
  form,  ///< application/x-www-form-urlencoded
  none,  ///< no body at all
};

/// The API an endpoint belongs to: management (signed with the access key) or authentication
/// (sent with an end user's token). A request names it as `using api = management_api;`.
struct management_api {};
struct authentication_api {};

/// A request struct is an endpoint: its described members are the parameters (query for GET,
/// body for POST), and static members say where it goes and what comes back:
///   using api = management_api;            // or authentication_api
///   static constexpr http_method method;
///   static constexpr std::string_view path;
///   using response_type = ...;             // void when the answer carries no data
/// Optional members:
///   static constexpr bool idempotent;      // true: safe to send again after a failure; false when absent
///   static constexpr body_format format;   // POST body, json when absent
///   static constexpr bool enveloped;       // false for a bare JSON answer, true when absent
///   std::optional<error> validate() const;  // checks beyond "required strings are not empty"
///   static std::optional<response_type> recover(error const&);  // an api error that is an answer
template <class R>
concept endpoint = detail::described<R> && requires {
  typename R::api;
  { R::method } -> std::convertible_to<http_method>;
  { R::path } -> std::convertible_to<std::string_view>;
  typename R::response_type;
};

/// Whether sending R twice has the effect of sending it once.
template <endpoint R>
inline constexpr bool is_idempotent_v = [] {
  if constexpr (requires { R::idempotent; })
    return bool(R::idempotent);
  else
    return false;
}();

namespace detail {

/// A readable compile error when an endpoint is sent through the other API's client or build.
template <class Api, endpoint R>
constexpr bool belongs_to() {
  if constexpr (std::same_as<Api, management_api>)
    static_assert(std::same_as<typename R::api, management_api>,
                  "genauth: this is not a management endpoint; send an authentication endpoint "
                  "through authentication_client or build(authentication_options, request)");
  else
    static_assert(std::same_as<typename R::api, authentication_api>,
                  "genauth: this is not an authentication endpoint; send a management endpoint "
                  "through management_client or build(management_options, request)");
  return true;
}

/// The response headers an error keeps: those a caller may act on or quote to support. Of a
/// repeated header the first counts, as in http_headers::find.
inline void keep_response_headers(http_headers const& from, http_headers& to) {
  for (auto const& h : from)
    for (std::string_view name : {"retry-after", "date", "content-type", "x-request-id", "request-id"})
      if (iequals(h.name, name) && !to.contains(name)) to.set(h.name, h.value);
}

template <endpoint R>
constexpr body_format format_of() {
  if constexpr (requires { R::format; })
    return R::format;
  else
    return body_format::json;
}

template <endpoint R>
constexpr bool enveloped() {
  if constexpr (requires { R::enveloped; })
    return R::enveloped;
  else
    return true;
}

/// Everything checked about a request before it is encoded.
template <endpoint R>
maybe_error validate_request(R const& request, member_check& check) {
  if (auto e = check_members(request, check)) return e;
  if constexpr (requires { request.validate(); }) return request.validate();
  return std::nullopt;
}

}  // namespace detail

/// Reads the response of endpoint R into its typed result.
template <endpoint R>
[[nodiscard]] result<typename R::response_type> parse(http_response const& response,
                                                      response_limits const& limits = {}) {
  using T = typename R::response_type;
  result<T> out = [&] {
    if constexpr (detail::enveloped<R>())
      return parse_enveloped<T>(response, limits);
    else
      return parse_bare<T>(response, limits);
  }();
  if constexpr (requires(error const& e) { R::recover(e); }) {
    if (!out)
      if (auto recovered = R::recover(out.error())) return std::move(*recovered);
  }
  if (out) return out;
  error e = out.error();
  detail::keep_response_headers(response.headers, e.headers);
  return e;
}

GENAUTH_NAMESPACE_END
