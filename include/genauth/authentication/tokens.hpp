#pragma once

#include <genauth/authentication/pkce.hpp>
#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/engine/named_call.hpp>

#include <boost/describe/class.hpp>
#include <boost/mp11/list.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The OpenID Connect provider's token endpoints (RFC 6749, 7009, 7662; OpenID Connect Core 5.3):
// form bodies, the application's credentials as its options say, answers without the V3
// envelope and refusals as oauth_error (error.oauth_error holds `invalid_grant`, ...).

GENAUTH_NAMESPACE_BEGIN

// ------------------------------------------------------------------------------- data types

/// What the token endpoint grants. The tokens are secrets: never log them.
struct token_set {
  std::string access_token{};                ///< for the provider's APIs and yours
  std::string token_type{};                  ///< "Bearer"
  std::optional<std::int64_t> expires_in{};  ///< seconds the access token lasts
  std::optional<std::string> id_token{};     ///< who signed in (a JWT; check it with genauth::jwt)
  std::optional<std::string> refresh_token{};  ///< for a new access token; given for scope `offline_access`
  std::optional<std::string> scope{};        ///< what was granted, when it differs from what was asked
};
BOOST_DESCRIBE_STRUCT(token_set, (), (access_token, token_type, expires_in, id_token, refresh_token, scope))
GENAUTH_JSON_KEY(token_set, access_token, "access_token")
GENAUTH_JSON_KEY(token_set, token_type, "token_type")
GENAUTH_JSON_KEY(token_set, expires_in, "expires_in")
GENAUTH_JSON_KEY(token_set, id_token, "id_token")
GENAUTH_JSON_KEY(token_set, refresh_token, "refresh_token")

/// What the provider knows of a token (RFC 7662 2.2); only `active` is always there.
struct token_introspection {
  bool active = false;                      ///< whether the token is valid now
  std::optional<std::string> sub{};         ///< the user (or the client, for client credentials)
  std::optional<std::string> client_id{};   ///< the application it was issued to
  std::optional<std::string> scope{};       ///< what it grants, space-separated
  std::optional<std::string> token_type{};  ///< e.g. "Bearer"
  std::optional<std::string> iss{};         ///< who issued it
  std::optional<std::string> jti{};         ///< its id
  std::optional<std::int64_t> exp{};        ///< when it expires, seconds since the epoch
  std::optional<std::int64_t> iat{};        ///< when it was issued, seconds since the epoch
};
BOOST_DESCRIBE_STRUCT(token_introspection, (), (active, sub, client_id, scope, token_type, iss, jti, exp, iat))
GENAUTH_JSON_KEY(token_introspection, client_id, "client_id")
GENAUTH_JSON_KEY(token_introspection, token_type, "token_type")

/// The signed-in user's claims (OpenID Connect Core 5.1); `sub` is always there, the others as
/// the scope granted them.
struct user_info {
  std::string sub{};                                ///< the user's id
  std::optional<std::string> name{};                ///< full name
  std::optional<std::string> preferred_username{};  ///< user name
  std::optional<std::string> email{};               ///< email address
  std::optional<bool> email_verified{};             ///< whether the address was verified
  std::optional<std::string> phone_number{};        ///< phone number
  std::optional<bool> phone_number_verified{};      ///< whether the number was verified
};
BOOST_DESCRIBE_STRUCT(user_info, (), (sub, name, preferred_username, email, email_verified, phone_number,
                                      phone_number_verified))
GENAUTH_JSON_KEY(user_info, preferred_username, "preferred_username")
GENAUTH_JSON_KEY(user_info, email_verified, "email_verified")
GENAUTH_JSON_KEY(user_info, phone_number, "phone_number")
GENAUTH_JSON_KEY(user_info, phone_number_verified, "phone_number_verified")

// -------------------------------------------------------------------------------- endpoints

/// T1: exchanges an authorization code (with its PKCE verifier) for tokens. Not idempotent: a
/// code is good once, and a second use may revoke what the first was given.
struct access_token_by_code_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, body,
  /// credentials, grant and result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/oidc/token";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::token_endpoint;
  static constexpr std::string_view grant_type = "authorization_code";
  using response_type = token_set;
  /// @}

  std::string code{};                         ///< the code the provider sent to the redirect URI
  std::optional<std::string> redirect_uri{};  ///< the one the authorization request named, if it named one
  std::optional<std::string> code_verifier{};  ///< the PKCE verifier whose challenge the request carried

  /// A verifier, when given, must be one (RFC 7636 4.1).
  [[nodiscard]] std::optional<error> validate() const {
    if (code_verifier)
      if (auto e = check_code_verifier(*code_verifier)) {
        e->json_path = "code_verifier";
        return e;
      }
    return std::nullopt;
  }
};
BOOST_DESCRIBE_STRUCT(access_token_by_code_request, (), (code, redirect_uri, code_verifier))
GENAUTH_JSON_KEY(access_token_by_code_request, redirect_uri, "redirect_uri")
GENAUTH_JSON_KEY(access_token_by_code_request, code_verifier, "code_verifier")

