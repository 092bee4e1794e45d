#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/detail/clock_skew.hpp>
#include <genauth/management/mfa.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/signer.hpp>

#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace detail {
template <endpoint R>
result<typename R::response_type> management_call(management_signer const& signer, clock_skew& skew,
                                                  transport_ref transport, R const& request);
}  // namespace detail

/// The management client: signs every request with the access key, hands it to the transport,
/// parses the answer, and retries as `options.retry` allows.
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
      : signer_(std::move(options)), transport_(std::move(transport)) {}

  /// Sends any management endpoint: validates, signs, sends and parses, with retries. Each
  /// named method below is this call with its request type; `call` also reaches an endpoint
  /// that has no named method, such as one declared in your own code (with
  /// GENAUTH_SEPARATE_COMPILATION, include genauth/management/call.hpp where you call it).
  template <endpoint R>
  result<typename R::response_type> call(R const& request) {
    static_assert(detail::belongs_to<management_api, R>());
    return detail::management_call(signer_, skew_, detail::transport_ref(transport_), request);
  }

  /// The options the client signs with.
  [[nodiscard]] management_options const& options() const noexcept { return signer_.options(); }

  /// M1: which factors a user has bound (get_user_mfa_info_request).
  result<user_mfa_info> get_user_mfa_info(get_user_mfa_info_request const& r) { return call(r); }
  /// M2: writes a user's MFA trigger data (set_users_mfa_status_request).
  result<success_flag> set_users_mfa_status(set_users_mfa_status_request const& r) { return call(r); }
  /// M3: reads a user's MFA trigger data (get_user_mfa_status_request).
  result<mfa_trigger_data> get_user_mfa_status(get_user_mfa_status_request const& r) { return call(r); }
  /// M4: a user's MFA trigger data within one application (get_mfa_trigger_data_request).
  result<mfa_trigger_data> get_mfa_trigger_data(get_mfa_trigger_data_request const& r) { return call(r); }
  /// M5: bulk-imports TOTP secrets (import_otp_request).
  result<void> import_otp(import_otp_request const& r) { return call(r); }
  /// M6: reads a user's TOTP secret (get_otp_secret_by_user_request).
  result<otp_secret> get_otp_secret_by_user(get_otp_secret_by_user_request const& r) { return call(r); }
  /// M7: enables or disables factors for one application.
  result<mfa_settings> update_application_mfa_settings(update_application_mfa_settings_request const& r) {
    return call(r);
  }
  /// M8: the user pool's MFA settings.
  result<mfa_settings> get_global_mfa_settings() { return call(get_global_mfa_settings_request{}); }
  /// M9: sets the factors enabled for the user pool (update_global_mfa_settings_request).
  result<mfa_settings> update_global_mfa_settings(update_global_mfa_settings_request const& r) { return call(r); }
  /// M10: disables factors for the user pool (close_global_mfa_settings_request).
  result<mfa_settings> close_global_mfa_settings(close_global_mfa_settings_request const& r) { return call(r); }

 private:
  management_signer signer_;
  Transport transport_;
  detail::clock_skew skew_{};
};

GENAUTH_NAMESPACE_END

#ifndef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/call.hpp>
#endif
