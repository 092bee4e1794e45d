#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace crypto::detail {

/// Numbers modulo the P-256 prime (FIPS 186-4, D.1.2.3), in eight 32-bit limbs, least significant
/// first: enough arithmetic to check that a public key's point lies on the curve. Nothing secret
/// goes through it, so it need not run in constant time, and its bit-serial product is plenty
/// fast for one check per key.
class p256_field {
 public:
  using number = std::array<std::uint32_t, 8>;

  static constexpr number p = {0xffffffff, 0xffffffff, 0xffffffff, 0x00000000,
                               0x00000000, 0x00000000, 0x00000001, 0xffffffff};
  static constexpr number b = {0x27d2604b, 0x3bce3c3e, 0xcc53b0f6, 0x651d06b0,
                               0x769886bc, 0xb3ebbd55, 0xaa3a93e7, 0x5ac635d8};

  /// A number from 32 big-endian bytes.
  static number from_bytes(std::span<std::uint8_t const, 32> bytes) noexcept {
    number n{};
    for (std::size_t i = 0; i < 32; ++i) n[7 - i / 4] |= std::uint32_t{bytes[i]} << (8 * (3 - i % 4));
    return n;
  }

  static bool less(number const& a, number const& c) noexcept {
    for (std::size_t i = 8; i-- != 0;)
      if (a[i] != c[i]) return a[i] < c[i];
    return false;
  }

  /// a + c mod p, for a and c below p.
  static number add(number const& a, number const& c) noexcept {
    auto [r, carry] = plain_add(a, c);
    if (carry || !less(r, p)) r = plain_sub(r, p).first;
    return r;
  }

  /// a - c mod p, for a and c below p.
  static number sub(number const& a, number const& c) noexcept {
    auto [r, borrow] = plain_sub(a, c);
    if (borrow) r = plain_add(r, p).first;
    return r;
  }

  /// a * c mod p, bit by bit from c's top: doubling and adding, each reduced.
  static number mul(number const& a, number const& c) noexcept {
    number r{};
    for (std::size_t i = 256; i-- != 0;) {
      r = add(r, r);
      if ((c[i / 32] >> (i % 32)) & 1u) r = add(r, a);
    }
    return r;
  }

  /// Whether (x, y) is a point of the curve y^2 = x^3 - 3x + b, both coordinates below p.
  static bool on_curve(number const& x, number const& y) noexcept {
    if (!less(x, p) || !less(y, p)) return false;
    number const x3 = mul(mul(x, x), x);
    number const rhs = add(sub(x3, add(add(x, x), x)), b);
    return mul(y, y) == rhs;
  }

 private:
  /// a + c and whether it carried out of 256 bits.
  static std::pair<number, bool> plain_add(number const& a, number const& c) noexcept {
    number r{};
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      carry += std::uint64_t{a[i]} + c[i];
      r[i] = static_cast<std::uint32_t>(carry);
      carry >>= 32;
    }
    return {r, carry != 0};
  }

  /// a - c, modulo 2^256, and whether it borrowed.
  static std::pair<number, bool> plain_sub(number const& a, number const& c) noexcept {
    number r{};
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      std::int64_t const d = std::int64_t{a[i]} - c[i] - borrow;
      r[i] = static_cast<std::uint32_t>(d);
      borrow = d < 0 ? 1 : 0;
    }
    return {r, borrow != 0};
  }
};

}  // namespace crypto::detail
GENAUTH_NAMESPACE_END
