#pragma once

#include <genauth/authentication/options.hpp>
#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/header.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/detail/params.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/protocol/detail/path.hpp>
#include <genauth/protocol/detail/validate.hpp>
#include <genauth/version.hpp>

#include <span>
#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The token as the official SDK sends it: raw. A `Bearer ` prefix (any case) is removed, since
/// the scheme word is not part of the token.
inline std::string_view raw_token(std::string_view token) {
  constexpr std::string_view bearer = "bearer ";
  if (token.size() >= bearer.size() && iequals(token.substr(0, bearer.size()), bearer))
    token.remove_prefix(bearer.size());
  return token;
}

}  // namespace detail

namespace detail {

/// What every request of one set of authentication options carries, checked once: the base URL
/// and the header fields.
struct user_context {
  std::string base_url;
  std::string app_id_name, app_id;
  std::string lang_name, lang;  // lang empty: not sent
  std::string token;            // empty: not sent
  std::string app_secret;       // for the OAuth endpoints
  client_auth_method token_method, introspection_method, revocation_method;
};

inline result<user_context> prepare_user(authentication_options const& o) {
  auto app_id = header_value(o.app_id, "app id");
  if (!app_id) return app_id.error();
  if (auto e = check_not_empty(*app_id, "app id")) return std::move(*e);
  if (auto e = check_not_empty(o.app_host, "app host")) return std::move(*e);
  auto base = normalize_base_url(o.app_host, "app host", o.allow_insecure_http);
  if (!base) return base.error();
  auto token = header_value(raw_token(o.access_token), "access token");
  if (!token) return token.error();
  auto lang = header_value(o.lang, "lang");
  if (!lang) return lang.error();
  std::string const prefix(o.brand.header_prefix);
  return user_context{std::move(*base),      prefix + "app-id",    std::string(*app_id),
                      prefix + "lang",       std::string(*lang),   std::string(*token),
                      o.app_secret,          o.token_endpoint_auth_method,
                      o.introspection_endpoint_auth_method,      o.revocation_endpoint_auth_method};
}

/// Whether the application can authenticate as `method`: a known method, and a secret (UTF-8)
/// unless the client is public.
inline maybe_error check_client_credentials(user_context const& c, client_auth_method method) {
  if (method != client_auth_method::client_secret_post && method != client_auth_method::client_secret_basic &&
      method != client_auth_method::none)
    return make_error(errc::invalid_enum_value, "not a client authentication method", "client auth method");
  if (method == client_auth_method::none) return std::nullopt;
  if (auto e = check_not_empty(c.app_secret, "app secret")) return e;
  if (auto e = check_utf8(c.app_secret)) return at_key(std::move(*e), "app secret");
  return std::nullopt;
}

/// `authorization` for client_secret_basic: id and secret each form-encoded first (RFC 6749 2.3.1).
inline std::string basic_credentials(user_context const& c) {
  std::string pair;
  append_form_component(c.app_id, pair);
  pair += ':';
  append_form_component(c.app_secret, pair);
  return "Basic " + crypto::base64_encode(pair);
}

/// Puts the application's credentials in a form where `method` says: id and secret first in the
/// body, the id alone, or HTTP Basic (returned, to be sent as `authorization`).
inline result<std::string> add_client_credentials(user_context const& c, client_auth_method method,
                                                  std::string& body) {
  if (auto e = check_client_credentials(c, method)) return std::move(*e);
  if (method == client_auth_method::client_secret_basic) return basic_credentials(c);
  append_form_pair("client_id", c.app_id, body);
  if (method == client_auth_method::client_secret_post) append_form_pair("client_secret", c.app_secret, body);
  return std::string();
}

template <endpoint R>
client_auth_method client_auth_of(user_context const& c) {
  constexpr credential k = credential_of<R>();
  static_assert(k != credential::user_token && k != credential::user_token_or_basic && k != credential::bearer_token);
  return k == credential::token_endpoint           ? c.token_method
         : k == credential::introspection_endpoint ? c.introspection_method
                                                   : c.revocation_method;
}

/// Validates and encodes `request` for the user `c` describes.
template <endpoint R>
[[nodiscard]] result<http_request> build_for_user(user_context const& c, request_limits const& limits,
                                                  R const& request) {
  static_assert(belongs_to<authentication_api, R>());
  member_check check{limits};
  typed_params<R> params;
  std::string text;
  constexpr bool in_query = R::method == http_method::get || R::method == http_method::delete_;
  constexpr bool json_body = !in_query && format_of<R>() == body_format::json;
  if (auto e = params.encode(request, json_body ? param_layout::json_object : param_layout::values, text, &check))
    return std::move(*e);
  if (auto e = validate_request(request)) return std::move(*e);

  std::string filled;
  auto path = expand_path(request, filled);
  if (!path) return path.error();
  if constexpr (has_path_parameters<R>) {
    if (auto const slot = filled.find("{appId}"); slot != std::string::npos) {  // the options' app id
      std::string id;
      append_uri_component(c.app_id, id);
      filled.replace(slot, 7, id);
    }
    if (filled.find_first_of("{}") != std::string::npos)
      return make_error(errc::malformed_path, "request path has a parameter not filled in");
    path = std::string_view(filled);
  }

  // The V3 API takes the user's token raw; OAuth takes it as a bearer, and the application's own
  // credentials where it authenticates (never the user's token there). Mobile and QR-code
  // sign-in send the application's Basic credentials in the token's place under
  // client_secret_basic, as the official SDK does.
  constexpr credential credentials = credential_of<R>();
  constexpr bool app_credentials = credentials != credential::user_token &&
                                   credentials != credential::user_token_or_basic &&
                                   credentials != credential::bearer_token;
  std::string credential_text;  // a Bearer or Basic credential, when one is made
  std::string_view authorization;
  if constexpr (credentials == credential::user_token) {
    authorization = c.token;
  } else if constexpr (credentials == credential::user_token_or_basic) {
    authorization = c.token;
    if (c.token_method == client_auth_method::client_secret_basic) {
      if (auto e = check_client_credentials(c, c.token_method)) return std::move(*e);
      credential_text = basic_credentials(c);
      authorization = credential_text;
    }
  } else if constexpr (credentials == credential::bearer_token) {
    if (auto e = check_not_empty(c.token, "access token")) return std::move(*e);
    credential_text = "Bearer " + c.token;
    authorization = credential_text;
  }

  http_request req;
  req.method = R::method;
  req.idempotent = is_idempotent_v<R>;
  req.url.reserve(c.base_url.size() + path->size() + (in_query ? text.size() + 16 : 0));
  req.url += c.base_url;
  req.url += *path;
  req.headers.reserve(6, 160 + c.app_id_name.size() + c.app_id.size() + c.lang_name.size() + c.lang.size() +
                             c.token.size());
  req.headers.add("accept", "application/json");
  // A query or form leaves out a null (the null of a nullable) and an empty array, as the
  // management API's query does; a query sends an array of strings item by item. No other
  // container has a form there.
  auto const sent = params.params();
  std::size_t kept = 0;
  for (auto const& p : sent)
    if (p.kind != boost::json::kind::null && !(p.strings && p.json_size == 2)) sent[kept++] = p;
  std::span<encoded_param const> const not_null(sent.data(), kept);
  if constexpr (in_query || format_of<R>() == body_format::form)
    for (auto const& p : not_null)
      if (p.is_container() && !(in_query && p.strings))
        return make_error(errc::unsupported_query_value,
                          in_query ? "query parameters must be scalars or arrays of strings"
                                   : "form parameters must be scalars",
                          std::string(p.key));
  if constexpr (in_query) {
    append_query(not_null, text, req.url);
  } else if constexpr (json_body) {
    req.headers.add("content-type", "application/json");
    if constexpr (app_credentials) {  // sign-in: the id and secret last in the object, or Basic, or neither
      auto const method = client_auth_of<R>(c);
      if (auto e = check_client_credentials(c, method)) return std::move(*e);
      if (method == client_auth_method::client_secret_post) {
        text.pop_back();
        for (std::string_view key : {"client_id", "client_secret"}) {
          if (text.size() > 1) text += ',';
          text += '"';
          text += key;
          text += "\":";
          if (auto e = append_js_string(key == "client_id" ? std::string_view(c.app_id) : c.app_secret, text))
            return at_key(std::move(*e), key);
        }
        text += '}';
      } else if (method == client_auth_method::client_secret_basic) {
        credential_text = basic_credentials(c);
        authorization = credential_text;
      }
    }
    req.body = std::move(text);
  } else if constexpr (format_of<R>() == body_format::form) {
    req.headers.add("content-type", "application/x-www-form-urlencoded");
    if constexpr (app_credentials) {
      auto basic = add_client_credentials(c, client_auth_of<R>(c), req.body);
      if (!basic) return basic.error();
      credential_text = std::move(*basic);
      authorization = credential_text;
    }
    if constexpr (requires { R::grant_type; }) append_form_pair("grant_type", R::grant_type, req.body);
    for (auto const& p : not_null) append_form_pair(p.key, param_text(p, text), req.body);
  }
  if (auto e = check_body_size(req.body, check)) return std::move(*e);
  req.headers.add("user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING);
  req.headers.add(c.app_id_name, c.app_id);
  if (!c.lang.empty()) req.headers.add(c.lang_name, c.lang);
  if (!authorization.empty()) req.headers.add("authorization", authorization);
  return req;
}

}  // namespace detail

/// Validates and encodes the request of an authentication endpoint (docs/wire-format.md): the app id on
/// every request, the user's access token raw in `authorization`, parameters in the query of a
/// GET and in the body of a POST. The options are checked on each call; an
/// authentication_policy checks them once for many.
template <endpoint R>
[[nodiscard]] result<http_request> build(authentication_options const& o, R const& request) {
  auto const context = detail::prepare_user(o);
  if (!context) return context.error();
  return detail::build_for_user(*context, o.request_limits, request);
}

GENAUTH_NAMESPACE_END
