#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/engine/named_call.hpp>

#include <boost/describe/class.hpp>
#include <boost/mp11/list.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// Sign-in and sign-up with the user's own credentials (`/api/v3/signin`, `/api/v3/signup`). The
// official SDK's twelve wrappers are the named constructors of the two requests.

GENAUTH_NAMESPACE_BEGIN

// ------------------------------------------------------------------------------- data types

/// What sign-in grants. The tokens are secrets: never log them.
struct login_token {
  std::optional<std::string> access_token{};   ///< for the V3 API (set_access_token) and yours
  std::optional<std::string> id_token{};       ///< who signed in (a JWT; check it with genauth::jwt)
  std::optional<std::string> refresh_token{};  ///< for a new access token; given for scope `offline_access`
  std::optional<std::string> scope{};          ///< what was granted
  std::string token_type{};                    ///< "Bearer"
  std::int64_t expire_in = 0;                  ///< seconds the access token lasts
};
BOOST_DESCRIBE_STRUCT(login_token, (), (access_token, id_token, refresh_token, scope, token_type, expire_in))
GENAUTH_JSON_KEY(login_token, access_token, "access_token")
GENAUTH_JSON_KEY(login_token, id_token, "id_token")
GENAUTH_JSON_KEY(login_token, refresh_token, "refresh_token")
GENAUTH_JSON_KEY(login_token, token_type, "token_type")
GENAUTH_JSON_KEY(login_token, expire_in, "expire_in")

/// A password and one name of the account: the account name (any of the others), an email
/// address, a user name or a phone number.
struct password_payload {
  std::string password{};                 ///< the user's password
  std::optional<std::string> account{};   ///< user name, email address or phone number
  std::optional<std::string> email{};     ///< email address
  std::optional<std::string> username{};  ///< user name
  std::optional<std::string> phone{};     ///< phone number
};
BOOST_DESCRIBE_STRUCT(password_payload, (), (password, account, email, username, phone))

/// A one-time code sent to an email address or a phone.
struct pass_code_payload {
  std::optional<std::string> email{};               ///< where the code went, or
  std::optional<std::string> phone{};               ///< where the code went
  std::optional<std::string> phone_country_code{};  ///< e.g. +86, for a phone abroad
  std::string pass_code{};                          ///< the code
};
BOOST_DESCRIBE_STRUCT(pass_code_payload, (), (email, phone, phone_country_code, pass_code))

/// Active Directory credentials.
struct ad_payload {
  std::string s_am_account_name{};  ///< the account's sAMAccountName
  std::string password{};           ///< its password
};
BOOST_DESCRIBE_STRUCT(ad_payload, (), (s_am_account_name, password))
GENAUTH_JSON_KEY(ad_payload, s_am_account_name, "sAMAccountName")

/// LDAP credentials.
struct ldap_payload {
  std::string password{};           ///< the account's password
  std::string s_am_account_name{};  ///< its sAMAccountName
};
BOOST_DESCRIBE_STRUCT(ldap_payload, (), (password, s_am_account_name))
GENAUTH_JSON_KEY(ldap_payload, s_am_account_name, "sAMAccountName")

/// What a sign-in may add.
struct sign_in_options {
  std::optional<std::string> scope{};                   ///< e.g. `openid profile offline_access`
  std::optional<std::string> client_ip{};               ///< the user's address, for risk checks
  std::optional<boost::json::value> context{};          ///< passed to the pipeline
  std::optional<std::string> tenant_id{};               ///< a tenant of the user pool
  std::optional<boost::json::value> custom_data{};      ///< the user's custom data, for auto-registration
  std::optional<bool> auto_register{};                  ///< sign up an unknown account
  std::optional<std::string> captcha_code{};            ///< the picture code asked for
  std::optional<std::string> captcha_token{};           ///< the picture code's token
  std::optional<std::string> password_encrypt_type{};   ///< none, rsa or sm2
};
BOOST_DESCRIBE_STRUCT(sign_in_options, (), (scope, client_ip, context, tenant_id, custom_data, auto_register,
                                            captcha_code, captcha_token, password_encrypt_type))

