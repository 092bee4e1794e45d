#pragma once

#include <genauth/authentication/detail/send.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/policy.hpp>
#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/calls.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The authentication client: acts for one end user with that user's access token, and retries
/// as `options.retry` allows.
///
/// Threads: one instance may serve many threads at once when its transport may, and
/// set_access_token() may run while calls are under way: each call uses the options, token
/// included, that were current when it started. With an async transport, each `async_` call is
/// driven on the transport's executor; destroying the client cancels those in flight and returns
/// at once: each still completes once when its executor runs it, and must not use the client then.
template <class Transport = any_transport>
class authentication_client {
  static_assert(detail::require_transport<Transport>());

 public:
  /// A client acting with `options` (app, host, token), sending through `transport`.
  authentication_client(authentication_options options, Transport transport)
      : policy_(std::make_shared<authentication_policy const>(std::move(options))),
        transport_(std::move(transport)) {}
  /// A client with the other's current options and a copy of its transport.
  authentication_client(authentication_client const& other)
      : policy_(other.snapshot()), transport_(other.transport_) {}
  /// A client with the other's current options and its transport.
  /// A client with the other's current options and its transport; the other's async calls in
  /// flight become this one's (its destruction cancels them).
  authentication_client(authentication_client&& other) noexcept
      : policy_(other.snapshot()), transport_(std::move(other.transport_)), calls_(std::move(other.calls_)) {}
  authentication_client& operator=(authentication_client const&) = delete;
  authentication_client& operator=(authentication_client&&) = delete;
  ~authentication_client() {
    if (calls_) calls_->close();
  }

  /// Sends any authentication endpoint: validates, encodes, sends and parses, with retries, as
  /// `options` (deadline, retry override, cancellation, observer) adds. An endpoint's named call
  /// (`genauth::authentication::get_...(client, request)`) is this call; `call` sends your own endpoints
  /// just as well.
  template <endpoint R>
  result<typename R::response_type> call(R const& request, call_options const& options = {}) {
    static_assert(detail::belongs_to<authentication_api, R>());
    auto const current = snapshot();
    return detail::authentication_call(*current, detail::transport_ref(transport_), request, options);
  }

  /// `call` without blocking: `async_call(request, [options,] token)` completes with
  /// `void(result<R::response_type>)` through any Asio completion token (a callback,
  /// asio::use_awaitable, asio::deferred, asio::use_future). Needs an async transport and
  /// genauth/engine/async.hpp (included by genauth/transport/beast.hpp). Cancel it through the
  /// token's cancellation slot or `options.stop`; either ends an attempt in flight too. An endpoint's
  /// `async_` named call is this call.
  template <endpoint R, class... Args>
  auto async_call(R const& request, Args&&... args) {
    static_assert(detail::belongs_to<authentication_api, R>());
    if constexpr (detail::async_ready<Transport>()) {
      if (!calls_) calls_ = std::make_shared<detail::call_tracker>();  // moved from
      return detail::async_calls<Transport>::start(snapshot(), transport_, calls_, request, std::forward<Args>(args)...);
    }
  }

  /// Replaces the user's access token (after sign-in or a refresh); calls already under way
  /// keep the token they started with.
  void set_access_token(std::string token) {
    std::lock_guard const lock(mutex_);
    auto options = policy_->options();
    options.access_token = std::move(token);
    policy_ = std::make_shared<authentication_policy const>(std::move(options));
  }

  /// A copy of the current options.
  [[nodiscard]] authentication_options options() const { return snapshot()->options(); }
  /// The current policy (options and token, checked once), for engines driven elsewhere.
  [[nodiscard]] std::shared_ptr<authentication_policy const> policy() const { return snapshot(); }

 private:
  [[nodiscard]] std::shared_ptr<authentication_policy const> snapshot() const {
    std::lock_guard const lock(mutex_);
    return policy_;
  }

  mutable std::mutex mutex_;
  std::shared_ptr<authentication_policy const> policy_;
  Transport transport_;
  std::shared_ptr<detail::call_tracker> calls_ = std::make_shared<detail::call_tracker>();
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/authentication/call.hpp>
#endif
