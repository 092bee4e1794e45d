#pragma once

#include <genauth/config.hpp>
#include <genauth/crypto/sha1.hpp>
#include <genauth/crypto/sha256.hpp>

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// HMAC (RFC 2104) over `Hash` (sha1, sha256) with the key's padded blocks hashed once: signing a
/// message then costs only the message's blocks and one more. Keys longer than one block are
/// hashed first.
template <class Hash>
class hmac_key {
 public:
  using digest = typename Hash::digest;  ///< what a signature is

  /// Prepares `key` (any length).
  explicit hmac_key(std::span<std::uint8_t const> key) noexcept {
    std::uint8_t k[Hash::block_size] = {};
    if (key.size() > Hash::block_size) {
      auto const d = Hash{}.update(key).finish();
      std::memcpy(k, d.data(), d.size());
    } else if (!key.empty()) {
      std::memcpy(k, key.data(), key.size());
    }
    std::uint8_t pad[Hash::block_size];
    for (std::size_t i = 0; i < Hash::block_size; ++i) pad[i] = k[i] ^ 0x36;
    inner_.update(pad);
    for (std::size_t i = 0; i < Hash::block_size; ++i) pad[i] = k[i] ^ 0x5C;
    outer_.update(pad);
  }
  /// Prepares the bytes of `key`.
  explicit hmac_key(std::string_view key) noexcept
      : hmac_key(std::span(reinterpret_cast<std::uint8_t const*>(key.data()), key.size())) {}

  /// The HMAC of `message` under the key.
  [[nodiscard]] digest operator()(std::span<std::uint8_t const> message) const noexcept {
    Hash inner = inner_;
    auto const d = inner.update(message).finish();
    Hash outer = outer_;
    return outer.update(d).finish();
  }
  /// The HMAC of the bytes of `message` under the key.
  [[nodiscard]] digest operator()(std::string_view message) const noexcept {
    return (*this)(std::span(reinterpret_cast<std::uint8_t const*>(message.data()), message.size()));
  }

 private:
  Hash inner_;
  Hash outer_;
};

using hmac_sha1_key = hmac_key<sha1>;      ///< HMAC-SHA1: management signatures, TOTP
using hmac_sha256_key = hmac_key<sha256>;  ///< HMAC-SHA256: HS256 tokens

[[nodiscard]] inline sha1::digest hmac_sha1(std::span<std::uint8_t const> key,
                                            std::span<std::uint8_t const> message) noexcept {
  return hmac_sha1_key(key)(message);
}

[[nodiscard]] inline sha1::digest hmac_sha1(std::string_view key, std::string_view message) noexcept {
  return hmac_sha1_key(key)(message);
}

[[nodiscard]] inline sha256::digest hmac_sha256(std::span<std::uint8_t const> key,
                                                std::span<std::uint8_t const> message) noexcept {
  return hmac_sha256_key(key)(message);
}

[[nodiscard]] inline sha256::digest hmac_sha256(std::string_view key, std::string_view message) noexcept {
  return hmac_sha256_key(key)(message);
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