/// Who signs up, beyond the credentials.
struct sign_up_profile {
  std::optional<std::string> nickname{};  ///< nickname
  std::optional<std::string> company{};  ///< company
  std::optional<std::string> photo{};  ///< photo URL
  std::optional<std::string> device{};  ///< device
  std::optional<std::string> browser{};  ///< browser
  std::optional<std::string> name{};  ///< full name
  std::optional<std::string> given_name{};  ///< given name
  std::optional<std::string> family_name{};  ///< family name
  std::optional<std::string> middle_name{};  ///< middle name
  std::optional<std::string> profile{};  ///< profile page URL
  std::optional<std::string> preferred_username{};  ///< preferred user name
  std::optional<std::string> website{};  ///< website
  std::optional<std::string> gender{};  ///< M, F or U
  std::optional<std::string> birthdate{};  ///< date of birth
  std::optional<std::string> zoneinfo{};  ///< time zone
  std::optional<std::string> locale{};  ///< locale, e.g. zh-CN
  std::optional<std::string> address{};  ///< address
  std::optional<std::string> formatted{};  ///< the whole address, formatted
  std::optional<std::string> street_address{};  ///< street
  std::optional<std::string> locality{};  ///< city
  std::optional<std::string> region{};  ///< province or state
  std::optional<std::string> postal_code{};  ///< postal code
  std::optional<std::string> country{};  ///< country
  std::optional<std::string> email{};  ///< email address
  std::optional<std::string> phone{};  ///< phone number
  std::optional<std::string> phone_country_code{};  ///< phone country code, e.g. +86
  std::optional<boost::json::value> custom_data{};  ///< custom fields of the user pool
};
BOOST_DESCRIBE_STRUCT(sign_up_profile, (), (nickname, company, photo, device, browser, name, given_name, family_name, middle_name, profile, preferred_username, website, gender, birthdate, zoneinfo, locale, address, formatted, street_address, locality, region, postal_code, country, email, phone, phone_country_code, custom_data))

/// What a sign-up may add.
struct sign_up_options {
  std::optional<std::string> client_ip{};                                  ///< the user's address
  std::optional<std::string> phone_pass_code_for_information_completion{};  ///< a phone code to complete the profile
  std::optional<std::string> email_pass_code_for_information_completion{};  ///< an email code to complete the profile
  std::optional<std::string> password_for_phone_pass_code{};                ///< a password for a phone sign-up
  std::optional<boost::json::value> context{};                             ///< passed to the pipeline
  std::optional<std::string> password_encrypt_type{};                      ///< none, rsa or sm2
};
BOOST_DESCRIBE_STRUCT(sign_up_options, (), (client_ip, phone_pass_code_for_information_completion,
                                            email_pass_code_for_information_completion, password_for_phone_pass_code,
                                            context, password_encrypt_type))

/// The account a sign-up made (the service answers with more: these members are read, the
/// others ignored).
struct signed_up_user {
  std::string user_id{};                  ///< its id
  std::optional<std::string> username{};  ///< user name
  std::optional<std::string> email{};     ///< email address
  std::optional<std::string> phone{};     ///< phone number
  std::optional<std::string> status{};    ///< e.g. Activated
};
BOOST_DESCRIBE_STRUCT(signed_up_user, (), (user_id, username, email, phone, status))

// -------------------------------------------------------------------------------- endpoints

/// S1: signs a user in with credentials, authenticating the application as the token
/// endpoint's method says (the id and secret in the body, HTTP Basic, or neither). Not
/// idempotent: each sign-in is an event of its own (and failures count towards a lockout).
struct sign_in_by_credentials_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path,
  /// credentials and result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/signin";
  static constexpr credential credentials = credential::token_endpoint;
  using response_type = login_token;
  /// @}

  std::string connection{};                              ///< PASSWORD, PASSCODE, AD or LDAP
  std::optional<genauth::password_payload> password_payload{};    ///< for PASSWORD
  std::optional<genauth::pass_code_payload> pass_code_payload{};  ///< for PASSCODE
  std::optional<genauth::ad_payload> ad_payload{};                ///< for AD
  std::optional<genauth::ldap_payload> ldap_payload{};            ///< for LDAP
  std::optional<sign_in_options> options{};              ///< what the sign-in may add

  /// @{
  /// The official SDK's wrappers (signInByEmailPassword, ...), as requests.
  static sign_in_by_credentials_request by_email_password(std::string email, std::string password,
                                                          std::optional<sign_in_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .email = std::move(email)}, {}, {}, {}, std::move(o)};
  }
  static sign_in_by_credentials_request by_phone_password(std::string phone, std::string password,
                                                          std::optional<sign_in_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .phone = std::move(phone)}, {}, {}, {}, std::move(o)};
  }
  static sign_in_by_credentials_request by_username_password(std::string username, std::string password,
                                                             std::optional<sign_in_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .username = std::move(username)}, {}, {}, {},
            std::move(o)};
  }
  static sign_in_by_credentials_request by_account_password(std::string account, std::string password,
                                                            std::optional<sign_in_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .account = std::move(account)}, {}, {}, {},
            std::move(o)};
  }
  static sign_in_by_credentials_request by_email_pass_code(std::string email, std::string pass_code,
                                                           std::optional<sign_in_options> o = {}) {
    return {"PASSCODE", {}, genauth::pass_code_payload{.email = std::move(email), .pass_code = std::move(pass_code)}, {}, {},
            std::move(o)};
  }
  static sign_in_by_credentials_request by_phone_pass_code(std::string phone, std::string pass_code,
                                                           std::optional<std::string> phone_country_code = {},
                                                           std::optional<sign_in_options> o = {}) {
    return {"PASSCODE", {},
            genauth::pass_code_payload{.phone = std::move(phone), .phone_country_code = std::move(phone_country_code),
                              .pass_code = std::move(pass_code)},
            {}, {}, std::move(o)};
  }
  static sign_in_by_credentials_request by_ad(std::string s_am_account_name, std::string password,
                                              std::optional<sign_in_options> o = {}) {
    return {"AD", {}, {}, genauth::ad_payload{std::move(s_am_account_name), std::move(password)}, {}, std::move(o)};
  }
  static sign_in_by_credentials_request by_ldap(std::string s_am_account_name, std::string password,
                                                std::optional<sign_in_options> o = {}) {
    return {"LDAP", {}, {}, {}, genauth::ldap_payload{std::move(password), std::move(s_am_account_name)}, std::move(o)};
  }
  /// @}
};
BOOST_DESCRIBE_STRUCT(sign_in_by_credentials_request, (),
                      (connection, password_payload, pass_code_payload, ad_payload, ldap_payload, options))

