#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/calls.hpp>
#include <genauth/management/mfa.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <memory>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {
template <endpoint R>
result<typename R::response_type> management_call(management_policy& policy, transport_ref transport, R const& request,
                                                  call_options const& options);
}  // namespace detail

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
  /// `options` (deadline, retry override, cancellation, observer) adds. Each named method below
  /// is this call with its request type; `call` also reaches an endpoint that has no named
  /// method, such as one declared in your own code (with GENAUTH_SEPARATE_COMPILATION, include
  /// genauth/management/call.hpp where you call it).
  template <endpoint R>
  result<typename R::response_type> call(R const& request, call_options const& options = {}) {
    static_assert(detail::belongs_to<management_api, R>());
    return detail::management_call(*policy_, detail::transport_ref(transport_), request, options);
  }

  /// `call` without blocking: `async_call(request, [options,] token)` completes with
  /// `void(result<R::response_type>)` through any Asio completion token (a callback,
  /// asio::use_awaitable, asio::deferred, asio::use_future). Needs an async transport and
  /// genauth/engine/async.hpp (included by genauth/transport/beast.hpp). Cancel it through the
  /// token's cancellation slot or `options.stop`; either ends an attempt in flight too. Each
  /// `async_` method below is this call with its request type.
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

  /// M1: which factors a user has bound (get_user_mfa_info_request).
  result<user_mfa_info> get_user_mfa_info(get_user_mfa_info_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// M2: writes a user's MFA trigger data (set_users_mfa_status_request).
  result<success_flag> set_users_mfa_status(set_users_mfa_status_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// M3: reads a user's MFA trigger data (get_user_mfa_status_request).
  result<mfa_trigger_data> get_user_mfa_status(get_user_mfa_status_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// M4: a user's MFA trigger data within one application (get_mfa_trigger_data_request).
  result<mfa_trigger_data> get_mfa_trigger_data(get_mfa_trigger_data_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// M5: bulk-imports TOTP secrets (import_otp_request).
  result<void> import_otp(import_otp_request const& r, call_options const& o = {}) { return call(r, o); }
  /// M6: reads a user's TOTP secret (get_otp_secret_by_user_request).
  result<otp_secret> get_otp_secret_by_user(get_otp_secret_by_user_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// M7: enables or disables factors for one application.
  result<mfa_settings> update_application_mfa_settings(update_application_mfa_settings_request const& r,
                                                       call_options const& o = {}) {
    return call(r, o);
  }
  /// M8: the user pool's MFA settings.
  result<mfa_settings> get_global_mfa_settings(call_options const& o = {}) {
    return call(get_global_mfa_settings_request{}, o);
  }
  /// M9: sets the factors enabled for the user pool (update_global_mfa_settings_request).
  result<mfa_settings> update_global_mfa_settings(update_global_mfa_settings_request const& r,
                                                  call_options const& o = {}) {
    return call(r, o);
  }
  /// M10: disables factors for the user pool (close_global_mfa_settings_request).
  result<mfa_settings> close_global_mfa_settings(close_global_mfa_settings_request const& r,
                                                 call_options const& o = {}) {
    return call(r, o);
  }

  // The same calls without blocking: async_call with each request type.

  /// M1 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_user_mfa_info(get_user_mfa_info_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M2 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_set_users_mfa_status(set_users_mfa_status_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M3 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_user_mfa_status(get_user_mfa_status_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M4 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_mfa_trigger_data(get_mfa_trigger_data_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M5 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_import_otp(import_otp_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M6 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_otp_secret_by_user(get_otp_secret_by_user_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M7 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_update_application_mfa_settings(update_application_mfa_settings_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M8 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_get_global_mfa_settings(Args&&... args) {
    return async_call(get_global_mfa_settings_request{}, std::forward<Args>(args)...);
  }
  /// M9 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_update_global_mfa_settings(update_global_mfa_settings_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// M10 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_close_global_mfa_settings(close_global_mfa_settings_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }

 private:
  std::shared_ptr<management_policy> policy_;  // shared with the async calls in flight
  Transport transport_;
  std::shared_ptr<detail::call_tracker> calls_ = std::make_shared<detail::call_tracker>();
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/call.hpp>
#endif
