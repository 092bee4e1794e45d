#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

// The SHA extensions (x86-64, GCC and Clang) are used behind a run-time check;
// GENAUTH_SHA_NI=0 keeps to portable code.
#if !defined(GENAUTH_SHA_NI)
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GENAUTH_SHA_NI 1
#else
#define GENAUTH_SHA_NI 0
#endif
#endif
#if GENAUTH_SHA_NI
#include <cpuid.h>
#endif

GENAUTH_NAMESPACE_BEGIN
namespace crypto {
namespace detail {

constexpr std::uint32_t rotl(std::uint32_t x, int n) noexcept { return (x << n) | (x >> (32 - n)); }

/// SHA-1 compression of `blocks` 64-byte blocks, in portable C++: a 16-word rolling message
/// schedule and the four 20-round phases without a branch per round.
inline void sha1_blocks_portable(std::uint32_t h[5], std::uint8_t const* data, std::size_t blocks) noexcept {
  for (; blocks != 0; --blocks, data += 64) {
    std::uint32_t w[16];
    for (std::size_t t = 0; t < 16; ++t)
      w[t] = std::uint32_t{data[4 * t]} << 24 | std::uint32_t{data[4 * t + 1]} << 16 |
             std::uint32_t{data[4 * t + 2]} << 8 | std::uint32_t{data[4 * t + 3]};
    auto const word = [&w](std::size_t t) noexcept {
      if (t < 16) return w[t];
      return w[t & 15] = rotl(w[(t + 13) & 15] ^ w[(t + 8) & 15] ^ w[(t + 2) & 15] ^ w[t & 15], 1);
    };
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    auto const step = [&](std::uint32_t f, std::uint32_t k, std::uint32_t x) noexcept {
      std::uint32_t const tmp = rotl(a, 5) + f + e + k + x;
      e = d, d = c, c = rotl(b, 30), b = a, a = tmp;
    };
    for (std::size_t t = 0; t < 20; ++t) step(d ^ (b & (c ^ d)), 0x5A827999, word(t));
    for (std::size_t t = 20; t < 40; ++t) step(b ^ c ^ d, 0x6ED9EBA1, word(t));
    for (std::size_t t = 40; t < 60; ++t) step((b & c) | (d & (b | c)), 0x8F1BBCDC, word(t));
    for (std::size_t t = 60; t < 80; ++t) step(b ^ c ^ d, 0xCA62C1D6, word(t));
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
}

#if GENAUTH_SHA_NI
/// Whether this CPU has the SHA extensions (and the SSSE3 and SSE4.1 they come with); asked once.
inline bool cpu_has_sha_ni() noexcept {
  static bool const has = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1)) return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA) != 0;
  }();
  return has;
}

// The SHA extensions through the compiler's builtins (what <immintrin.h> wraps, without the cost
// of parsing it in every translation unit).
using sha_v4 = int __attribute__((vector_size(16)));
using sha_v4u = unsigned __attribute__((vector_size(16)));
using sha_v16 = char __attribute__((vector_size(16)));

__attribute__((target("sha,ssse3"), always_inline)) inline sha_v4 sha_add(sha_v4 a, sha_v4 b) noexcept {
  return reinterpret_cast<sha_v4>(reinterpret_cast<sha_v4u>(a) + reinterpret_cast<sha_v4u>(b));
}

/// Four of the 80 rounds: group G's message words are derived from the four groups before it
/// (w[G % 4] holds group G-4's words until it is replaced).
template <int G>
__attribute__((target("sha,ssse3"), always_inline)) inline void sha_ni_group(sha_v4& abcd, sha_v4& prev, sha_v4 e0,
                                                                            sha_v4* w) noexcept {
  if constexpr (G >= 4)
    w[G % 4] = __builtin_ia32_sha1msg2(__builtin_ia32_sha1msg1(w[G % 4], w[(G + 1) % 4]) ^ w[(G + 2) % 4],
                                       w[(G + 3) % 4]);
  sha_v4 const e = G == 0 ? sha_add(e0, w[0]) : __builtin_ia32_sha1nexte(prev, w[G % 4]);
  prev = abcd;
  abcd = __builtin_ia32_sha1rnds4(abcd, e, G / 5);
}

template <int... G>
__attribute__((target("sha,ssse3"), always_inline)) inline void sha_ni_rounds(sha_v4& abcd, sha_v4& prev, sha_v4 e0,
                                                                             sha_v4* w,
                                                                             std::integer_sequence<int, G...>) noexcept {
  (sha_ni_group<G>(abcd, prev, e0, w), ...);
}

