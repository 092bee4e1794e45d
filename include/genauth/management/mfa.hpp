#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/factor_type.hpp>
#include <genauth/json/open_enum.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <boost/describe/class.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The management MFA surface (docs/wire-format.md): data types, then one declaration per endpoint.
// Members are declared in the order the official SDK sends them, since body order is kept.

GENAUTH_NAMESPACE_BEGIN

/// How `user_id` is to be read. The server assumes `user_id` when none is sent.
enum class user_id_type {
  user_id,      ///< the user's id in the user pool
  external_id,  ///< the id in an external system
  phone,        ///< the phone number
  email,        ///< the email address
  username,     ///< the username
  identity,       ///< `<extIdpId>:<userIdInIdp>`
  sync_relation,  ///< `<provider>:<userIdInIdp>`, e.g. `lark:ou_...`
  custom_field,   ///< a custom field
};

/// The wire spelling of each user_id_type.
template <>
struct enum_wire<user_id_type> {
  /// Each enumerator with its text.
  static constexpr std::array<std::pair<user_id_type, std::string_view>, 8> values{{
      {user_id_type::user_id, "user_id"},
      {user_id_type::external_id, "external_id"},
      {user_id_type::phone, "phone"},
      {user_id_type::email, "email"},
      {user_id_type::username, "username"},
      {user_id_type::identity, "identity"},
      {user_id_type::sync_relation, "sync_relation"},
      {user_id_type::custom_field, "custom_field"},
  }};
};

// ------------------------------------------------------------------------------- data types

/// Which factors a user has bound. The docs type these as "enabled"/"disabled" strings while
/// the live samples send booleans; both are read as bool.
struct user_mfa_info {
  bool totp_status = false;       ///< an authenticator app (OTP) is bound
  bool face_mfa_status = false;   ///< a face is bound
  bool sms_mfa_status = false;    ///< a phone is bound for SMS codes
  bool email_mfa_status = false;  ///< an address is bound for email codes
};
BOOST_DESCRIBE_STRUCT(user_mfa_info, (), (totp_status, face_mfa_status, sms_mfa_status, email_mfa_status))

/// One application-level MFA policy. `sort` is missing from some documented samples.
struct application_mfa_policy {
  open_enum<factor_type> mfa_policy{};  ///< the factor
  std::int64_t status = 0;              ///< 1 enabled, 0 disabled
  std::optional<std::int64_t> sort{};   ///< the order among the application's factors
};
BOOST_DESCRIBE_STRUCT(application_mfa_policy, (), (mfa_policy, status, sort))

/// A user's MFA trigger data (GetMfaInfoDataDto, also called MfaTriggerData in the docs).
struct mfa_trigger_data {
  std::string mfa_token{};                           ///< the MFA token of the pending login
  std::optional<std::string> mfa_phone{};            ///< the phone bound for SMS codes
  std::optional<std::string> mfa_phone_country_code{};  ///< its country code
  std::optional<std::string> mfa_email{};            ///< the address bound for email codes
  std::optional<std::string> nickname{};             ///< the user's nickname
  std::optional<std::string> username{};             ///< the user's username
  std::optional<std::string> phone{};                ///< the user's phone number
  std::optional<std::string> phone_country_code{};   ///< its country code
  std::optional<bool> face_mfa_enabled{};            ///< face verification is enabled
  std::optional<bool> totp_mfa_enabled{};            ///< OTP verification is enabled
  std::vector<application_mfa_policy> application_mfa{};  ///< the application's factor policies
};
BOOST_DESCRIBE_STRUCT(mfa_trigger_data, (),
                      (mfa_token, mfa_phone, mfa_phone_country_code, mfa_email, nickname, username, phone,
                       phone_country_code, face_mfa_enabled, totp_mfa_enabled, application_mfa))

/// Whether a write succeeded.
struct success_flag {
  bool success = false;  ///< true when the server applied it
};
BOOST_DESCRIBE_STRUCT(success_flag, (), (success))

/// A TOTP secret to import, with its optional recovery code. Both are secrets.
struct otp_credentials {
  std::string secret{};                        ///< the Base32 TOTP secret
  std::optional<std::string> recovery_code{};  ///< the recovery code that goes with it
};
BOOST_DESCRIBE_STRUCT(otp_credentials, (), (secret, recovery_code))

/// One user's TOTP secret to import.
struct import_otp_item {
  std::string user_id{};  ///< the user's id in the user pool
  otp_credentials otp{};  ///< the secret and recovery code
};
BOOST_DESCRIBE_STRUCT(import_otp_item, (), (user_id, otp))

/// A user's TOTP secret (a secret: never log it).
struct otp_secret {
  std::string secret{};  ///< Base32
};
BOOST_DESCRIBE_STRUCT(otp_secret, (), (secret))

