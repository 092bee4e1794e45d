#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/codec.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

GENAUTH_NAMESPACE_BEGIN

/// What a successful answer said about itself besides its data: for logs and traces (an error
/// carries the same fields).
struct response_info {
  int http_status = 0;                        ///< the HTTP status
  std::optional<std::int64_t> status_code{};  ///< envelope statusCode (200); empty for a bare answer
  std::optional<std::int64_t> api_code{};     ///< envelope apiCode, when the answer has one
  std::string request_id{};                   ///< envelope requestId, when the answer has one
};

namespace detail {

inline bool is_2xx(int status) noexcept { return status >= 200 && status < 300; }

// Errors keep the status, the size and (through the kept headers) the content type of a
// response, never its bytes: a proxy's page or a truncated answer may hold secrets.
inline error response_error(errc code, std::string message, http_response const& res) {
  error e = make_error(code, std::move(message));
  e.http_status = res.status;
  e.body_size = res.body.size();
  return e;
}

/// The number of members of the top-level object in `body` (valid JSON), counted on the text:
/// Boost.JSON keeps only the last of repeated keys, and a repeated envelope key is an attack
/// (`{"statusCode":500,...,"statusCode":200}` must not read as a success).
inline std::size_t top_level_members(std::string_view body) {
  std::size_t count = 0;
  int depth = 0;
  bool in_string = false;
  bool empty = true;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char const c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        if (depth == 1) empty = false;
        break;
      case '{':
      case '[': ++depth; break;
      case '}':
      case ']': --depth; break;
      case ',':
        if (depth == 1) ++count;
        break;
      default: break;
    }
  }
  return empty ? 0 : count + 1;
}

/// Where a response's JSON tree lives while it is decoded: a stack buffer that holds the tree of
/// a typical answer, then heap blocks for a larger one; all of it freed at once.
class parse_arena {
 public:
  parse_arena() = default;
  parse_arena(parse_arena const&) = delete;
  parse_arena& operator=(parse_arena const&) = delete;
  [[nodiscard]] boost::json::storage_ptr storage() noexcept { return {&resource_}; }

 private:
  alignas(std::max_align_t) unsigned char buffer_[4096];
  boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
};

/// Size-limits and parses a response body into `arena`. A body that is not JSON is an `http`
/// error when the status is not 2xx (typically a proxy's page) and a `decode` error otherwise.
inline result<boost::json::value> parse_body(http_response const& res, response_limits const& limits,
                                             parse_arena& arena) {
  if (res.status < 100 || res.status > 599)
    return response_error(errc::invalid_http_status,
                          "the transport returned HTTP status " + std::to_string(res.status) + ", which no server sends",
                          res);
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
  // RFC 8259 lets a parser ignore a leading byte order mark; some gateways add one.
  std::string_view body = res.body;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  boost::json::value v = boost::json::parse(body, ec, arena.storage(), opt);
  if (!ec) {
    if (auto const* obj = v.if_object(); obj && top_level_members(body) != obj->size())
      return response_error(errc::duplicate_key, "the response object repeats a key", res);
    return v;
  }
  if (!ok)
    return response_error(errc::http_status,
                          "HTTP " + std::to_string(res.status) + " with a body of " + std::to_string(res.body.size()) +
                              " bytes that is not JSON",
                          res);
  if (ec == boost::json::error::too_deep)
    return response_error(errc::too_deep, "JSON nesting exceeds " + std::to_string(max_json_depth) + " levels", res);
  if (ec == boost::json::error::incomplete)
    return response_error(errc::truncated_body,
                          "response body of " + std::to_string(res.body.size()) + " bytes ends inside its JSON", res);
  return response_error(errc::not_json,
                        "response body of " + std::to_string(res.body.size()) + " bytes is not valid JSON (" +
                            ec.message() + ")",
                        res);
}

inline error with_response(error e, http_response const& res, std::optional<std::string_view> request_id) {
  e.http_status = res.status;
  e.body_size = res.body.size();
  if (request_id) e.request_id = *request_id;
  return e;
}

/// The members every V3 response shares (docs/wire-format.md): the numbers, and views of the
/// texts into the parsed tree (copied only when an error keeps them). Unknown members are
/// ignored; a missing statusCode or a member of the wrong type is an error naming it.
struct envelope_head {
  std::int64_t status_code = 0;
  std::optional<std::int64_t> api_code{};
  std::optional<std::string_view> message{};
  std::optional<std::string_view> request_id{};
};

inline result<envelope_head> read_envelope(boost::json::value const& body) {
  auto const* obj = body.if_object();
  if (!obj) return mismatch("an object", body);
  envelope_head head;
  auto const read_text = [&](std::string_view key, std::optional<std::string_view>& out) -> maybe_error {
    auto const* v = obj->if_contains(key);
    if (!v || v->is_null()) return std::nullopt;
    auto const* s = v->if_string();
    if (!s) return at_key(mismatch("a string", *v), key);
    out = std::string_view(*s);
    return std::nullopt;
  };
  auto const* status = obj->if_contains("statusCode");
  if (!status || status->is_null()) return at_key(make_error(errc::missing_field, "required field is missing"), "statusCode");
  if (auto e = decode(*status, head.status_code)) return at_key(std::move(*e), "statusCode");
  if (auto e = read_text("message", head.message)) return std::move(*e);
  if (auto const* code = obj->if_contains("apiCode"))
    if (auto e = decode(*code, head.api_code)) return at_key(std::move(*e), "apiCode");
  if (auto e = read_text("requestId", head.request_id)) return std::move(*e);
  return head;
}