/// T2: a token for the application itself (machine to machine), with its own credentials.
/// Idempotent: a second grant only issues a second token.
struct access_token_by_client_credentials_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, body,
  /// credentials, grant and result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/oidc/token";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::token_endpoint;
  static constexpr std::string_view grant_type = "client_credentials";
  using response_type = token_set;
  /// @}

  std::string scope{};  ///< the permissions asked for, space-separated
};
BOOST_DESCRIBE_STRUCT(access_token_by_client_credentials_request, (), (scope))

/// T3: a new access token for a refresh token. Not idempotent: the provider may rotate the
/// refresh token, and a second use of the old one may revoke both.
struct new_access_token_by_refresh_token_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, body,
  /// credentials, grant and result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/oidc/token";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::token_endpoint;
  static constexpr std::string_view grant_type = "refresh_token";
  using response_type = token_set;
  /// @}

  std::string refresh_token{};  ///< from an earlier token_set
};
BOOST_DESCRIBE_STRUCT(new_access_token_by_refresh_token_request, (), (refresh_token))
GENAUTH_JSON_KEY(new_access_token_by_refresh_token_request, refresh_token, "refresh_token")

/// T4: revokes an access or refresh token (RFC 7009); revoking one that is not valid succeeds.
struct revoke_token_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, body,
  /// credentials and result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/oidc/token/revocation";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::revocation_endpoint;
  using response_type = void;
  /// @}

  std::string token{};  ///< the access or refresh token
};
BOOST_DESCRIBE_STRUCT(revoke_token_request, (), (token))

/// T5: what the provider knows of an access or refresh token (RFC 7662).
struct introspect_token_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, body,
  /// credentials and result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/oidc/token/introspection";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::introspection_endpoint;
  using response_type = token_introspection;
  /// @}

  std::string token{};  ///< the access or refresh token
};
BOOST_DESCRIBE_STRUCT(introspect_token_request, (), (token))

/// T6: the claims of the user whose access token the client holds, sent as a bearer token in
/// the header (RFC 6750 2.1), never in the URL.
struct user_info_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path,
  /// credentials and result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/oidc/me";
  static constexpr bool enveloped = false;
  static constexpr credential credentials = credential::bearer_token;
  using response_type = user_info;
  /// @}
};
BOOST_DESCRIBE_STRUCT(user_info_request, (), ())

namespace authentication {

// The calls, blocking and async (genauth/engine/named_call.hpp).
/// T1: tokens for an authorization code and its PKCE verifier.
inline constexpr named_call<access_token_by_code_request> get_access_token_by_code{};
inline constexpr named_async_call<access_token_by_code_request> async_get_access_token_by_code{};
/// T2: a token for the application itself.
inline constexpr named_call<access_token_by_client_credentials_request> get_access_token_by_client_credentials{};
inline constexpr named_async_call<access_token_by_client_credentials_request> async_get_access_token_by_client_credentials{};
/// T3: a new access token for a refresh token.
inline constexpr named_call<new_access_token_by_refresh_token_request> get_new_access_token_by_refresh_token{};
inline constexpr named_async_call<new_access_token_by_refresh_token_request> async_get_new_access_token_by_refresh_token{};
/// T4: revokes an access or refresh token.
inline constexpr named_call<revoke_token_request> revoke_token{};
inline constexpr named_async_call<revoke_token_request> async_revoke_token{};
/// T5: what the provider knows of a token.
inline constexpr named_call<introspect_token_request> introspect_token{};
inline constexpr named_async_call<introspect_token_request> async_introspect_token{};
/// T6: the claims of the user whose access token the client holds.
inline constexpr named_call<user_info_request> get_user_info_by_access_token{};
inline constexpr named_async_call<user_info_request> async_get_user_info_by_access_token{};

/// The endpoints of this header.
using token_endpoints = boost::mp11::mp_list<
    access_token_by_code_request,
    access_token_by_client_credentials_request,
    new_access_token_by_refresh_token_request,
    revoke_token_request,
    introspect_token_request,
    user_info_request>;

}  // namespace authentication

GENAUTH_NAMESPACE_END
