#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
    std::uint8_t const* p = data.data();
    std::size_t n = data.size();
    length_ += n;
    if (fill_ != 0) {  // complete the block begun by an earlier update
      std::size_t const take = n < block_size - fill_ ? n : block_size - fill_;
      std::memcpy(block_ + fill_, p, take);
      fill_ += take, p += take, n -= take;
      if (fill_ < block_size) return *this;
      compress(block_);
      fill_ = 0;
    }
    for (; n >= block_size; p += block_size, n -= block_size) compress(p);  // whole blocks in place
    if (n != 0) std::memcpy(block_, p, n);
    fill_ = n;
    return *this;
  }

  sha1& update(std::string_view text) noexcept {
    return update(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
  }

  [[nodiscard]] digest finish() noexcept {
    std::uint64_t const bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > block_size - 8) {
      std::memset(block_ + fill_, 0, block_size - fill_);
      compress(block_);
      fill_ = 0;
    }
    std::memset(block_ + fill_, 0, block_size - 8 - fill_);
    for (std::size_t k = 0; k < 8; ++k) block_[block_size - 1 - k] = static_cast<std::uint8_t>(bits >> (8 * k));
    compress(block_);
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

  // One 64-byte block: a 16-word rolling message schedule and the four 20-round phases
  // without a branch per round.
  void compress(std::uint8_t const* block) noexcept {
    std::uint32_t w[16];
    for (std::size_t t = 0; t < 16; ++t)
      w[t] = std::uint32_t{block[4 * t]} << 24 | std::uint32_t{block[4 * t + 1]} << 16 |
             std::uint32_t{block[4 * t + 2]} << 8 | std::uint32_t{block[4 * t + 3]};
    auto const word = [&w](std::size_t t) noexcept {
      if (t < 16) return w[t];
      return w[t & 15] = rotl(w[(t + 13) & 15] ^ w[(t + 8) & 15] ^ w[(t + 2) & 15] ^ w[t & 15], 1);
    };
    std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    auto const step = [&](std::uint32_t f, std::uint32_t k, std::uint32_t x) noexcept {
      std::uint32_t const tmp = rotl(a, 5) + f + e + k + x;
      e = d, d = c, c = rotl(b, 30), b = a, a = tmp;
    };
    for (std::size_t t = 0; t < 20; ++t) step(d ^ (b & (c ^ d)), 0x5A827999, word(t));
    for (std::size_t t = 20; t < 40; ++t) step(b ^ c ^ d, 0x6ED9EBA1, word(t));
    for (std::size_t t = 40; t < 60; ++t) step((b & c) | (d & (b | c)), 0x8F1BBCDC, word(t));
    for (std::size_t t = 60; t < 80; ++t) step(b ^ c ^ d, 0xCA62C1D6, word(t));
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e;
  }

  std::uint32_t h_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::uint8_t block_[block_size] = {};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace crypto
GENAUTH_NAMESPACE_END
