#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/validate.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/envelope.hpp>

#include <concepts>
#include <optional>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// How a POST carries its parameters.
enum class body_format {
  json,  ///< a JSON object (the default)
  form,  ///< application/x-www-form-urlencoded
  none,  ///< no body at all
};

/// A request struct is an endpoint: its described members are the parameters (query for GET,
/// body for POST), and static members say where it goes and what comes back. Optional members:
///   static constexpr body_format format;  // POST body, json when absent
///   static constexpr bool enveloped;      // false for a bare JSON answer, true when absent
///   std::optional<error> validate() const;  // checks beyond "required strings are not empty"
///   static std::optional<response_type> recover(error const&);  // an api error that is an answer
template <class R>
concept endpoint = detail::described<R> && requires {
  { R::method } -> std::convertible_to<http_method>;
  { R::path } -> std::convertible_to<std::string_view>;
  typename R::response_type;
};

namespace detail {

template <endpoint R>
constexpr body_format format_of() {
  if constexpr (requires { R::format; })
    return R::format;
  else
    return body_format::json;
}

template <endpoint R>
constexpr bool enveloped() {
  if constexpr (requires { R::enveloped; })
    return R::enveloped;
  else
    return true;
}

/// Everything checked about a request before it is encoded.
template <endpoint R>
maybe_error validate_request(R const& request) {
  if (auto e = check_required(request)) return e;
  if constexpr (requires { request.validate(); }) return request.validate();
  return std::nullopt;
}

}  // namespace detail

/// Reads the response of endpoint R into its typed result.
template <endpoint R>
[[nodiscard]] result<typename R::response_type> parse(http_response const& response,
                                                      response_limits const& limits = {}) {
  using T = typename R::response_type;
  result<T> out = [&] {
    if constexpr (detail::enveloped<R>())
      return parse_enveloped<T>(response, limits);
    else
      return parse_bare<T>(response, limits);
  }();
  if constexpr (requires(error const& e) { R::recover(e); }) {
    if (!out)
      if (auto recovered = R::recover(out.error())) return std::move(*recovered);
  }
  return out;
}

namespace detail {

/// transport → parse, shared by both clients.
template <endpoint R, class Transport>
result<typename R::response_type> exchange(Transport& transport, http_request const& request,
                                           response_limits const& limits) {
  transport_result sent = transport(request);
  if (sent.error) {
    error e = make_error(errc::transport_failed, "the transport reported an I/O error");
    e.cause = sent.error;
    return e;
  }
  return parse<R>(sent.response, limits);
}

}  // namespace detail

GENAUTH_NAMESPACE_END
