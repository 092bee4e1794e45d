#pragma once

#include <genauth/config.hpp>
#include <genauth/crypto/detail/md_hash.hpp>
#include <genauth/crypto/detail/sha_ni.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <utility>

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
class sha1 : public detail::md_hash<sha1, 5> {
 public:
  static constexpr std::size_t digest_size = 20;  ///< bytes of a digest
  using digest = std::array<std::uint8_t, digest_size>;  ///< a digest's bytes

  sha1() noexcept : md_hash({0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}) {}

  /// The digest of `text` in one call.
  [[nodiscard]] static digest hash(std::string_view text) noexcept { return sha1{}.update(text).finish(); }

  /// The compression of whole blocks: what md_hash calls.
  static void compress(std::uint32_t* h, std::uint8_t const* data, std::size_t blocks) noexcept {
    detail::sha1_blocks(h, data, blocks);
  }
};

}  // namespace crypto
GENAUTH_NAMESPACE_END
