#pragma once

#include <genauth/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline constexpr char32_t invalid_code_point = 0xFFFFFFFF;

/// Whether a header field can go on the wire as it is: a name, and no CR, LF or NUL in either
/// part, which would end the line early and let the rest pass for another field.
constexpr bool is_sendable_field(std::string_view name, std::string_view value) noexcept {
  constexpr std::string_view breaks("\r\n\0", 3);
  return !name.empty() && name.find_first_of(breaks) == name.npos && value.find_first_of(breaks) == value.npos;
}

/// Decodes one code point at `i` and advances `i`; returns invalid_code_point (and advances by
/// one byte) for anything that is not shortest-form UTF-8 of a scalar value.
constexpr char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
  auto const byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char const b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return invalid_code_point;
  }
  if (s.size() - i < len) {
    ++i;
    return invalid_code_point;
  }
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char const b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return invalid_code_point;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return invalid_code_point;
  }
  i += len;
  return cp;
}

constexpr bool is_valid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();)
    if (decode_utf8(s, i) == invalid_code_point) return false;
  return true;
}

/// Orders two valid UTF-8 strings as JavaScript's default sort does: by UTF-16 code units.
/// This differs from code-point order only between a supplementary-plane character (a
/// surrogate pair, 0xD800..) and a BMP character at or above U+E000.
constexpr int compare_utf16(std::string_view a, std::string_view b) noexcept {
  auto const first_unit = [](char32_t cp) -> char32_t {
    return cp >= 0x10000 ? 0xD800 + ((cp - 0x10000) >> 10) : cp;
  };
  // Bytes up to the first difference are equal code points; where it is between two ASCII
  // characters, or one string ends, byte order is the answer.
  std::size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  if (common == a.size() || common == b.size()) return a.size() == b.size() ? 0 : (common == a.size() ? -1 : 1);
  auto const ca = static_cast<unsigned char>(a[common]), cb = static_cast<unsigned char>(b[common]);
  if (ca < 0x80 && cb < 0x80) return ca < cb ? -1 : 1;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    char32_t const x = decode_utf8(a, i);
    char32_t const y = decode_utf8(b, j);
    if (x == y) continue;
    char32_t const ux = first_unit(x), uy = first_unit(y);
    if (ux != uy) return ux < uy ? -1 : 1;
    return x < y ? -1 : 1;  // same lead surrogate: code point order equals unit order
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

constexpr bool is_control(unsigned char c) noexcept { return c < 0x20 || c == 0x7F; }

/// The value of a hexadecimal digit (either case), or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
