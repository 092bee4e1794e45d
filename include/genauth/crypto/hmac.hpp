#pragma once

#include <genauth/config.hpp>
#include <genauth/crypto/sha1.hpp>

#include <cstdint>
#include <span>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// HMAC-SHA1 (RFC 2104); keys longer than one block are hashed first.
[[nodiscard]] inline sha1::digest hmac_sha1(std::span<std::uint8_t const> key,
                                            std::span<std::uint8_t const> message) noexcept {
  std::uint8_t k[sha1::block_size] = {};
  if (key.size() > sha1::block_size) {
    auto const d = sha1{}.update(key).finish();
    for (std::size_t i = 0; i < d.size(); ++i) k[i] = d[i];
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) k[i] = key[i];
  }
  std::uint8_t pad[sha1::block_size];
  for (std::size_t i = 0; i < sha1::block_size; ++i) pad[i] = k[i] ^ 0x36;
  auto const inner = sha1{}.update(pad).update(message).finish();
  for (std::size_t i = 0; i < sha1::block_size; ++i) pad[i] = k[i] ^ 0x5C;
  return sha1{}.update(pad).update(inner).finish();
}

[[nodiscard]] inline sha1::digest hmac_sha1(std::string_view key, std::string_view message) noexcept {
  auto const bytes = [](std::string_view s) {
    return std::span(reinterpret_cast<std::uint8_t const*>(s.data()), s.size());
  };
  return hmac_sha1(bytes(key), bytes(message));
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