/// Enabled factors; the service sends the list either as an array or as a string holding it.
struct mfa_settings {
  std::vector<open_enum<factor_type>> enabled_factors{};  ///< the factors now enabled
};
BOOST_DESCRIBE_STRUCT(mfa_settings, (), (enabled_factors))

// -------------------------------------------------------------------------------- endpoints

/// M1: which factors a user has bound.
struct get_user_mfa_info_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-user-mfa-info";
  using response_type = user_mfa_info;
  /// @}

  std::string user_id{};                             ///< the user, as user_id_type says
  std::optional<genauth::user_id_type> user_id_type{};  ///< how to read user_id; absent: a user id
};
BOOST_DESCRIBE_STRUCT(get_user_mfa_info_request, (), (user_id, user_id_type))

/// M2: writes a user's MFA trigger data.
struct set_users_mfa_status_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/set-mfa-status";
  using response_type = success_flag;
  /// @}

  std::string user_id{};                             ///< the user, as user_id_type says
  std::optional<genauth::user_id_type> user_id_type{};  ///< how to read user_id; absent: a user id
  genauth::mfa_trigger_data mfa_trigger_data{};  ///< the data to write
};
BOOST_DESCRIBE_STRUCT(set_users_mfa_status_request, (), (user_id, user_id_type, mfa_trigger_data))

/// M3: reads a user's MFA trigger data (`getUsersMfaStatus` in some docs).
struct get_user_mfa_status_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-mfa-status";
  using response_type = mfa_trigger_data;
  /// @}

  std::string user_id{};                             ///< the user, as user_id_type says
  std::optional<genauth::user_id_type> user_id_type{};  ///< how to read user_id; absent: a user id
};
BOOST_DESCRIBE_STRUCT(get_user_mfa_status_request, (), (user_id, user_id_type))

/// M4: a user's MFA trigger data within one application.
struct get_mfa_trigger_data_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-mfa-trigger-data";
  using response_type = mfa_trigger_data;
  /// @}

  std::string app_id{};   ///< the application
  std::string user_id{};                             ///< the user, as user_id_type says
  std::optional<genauth::user_id_type> user_id_type{};  ///< how to read user_id; absent: a user id
};
BOOST_DESCRIBE_STRUCT(get_mfa_trigger_data_request, (), (app_id, user_id, user_id_type))

/// M5: bulk-imports TOTP secrets.
struct import_otp_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/import-otp";
  using response_type = void;
  /// @}

  std::vector<import_otp_item> list{};  ///< the users and their secrets
};
BOOST_DESCRIBE_STRUCT(import_otp_request, (), (list))

/// M6: reads a user's TOTP secret.
struct get_otp_secret_by_user_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-otp-secret-by-user";
  using response_type = otp_secret;
  /// @}

  std::string user_id{};                             ///< the user, as user_id_type says
  std::optional<genauth::user_id_type> user_id_type{};  ///< how to read user_id; absent: a user id
};
BOOST_DESCRIBE_STRUCT(get_otp_secret_by_user_request, (), (user_id, user_id_type))

/// M7: enables or disables factors for one application.
struct update_application_mfa_settings_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/update-application-mfa-settings";
  using response_type = mfa_settings;
  /// @}

  std::string app_id{};                                      ///< the application
  std::optional<std::vector<factor_type>> enabled_factors{};   ///< factors to enable
  std::optional<std::vector<factor_type>> disabled_factors{};  ///< factors to disable
};
BOOST_DESCRIBE_STRUCT(update_application_mfa_settings_request, (), (app_id, enabled_factors, disabled_factors))

/// M8: the user pool's MFA settings.
struct get_global_mfa_settings_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-global-mfa-settings";
  using response_type = mfa_settings;
  /// @}
};
BOOST_DESCRIBE_STRUCT(get_global_mfa_settings_request, (), ())

/// M9: sets the factors enabled for the user pool.
struct update_global_mfa_settings_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/update-global-mfa-settings";
  using response_type = mfa_settings;
  /// @}

  std::vector<factor_type> enabled_factors{};  ///< the factors to enable
};
BOOST_DESCRIBE_STRUCT(update_global_mfa_settings_request, (), (enabled_factors))

/// M10: disables factors for the user pool (note the key: `disableFactors`).
struct close_global_mfa_settings_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/disable-global-mfa-settings";
  using response_type = mfa_settings;
  /// @}

  std::vector<factor_type> disable_factors{};  ///< the factors to disable
};
BOOST_DESCRIBE_STRUCT(close_global_mfa_settings_request, (), (disable_factors))

GENAUTH_NAMESPACE_END
