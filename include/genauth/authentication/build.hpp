#pragma once

#include <genauth/authentication/options.hpp>
#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/detail/params.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/protocol/detail/validate.hpp>
#include <genauth/version.hpp>

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

/// Validates and encodes the request of an authentication endpoint (docs/wire-format.md): the app id on
/// every request, the user's access token raw in `authorization`, parameters in the query of a
/// GET and in the body of a POST.
template <endpoint R>
[[nodiscard]] result<http_request> build(authentication_options const& o, R const& request) {
  static_assert(detail::belongs_to<authentication_api, R>());
  auto app_id = detail::header_value(o.app_id, "app id");
  if (!app_id) return app_id.error();
  if (auto e = detail::check_not_empty(*app_id, "app id")) return std::move(*e);
  if (auto e = detail::check_not_empty(o.app_host, "app host")) return std::move(*e);
  auto base = detail::normalize_base_url(o.app_host, "app host", o.allow_insecure_http);
  if (!base) return base.error();
  auto token = detail::header_value(detail::raw_token(o.access_token), "access token");
  if (!token) return token.error();
  auto lang = detail::header_value(o.lang, "lang");
  if (!lang) return lang.error();
  detail::member_check check{o.request_limits};
  if (auto e = detail::validate_request(request, check)) return std::move(*e);

  detail::typed_params<R> params;
  std::string text;
  constexpr bool json_body = R::method != http_method::get && detail::format_of<R>() == body_format::json;
  if (auto e = params.encode(request, json_body ? detail::param_layout::json_object : detail::param_layout::values, text))
    return std::move(*e);

  http_request req;
  req.method = R::method;
  req.idempotent = is_idempotent_v<R>;
  req.url = std::move(*base);
  req.url += R::path;
  std::string const prefix(o.brand.header_prefix);
  req.headers.reserve(6, 160 + prefix.size() + app_id->size() + lang->size() + token->size());
  req.headers.add("accept", "application/json");
  if constexpr (R::method == http_method::get) {
    detail::append_query(params.params(), text, req.url);
  } else if constexpr (json_body) {
    req.headers.add("content-type", "application/json");
    req.body = std::move(text);
  } else if constexpr (detail::format_of<R>() == body_format::form) {
    req.headers.add("content-type", "application/x-www-form-urlencoded");
    detail::append_query(params.params(), text, req.body, '\0');
  }
  if (auto e = detail::check_body_size(req.body, check)) return std::move(*e);
  req.headers.add("user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING);
  req.headers.add(prefix + "app-id", *app_id);
  if (!lang->empty()) req.headers.add(prefix + "lang", *lang);
  if (!token->empty()) req.headers.add("authorization", *token);
  return req;
}

GENAUTH_NAMESPACE_END
