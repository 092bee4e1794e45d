#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/header.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/detail/params.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/signer.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/protocol/detail/path.hpp>
#include <genauth/protocol/detail/validate.hpp>
#include <genauth/signing/canonical.hpp>
#include <genauth/signing/date.hpp>
#include <genauth/signing/signer.hpp>
#include <genauth/version.hpp>

#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// A signed management request, with the text that was signed (useful when the server answers
/// apiCode 1300; it holds the request's parameters, so treat it like the request body).
struct signed_request {
  http_request request{};       ///< ready to send
  std::string string_to_sign{};  ///< what the signature signs
};

namespace detail {

inline maybe_error check_path(std::string_view path) {
  if (path.empty() || path.front() != '/')
    return make_error(errc::malformed_path, "request path must start with '/'");
  for (char c : path) {
    auto const u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '?' || c == '#')
      return make_error(errc::malformed_path, "request path must be plain ASCII without query or fragment");
    if (c == '{' || c == '}') return make_error(errc::malformed_path, "request path has a parameter not filled in");
  }
  return std::nullopt;
}

/// Signs a request whose parameters are encoded (`text` holds the JSON body of a POST, or the
/// JSON of a GET's non-string values): its URL, headers and body go to `req`, the text that was
/// signed to `string_to_sign`. The clock is moved by `clock_offset` (the skew a 1305 answer
/// revealed).
inline maybe_error sign_encoded(signing_context const& c, management_options const& o, http_method method,
                                std::string_view path, std::span<encoded_param> params, std::string& text,
                                std::chrono::seconds clock_offset, http_request& req, std::string& string_to_sign,
                                body_format format = body_format::json) {
  if (auto e = check_path(path)) return e;
  std::array<char, 32> drawn{};
  std::string chosen;
  std::string_view nonce;
  if (o.nonce) {
    chosen = o.nonce();
    auto const trimmed = header_value(chosen, "nonce");  // sent as it is signed
    if (!trimmed) return trimmed.error();
    if (auto e = check_not_empty(*trimmed, "nonce")) return e;
    nonce = *trimmed;
  } else {
    if (!random_nonce_chars(drawn))
      return make_error(errc::entropy_unavailable, "no random bytes for the signature nonce");
    nonce = {drawn.data(), drawn.size()};
  }
  // A GET's parameters go in the query and are signed; a DELETE's go in the query too, but what it
  // signs is its body, which it has not, as the official SDK signs it. A POST or PUT sends and
  // signs its JSON body.
  bool const in_query = method == http_method::get || method == http_method::delete_;
  bool const body = !in_query && format != body_format::none;  // a POST the official SDK sends bare
  if (in_query) {
    // A null is neither signed nor sent, nor an empty array (which the official SDK signs but
    // sends not: D-3). An array of strings is signed as its JSON and sent item by item; no other
    // container has a form in a query.
    std::size_t kept = 0;
    for (auto const& p : params) {
      if (p.kind == boost::json::kind::null || (p.strings && p.json_size == 2)) continue;
      if (p.is_container() && !p.strings)
        return make_error(errc::unsupported_query_value, "query parameters must be scalars or arrays of strings",
                          std::string(p.key));
      params[kept++] = p;
    }
    params = params.first(kept);
  }
  auto const date = imf_fixdate_chars((o.clock ? o.clock() : std::chrono::system_clock::now()) + clock_offset);

  req.method = method;
  std::string_view const base_url = c[c.base_url];
  req.url.reserve(base_url.size() + path.size() + (in_query ? 64 : 0));
  req.url = base_url;
  req.url += path;
  if (in_query) append_query(params, text, req.url);

  http_headers& h = req.headers;
  h.reserve(11, 320 + c.sdk.size + c.tenant.size + c.authorization_prefix.size);
  h.add("accept", "application/json");
  if (body) h.add("content-type", "application/json");
  h.add(c[c.nonce_name], nonce);
  h.add(c[c.method_name], "HMAC-SHA1");
  h.add(c[c.version_name], "1.0");
  h.add("user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING);
  h.add(c[c.sdk_name], c[c.sdk]);
  if (c.tenant.size != 0) h.add(c[c.app_id_name], c[c.tenant]);
  h.add(c[c.lang_name], c[c.lang]);
  h.add("date", {date.data(), date.size()});

  string_to_sign.reserve(256 + path.size() + text.size());
  string_to_sign = to_string(method);
  string_to_sign += '\n';
  append_canonical_headers(h, o.brand.header_prefix, string_to_sign);
  append_canonical_resource(path, method == http_method::delete_ ? params.first(0) : params, text, string_to_sign);

  std::string authorization;
  authorization.reserve(c.authorization_prefix.size + 28);
  authorization = c[c.authorization_prefix];
  crypto::append_base64(c.key(string_to_sign), authorization);
  h.add("authorization", authorization);
  if (body) req.body = std::move(text);
  return std::nullopt;
}

/// Validates, encodes and signs the request of a management endpoint.
template <endpoint R>
result<http_request> build_signed(signing_context const& c, management_options const& options, R const& request,
                                  std::chrono::seconds clock_offset) {
  member_check check{options.request_limits};
  typed_params<R> params;
  std::string text;
  constexpr bool in_query = R::method == http_method::get || R::method == http_method::delete_;
  auto const layout = in_query ? param_layout::values : param_layout::json_object;
  if (auto e = params.encode(request, layout, text, &check)) return std::move(*e);
  if (auto e = validate_request(request)) return std::move(*e);
  std::string filled;
  auto const path = expand_path(request, filled);
  if (!path) return path.error();
  if (auto e = check_body_size(in_query ? std::string_view() : text, check)) return std::move(*e);
  http_request req;
  std::string string_to_sign;
  static_assert(format_of<R>() != body_format::none || boost::mp11::mp_empty<members_of<R>>::value,
                "genauth: an endpoint sent without a body has no members");
  static_assert(format_of<R>() != body_format::form, "genauth: the management API takes no form body");
  if (auto e = sign_encoded(c, options, R::method, *path, params.params(), text, clock_offset, req, string_to_sign,
                            format_of<R>()))
    return std::move(*e);
  req.idempotent = is_idempotent_v<R>;
  return req;
}

}  // namespace detail

