#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/codec.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

GENAUTH_NAMESPACE_BEGIN

/// The members every V3 response shares (docs/wire-format.md).
struct envelope {
  std::int64_t status_code = 0;
  std::optional<std::string> message{};
  std::optional<std::int64_t> api_code{};
  std::optional<std::string> request_id{};
};
BOOST_DESCRIBE_STRUCT(envelope, (), (status_code, message, api_code, request_id))

namespace detail {

inline constexpr std::size_t excerpt_size = 64;

inline bool is_2xx(int status) noexcept { return status >= 200 && status < 300; }

// The start of a body that is not JSON (a proxy's HTML page, say), made printable: runs of
// white space become one space, other control bytes and invalid UTF-8 become '?'.
inline std::string excerpt(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size() && out.size() < excerpt_size;) {
    std::size_t const start = i;
    char32_t const cp = decode_utf8(body, i);
    if (cp == ' ' || cp == '\n' || cp == '\r' || cp == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else if (cp == invalid_code_point || cp < 0x20 || cp == 0x7F) {
      out += '?';
    } else {
      out.append(body, start, i - start);
    }
  }
  return out;
}

inline error response_error(errc code, std::string message, http_response const& res) {
  error e = make_error(code, std::move(message));
  e.http_status = res.status;
  return e;
}

/// Size-limits and parses a response body. A body that is not JSON is an `http` error when the
/// status is not 2xx (typically a proxy's page) and a `decode` error otherwise.
inline result<boost::json::value> parse_body(http_response const& res, response_limits const& limits) {
  bool const ok = is_2xx(res.status);
  if (res.body.size() > limits.max_body_size)
    return response_error(errc::body_too_large,
                          "response body of " + std::to_string(res.body.size()) +
                              " bytes exceeds the limit of " + std::to_string(limits.max_body_size),
                          res);
  if (res.body.empty())
    return response_error(ok ? errc::empty_body : errc::http_status,
                          ok ? "response body is empty" : "HTTP " + std::to_string(res.status) + " with an empty body",
                          res);
  boost::json::error_code ec;
  boost::json::parse_options opt;
  opt.max_depth = max_json_depth;
  boost::json::value v = boost::json::parse(res.body, ec, {}, opt);
  if (!ec) return v;
  if (!ok) {
    error e = response_error(errc::http_status, "HTTP " + std::to_string(res.status) + " with a body that is not JSON", res);
    e.body_excerpt = excerpt(res.body);
    return e;
  }
  if (ec == boost::json::error::too_deep)
    return response_error(errc::too_deep, "JSON nesting exceeds " + std::to_string(max_json_depth) + " levels", res);
  error e = response_error(errc::not_json, "response body is not valid JSON (" + ec.message() + ")", res);
  e.body_excerpt = excerpt(res.body);
  return e;
}

inline error with_response(error e, http_response const& res, std::optional<std::string> const& request_id) {
  e.http_status = res.status;
  if (request_id) e.request_id = *request_id;
  return e;
}

}  // namespace detail

/// Reads a V3 response: {statusCode, message, apiCode?, requestId?, data?}. `Data` is the type
/// of `data`, or void for endpoints that answer with the envelope alone.
template <class Data>
[[nodiscard]] result<Data> parse_enveloped(http_response const& res, response_limits const& limits = {}) {
  auto body = detail::parse_body(res, limits);
  if (!body) return body.error();
  auto head = from_json<envelope>(*body);
  if (!head) {
    if (!detail::is_2xx(res.status))
      return detail::response_error(errc::http_status,
                                    "HTTP " + std::to_string(res.status) + " without an API envelope", res);
    return detail::with_response(head.error(), res, std::nullopt);
  }
  if (head->status_code != 200) {
    error e = detail::response_error(errc::api_error, head->message.value_or(""), res);
    e.status_code = head->status_code;
    e.api_code = head->api_code;
    e.request_id = head->request_id.value_or("");
    return e;
  }
  if (!detail::is_2xx(res.status))
    return detail::with_response(
        detail::make_error(errc::http_status, "HTTP " + std::to_string(res.status) + " with a success envelope"),
        res, head->request_id);
  if constexpr (std::is_void_v<Data>) {
    return {};
  } else {
    Data data{};
    auto const* member = body->get_object().if_contains("data");
    if (!member || member->is_null())
      return detail::with_response(detail::make_error(errc::missing_field, "required field is missing", "data"),
                                   res, head->request_id);
    if (auto e = detail::decode(*member, data))
      return detail::with_response(detail::at_key(std::move(*e), "data"), res, head->request_id);
    return data;
  }
}

/// Reads a response that is a bare JSON value without envelope (MFA token introspection).
template <class T>
[[nodiscard]] result<T> parse_bare(http_response const& res, response_limits const& limits = {}) {
  auto body = detail::parse_body(res, limits);
  if (!body) return body.error();
  if (!detail::is_2xx(res.status))
    return detail::response_error(errc::http_status, "HTTP " + std::to_string(res.status), res);
  auto out = from_json<T>(*body);
  if (!out) return detail::with_response(out.error(), res, std::nullopt);
  return out;
}

GENAUTH_NAMESPACE_END
