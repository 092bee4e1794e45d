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
maybe_error read_text_answer(http_response const& res, response_limits const& limits, response_info* info,
                             typename R::response_type& out) {
  if (res.status < 100 || res.status > 599)
    return response_error(errc::invalid_http_status,
                          "the transport returned HTTP status " + std::to_string(res.status) + ", which no server sends", res);
  if (res.body.size() > limits.max_body_size)
    return response_error(errc::body_too_large,
                          "response body of " + std::to_string(res.body.size()) + " bytes exceeds the limit of " +
                              std::to_string(limits.max_body_size),
                          res);
  if (!is_2xx(res.status)) return response_error(errc::http_status, "HTTP " + std::to_string(res.status), res);
  auto read = R::read_text(res.body);
  if (!read) return with_response(read.error(), res, std::nullopt);
  out = std::move(*read);
  if (info) info->http_status = res.status;
  return std::nullopt;
}

/// parse's work, the answer read into `out`: what the call engine uses, without a result per
/// answer type.
template <endpoint R>
maybe_error read_response(http_response const& response, response_limits const& limits, response_info* info,
                          stored_t<typename R::response_type>& out) {
  using T = typename R::response_type;
  maybe_error failure;
  if constexpr (requires(std::string_view text) { R::read_text(text); })
    failure = read_text_answer<R>(response, limits, info, out);
  else if constexpr (enveloped<R>())
    failure = read_enveloped<T>(response, limits, info, out);
  else
    failure = read_bare<T>(response, limits, info, out);
  if (!failure) return std::nullopt;
  if constexpr (requires(error const& e) { R::recover(e); }) {
    if (auto recovered = R::recover(*failure)) {
      if (info) *info = {failure->http_status, failure->status_code, failure->api_code, failure->request_id};
      out = std::move(*recovered);
      return std::nullopt;
    }
  }
  keep_response_headers(response.headers, failure->headers);
  return failure;
}

}  // namespace detail

/// Reads the response of endpoint R into its typed result. On success, `info` (when given)
/// receives what the answer said about itself: status, statusCode, apiCode, requestId.
template <endpoint R>
[[nodiscard]] result<typename R::response_type> parse(http_response const& response,
                                                      response_limits const& limits = {},
                                                      response_info* info = nullptr) {
  using T = typename R::response_type;
  detail::stored_t<T> out{};
  auto failure = detail::read_response<R>(response, limits, info, out);
  return detail::to_result<T>(std::move(failure), std::move(out));
}

GENAUTH_NAMESPACE_END