/// Builds and signs a management request exactly as docs/signing.md describes: `params` is the query
/// object of a GET or DELETE or the body object of a POST or PUT, in the order it should be sent.
///
/// Differences from the official Node SDK, by design (docs/differences.md): a query parameter that is
/// null or an empty array is neither signed nor sent; one that is an object or an array of other
/// than strings is refused; header values are trimmed before they are both signed and sent, and
/// must be printable ASCII.
[[nodiscard]] inline result<signed_request> sign_request(management_options const& o, http_method method,
                                                         std::string_view path, boost::json::object const& params) {
  auto context = detail::prepare_signing(o);
  if (!context) return context.error();
  std::string text;
  std::vector<detail::encoded_param> encoded;
  bool const in_query = method == http_method::get || method == http_method::delete_;
  auto const layout = in_query ? detail::param_layout::values : detail::param_layout::json_object;
  if (auto e = detail::encode_params(params, layout, text, encoded)) return std::move(*e);
  signed_request out;
  if (auto e = detail::sign_encoded(*context, o, method, path, encoded, text, std::chrono::seconds(0), out.request,
                                    out.string_to_sign))
    return std::move(*e);
  return out;
}

template <endpoint R>
result<http_request> management_signer::build(R const& request, std::chrono::seconds clock_offset) const {
  static_assert(detail::belongs_to<management_api, R>());
  if (!context_) return context_.error();
  return detail::build_signed(*context_, options_, request, clock_offset);
}

/// Validates, encodes and signs the request of a management endpoint. The options are checked
/// and prepared on every call; a management_signer does that once.
template <endpoint R>
[[nodiscard]] result<http_request> build(management_options const& options, R const& request) {
  static_assert(detail::belongs_to<management_api, R>());
  auto context = detail::prepare_signing(options);
  if (!context) return context.error();
  return detail::build_signed(*context, options, request, std::chrono::seconds(0));
}

GENAUTH_NAMESPACE_END
