#pragma once

#include <genauth/authentication/cas.hpp>
#include <genauth/authentication/mfa.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/policy.hpp>
#include <genauth/authentication/sign_in.hpp>
#include <genauth/authentication/tokens.hpp>
#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/calls.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <boost/json/value.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {
template <endpoint R>
result<typename R::response_type> authentication_call(authentication_policy const& policy, transport_ref transport,
                                                      R const& request, call_options const& call);
}  // namespace detail

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
  /// `options` (deadline, retry override, cancellation, observer) adds. Each named method below
  /// is this call with its request type; `call` also reaches an endpoint that has no named
  /// method, such as one declared in your own code (with GENAUTH_SEPARATE_COMPILATION, include
  /// genauth/authentication/call.hpp where you call it).
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
  /// token's cancellation slot or `options.stop`; either ends an attempt in flight too. Each
  /// `async_` method below is this call with its request type.
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

  /// A1: starts enrolling a factor (send_enroll_factor_request_params).
  result<enrollment_started> send_enroll_factor_request(send_enroll_factor_request_params const& r,
                                                        call_options const& o = {}) {
    return call(r, o);
  }
  /// A2: completes an enrolment (enroll_factor_request).
  result<void> enroll_factor(enroll_factor_request const& r, call_options const& o = {}) { return call(r, o); }
  /// A3: unbinds a factor (reset_factor_request).
  result<void> reset_factor(reset_factor_request const& r, call_options const& o = {}) { return call(r, o); }
  /// A4: the factors the user has bound.
  result<std::vector<enrolled_factor>> list_enrolled_factors(call_options const& o = {}) {
    return call(list_enrolled_factors_request{}, o);
  }
  /// A5: one bound factor (get_factor_request).
  result<enrolled_factor> get_factor(get_factor_request const& r, call_options const& o = {}) { return call(r, o); }
  /// A6: the factors the user may still enrol.
  result<std::vector<factor_to_enroll>> list_factors_to_enroll(call_options const& o = {}) {
    return call(list_factors_to_enroll_request{}, o);
  }
  /// A7: checks a TOTP code (mfa_otp_verify_request).
  result<totp_verification> mfa_otp_verify(mfa_otp_verify_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// A8: introspects an MFA token (verify_mfa_token_request).
  result<mfa_token_introspection> verify_mfa_token(verify_mfa_token_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// A9: starts binding a passkey; the WebAuthn creation options as JSON.
  result<boost::json::value> web_authn_mfa_bind_initialize(call_options const& o = {}) {
    return call(web_authn_mfa_bind_initialize_request{}, o);
  }
  /// A10: starts a passkey check; the WebAuthn request options as JSON.
  result<boost::json::value> web_authn_mfa_verify_initialize(call_options const& o = {}) {
    return call(web_authn_mfa_verify_initialize_request{}, o);
  }

  /// T1: tokens for an authorization code and its PKCE verifier.
  result<token_set> get_access_token_by_code(access_token_by_code_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// T2: a token for the application itself.
  result<token_set> get_access_token_by_client_credentials(access_token_by_client_credentials_request const& r,
                                                           call_options const& o = {}) {
    return call(r, o);
  }
  /// T3: a new access token for a refresh token.
  result<token_set> get_new_access_token_by_refresh_token(new_access_token_by_refresh_token_request const& r,
                                                          call_options const& o = {}) {
    return call(r, o);
  }
  /// T4: revokes an access or refresh token.
  result<void> revoke_token(revoke_token_request const& r, call_options const& o = {}) { return call(r, o); }
  /// T5: what the provider knows of a token.
  result<token_introspection> introspect_token(introspect_token_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// T6: the claims of the user whose access token this client holds.
  result<user_info> get_user_info_by_access_token(call_options const& o = {}) {
    return call(user_info_request{}, o);
  }

  /// S1: signs a user in (sign_in_by_credentials_request::by_email_password and the others);
  /// pass the access token to set_access_token to act for them.
  result<login_token> sign_in_by_credentials(sign_in_by_credentials_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// S2: registers a user (sign_up_request::by_email_password and the others).
  result<signed_up_user> sign_up(sign_up_request const& r, call_options const& o = {}) { return call(r, o); }

  /// C1: validates a CAS ticket (CAS 1.0).
  result<cas_validation> validate_ticket_v1(cas_validate_request const& r, call_options const& o = {}) {
    return call(r, o);
  }
  /// C2: validates a CAS ticket and reads the user's attributes (CAS 2.0, JSON).
  result<cas_validation> validate_ticket_v2(cas_service_validate_request const& r, call_options const& o = {}) {
    return call(r, o);
  }

  // The same calls without blocking: async_call with each request type.

  /// A1 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_send_enroll_factor_request(send_enroll_factor_request_params const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A2 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_enroll_factor(enroll_factor_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A3 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_reset_factor(reset_factor_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A4 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_list_enrolled_factors(Args&&... args) {
    return async_call(list_enrolled_factors_request{}, std::forward<Args>(args)...);
  }
  /// A5 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_factor(get_factor_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A6 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_list_factors_to_enroll(Args&&... args) {
    return async_call(list_factors_to_enroll_request{}, std::forward<Args>(args)...);
  }
  /// A7 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_mfa_otp_verify(mfa_otp_verify_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A8 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_verify_mfa_token(verify_mfa_token_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// A9 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_web_authn_mfa_bind_initialize(Args&&... args) {
    return async_call(web_authn_mfa_bind_initialize_request{}, std::forward<Args>(args)...);
  }
  /// A10 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_web_authn_mfa_verify_initialize(Args&&... args) {
    return async_call(web_authn_mfa_verify_initialize_request{}, std::forward<Args>(args)...);
  }

  /// T1 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_access_token_by_code(access_token_by_code_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// T2 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_access_token_by_client_credentials(access_token_by_client_credentials_request const& r,
                                                    Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// T3 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_get_new_access_token_by_refresh_token(new_access_token_by_refresh_token_request const& r,
                                                   Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// T4 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_revoke_token(revoke_token_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// T5 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_introspect_token(introspect_token_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// T6 as async_call: `([options,] token)`.
  template <class... Args>
  auto async_get_user_info_by_access_token(Args&&... args) {
    return async_call(user_info_request{}, std::forward<Args>(args)...);
  }

  /// S1 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_sign_in_by_credentials(sign_in_by_credentials_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// S2 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_sign_up(sign_up_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }

  /// C1 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_validate_ticket_v1(cas_validate_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }
  /// C2 as async_call: `(request, [options,] token)`.
  template <class... Args>
  auto async_validate_ticket_v2(cas_service_validate_request const& r, Args&&... args) {
    return async_call(r, std::forward<Args>(args)...);
  }

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
