#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>

#include <concepts>
#include <functional>
#include <system_error>
#include <type_traits>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// What a transport hands back: a response, or an I/O error (connect, TLS, timeout, ...).
/// An HTTP 4xx/5xx is a response, not an error.
struct transport_result {
  std::error_code error;
  http_response response;

  transport_result() = default;
  transport_result(http_response r) : response(std::move(r)) {}  // NOLINT: implicit by design
  transport_result(std::error_code ec) : error(ec) {}             // NOLINT: implicit by design
};

/// Any callable taking the request and returning something convertible to transport_result:
/// lambdas, function objects, std::function.
template <class T>
concept transport = std::invocable<T&, http_request const&> &&
                    std::convertible_to<std::invoke_result_t<T&, http_request const&>, transport_result>;

/// Type-erased transport, for clients stored as members or chosen at run time.
using any_transport = std::function<transport_result(http_request const&)>;

namespace detail {

template <class T>
constexpr bool require_transport() {
  static_assert(transport<T>,
                "genauth: a transport must be callable as `t(genauth::http_request const&)` and "
                "return genauth::transport_result (or http_response / std::error_code)");
  return true;
}

}  // namespace detail

GENAUTH_NAMESPACE_END
