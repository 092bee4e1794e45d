#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/factor_type.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/open_enum.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The end user's MFA surface (docs/wire-format.md): data types, then one declaration per endpoint.

GENAUTH_NAMESPACE_BEGIN

// ------------------------------------------------------------------------------- data types

/// Where an SMS or email enrolment code is sent.
struct factor_profile {
  std::optional<std::string> phone_number{};        ///< for SMS
  std::optional<std::string> phone_country_code{};  ///< for SMS abroad; the server assumes +86
  std::optional<std::string> email{};               ///< for EMAIL
};
BOOST_DESCRIBE_STRUCT(factor_profile, (), (phone_number, phone_country_code, email))

/// What an authenticator app needs to enrol. All three are secrets.
struct otp_enrollment {
  std::string qr_code_uri{};      ///< otpauth:// URI; otp::parse_key_uri reads it
  std::string qr_code_data_url{};  ///< the same as a PNG QR code, `data:image/png;base64,...`
  std::string recovery_code{};    ///< lets the user in when the app is lost
};
BOOST_DESCRIBE_STRUCT(otp_enrollment, (), (qr_code_uri, qr_code_data_url, recovery_code))

/// An enrolment in progress: pass the token to enroll_factor within a minute.
struct enrollment_started {
  std::string enrollment_token{};            ///< pass it to enroll_factor
  std::optional<otp_enrollment> otp_data{};  ///< only for OTP
};
BOOST_DESCRIBE_STRUCT(enrollment_started, (), (enrollment_token, otp_data))

/// The proof that completes an enrolment: the code for SMS, EMAIL and OTP; a photo for FACE.
struct enrollment_data {
  std::optional<std::string> pass_code{};   ///< the six-digit code (SMS, EMAIL, OTP)
  std::optional<std::string> photo{};       ///< the face photo (FACE): its URL or its data
  std::optional<bool> is_external_photo{};  ///< whether `photo` is a URL outside the service
};
BOOST_DESCRIBE_STRUCT(enrollment_data, (), (pass_code, photo, is_external_photo))

/// A photo may be far larger than an id (request_limits::max_photo_size).
template <>
inline constexpr bool is_large_member_v<&enrollment_data::photo> = true;

/// The profile of an SMS factor.
struct sms_profile {
  std::string phone_number{};                       ///< where the codes go
  std::optional<std::string> phone_country_code{};  ///< e.g. `+86`
};
BOOST_DESCRIBE_STRUCT(sms_profile, (), (phone_number, phone_country_code))

/// The profile of an EMAIL factor.
struct email_profile {
  std::string email{};  ///< where the codes go
};
BOOST_DESCRIBE_STRUCT(email_profile, (), (email))

/// A factor the user has bound. The service gives `profile` no schema, so it is kept as JSON,
/// with typed views for the SMS and EMAIL profiles.
struct enrolled_factor {
  std::string factor_id{};                        ///< pass it to get_factor or reset_factor
  open_enum<genauth::factor_type> factor_type{};  ///< the kind of factor
  boost::json::value profile{};                   ///< as the service sent it

  /// The SMS profile, when this is an SMS factor whose profile has a phone number.
  [[nodiscard]] std::optional<sms_profile> sms() const { return view<sms_profile>(genauth::factor_type::sms); }
  /// The email profile, when this is an EMAIL factor whose profile has an address.
  [[nodiscard]] std::optional<email_profile> email() const {
    return view<email_profile>(genauth::factor_type::email);
  }

 private:
  template <class T>
  std::optional<T> view(genauth::factor_type type) const {
    if (factor_type != type) return std::nullopt;
    auto r = from_json<T>(profile);
    return r ? std::optional<T>(std::move(*r)) : std::nullopt;
  }
};
BOOST_DESCRIBE_STRUCT(enrolled_factor, (), (factor_id, factor_type, profile))

/// A factor the application offers that the user may enrol.
struct factor_to_enroll {
  open_enum<genauth::factor_type> factor_type{};  ///< the kind of factor
};
BOOST_DESCRIBE_STRUCT(factor_to_enroll, (), (factor_type))

/// The verdict on a TOTP code.
struct totp_verification {
  bool verified = false;  ///< true when the code was right
};
BOOST_DESCRIBE_STRUCT(totp_verification, (), (verified))

/// The answer of MFA token introspection; the optional members come only with an active token.
struct mfa_token_introspection {
  bool active = false;                      ///< the token is valid now
  std::optional<std::string> user_pool_id{};  ///< the user pool it belongs to
  std::optional<std::string> user_id{};       ///< the user it was issued to
  std::optional<std::int64_t> exp{};  ///< seconds since the epoch
  std::optional<std::int64_t> iat{};  ///< seconds since the epoch
};
BOOST_DESCRIBE_STRUCT(mfa_token_introspection, (), (active, user_pool_id, user_id, exp, iat))

namespace detail {

inline maybe_error check_six_digits(std::string_view code, std::string_view what) {
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return make_error(errc::malformed_code, std::string(what));
  return std::nullopt;
}

inline error missing_input(std::string_view what, std::string_view path) {
  return make_error(errc::missing_factor_input, std::string(what), std::string(path));
}

}  // namespace detail

// -------------------------------------------------------------------------------- endpoints

/// A1: starts enrolling a factor; the server texts or mails a code for SMS and EMAIL.
struct send_enroll_factor_request_params {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/send-enroll-factor-request";
  using response_type = enrollment_started;
  /// @}

