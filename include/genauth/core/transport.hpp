#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>

#include <concepts>
#include <functional>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// Failures a transport reports, as std::error_code values. Whether the request may have reached
/// the server decides what a retry may do: see request_not_sent().
enum class transport_errc {
  connect_failed = 1,     ///< no connection: refused or unreachable; nothing was sent
  resolve_failed,         ///< the host name did not resolve; nothing was sent
  tls_handshake_failed,   ///< no TLS session (certificate, protocol); nothing was sent
  timed_out,              ///< no complete answer in time; the request may have been received
  connection_lost,        ///< the connection broke after sending began; may have been received
  response_too_large,     ///< the answer exceeded the transport's limit
  transport_threw,        ///< the transport threw an exception; the client caught it
  insecure_url,           ///< the transport refuses the URL (plain http not allowed); nothing was sent
  setup_failed,           ///< the transport's options or its HTTP library refused; nothing was sent
  cancelled,                 ///< the exchange was cancelled once sending began; the request may have been received
  cancelled_before_sending,  ///< the exchange was cancelled before any request byte was written; nothing was sent
  queue_full,                ///< too many requests waited for a connection to the host; nothing was sent
  completed_twice,           ///< an async transport completed one exchange twice; the second completion was ignored
};

namespace detail {

class transport_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "genauth.transport"; }
  std::string message(int ev) const override {
    switch (static_cast<transport_errc>(ev)) {
      case transport_errc::connect_failed: return "could not connect";
      case transport_errc::resolve_failed: return "could not resolve the host";
      case transport_errc::tls_handshake_failed: return "TLS handshake failed";
      case transport_errc::timed_out: return "timed out";
      case transport_errc::connection_lost: return "connection lost";
      case transport_errc::response_too_large: return "response too large";
      case transport_errc::transport_threw: return "the transport threw an exception";
      case transport_errc::insecure_url: return "the transport refuses to send to this URL";
      case transport_errc::setup_failed: return "the transport could not be set up";
      case transport_errc::cancelled: return "the exchange was cancelled after sending began";
      case transport_errc::cancelled_before_sending: return "the exchange was cancelled before anything was sent";
      case transport_errc::queue_full: return "too many requests wait for a connection to the host";
      case transport_errc::completed_twice: return "the transport completed an exchange twice";
    }
    return "unknown transport error";
  }
};

}  // namespace detail

inline std::error_category const& transport_category() noexcept {
  static detail::transport_category_impl const instance;
  return instance;
}

inline std::error_code make_error_code(transport_errc e) noexcept { return {static_cast<int>(e), transport_category()}; }

/// Whether a transport failure proves that nothing reached the server, so that even a call that
/// is not idempotent may be sent again: connect_failed, resolve_failed, tls_handshake_failed,
/// cancelled_before_sending, queue_full, and the system's connection-refused error. (insecure_url
/// and setup_failed send nothing either, but sending again would be refused again.) A transport
/// reports those only when no request byte was written.
[[nodiscard]] inline bool request_not_sent(std::error_code ec) noexcept {
  if (ec.category() == transport_category()) {
    auto const e = static_cast<transport_errc>(ec.value());
    return e == transport_errc::connect_failed || e == transport_errc::resolve_failed ||
           e == transport_errc::tls_handshake_failed || e == transport_errc::cancelled_before_sending ||
           e == transport_errc::queue_full;
  }
  // An unreachable host or network can also be reported by a socket that had already sent.
  return ec == std::errc::connection_refused;
}

/// What a transport hands back: a response, or an I/O error (connect, TLS, timeout, ...).
/// An HTTP 4xx/5xx is a response, not an error.
struct transport_result {
  std::error_code error;   ///< set on an I/O failure; `response` is then empty
  http_response response;  ///< what came back, when `error` is not set

  transport_result() = default;
  /// A response (the implicit conversion lets a transport return an http_response).
  transport_result(http_response r) : response(std::move(r)) {}  // NOLINT: implicit by design
  /// An I/O failure (the implicit conversion lets a transport return an error code).
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

/// The transport, with whatever it throws turned into a transport error: nothing escapes a call.
template <class Transport>
transport_result send(Transport& transport, http_request const& request) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  try {
    return transport(request);
  } catch (...) {
    return make_error_code(transport_errc::transport_threw);
  }
#else
  return transport(request);
#endif
}

/// A client's transport as the call path sees it: one pointer to the transport and one to a
/// function that sends through it, so the call path is compiled once per endpoint, not once per
/// transport type.
class transport_ref {
 public:
  template <class Transport>
  explicit transport_ref(Transport& transport) noexcept
      : transport_(&transport), send_([](void* t, http_request const& request) {
          return send(*static_cast<Transport*>(t), request);
        }) {}

  transport_result operator()(http_request const& request) const { return send_(transport_, request); }

 private:
  void* transport_;
  transport_result (*send_)(void*, http_request const&);
};

}  // namespace detail

GENAUTH_NAMESPACE_END

// Specialisations of std traits: not part of the reference.
/// @cond
template <>
struct std::is_error_code_enum<genauth::transport_errc> : std::true_type {};
/// @endcond
