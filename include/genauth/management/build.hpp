#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/core/detail/validate.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/management/options.hpp>
#include <genauth/signing/canonical.hpp>
#include <genauth/signing/date.hpp>
#include <genauth/signing/signer.hpp>
#include <genauth/version.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// A signed management request, with the text that was signed (useful when the server answers
/// apiCode 1300; it holds the request's parameters, so treat it like the request body).
struct signed_request {
  http_request request{};
  std::string string_to_sign{};
};

namespace detail {

inline maybe_error check_path(std::string_view path) {
  if (path.empty() || path.front() != '/')
    return make_error(errc::malformed_path, "request path must start with '/'");
  for (char c : path) {
    auto const u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '?' || c == '#')
      return make_error(errc::malformed_path, "request path must be plain ASCII without query or fragment");
  }
  return std::nullopt;
}

/// sign_request with the signing clock moved by `clock_offset` (the skew a 1305 answer revealed),
/// and with the secret's HMAC state `key` when the caller keeps one (a client does).
inline result<signed_request> sign_request(management_options const& o, http_method method, std::string_view path,
                                           boost::json::object const& params, std::chrono::seconds clock_offset,
                                           crypto::hmac_sha1_key const* key = nullptr) {
  auto key_id = header_value(o.access_key_id, "access key id");
  if (!key_id) return key_id.error();
  if (auto e = check_not_empty(*key_id, "access key id")) return std::move(*e);
  if (auto e = check_not_empty(o.access_key_secret, "access key secret")) return std::move(*e);
  if (auto e = detail::check_path(path)) return std::move(*e);
  auto base = normalize_base_url(o.host.empty() ? o.brand.default_host : std::string_view(o.host), "host",
                                 o.allow_insecure_http);
  if (!base) return base.error();
  auto tenant = detail::header_value(o.tenant_id, "tenant id");
  if (!tenant) return tenant.error();
  auto lang = detail::header_value(o.lang.empty() ? "zh-CN" : std::string_view(o.lang), "lang");
  if (!lang) return lang.error();
  auto sdk = detail::header_value(
      o.sdk_version.empty() ? "genauth-cpp:" GENAUTH_VERSION_STRING : std::string_view(o.sdk_version), "sdk version");
  if (!sdk) return sdk.error();
  auto nonce = o.nonce ? result<std::string>(o.nonce()) : random_nonce();
  if (!nonce) return nonce.error();
  if (auto e = check_not_empty(*nonce, "nonce")) return std::move(*e);
  if (auto e = check_header_value(*nonce, "nonce")) return std::move(*e);

  auto rendered = detail::render_params(params);
  if (!rendered) return rendered.error();
  std::vector<detail::rendered_param const*> signed_params;
  for (auto const& p : *rendered) {
    if (method == http_method::get) {
      if (p.value->is_null()) continue;
      if (p.value->is_array() || p.value->is_object())
        return detail::make_error(errc::unsupported_query_value, "query parameters must be scalars",
                                  std::string(p.key));
    }
    signed_params.push_back(&p);
  }

  signed_request out;
  http_request& req = out.request;
  req.method = method;
  req.url = std::move(*base);
  req.url += path;
  if (method == http_method::get)
    detail::append_query(signed_params, req.url);
  else
    req.body = detail::json_body(signed_params);

  std::string const prefix(o.brand.header_prefix);
  req.headers.set("accept", "application/json");
  if (method != http_method::get) req.headers.set("content-type", "application/json");
  req.headers.set(prefix + "signature-nonce", std::move(*nonce));
  req.headers.set(prefix + "signature-method", "HMAC-SHA1");
  req.headers.set(prefix + "signature-version", "1.0");
  req.headers.set("user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING);
  req.headers.set(prefix + "sdk-version", std::string(*sdk));
  if (!tenant->empty()) req.headers.set(prefix + "app-id", std::string(*tenant));
  req.headers.set(prefix + "lang", std::string(*lang));
  req.headers.set("date", imf_fixdate((o.clock ? o.clock() : std::chrono::system_clock::now()) + clock_offset));

  out.string_to_sign = string_to_sign(method, canonical_headers(req.headers, prefix),
                                      detail::canonical_resource(path, std::move(signed_params)));
  std::string authorization(o.brand.authorization_scheme);
  authorization += ' ';
  authorization += *key_id;
  authorization += ':';
  authorization += key ? sign(*key, out.string_to_sign) : sign(o.access_key_secret, out.string_to_sign);
  req.headers.set("authorization", std::move(authorization));
  return out;
}

/// Validates, encodes and signs the request of a management endpoint, at a clock offset.
template <endpoint R>
result<http_request> build_signed(management_options const& options, R const& request, std::chrono::seconds clock_offset,
                                  crypto::hmac_sha1_key const* key = nullptr) {
  member_check check{options.request_limits};
  if (auto e = validate_request(request, check)) return std::move(*e);
  auto const params = to_json(request);
  auto signed_ = sign_request(options, R::method, R::path, params.get_object(), clock_offset, key);
  if (!signed_) return signed_.error();
  if (auto e = check_body_size(signed_->request.body, check)) return std::move(*e);
  return std::move(signed_->request);
}

}  // namespace detail

/// Builds and signs a management request exactly as docs/signing.md describes: `params` is the query
/// object of a GET or the body object of a POST, in the order it should be sent.
///
/// Differences from the official Node SDK, by design (docs/differences.md): a GET parameter that is null is
/// neither signed nor sent; a GET parameter that is an array or object is refused; header values
/// are trimmed before they are both signed and sent, and must be printable ASCII.
[[nodiscard]] inline result<signed_request> sign_request(management_options const& o, http_method method,
                                                         std::string_view path, boost::json::object const& params) {
  return detail::sign_request(o, method, path, params, std::chrono::seconds(0));
}

/// Validates, encodes and signs the request of a management endpoint.
template <endpoint R>
[[nodiscard]] result<http_request> build(management_options const& options, R const& request) {
  static_assert(detail::belongs_to<management_api, R>());
  return detail::build_signed(options, request, std::chrono::seconds(0));
}

GENAUTH_NAMESPACE_END
