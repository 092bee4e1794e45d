#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/random.hpp>
#include <genauth/crypto/sha256.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Proof Key for Code Exchange (RFC 7636): the client keeps a random verifier, sends its S256
// challenge with the authorization request and the verifier with the code, so a code stolen on
// its way back is useless to whoever stole it.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// `bytes` bytes of the system CSPRNG as base64url text (no padding).
inline result<std::string> random_base64url(std::size_t bytes) {
  std::array<std::uint8_t, 64> buffer{};
  if (bytes > buffer.size() || !crypto::secure_random(std::span(buffer.data(), bytes)))
    return make_error(errc::entropy_unavailable, "no random bytes");
  return crypto::base64url_encode(std::span<std::uint8_t const>(buffer.data(), bytes));
}

}  // namespace detail

/// Whether `verifier` is a PKCE code verifier: 43 to 128 characters of A-Z, a-z, 0-9 and
/// `-._~` (RFC 7636 4.1). The error never quotes it.
[[nodiscard]] inline std::optional<error> check_code_verifier(std::string_view verifier) {
  auto const allowed = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
  };
  if (verifier.size() < 43 || verifier.size() > 128)
    return detail::make_error(errc::malformed_code_verifier,
                              "a code verifier of " + std::to_string(verifier.size()) + " characters");
  for (char c : verifier)
    if (!allowed(c)) return detail::make_error(errc::malformed_code_verifier, "a code verifier with a character outside A-Z a-z 0-9 - . _ ~");
  return std::nullopt;
}

/// A new code verifier: 32 bytes of the system CSPRNG, base64url, 43 characters (RFC 7636 4.1).
[[nodiscard]] inline result<std::string> make_code_verifier() { return detail::random_base64url(32); }

/// The S256 challenge of `verifier`: base64url(SHA-256(verifier)), 43 characters (RFC 7636 4.2).
[[nodiscard]] inline result<std::string> code_challenge_s256(std::string_view verifier) {
  if (auto e = check_code_verifier(verifier)) return std::move(*e);
  auto const digest = crypto::sha256::hash(verifier);
  return crypto::base64url_encode(std::span<std::uint8_t const>(digest.data(), digest.size()));
}

GENAUTH_NAMESPACE_END
