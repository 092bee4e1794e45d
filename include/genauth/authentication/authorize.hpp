#pragma once

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/pkce.hpp>
#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/stringify.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The URLs a browser is sent to: the provider's sign-in (authorization request, OpenID Connect
// Core 3.1.2.1) and its sign-out (RP-initiated logout). Nothing is sent from here.

GENAUTH_NAMESPACE_BEGIN

/// What an authorization URL asks for; each absent value comes from the options or the CSPRNG.
struct authorize_params {
  std::optional<std::string> redirect_uri{};  ///< options.redirect_uri when absent
  std::optional<std::string> scope{};         ///< options.scope when absent
  std::string response_type = "code";         ///< the authorization-code flow
  std::string response_mode = "query";        ///< how the code comes back
  std::optional<std::string> state{};  ///< ties the answer to this request: 128 random bits when absent
  std::optional<std::string> nonce{};  ///< goes into the ID token: 128 random bits when absent
  /// The PKCE verifier the code exchange will send; its S256 challenge goes into the URL.
  std::optional<std::string> code_verifier{};
  std::optional<std::string> tenant_id{};  ///< a tenant of the user pool
  bool forced = false;                     ///< sign in again even with a session (`prompt=login`)
};

/// An authorization URL and the values to check its answer against: keep `state` (compare it
/// with the one the redirect brings) and `nonce` (pass it to jwt::verify_options for the ID token).
struct authorize_url {
  std::string url{};    ///< where to send the browser
  std::string state{};  ///< as sent
  std::string nonce{};  ///< as sent
};

namespace detail {

/// encodeURIComponent, which the official SDK's URL builders use.
inline void append_url_pair(std::string_view key, std::string_view value, std::string& out) {
  out += out.back() == '?' ? "" : "&";
  percent_encode(key, "-_.!~*'()", false, out);
  out += '=';
  percent_encode(value, "-_.!~*'()", false, out);
}

inline maybe_error check_url_values(std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  for (auto const& [key, value] : values)
    if (auto e = check_utf8(value)) return at_key(std::move(*e), key);
  return std::nullopt;
}

}  // namespace detail

/// The provider's sign-in URL for the authorization-code flow (`/oidc/auth`), with `state` and
/// `nonce` from the system CSPRNG unless given. `offline_access` in the scope asks for consent
/// (and so a refresh token); `forced` asks for a new sign-in.
[[nodiscard]] inline result<authorize_url> build_authorize_url(authentication_options const& o,
                                                              authorize_params const& p = {}) {
  auto const context = detail::prepare_user(o);
  if (!context) return context.error();
  authorize_url out;
  for (auto [given, made] : {std::pair{&p.state, &out.state}, std::pair{&p.nonce, &out.nonce}}) {
    if (*given) {
      *made = **given;
      continue;
    }
    auto random = detail::random_base64url(16);
    if (!random) return random.error();
    *made = std::move(*random);
  }
  std::string const& redirect_uri = p.redirect_uri ? *p.redirect_uri : o.redirect_uri;
  std::string const& scope = p.scope ? *p.scope : o.scope;
  if (auto e = detail::check_not_empty(redirect_uri, "redirect uri")) return std::move(*e);
  if (auto e = detail::check_url_values({{"redirect_uri", redirect_uri}, {"scope", scope},
                                         {"response_type", p.response_type}, {"response_mode", p.response_mode},
                                         {"state", out.state}, {"nonce", out.nonce},
                                         {"tenantId", p.tenant_id.value_or("")}}))
    return std::move(*e);
  std::string challenge;
  if (p.code_verifier) {
    auto c = code_challenge_s256(*p.code_verifier);
    if (!c) return c.error();
    challenge = std::move(*c);
  }
  out.url = context->base_url + "/oidc/auth?";
  detail::append_url_pair("redirect_uri", redirect_uri, out.url);
  detail::append_url_pair("response_mode", p.response_mode, out.url);
  detail::append_url_pair("response_type", p.response_type, out.url);
  detail::append_url_pair("client_id", context->app_id, out.url);
  detail::append_url_pair("scope", scope, out.url);
  detail::append_url_pair("state", out.state, out.url);
  detail::append_url_pair("nonce", out.nonce, out.url);
  if (!challenge.empty()) {
    detail::append_url_pair("code_challenge", challenge, out.url);
    detail::append_url_pair("code_challenge_method", "S256", out.url);
  }
  if (p.tenant_id) detail::append_url_pair("tenantId", *p.tenant_id, out.url);
  bool offline = false;
  for (std::string_view rest = scope; !rest.empty();) {
    std::string_view const word = rest.substr(0, rest.find(' '));
    offline = offline || word == "offline_access";
    rest.remove_prefix(word.size() == rest.size() ? rest.size() : word.size() + 1);
  }
  if (p.forced)
    detail::append_url_pair("prompt", "login", out.url);
  else if (offline)
    detail::append_url_pair("prompt", "consent", out.url);
  return out;
}

/// Where a signed-in user is sent to sign out.
struct logout_params {
  std::optional<std::string> redirect_uri{};  ///< where the provider sends the browser afterwards
  std::optional<std::string> id_token{};      ///< the user's ID token, so the provider knows whose session ends
  std::optional<std::string> state{};         ///< passed back to redirect_uri
};

/// The provider's sign-out URL (`/oidc/session/end`).
[[nodiscard]] inline result<std::string> build_logout_url(authentication_options const& o, logout_params const& p = {}) {
  auto const context = detail::prepare_user(o);
  if (!context) return context.error();
  if (auto e = detail::check_url_values({{"post_logout_redirect_uri", p.redirect_uri.value_or("")},
                                         {"state", p.state.value_or("")},
                                         {"id_token_hint", p.id_token.value_or("")}}))
    return std::move(*e);
  std::string url = context->base_url + "/oidc/session/end?";
  if (p.redirect_uri) {
    detail::append_url_pair("post_logout_redirect_uri", *p.redirect_uri, url);
    if (p.state) detail::append_url_pair("state", *p.state, url);
  }
  if (p.id_token) detail::append_url_pair("id_token_hint", *p.id_token, url);
  return url;
}

GENAUTH_NAMESPACE_END
