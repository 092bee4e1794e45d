#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/crypto/random.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// Base64(HMAC-SHA1(secret, string_to_sign)): the 28-character request signature (docs/signing.md).
[[nodiscard]] inline std::string sign(crypto::hmac_sha1_key const& key, std::string_view string_to_sign) {
  return crypto::base64_encode(key(string_to_sign));
}
[[nodiscard]] inline std::string sign(std::string_view access_key_secret, std::string_view string_to_sign) {
  return sign(crypto::hmac_sha1_key(access_key_secret), string_to_sign);
}

namespace detail {
/// 32 lower-case hex digits from the system CSPRNG (through the per-thread pool of
/// crypto::pooled_random), without allocating; false when no random bytes could be had.
[[nodiscard]] inline bool random_nonce_chars(std::array<char, 32>& out) noexcept {
  std::array<std::uint8_t, 16> bytes{};
  if (!crypto::pooled_random(bytes)) return false;
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 0xF];
  }
  return true;
}
}  // namespace detail

/// A fresh signature nonce: 32 lower-case hex digits from the system CSPRNG.
[[nodiscard]] inline result<std::string> random_nonce() {
  std::array<char, 32> chars{};
  if (!detail::random_nonce_chars(chars))
    return detail::make_error(errc::entropy_unavailable, "no random bytes for the signature nonce");
  return std::string(chars.data(), chars.size());
}

GENAUTH_NAMESPACE_END
