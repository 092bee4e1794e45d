#pragma once

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/mfa.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/config.hpp>
#include <genauth/core/client_base.hpp>
#include <genauth/core/transport.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// The authentication client: acts for one end user with that user's access token.
template <class Transport = any_transport>
class authentication_client : public detail::client_base<authentication_options, Transport> {
  using base = detail::client_base<authentication_options, Transport>;

 public:
  authentication_client(authentication_options options, Transport transport)
      : base(std::move(options), std::move(transport)) {}

  using base::call;

  /// Replaces the user's access token (after sign-in or a refresh).
  void set_access_token(std::string token) { this->options_.access_token = std::move(token); }

  result<enrollment_started> send_enroll_factor_request(send_enroll_factor_request_params const& r) { return call(r); }
  result<void> enroll_factor(enroll_factor_request const& r) { return call(r); }
  result<void> reset_factor(reset_factor_request const& r) { return call(r); }
  result<std::vector<enrolled_factor>> list_enrolled_factors() { return call(list_enrolled_factors_request{}); }
  result<enrolled_factor> get_factor(get_factor_request const& r) { return call(r); }
  result<std::vector<factor_to_enroll>> list_factors_to_enroll() { return call(list_factors_to_enroll_request{}); }
  result<totp_verification> mfa_otp_verify(mfa_otp_verify_request const& r) { return call(r); }
  result<mfa_token_introspection> verify_mfa_token(verify_mfa_token_request const& r) { return call(r); }
  result<boost::json::value> web_authn_mfa_bind_initialize() { return call(web_authn_mfa_bind_initialize_request{}); }
  result<boost::json::value> web_authn_mfa_verify_initialize() {
    return call(web_authn_mfa_verify_initialize_request{});
  }
};

GENAUTH_NAMESPACE_END
