#pragma once

#include <genauth/config.hpp>
#include <genauth/core/client_base.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/management/build.hpp>
#include <genauth/management/mfa.hpp>
#include <genauth/management/options.hpp>

#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The management client: signs every request with the access key, hands it to the transport
/// and parses the answer. Holds no global state; one instance may serve many threads as long as
/// its transport can (the default nonce source and clock are thread-safe).
template <class Transport = any_transport>
class management_client : public detail::client_base<management_options, Transport> {
  using base = detail::client_base<management_options, Transport>;

 public:
  management_client(management_options options, Transport transport) : base(std::move(options), std::move(transport)) {}

  using base::call;

  result<user_mfa_info> get_user_mfa_info(get_user_mfa_info_request const& r) { return call(r); }
  result<success_flag> set_users_mfa_status(set_users_mfa_status_request const& r) { return call(r); }
  result<mfa_trigger_data> get_user_mfa_status(get_user_mfa_status_request const& r) { return call(r); }
  result<mfa_trigger_data> get_mfa_trigger_data(get_mfa_trigger_data_request const& r) { return call(r); }
  result<void> import_otp(import_otp_request const& r) { return call(r); }
  result<otp_secret> get_otp_secret_by_user(get_otp_secret_by_user_request const& r) { return call(r); }
  result<mfa_settings> update_application_mfa_settings(update_application_mfa_settings_request const& r) {
    return call(r);
  }
  result<mfa_settings> get_global_mfa_settings() { return call(get_global_mfa_settings_request{}); }
  result<mfa_settings> update_global_mfa_settings(update_global_mfa_settings_request const& r) { return call(r); }
  result<mfa_settings> close_global_mfa_settings(close_global_mfa_settings_request const& r) { return call(r); }
};

GENAUTH_NAMESPACE_END
