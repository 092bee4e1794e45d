#pragma once

#include <genauth/config.hpp>

#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// Everything that differs between the GenAuth service and its older Authing brand
/// (docs/signing.md); the signing algorithm itself is the same.
struct brand {
  std::string_view header_prefix{};         ///< signed headers start with it, e.g. "x-genauth-"
  std::string_view authorization_scheme{};  ///< first word of the Authorization header
  std::string_view default_host{};          ///< management API base URL
};

inline constexpr brand genauth_brand{"x-genauth-", "GenAuth", "https://api.genauth.ai"};
inline constexpr brand authing_brand{"x-authing-", "authing", "https://api.authing.cn"};

GENAUTH_NAMESPACE_END
