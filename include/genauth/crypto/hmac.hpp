#pragma once

#include <genauth/config.hpp>
#include <genauth/crypto/sha1.hpp>

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// HMAC-SHA1 (RFC 2104) with the key's padded blocks hashed once: signing a message then costs
/// only the message's blocks and one more. Keys longer than one block are hashed first.
class hmac_sha1_key {
 public:
  /// Prepares `key` (any length).
  explicit hmac_sha1_key(std::span<std::uint8_t const> key) noexcept {
    std::uint8_t k[sha1::block_size] = {};
    if (key.size() > sha1::block_size) {
      auto const d = sha1{}.update(key).finish();
      std::memcpy(k, d.data(), d.size());
    } else if (!key.empty()) {
      std::memcpy(k, key.data(), key.size());
    }
    std::uint8_t pad[sha1::block_size];
    for (std::size_t i = 0; i < sha1::block_size; ++i) pad[i] = k[i] ^ 0x36;
    inner_.update(pad);
    for (std::size_t i = 0; i < sha1::block_size; ++i) pad[i] = k[i] ^ 0x5C;
    outer_.update(pad);
  }
  /// Prepares the bytes of `key`.
  explicit hmac_sha1_key(std::string_view key) noexcept
      : hmac_sha1_key(std::span(reinterpret_cast<std::uint8_t const*>(key.data()), key.size())) {}

  /// HMAC-SHA1 of `message` under the key.
  [[nodiscard]] sha1::digest operator()(std::span<std::uint8_t const> message) const noexcept {
    sha1 inner = inner_;
    auto const d = inner.update(message).finish();
    sha1 outer = outer_;
    return outer.update(d).finish();
  }
  /// HMAC-SHA1 of the bytes of `message` under the key.
  [[nodiscard]] sha1::digest operator()(std::string_view message) const noexcept {
    return (*this)(std::span(reinterpret_cast<std::uint8_t const*>(message.data()), message.size()));
  }

 private:
  sha1 inner_;
  sha1 outer_;
};

[[nodiscard]] inline sha1::digest hmac_sha1(std::span<std::uint8_t const> key,
                                            std::span<std::uint8_t const> message) noexcept {
  return hmac_sha1_key(key)(message);
}

[[nodiscard]] inline sha1::digest hmac_sha1(std::string_view key, std::string_view message) noexcept {
  auto const bytes = [](std::string_view s) {
    return std::span(reinterpret_cast<std::uint8_t const*>(s.data()), s.size());
  };
  return hmac_sha1(bytes(key), bytes(message));
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
