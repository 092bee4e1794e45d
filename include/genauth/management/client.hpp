#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/management/mfa.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {
template <endpoint R>
result<typename R::response_type> management_call(management_policy& policy, transport_ref transport, R const& request,
                                                  call_options const& options);
}  // namespace detail

/// The management client: signs every request with the access key, hands it to the transport,
/// parses the answer, and retries as `options.retry` allows. Each call is a call_engine driven on
/// the calling thread.
///
/// Threads: the client holds no global state and never changes its options; one instance may
/// serve many threads at once when its transport may (the default clock and nonce source are
/// thread-safe). The only state it shares between calls is the clock correction learnt from an
/// apiCode 1305 answer, which is atomic.
template <class Transport = any_transport>
class management_client {
  static_assert(detail::require_transport<Transport>());

 public:
  /// A client signing with `options` (access key, host, brand), sending through `transport`.
  management_client(management_options options, Transport transport)
      : policy_(std::move(options)), transport_(std::move(transport)) {}

  /// Sends any management endpoint: validates, signs, sends and parses, with retries, as
  /// `options` (deadline, retry override, cancellation, observer) adds. Each named method below
  /// is this call with its request type; `call` also reaches an endpoint that has no named
  /// method, such as one declared in your own code (with GENAUTH_SEPARATE_COMPILATION, include
  /// genauth/management/call.hpp where you call it).
  template <endpoint R>
  result<typename R::response_type> call(R const& request, call_options const& options = {}) {
    static_assert(detail::belongs_to<management_api, R>());
    return detail::management_call(policy_, detail::transport_ref(transport_), request, options);
  }

  /// The options the client signs with.
  [[nodiscard]] management_options const& options() const noexcept { return policy_.options(); }
  /// The client's signing policy and clock correction, for engines driven elsewhere.
  [[nodiscard]] management_policy& policy() noexcept { return policy_; }

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

 private:
  management_policy policy_;
  Transport transport_;
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/call.hpp>
#endif