/// Where an answer of type T is read into: T itself, or `nothing` when T is void.
struct nothing {};
template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, nothing, T>;

/// The envelope of a parsed V3 answer checked into `head`: an error unless it says success.
inline maybe_error check_envelope(boost::json::value const& body, http_response const& res, envelope_head& head) {
  auto read = read_envelope(body);
  if (!read) {
    if (!is_2xx(res.status))
      return response_error(errc::http_status, "HTTP " + std::to_string(res.status) + " without an API envelope", res);
    return with_response(read.error(), res, std::nullopt);
  }
  head = *read;
  if (head.status_code != 200) {
    error e = response_error(errc::api_error, std::string(head.message.value_or("")), res);
    e.status_code = head.status_code;
    e.api_code = head.api_code;
    e.request_id = head.request_id.value_or("");
    return e;
  }
  if (!is_2xx(res.status))
    return with_response(make_error(errc::http_status, "HTTP " + std::to_string(res.status) + " with a success envelope"),
                         res, head.request_id);
  return std::nullopt;
}

/// What a success's envelope said about itself, into `info` when it is given.
inline void fill_info(response_info* info, http_response const& res, envelope_head const& head) {
  if (!info) return;
  info->http_status = res.status;
  info->status_code = head.status_code;
  info->api_code = head.api_code;
  info->request_id = head.request_id.value_or("");
}

/// parse_enveloped's work, its data read into `out`: the endpoint-independent part is compiled
/// once, and no result<Data> is made (each costs the compiler as much as decoding the type).
template <class Data>
maybe_error read_enveloped(http_response const& res, response_limits const& limits, response_info* info,
                           stored_t<Data>& out) {
  parse_arena arena;
  auto body = parse_body(res, limits, arena);
  if (!body) return std::move(body).error();
  envelope_head head;
  if (auto e = check_envelope(*body, res, head)) return e;
  if constexpr (!std::is_void_v<Data>) {
    auto const* member = body->get_object().if_contains("data");
    if (!member || member->is_null())
      return with_response(make_error(errc::missing_field, "required field is missing", "data"), res, head.request_id);
    if (auto e = decode(*member, out)) return with_response(at_key(std::move(*e), "data"), res, head.request_id);
  }
  fill_info(info, res, head);
  return std::nullopt;
}

/// A parse function's result from what its read_ function left.
template <class T>
result<T> to_result(maybe_error&& failure, stored_t<T>&& out) {
  if (failure) return std::move(*failure);
  if constexpr (std::is_void_v<T>)
    return {};
  else
    return std::move(out);
}

}  // namespace detail

/// Reads a V3 response: {statusCode, message, apiCode?, requestId?, data?}. `Data` is the type
/// of `data`, or void for endpoints that answer with the envelope alone. On success, `info` (when
/// given) receives the envelope's other members.
template <class Data>
[[nodiscard]] result<Data> parse_enveloped(http_response const& res, response_limits const& limits = {},
                                           response_info* info = nullptr) {
  detail::stored_t<Data> out{};
  auto failure = detail::read_enveloped<Data>(res, limits, info, out);
  return detail::to_result<Data>(std::move(failure), std::move(out));
}

namespace detail {

/// A refusal without envelope: an OAuth error object (RFC 6749 5.2: `error`,
/// `error_description`) is an oauth_error, anything else an http_status error.
inline error bare_refusal(boost::json::value const& body, http_response const& res) {
  auto const* obj = body.if_object();
  auto const* code = obj ? obj->if_contains("error") : nullptr;
  if (!code || !code->is_string())
    return response_error(errc::http_status, "HTTP " + std::to_string(res.status), res);
  auto const* description = obj->if_contains("error_description");
  error e = response_error(errc::oauth_error,
                           description && description->is_string() ? std::string(description->get_string()) : "", res);
  e.oauth_error = code->get_string();
  return e;
}

/// parse_bare's work, its value read into `out`.
template <class T>
maybe_error read_bare(http_response const& res, response_limits const& limits, response_info* info, stored_t<T>& out) {
  if constexpr (std::is_void_v<T>) {
    if (is_2xx(res.status) && res.body.size() <= limits.max_body_size) {
      if (info) info->http_status = res.status;
      return std::nullopt;
    }
  }
  parse_arena arena;
  auto body = parse_body(res, limits, arena);
  if (!body) return std::move(body).error();
  if (!is_2xx(res.status)) return bare_refusal(*body, res);
  if constexpr (!std::is_void_v<T>) {
    if (auto e = decode(*body, out)) return with_response(std::move(*e), res, std::nullopt);
    if (info) info->http_status = res.status;
  }
  return std::nullopt;
}

}  // namespace detail

/// Reads a response that is a bare JSON value without envelope (token introspection, the OAuth
/// endpoints): T from the body of a 2xx answer, nothing of it when T is void (a revocation
/// answers with an empty body); an OAuth error object is an oauth_error. On success, `info`
/// (when given) receives the HTTP status.
template <class T>
[[nodiscard]] result<T> parse_bare(http_response const& res, response_limits const& limits = {},
                                   response_info* info = nullptr) {
  detail::stored_t<T> out{};
  auto failure = detail::read_bare<T>(res, limits, info, out);
  return detail::to_result<T>(std::move(failure), std::move(out));
}

GENAUTH_NAMESPACE_END
