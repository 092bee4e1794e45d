#pragma once

// A transport on Boost.Beast and Asio, over OpenSSL for HTTPS: link the CMake target
// genauth::beast. Not part of genauth.hpp, so the core SDK never needs Asio or OpenSSL. It brings
// the clients' async calls (genauth/engine/async.hpp).

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/async.hpp>
#include <genauth/transport/beast_options.hpp>
#include <genauth/transport/detail/beast_exchange.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/use_future.hpp>

#include <exception>
#include <memory>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// A transport on Boost.Beast: HTTP/1.1 over TCP, or TLS through OpenSSL. Peer and host name
/// verification are always on (`ca_file` / `ca_path` choose what to trust, in place of the
/// system's store) and SNI names the host; redirects are not followed; http:// URLs are refused
/// unless `allow_insecure_http`. Every failure is a transport_errc, never an exception.
///
/// Answers are read by RFC 9112: interim (1xx) answers are skipped, every part held in memory is
/// bounded by `max_response_size`, and a connection is kept alive only when its answer was read to
/// the end and nothing follows it; one that received anything while idle is closed, not reused.
/// Connections are kept per host and reused by later requests that may be repeated; a request
/// that may not be repeated (http_request::idempotent false) gets a new connection and is never
/// sent twice. An idempotent request whose kept-alive connection turns out closed before any
/// answer byte is sent once more on a new one. At most `max_connections_per_host` are open per
/// host; a request beyond waits for one. connect_failed, resolve_failed, tls_handshake_failed,
/// cancelled_before_sending and queue_full are reported only when no request byte was written.
///
/// The timeout bounds every step, the name lookup included (it runs on a thread of its own that
/// nothing waits for), and so does Asio's per-operation cancellation: terminal always, partial and
/// total while no request byte was written.
///
/// Made with an executor, it runs on the caller's event loop: async_send completes through it.
/// Made without, it owns an I/O thread. Either way `operator()` blocks the calling thread until
/// the exchange is over, so it must not be called from a thread running the transport's
/// executor. Copies share the connections; any thread may use one at once.
class beast_transport {
 public:
  /// A transport with an I/O thread of its own: ready for blocking calls.
  explicit beast_transport(beast_options options = {}) : state_(with_thread(std::move(options))) {}

  /// A transport whose connections and timers run on `executor` (an io_context's, a strand, a
  /// thread_pool's); destroy its last copy, and let its exchanges end, before that executor's
  /// execution context.
  explicit beast_transport(boost::asio::any_io_executor executor, beast_options options = {})
      : state_(std::make_shared<detail::beast_state>(std::move(executor), std::move(options))) {}

  /// Sends `request` and completes with its transport_result: `token` is any Asio completion
  /// token for the signature `void(transport_result)` (a callback, asio::use_awaitable,
  /// asio::deferred, asio::use_future). The request is copied before this returns. The exchange
  /// takes at most options().timeout, or request.timeout when that is shorter.
  template <class CompletionToken>
  auto async_send(http_request const& request, CompletionToken&& token) const {
    return boost::asio::async_initiate<CompletionToken, void(transport_result)>(
        [](auto handler, std::shared_ptr<detail::beast_state> const& state, http_request const& r) {
          detail::beast_exchange::start(state, r, detail::beast_handler(std::move(handler), state->executor));
        },
        token, state_, request);
  }

  /// Sends `request` and waits for the whole response, or fails with a transport_errc.
  transport_result operator()(http_request const& request) const {
    if (state_->runner && state_->runner->context().get_executor().running_in_this_thread())
      return make_error_code(transport_errc::setup_failed);  // it would wait for itself
    try {
      return async_send(request, boost::asio::use_future).get();
    } catch (std::exception const&) {  // the executor's context stopped with the exchange in flight
      return make_error_code(transport_errc::connection_lost);
    }
  }

  /// The options it was made with.
  [[nodiscard]] beast_options const& options() const noexcept { return state_->options; }
  /// The executor its connections and timers run on.
  [[nodiscard]] boost::asio::any_io_executor get_executor() const noexcept { return state_->executor; }

 private:
  static std::shared_ptr<detail::beast_state> with_thread(beast_options options) {
    auto runner = std::make_shared<detail::beast_runner>();
    auto const executor = runner->context().get_executor();
    return std::make_shared<detail::beast_state>(executor, std::move(options), std::move(runner));
  }

  std::shared_ptr<detail::beast_state> state_;
};

GENAUTH_NAMESPACE_END
