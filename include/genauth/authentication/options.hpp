#pragma once

#include <genauth/config.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/signing/brand.hpp>

#include <string>

GENAUTH_NAMESPACE_BEGIN

/// How the application proves itself to an OAuth endpoint (token, introspection, revocation):
/// the secret in the form body, the secret as HTTP Basic, or its id alone (a public client,
/// which then needs PKCE).
enum class client_auth_method { client_secret_post, client_secret_basic, none };

/// Settings of the authentication client, which acts for one signed-in end user.
struct authentication_options {
  std::string app_id{};        ///< required; sent as `x-<brand>-app-id` on every request
  std::string app_host{};      ///< required: the application's domain, e.g. `https://example.genauth.ai`
  bool allow_insecure_http = false;  ///< accept an http:// app host (a local emulator); https only otherwise
  std::string access_token{};  ///< the user's access token; also settable on the client later
  std::string lang{};          ///< sent as `x-<brand>-lang` when given; empty: not sent
  /// The application's secret, for the OAuth endpoints (not needed when each of their methods
  /// is `none`); never logged, and redacted from any message.
  std::string app_secret{};
  /// Where the provider sends the user back with a code: build_authorize_url's default.
  std::string redirect_uri{};
  std::string scope = "openid profile";  ///< what an authorization URL asks for unless it names its own
  client_auth_method token_endpoint_auth_method = client_auth_method::client_secret_post;          ///< at `/oidc/token`
  client_auth_method introspection_endpoint_auth_method = client_auth_method::client_secret_post;  ///< at introspection
  client_auth_method revocation_endpoint_auth_method = client_auth_method::client_secret_post;     ///< at revocation
  genauth::brand brand = genauth_brand;       ///< GenAuth (default) or Authing headers
  response_limits limits{};                   ///< what a response may be
  genauth::request_limits request_limits{};   ///< what a request value may be
  retry_policy retry{};  ///< retry_policy::disabled() turns retries off
};

GENAUTH_NAMESPACE_END
