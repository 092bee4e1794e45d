#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/detail/traits.hpp>

#include <concepts>
#include <type_traits>
#include <optional>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// How a POST carries its parameters.
enum class body_format {
  json,  ///< a JSON object (the default)
  form,  ///< application/x-www-form-urlencoded
  none,  ///< no body at all
};

/// What an authentication endpoint is sent with.
enum class credential {
  user_token,              ///< the user's access token, raw, in `authorization` (the V3 API)
  /// user_token, but HTTP Basic with the application's id and secret when
  /// options.token_endpoint_auth_method is client_secret_basic (mobile and QR-code sign-in)
  user_token_or_basic,
  bearer_token,            ///< the user's access token as an OAuth bearer: `authorization: Bearer ...`
  token_endpoint,          ///< the application's own credentials, as options.token_endpoint_auth_method says
  introspection_endpoint,  ///< the same, as options.introspection_endpoint_auth_method says
  revocation_endpoint,     ///< the same, as options.revocation_endpoint_auth_method says
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
///   static constexpr credential credentials;  // authentication API: user_token when absent
///   static constexpr std::string_view grant_type;  // OAuth token endpoint: sent before the members
///   static result<response_type> read_text(std::string_view body);  // an answer that is not JSON
/// A path may name a member as `{key}` (its wire key): the member's value goes there,
/// percent-encoded, and nowhere else; an authentication path's `{appId}` is the options' app id.
///   std::optional<error> validate() const;  // checks beyond "required strings are not empty"
///   static std::optional<response_type> recover(error const&);  // an api error that is an answer
/// A static member of one of these names but of another type does not compile; a request member
/// of one of these names (a field `format`) is a parameter like any other.
template <class R>
concept endpoint = detail::described<R> && requires {
  typename R::api;
  { R::method } -> std::convertible_to<http_method>;
  { R::path } -> std::convertible_to<std::string_view>;
  typename R::response_type;
};

// Whether R declares a static member `name`: a field of the request named so (`format`) is no
// such declaration. Undefined at the end of this header, with the next.
#define GENAUTH_DETAIL_DECLARES(R, name) (requires { requires std::is_pointer_v<decltype(&R::name)>; })
// That the declaration has the type the endpoint concept says: a `static constexpr int idempotent`
// would otherwise be read as no declaration at all.
#define GENAUTH_DETAIL_DECLARED_AS(R, name, T)                                                  \
  static_assert(requires { { &R::name } -> std::same_as<T const*>; },                          \
                "genauth: an endpoint's `" #name "` is a `static constexpr " #T "` (see genauth::endpoint)")

/// Whether sending R twice has the effect of sending it once.
template <endpoint R>
inline constexpr bool is_idempotent_v = [] {
  if constexpr (GENAUTH_DETAIL_DECLARES(R, idempotent)) {
    GENAUTH_DETAIL_DECLARED_AS(R, idempotent, bool);
    return bool(R::idempotent);
  } else {
    return false;
  }
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

template <endpoint R>
constexpr body_format format_of() {
  if constexpr (GENAUTH_DETAIL_DECLARES(R, format)) {
    GENAUTH_DETAIL_DECLARED_AS(R, format, body_format);
    return R::format;
  } else {
    return body_format::json;
  }
}

template <endpoint R>
constexpr bool enveloped() {
  if constexpr (GENAUTH_DETAIL_DECLARES(R, enveloped)) {
    GENAUTH_DETAIL_DECLARED_AS(R, enveloped, bool);
    return R::enveloped;
  } else {
    return true;
  }
}

template <endpoint R>
constexpr credential credential_of() {
  if constexpr (GENAUTH_DETAIL_DECLARES(R, credentials)) {
    GENAUTH_DETAIL_DECLARED_AS(R, credentials, credential);
    return R::credentials;
  } else {
    return credential::user_token;
  }
}

}  // namespace detail

GENAUTH_NAMESPACE_END

#undef GENAUTH_DETAIL_DECLARES
#undef GENAUTH_DETAIL_DECLARED_AS