/// S2: registers a user with credentials. Not idempotent: a second attempt finds the account taken.
struct sign_up_request {
  /// @{
  /// What genauth::endpoint reads: the API, whether a repeat is safe, method, path, result type.
  using api = authentication_api;
  static constexpr bool idempotent = false;
  static constexpr http_method method = http_method::post;
  static constexpr std::string_view path = "/api/v3/signup";
  using response_type = signed_up_user;
  /// @}

  std::string connection{};                              ///< PASSWORD or PASSCODE
  std::optional<genauth::password_payload> password_payload{};    ///< for PASSWORD (email or username)
  std::optional<genauth::pass_code_payload> pass_code_payload{};  ///< for PASSCODE (email or phone)
  std::optional<sign_up_profile> profile{};              ///< who signs up
  std::optional<sign_up_options> options{};              ///< what the sign-up may add

  /// @{
  /// The official SDK's wrappers (signUpByEmailPassword, ...), as requests.
  static sign_up_request by_email_password(std::string email, std::string password,
                                           std::optional<sign_up_profile> p = {}, std::optional<sign_up_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .email = std::move(email)}, {}, std::move(p),
            std::move(o)};
  }
  static sign_up_request by_username_password(std::string username, std::string password,
                                              std::optional<sign_up_profile> p = {}, std::optional<sign_up_options> o = {}) {
    return {"PASSWORD", genauth::password_payload{.password = std::move(password), .username = std::move(username)}, {},
            std::move(p), std::move(o)};
  }
  static sign_up_request by_email_code(std::string email, std::string pass_code,
                                       std::optional<sign_up_profile> p = {}, std::optional<sign_up_options> o = {}) {
    return {"PASSCODE", {}, genauth::pass_code_payload{.email = std::move(email), .pass_code = std::move(pass_code)},
            std::move(p), std::move(o)};
  }
  static sign_up_request by_phone_code(std::string phone, std::string pass_code,
                                       std::optional<std::string> phone_country_code = {},
                                       std::optional<sign_up_profile> p = {}, std::optional<sign_up_options> o = {}) {
    return {"PASSCODE", {},
            genauth::pass_code_payload{.phone = std::move(phone), .phone_country_code = std::move(phone_country_code),
                              .pass_code = std::move(pass_code)},
            std::move(p), std::move(o)};
  }
  /// @}
};
BOOST_DESCRIBE_STRUCT(sign_up_request, (), (connection, password_payload, pass_code_payload, profile, options))

namespace authentication {

// The calls, blocking and async (genauth/engine/named_call.hpp).
/// S1: signs a user in (sign_in_by_credentials_request::by_email_password and the others); pass the access
/// token to set_access_token to act for them.
inline constexpr named_call<sign_in_by_credentials_request> sign_in_by_credentials{};
inline constexpr named_async_call<sign_in_by_credentials_request> async_sign_in_by_credentials{};
/// S2: registers a user (sign_up_request::by_email_password and the others).
inline constexpr named_call<sign_up_request> sign_up{};
inline constexpr named_async_call<sign_up_request> async_sign_up{};

/// The endpoints of this header.
using sign_in_and_up_endpoints = boost::mp11::mp_list<sign_in_by_credentials_request, sign_up_request>;

}  // namespace authentication

GENAUTH_NAMESPACE_END
