#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/envelope.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The response headers an error keeps: those a caller may act on or quote to support. Of a
/// repeated header the first counts, as in http_headers::find.
inline void keep_response_headers(http_headers const& from, http_headers& to) {
  for (auto const& h : from)
    for (std::string_view name : {"retry-after", "date", "content-type", "x-request-id", "request-id"})
      if (iequals(h.name, name) && !to.contains(name)) to.set(h.name, h.value);
}

/// An answer that is not JSON (CAS 1.0's `yes\n<user>\n`): read by the endpoint's own
/// read_text from the body of a 2xx answer.
template <endpoint R>
result<typename R::response_type> parse_text(http_response const& res, response_limits const& limits,
                                             response_info* info) {
  if (res.status < 100 || res.status > 599)
    return response_error(errc::invalid_http_status,
                          "the transport returned HTTP status " + std::to_string(res.status) + ", which no server sends", res);
  if (res.body.size() > limits.max_body_size)
    return response_error(errc::body_too_large,
                          "response body of " + std::to_string(res.body.size()) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_body_size),
                          res);
  if (!is_2xx(res.status)) return response_error(errc::http_status, "HTTP " + std::to_string(res.status), res);
  auto out = R::read_text(res.body);
  if (!out) return with_response(out.error(), res, std::nullopt);
  if (info) info->http_status = res.status;
  return out;
}

}  // namespace detail

/// Reads the response of endpoint R into its typed result. On success, `info` (when given)
/// receives what the answer said about itself: status, statusCode, apiCode, requestId.
template <endpoint R>
[[nodiscard]] result<typename R::response_type> parse(http_response const& response,
                                                      response_limits const& limits = {},
                                                      response_info* info = nullptr) {
  using T = typename R::response_type;
  result<T> out = [&]() -> result<T> {
    if constexpr (requires(std::string_view text) { R::read_text(text); })
      return detail::parse_text<R>(response, limits, info);
    else if constexpr (detail::enveloped<R>())
      return parse_enveloped<T>(response, limits, info);
    else
      return parse_bare<T>(response, limits, info);
  }();
  if constexpr (requires(error const& e) { R::recover(e); }) {
    if (!out)
      if (auto recovered = R::recover(out.error())) {
        if (info) *info = {out.error().http_status, out.error().status_code, out.error().api_code, out.error().request_id};
        return std::move(*recovered);
      }
  }
  if (out) return out;
  error e = out.error();
  detail::keep_response_headers(response.headers, e.headers);
  return e;
}

GENAUTH_NAMESPACE_END
