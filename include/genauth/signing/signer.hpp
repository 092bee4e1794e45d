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

/// A fresh signature nonce: 32 lower-case hex digits from the system CSPRNG (through the
/// per-thread pool of crypto::pooled_random).
[[nodiscard]] inline result<std::string> random_nonce() {
  std::array<std::uint8_t, 16> bytes{};
  if (!crypto::pooled_random(bytes))
    return detail::make_error(errc::entropy_unavailable, "no random bytes for the signature nonce");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (auto b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 0xF];
  }
  return out;
}

GENAUTH_NAMESPACE_END
