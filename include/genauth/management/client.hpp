#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/calls.hpp>
#include <genauth/management/detail/send.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <memory>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The management client: signs every request with the access key, hands it to the transport,
/// parses the answer, and retries as `options.retry` allows. Each blocking call is a call_engine
/// driven on the calling thread; with an async transport (beast_transport), each `async_` call
/// is one driven on the transport's executor (genauth/engine/async.hpp).
///
/// Threads: the client holds no global state and never changes its options; one instance may
/// serve many threads at once when its transport may (the default clock and nonce source are
/// thread-safe). The only state it shares between calls is the clock correction learnt from an
/// apiCode 1305 answer, which is atomic. A copy starts with the original's correction and learns
/// on its own. Destroying a client cancels its async calls in flight and returns at once: each
/// still completes once (with errc::cancelled unless it had finished) when its executor runs it,
/// and must not use the client then.
template <class Transport = any_transport>
class management_client {
  static_assert(detail::require_transport<Transport>());

 public:
  /// A client signing with `options` (access key, host, brand), sending through `transport`.
  management_client(management_options options, Transport transport)
      : policy_(std::make_shared<management_policy>(std::move(options))), transport_(std::move(transport)) {}
  /// A client with the other's options, clock correction and a copy of its transport.
  management_client(management_client const& other)
      : policy_(std::make_shared<management_policy>(*other.policy_)), transport_(other.transport_) {}
  /// A client with the other's options, clock correction and transport.
  /// A client with the other's options, clock correction and transport; the other's async calls
  /// in flight become this one's (its destruction cancels them).
  management_client(management_client&& other) noexcept
      : policy_(other.policy_), transport_(std::move(other.transport_)), calls_(std::move(other.calls_)) {}
  management_client& operator=(management_client const&) = delete;
  management_client& operator=(management_client&&) = delete;
  ~management_client() {
    if (calls_) calls_->close();
  }

  /// Sends any management endpoint: validates, signs, sends and parses, with retries, as
  /// `options` (deadline, retry override, cancellation, observer) adds. An endpoint's named call
  /// (`genauth::management::get_...(client, request)`) is this call; `call` sends your own endpoints
  /// just as well.
  template <endpoint R>
  result<typename R::response_type> call(R const& request, call_options const& options = {}) {
    static_assert(detail::belongs_to<management_api, R>());
    return detail::management_call(*policy_, detail::transport_ref(transport_), request, options);
  }

  /// `call` without blocking: `async_call(request, [options,] token)` completes with
  /// `void(result<R::response_type>)` through any Asio completion token (a callback,
  /// asio::use_awaitable, asio::deferred, asio::use_future). Needs an async transport and
  /// genauth/engine/async.hpp (included by genauth/transport/beast.hpp). Cancel it through the
  /// token's cancellation slot or `options.stop`; either ends an attempt in flight too. An endpoint's
  /// `async_` named call is this call.
  template <endpoint R, class... Args>
  auto async_call(R const& request, Args&&... args) {
    static_assert(detail::belongs_to<management_api, R>());
    if constexpr (detail::async_ready<Transport>()) {
      if (!calls_) calls_ = std::make_shared<detail::call_tracker>();  // moved from
      return detail::async_calls<Transport>::start(policy_, transport_, calls_, request, std::forward<Args>(args)...);
    }
  }

  /// The options the client signs with.
  [[nodiscard]] management_options const& options() const noexcept { return policy_->options(); }
  /// The client's signing policy and clock correction, for engines driven elsewhere.
  [[nodiscard]] management_policy& policy() noexcept { return *policy_; }

 private:
  std::shared_ptr<management_policy> policy_;  // shared with the async calls in flight
  Transport transport_;
  std::shared_ptr<detail::call_tracker> calls_ = std::make_shared<detail::call_tracker>();
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/call.hpp>
#endif
