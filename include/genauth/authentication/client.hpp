#pragma once

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/mfa.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/transport.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// The authentication client: acts for one end user with that user's access token.
template <class Transport = any_transport>
class authentication_client {
  static_assert(detail::require_transport<Transport>());

 public:
  authentication_client(authentication_options options, Transport transport)
      : options_(std::move(options)), transport_(std::move(transport)) {}

  /// Replaces the user's access token (after sign-in or a refresh).
  void set_access_token(std::string token) { options_.access_token = std::move(token); }

  /// build → transport → parse, for any authentication endpoint.
  template <endpoint R>
  result<typename R::response_type> call(R const& request) {
    auto req = build(options_, request);
    if (!req) return req.error();
    return detail::exchange<R>(transport_, *req, options_.limits);
  }

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

  [[nodiscard]] authentication_options const& options() const noexcept { return options_; }

 private:
  authentication_options options_;
  Transport transport_;
};

GENAUTH_NAMESPACE_END
