#pragma once

#include <genauth/authentication/api/mfa.hpp>
#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

// What the end user's MFA endpoints check before sending, and the one error that is an answer:
// code beside the generated declarations (genauth/authentication/api/mfa.hpp).

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline maybe_error check_six_digits(std::string_view code, std::string_view what, std::string_view path) {
  if (code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return make_error(errc::malformed_code, std::string(what), std::string(path));
}

inline error missing_input(std::string_view what, std::string_view path) {
  return make_error(errc::missing_factor_input, std::string(what), std::string(path));
}

}  // namespace detail

inline std::optional<error> send_enroll_factor_request_params::validate() const {
  if (factor_type == genauth::factor_type::sms && !profile.phone_number)
    return detail::missing_input("SMS needs a phone number", "profile.phoneNumber");
  if (factor_type == genauth::factor_type::email && !profile.email)
    return detail::missing_input("EMAIL needs an email address", "profile.email");
  return std::nullopt;
}

inline std::optional<error> enroll_factor_request::validate() const {
  if (factor_type == genauth::factor_type::face) {
    if (!enrollment_data.photo) return detail::missing_input("FACE needs a photo", "enrollmentData.photo");
    return std::nullopt;
  }
  if (!enrollment_data.pass_code)
    return detail::missing_input("SMS, EMAIL and OTP need a pass code", "enrollmentData.passCode");
  return detail::check_six_digits(*enrollment_data.pass_code, "a pass code must be six digits",
                                  "enrollmentData.passCode");
}

inline std::optional<error> mfa_otp_verify_request::validate() const {
  return detail::check_six_digits(totp, "a TOTP code must be six digits", "totp");
}

/// A wrong code may come back as `verified: false` or as an api error with apiCode 6001; both
/// give `verified == false`.
inline std::optional<totp_verification> mfa_otp_verify_request::recover(error const& e) {
  if (e.kind() == error_kind::api && e.api_code == 6001) return totp_verification{false};
  return std::nullopt;
}

GENAUTH_NAMESPACE_END
