#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/envelope.hpp>

#include <concepts>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// A request struct is an endpoint: its described members are the parameters (query for GET,
/// body for POST), and three static members say where it goes and what comes back.
template <class R>
concept endpoint = detail::described<R> && requires {
  { R::method } -> std::convertible_to<http_method>;
  { R::path } -> std::convertible_to<std::string_view>;
  typename R::response_type;
};

/// Reads the response of endpoint R into its typed result.
template <endpoint R>
[[nodiscard]] result<typename R::response_type> parse(http_response const& response,
                                                      response_limits const& limits = {}) {
  return parse_enveloped<typename R::response_type>(response, limits);
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
