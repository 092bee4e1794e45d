#pragma once

#include <genauth/config.hpp>
#include <genauth/factor_type.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/open_enum.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <utility>

// A bound factor, written by hand: the service gives its profile no schema, and the typed views
// of that profile are code, not data.

GENAUTH_NAMESPACE_BEGIN

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

GENAUTH_NAMESPACE_END
