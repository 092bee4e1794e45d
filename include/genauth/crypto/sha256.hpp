#pragma once

#include <genauth/config.hpp>
#include <genauth/crypto/detail/md_hash.hpp>
#include <genauth/crypto/detail/sha_ni.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {
namespace detail {

inline constexpr std::uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr std::uint32_t rotr32(std::uint32_t x, int n) noexcept { return (x >> n) | (x << (32 - n)); }

/// SHA-256 compression of `blocks` 64-byte blocks, in portable C++ (FIPS 180-4, 6.2.2) with a
/// 16-word rolling message schedule.
inline void sha256_blocks_portable(std::uint32_t h[8], std::uint8_t const* data, std::size_t blocks) noexcept {
  for (; blocks != 0; --blocks, data += 64) {
    std::uint32_t w[16];
    for (std::size_t t = 0; t < 16; ++t)
      w[t] = std::uint32_t{data[4 * t]} << 24 | std::uint32_t{data[4 * t + 1]} << 16 |
             std::uint32_t{data[4 * t + 2]} << 8 | std::uint32_t{data[4 * t + 3]};
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (std::size_t t = 0; t < 64; ++t) {
      if (t >= 16) {
        std::uint32_t const w15 = w[(t + 1) & 15], w2 = w[(t + 14) & 15];
        w[t & 15] += (rotr32(w15, 7) ^ rotr32(w15, 18) ^ (w15 >> 3)) + w[(t + 9) & 15] +
                     (rotr32(w2, 17) ^ rotr32(w2, 19) ^ (w2 >> 10));
      }
      std::uint32_t const t1 =
          hh + (rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25)) + (g ^ (e & (f ^ g))) + sha256_k[t] + w[t & 15];
      std::uint32_t const t2 = (rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22)) + ((a & b) | (c & (a | b)));
      hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
}

#if GENAUTH_SHA_NI
/// Four of the 64 rounds: group G's message words m[G % 4] are derived from the four groups
/// before it (FIPS 180-4's schedule, four words at a time), then fed to two double rounds.
template <int G>
__attribute__((target("sha,ssse3,sse4.1"), always_inline)) inline void sha256_ni_group(sha_v4& abef, sha_v4& cdgh,
                                                                                     sha_v4* m) noexcept {
  if constexpr (G >= 4) {
    sha_v4 const back7 = __builtin_shufflevector(m[(G + 2) % 4], m[(G + 3) % 4], 1, 2, 3, 4);  // W[t-7]
    m[G % 4] = __builtin_ia32_sha256msg2(
        sha_add(__builtin_ia32_sha256msg1(m[G % 4], m[(G + 1) % 4]), back7), m[(G + 3) % 4]);
  }
  sha_v4 k;
  std::memcpy(&k, sha256_k + 4 * G, sizeof k);
  sha_v4 const wk = sha_add(m[G % 4], k);
  cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, wk);
  abef = __builtin_ia32_sha256rnds2(abef, cdgh, __builtin_shufflevector(wk, wk, 2, 3, 0, 0));
}

template <int... G>
__attribute__((target("sha,ssse3,sse4.1"), always_inline)) inline void sha256_ni_rounds(
    sha_v4& abef, sha_v4& cdgh, sha_v4* m, std::integer_sequence<int, G...>) noexcept {
  (sha256_ni_group<G>(abef, cdgh, m), ...);
}

/// The same compression with the SHA extensions; only called when cpu_has_sha_ni().
__attribute__((target("sha,ssse3,sse4.1"))) inline void sha256_blocks_sha_ni(std::uint32_t h[8],
                                                                           std::uint8_t const* data,
                                                                           std::size_t blocks) noexcept {
  sha_v16 const byte_swap = {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12};  // big-endian words
  sha_v4 dcba, hgfe;
  std::memcpy(&dcba, h, sizeof dcba);
  std::memcpy(&hgfe, h + 4, sizeof hgfe);
  // The instructions keep the state as (A, B, E, F) and (C, D, G, H), highest word first.
  sha_v4 abef = __builtin_shufflevector(hgfe, dcba, 1, 0, 5, 4);
  sha_v4 cdgh = __builtin_shufflevector(hgfe, dcba, 3, 2, 7, 6);
  for (; blocks != 0; --blocks, data += 64) {
    sha_v4 const abef_saved = abef, cdgh_saved = cdgh;
    sha_v4 m[4];
    for (int i = 0; i < 4; ++i) {
      sha_v16 bytes;
      std::memcpy(&bytes, data + 16 * i, sizeof bytes);
      m[i] = reinterpret_cast<sha_v4>(__builtin_ia32_pshufb128(bytes, byte_swap));
    }
    sha256_ni_rounds(abef, cdgh, m, std::make_integer_sequence<int, 16>{});
    abef = sha_add(abef, abef_saved);
    cdgh = sha_add(cdgh, cdgh_saved);
  }
  dcba = __builtin_shufflevector(abef, cdgh, 3, 2, 7, 6);
  hgfe = __builtin_shufflevector(abef, cdgh, 1, 0, 5, 4);
  std::memcpy(h, &dcba, sizeof dcba);
  std::memcpy(h + 4, &hgfe, sizeof hgfe);
}
#endif

/// SHA-256 compression with the SHA extensions where the CPU has them, else portable C++.
inline void sha256_blocks(std::uint32_t h[8], std::uint8_t const* data, std::size_t blocks) noexcept {
#if GENAUTH_SHA_NI
  if (cpu_has_sha_ni()) return sha256_blocks_sha_ni(h, data, blocks);
#endif
  sha256_blocks_portable(h, data, blocks);
}

}  // namespace detail

/// Incremental SHA-256 (FIPS 180-4): HMAC-SHA256 (HS256 tokens) and PKCE's S256 challenge.
class sha256 : public detail::md_hash<sha256, 8> {
 public:
  static constexpr std::size_t digest_size = 32;  ///< bytes of a digest
  using digest = std::array<std::uint8_t, digest_size>;  ///< a digest's bytes

  sha256() noexcept
      : md_hash({0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}) {}

  /// The digest of `text` in one call.
  [[nodiscard]] static digest hash(std::string_view text) noexcept { return sha256{}.update(text).finish(); }

  /// The compression of whole blocks: what md_hash calls.
  static void compress(std::uint32_t* h, std::uint8_t const* data, std::size_t blocks) noexcept {
    detail::sha256_blocks(h, data, blocks);
  }
};

}  // namespace crypto
GENAUTH_NAMESPACE_END