  genauth::factor_type factor_type = genauth::factor_type::otp;  ///< the factor to enrol
  factor_profile profile{};  ///< where SMS and EMAIL codes go

  /// Refuses what the server would refuse, before anything is sent (see genauth::endpoint).
  [[nodiscard]] std::optional<error> validate() const {
    if (factor_type == genauth::factor_type::sms && !profile.phone_number)
      return detail::missing_input("SMS needs a phone number", "profile.phoneNumber");
    if (factor_type == genauth::factor_type::email && !profile.email)
      return detail::missing_input("EMAIL needs an email address", "profile.email");
    return std::nullopt;
  }
};
BOOST_DESCRIBE_STRUCT(send_enroll_factor_request_params, (), (factor_type, profile))

/// A2: completes an enrolment with the code (SMS, EMAIL, OTP) or the photo (FACE).
struct enroll_factor_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/enroll-factor";
  using response_type = void;
  /// @}

  genauth::enrollment_data enrollment_data{};  ///< the code or the photo
  std::string enrollment_token{};              ///< from send_enroll_factor_request
  genauth::factor_type factor_type = genauth::factor_type::otp;  ///< the factor being enrolled

  /// Refuses what the server would refuse, before anything is sent (see genauth::endpoint).
  [[nodiscard]] std::optional<error> validate() const {
    if (factor_type == genauth::factor_type::face) {
      if (!enrollment_data.photo) return detail::missing_input("FACE needs a photo", "enrollmentData.photo");
      return std::nullopt;
    }
    if (!enrollment_data.pass_code)
      return detail::missing_input("SMS, EMAIL and OTP need a pass code", "enrollmentData.passCode");
    if (auto e = detail::check_six_digits(*enrollment_data.pass_code, "a pass code must be six digits")) {
      e->json_path = "enrollmentData.passCode";
      return e;
    }
    return std::nullopt;
  }
};
BOOST_DESCRIBE_STRUCT(enroll_factor_request, (), (enrollment_data, enrollment_token, factor_type))

/// A3: unbinds a factor.
struct reset_factor_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/reset-factor";
  using response_type = void;
  /// @}

  std::string factor_id{};  ///< from list_enrolled_factors
};
BOOST_DESCRIBE_STRUCT(reset_factor_request, (), (factor_id))

/// A4: the factors the user has bound (the service may answer one bare object).
struct list_enrolled_factors_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/list-enrolled-factors";
  using response_type = std::vector<enrolled_factor>;
  /// @}
};
BOOST_DESCRIBE_STRUCT(list_enrolled_factors_request, (), ())

/// A5: one bound factor.
struct get_factor_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-factor";
  using response_type = enrolled_factor;
  /// @}

  std::string factor_id{};  ///< from list_enrolled_factors
};
BOOST_DESCRIBE_STRUCT(get_factor_request, (), (factor_id))

/// A6: the factors the application offers that the user has not bound yet.
struct list_factors_to_enroll_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/list-factors-to-enroll";
  using response_type = std::vector<factor_to_enroll>;
  /// @}
};
BOOST_DESCRIBE_STRUCT(list_factors_to_enroll_request, (), ())

/// A7: checks a TOTP code. A wrong code may come back as `verified: false` or as an api error
/// with apiCode 6001; both give `verified == false`.
struct mfa_otp_verify_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/mfa-totp-verify";
  using response_type = totp_verification;
  /// @}

  std::string totp{};  ///< the six-digit code the app shows

  /// Refuses what the server would refuse, before anything is sent (see genauth::endpoint).
  [[nodiscard]] std::optional<error> validate() const {
    if (auto e = detail::check_six_digits(totp, "a TOTP code must be six digits")) {
      e->json_path = "totp";
      return e;
    }
    return std::nullopt;
  }
  /// Reads apiCode 6001 (a wrong code) as `verified == false` (see genauth::endpoint).
  static std::optional<totp_verification> recover(error const& e) {
    if (e.kind() == error_kind::api && e.api_code == 6001) return totp_verification{false};
    return std::nullopt;
  }
};
BOOST_DESCRIBE_STRUCT(mfa_otp_verify_request, (), (totp))

/// A8: introspects an MFA token. Sent form-encoded; the answer has no envelope.
struct verify_mfa_token_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/mfa/token/introspection";
  static constexpr body_format format = body_format::form;
  static constexpr bool enveloped = false;
  using response_type = mfa_token_introspection;
  /// @}

  std::string token{};  ///< the MFA token to check
};
BOOST_DESCRIBE_STRUCT(verify_mfa_token_request, (), (token))

/// A9: starts binding a passkey as an MFA factor; the answer (WebAuthn creation options) is
/// returned as JSON.
struct web_authn_mfa_bind_initialize_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/webauthn/mfa-bind/initialize";
  static constexpr body_format format = body_format::none;
  using response_type = boost::json::value;
  /// @}
};
BOOST_DESCRIBE_STRUCT(web_authn_mfa_bind_initialize_request, (), ())

/// A10: starts a passkey MFA check; the answer (WebAuthn request options and a ticket) is
/// returned as JSON.
struct web_authn_mfa_verify_initialize_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/webauthn/mfa-verify/initialize";
  static constexpr body_format format = body_format::none;
  using response_type = boost::json::value;
  /// @}
};
BOOST_DESCRIBE_STRUCT(web_authn_mfa_verify_initialize_request, (), ())

GENAUTH_NAMESPACE_END
