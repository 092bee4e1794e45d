#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/http.hpp>
#include <genauth/factor_type.hpp>
#include <genauth/json/open_enum.hpp>

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
  user_id,
  external_id,
  phone,
  email,
  username,
  identity,       ///< `<extIdpId>:<userIdInIdp>`
  sync_relation,  ///< `<provider>:<userIdInIdp>`, e.g. `lark:ou_...`
  custom_field,
};

template <>
struct enum_wire<user_id_type> {
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
  bool totp_status = false;
  bool face_mfa_status = false;
  bool sms_mfa_status = false;
  bool email_mfa_status = false;
};
BOOST_DESCRIBE_STRUCT(user_mfa_info, (), (totp_status, face_mfa_status, sms_mfa_status, email_mfa_status))

/// One application-level MFA policy. `sort` is missing from some documented samples.
struct application_mfa_policy {
  open_enum<factor_type> mfa_policy{};
  std::int64_t status = 0;
  std::optional<std::int64_t> sort{};
};
BOOST_DESCRIBE_STRUCT(application_mfa_policy, (), (mfa_policy, status, sort))

/// A user's MFA trigger data (GetMfaInfoDataDto, also called MfaTriggerData in the docs).
struct mfa_trigger_data {
  std::string mfa_token{};
  std::optional<std::string> mfa_phone{};
  std::optional<std::string> mfa_phone_country_code{};
  std::optional<std::string> mfa_email{};
  std::optional<std::string> nickname{};
  std::optional<std::string> username{};
  std::optional<std::string> phone{};
  std::optional<std::string> phone_country_code{};
  std::optional<bool> face_mfa_enabled{};
  std::optional<bool> totp_mfa_enabled{};
  std::vector<application_mfa_policy> application_mfa{};
};
BOOST_DESCRIBE_STRUCT(mfa_trigger_data, (),
                      (mfa_token, mfa_phone, mfa_phone_country_code, mfa_email, nickname, username, phone,
                       phone_country_code, face_mfa_enabled, totp_mfa_enabled, application_mfa))

struct success_flag {
  bool success = false;
};
BOOST_DESCRIBE_STRUCT(success_flag, (), (success))

/// A TOTP secret to import, with its optional recovery code. Both are secrets.
struct otp_credentials {
  std::string secret{};
  std::optional<std::string> recovery_code{};
};
BOOST_DESCRIBE_STRUCT(otp_credentials, (), (secret, recovery_code))

struct import_otp_item {
  std::string user_id{};
  otp_credentials otp{};
};
BOOST_DESCRIBE_STRUCT(import_otp_item, (), (user_id, otp))

struct otp_secret {
  std::string secret{};
};
BOOST_DESCRIBE_STRUCT(otp_secret, (), (secret))

/// Enabled factors; the service sends the list either as an array or as a string holding it.
struct mfa_settings {
  std::vector<open_enum<factor_type>> enabled_factors{};
};
BOOST_DESCRIBE_STRUCT(mfa_settings, (), (enabled_factors))

// -------------------------------------------------------------------------------- endpoints

/// M1: which factors a user has bound.
struct get_user_mfa_info_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-user-mfa-info";
  using response_type = user_mfa_info;

  std::string user_id{};
  std::optional<genauth::user_id_type> user_id_type{};
};
BOOST_DESCRIBE_STRUCT(get_user_mfa_info_request, (), (user_id, user_id_type))

/// M2: writes a user's MFA trigger data.
struct set_users_mfa_status_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/set-mfa-status";
  using response_type = success_flag;

  std::string user_id{};
  std::optional<genauth::user_id_type> user_id_type{};
  genauth::mfa_trigger_data mfa_trigger_data{};
};
BOOST_DESCRIBE_STRUCT(set_users_mfa_status_request, (), (user_id, user_id_type, mfa_trigger_data))

/// M3: reads a user's MFA trigger data (`getUsersMfaStatus` in some docs).
struct get_user_mfa_status_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-mfa-status";
  using response_type = mfa_trigger_data;

  std::string user_id{};
  std::optional<genauth::user_id_type> user_id_type{};
};
BOOST_DESCRIBE_STRUCT(get_user_mfa_status_request, (), (user_id, user_id_type))

/// M4: a user's MFA trigger data within one application.
struct get_mfa_trigger_data_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-mfa-trigger-data";
  using response_type = mfa_trigger_data;

  std::string app_id{};
  std::string user_id{};
  std::optional<genauth::user_id_type> user_id_type{};
};
BOOST_DESCRIBE_STRUCT(get_mfa_trigger_data_request, (), (app_id, user_id, user_id_type))

/// M5: bulk-imports TOTP secrets.
struct import_otp_request {
  using api = management_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/import-otp";
  using response_type = void;

  std::vector<import_otp_item> list{};
};
BOOST_DESCRIBE_STRUCT(import_otp_request, (), (list))

/// M6: reads a user's TOTP secret.
struct get_otp_secret_by_user_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-otp-secret-by-user";
  using response_type = otp_secret;

  std::string user_id{};
  std::optional<genauth::user_id_type> user_id_type{};
};
BOOST_DESCRIBE_STRUCT(get_otp_secret_by_user_request, (), (user_id, user_id_type))

/// M7: enables or disables factors for one application.
struct update_application_mfa_settings_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/update-application-mfa-settings";
  using response_type = mfa_settings;

  std::string app_id{};
  std::optional<std::vector<factor_type>> enabled_factors{};
  std::optional<std::vector<factor_type>> disabled_factors{};
};
BOOST_DESCRIBE_STRUCT(update_application_mfa_settings_request, (), (app_id, enabled_factors, disabled_factors))

/// M8: the user pool's MFA settings.
struct get_global_mfa_settings_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::get;
  static constexpr std::string_view path = "/api/v3/get-global-mfa-settings";
  using response_type = mfa_settings;
};
BOOST_DESCRIBE_STRUCT(get_global_mfa_settings_request, (), ())

/// M9: sets the factors enabled for the user pool.
struct update_global_mfa_settings_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/update-global-mfa-settings";
  using response_type = mfa_settings;

  std::vector<factor_type> enabled_factors{};
};
BOOST_DESCRIBE_STRUCT(update_global_mfa_settings_request, (), (enabled_factors))

/// M10: disables factors for the user pool (note the key: `disableFactors`).
struct close_global_mfa_settings_request {
  using api = management_api;
  static constexpr bool idempotent = true;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/disable-global-mfa-settings";
  using response_type = mfa_settings;

  std::vector<factor_type> disable_factors{};
};
BOOST_DESCRIBE_STRUCT(close_global_mfa_settings_request, (), (disable_factors))

GENAUTH_NAMESPACE_END