/// The same compression with the SHA extensions; only called when cpu_has_sha_ni().
__attribute__((target("sha,ssse3"))) inline void sha1_blocks_sha_ni(std::uint32_t h[5], std::uint8_t const* data,
                                                                   std::size_t blocks) noexcept {
  sha_v16 const byte_swap = {15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0};  // big-endian words, reversed
  sha_v4 abcd;
  std::memcpy(&abcd, h, sizeof abcd);
  abcd = __builtin_ia32_pshufd(abcd, 0x1B);
  sha_v4 e0 = {0, 0, 0, static_cast<int>(h[4])};
  for (; blocks != 0; --blocks, data += 64) {
    sha_v4 const abcd_saved = abcd, e_saved = e0;
    sha_v4 w[4];
    for (int i = 0; i < 4; ++i) {
      sha_v16 bytes;
      std::memcpy(&bytes, data + 16 * i, sizeof bytes);
      w[i] = reinterpret_cast<sha_v4>(__builtin_ia32_pshufb128(bytes, byte_swap));
    }
    sha_v4 prev = abcd;
    sha_ni_rounds(abcd, prev, e0, w, std::make_integer_sequence<int, 20>{});
    e0 = __builtin_ia32_sha1nexte(prev, e_saved);
    abcd = sha_add(abcd, abcd_saved);
  }
  abcd = __builtin_ia32_pshufd(abcd, 0x1B);
  std::memcpy(h, &abcd, sizeof abcd);
  h[4] = static_cast<std::uint32_t>(e0[3]);
}
#endif

/// SHA-1 compression with the SHA extensions where the CPU has them, else portable C++.
inline void sha1_blocks(std::uint32_t h[5], std::uint8_t const* data, std::size_t blocks) noexcept {
#if GENAUTH_SHA_NI
  if (cpu_has_sha_ni()) return sha1_blocks_sha_ni(h, data, blocks);
#endif
  sha1_blocks_portable(h, data, blocks);
}

}  // namespace detail

/// Incremental SHA-1 (RFC 3174). Only used inside HMAC-SHA1, which the API and RFC 6238 require.
class sha1 {
 public:
  static constexpr std::size_t digest_size = 20;  ///< bytes of a digest
  static constexpr std::size_t block_size = 64;   ///< bytes of a block
  using digest = std::array<std::uint8_t, digest_size>;  ///< a digest's bytes

  /// Hashes `data` after what came before.
  sha1& update(std::span<std::uint8_t const> data) noexcept {
    std::uint8_t const* p = data.data();
    std::size_t n = data.size();
    length_ += n;
    if (fill_ != 0) {  // complete the block begun by an earlier update
      std::size_t const take = n < block_size - fill_ ? n : block_size - fill_;
      std::memcpy(block_ + fill_, p, take);
      fill_ += take, p += take, n -= take;
      if (fill_ < block_size) return *this;
      detail::sha1_blocks(h_, block_, 1);
      fill_ = 0;
    }
    if (std::size_t const whole = n / block_size; whole != 0) {  // whole blocks in place
      detail::sha1_blocks(h_, p, whole);
      p += whole * block_size, n -= whole * block_size;
    }
    if (n != 0) std::memcpy(block_, p, n);
    fill_ = n;
    return *this;
  }

  /// Hashes the bytes of `text` after what came before.
  sha1& update(std::string_view text) noexcept {
    return update(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
  }

  /// Pads, and returns the digest of everything hashed; the object is spent.
  [[nodiscard]] digest finish() noexcept {
    std::uint64_t const bits = length_ * 8;
    block_[fill_++] = 0x80;
    if (fill_ > block_size - 8) {
      std::memset(block_ + fill_, 0, block_size - fill_);
      detail::sha1_blocks(h_, block_, 1);
      fill_ = 0;
    }
    std::memset(block_ + fill_, 0, block_size - 8 - fill_);
    for (std::size_t k = 0; k < 8; ++k) block_[block_size - 1 - k] = static_cast<std::uint8_t>(bits >> (8 * k));
    detail::sha1_blocks(h_, block_, 1);
    digest out{};
    for (std::size_t k = 0; k < 5; ++k)
      for (std::size_t b = 0; b < 4; ++b)
        out[4 * k + b] = static_cast<std::uint8_t>(h_[k] >> (24 - 8 * b));
    return out;
  }

  /// The digest of `text` in one call.
  [[nodiscard]] static digest hash(std::string_view text) noexcept { return sha1{}.update(text).finish(); }

 private:
  std::uint32_t h_[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::uint8_t block_[block_size] = {};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
};

}  // namespace crypto
GENAUTH_NAMESPACE_END
