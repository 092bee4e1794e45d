#pragma once

#include <genauth/config.hpp>
#include <genauth/json/open_enum.hpp>

#include <array>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// An MFA factor. Requests use the closed enum; responses keep it open (open_enum) so a factor
/// added to the service later still parses.
enum class factor_type { otp, sms, email, face };

/// The wire spelling of each factor_type.
constexpr auto genauth_describe(factor_type const*) noexcept {
  return std::to_array<std::pair<factor_type, std::string_view>>({
      {factor_type::otp, "OTP"},
      {factor_type::sms, "SMS"},
      {factor_type::email, "EMAIL"},
      {factor_type::face, "FACE"},
  });
}

GENAUTH_NAMESPACE_END
