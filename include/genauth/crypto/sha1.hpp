#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// Incremental SHA-1 (RFC 3174). Only used inside HMAC-SHA1, which the API and RFC 6238 require.
class sha1 {
 public:
  static constexpr std::size_t digest_size = 20;
  static constexpr std::size_t block_size = 64;
  using digest = std::array<std::uint8_t, digest_size>;

  sha1& update(std::span<std::uint8_t const> data) noexcept {
    for (std::uint8_t const b : data) {
      block_[fill_++] = b;
      if (fill_ == block_size) {
        compress();
        fill_ = 0;
      }
    }
    length_ += data.size();
    return *this;
  }

  sha1& update(std::string_view text) noexcept {
    return update(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
  }

  [[nodiscard]] digest finish() noexcept {
    std::uint64_t const bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > block_size - 8) {
      while (fill_ < block_size) block_[fill_++] = 0;
      compress();
      fill_ = 0;
    }
    while (fill_ < block_size - 8) block_[fill_++] = 0;
    for (int k = 7; k >= 0; --k) block_[fill_++] = static_cast<std::uint8_t>(bits >> (8 * k));
    compress();
    digest out{};
    for (std::size_t k = 0; k < 5; ++k)
      for (std::size_t b = 0; b < 4; ++b)
        out[4 * k + b] = static_cast<std::uint8_t>(h_[k] >> (24 - 8 * b));
    return out;
  }

  [[nodiscard]] static digest hash(std::string_view text) noexcept { return sha1{}.update(text).finish(); }

 private:
  static constexpr std::uint32_t rotl(std::uint32_t x, int n) noexcept {
    return (x << n) | (x >> (32 - n));
  }

  void compress() noexcept {
    std::uint32_t w[80];
    for (std::size_t t = 0; t < 16; ++t)
      w[t] = std::uint32_t{block_[4 * t]} << 24 | std::uint32_t{block_[4 * t + 1]} << 16 |
             std::uint32_t{block_[4 * t + 2]} << 8 | std::uint32_t{block_[4 * t + 3]};
    for (std::size_t t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    for (std::size_t t = 0; t < 80; ++t) {
      std::uint32_t f, k;
      if (t < 20) {
        f = (b & c) | (~b & d), k = 0x5A827999;
      } else if (t < 40) {
        f = b ^ c ^ d, k = 0x6ED9EBA1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d, k = 0xCA62C1D6;
      }
      std::uint32_t const tmp = rotl(a, 5) + f + e + k + w[t];
      e = d, d = c, c = rotl(b, 30), b = a, a = tmp;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e;
  }

  std::uint32_t h_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::uint8_t block_[block_size] = {};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace crypto
GENAUTH_NAMESPACE_END
