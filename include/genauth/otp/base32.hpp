#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace otp {

/// RFC 4648 §6 Base32 with the standard alphabet; `pad` adds the '=' padding (otpauth URIs
/// leave it out).
[[nodiscard]] inline std::string base32_encode(std::span<std::uint8_t const> data, bool pad = true) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  out.reserve((data.size() + 4) / 5 * 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : data) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  if (pad)
    while (out.size() % 8 != 0) out += '=';
  return out;
}

/// Strict RFC 4648 §6 decoding: upper-case alphabet only, no white space, and either no padding
/// or exactly the padding the length calls for. Bits past the last whole byte are ignored
/// (RFC 4648 §3.5 lets decoders accept them). Errors say what is wrong and where, never the text
/// itself (it is usually a secret).
[[nodiscard]] inline result<std::vector<std::uint8_t>> base32_decode(std::string_view text) {
  auto const fail = [](std::string why) { return detail::make_error(errc::malformed_base32, std::move(why)); };
  std::size_t data_size = text.size();
  while (data_size > 0 && text[data_size - 1] == '=') --data_size;
  auto const value = [](char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
  };
  for (std::size_t i = 0; i < data_size; ++i)
    if (value(text[i]) < 0) return fail("invalid Base32 character at position " + std::to_string(i));
  // Characters left in the last 8-character group, and the padding that completes it.
  std::size_t const tail = data_size % 8;
  if (tail == 1 || tail == 3 || tail == 6)
    return fail("Base32 text of " + std::to_string(data_size) + " characters cannot be complete");
  if (data_size != text.size() && (tail == 0 || text.size() != data_size + (8 - tail)))
    return fail("Base32 padding does not exactly complete the last group of 8");
  std::vector<std::uint8_t> out;
  out.reserve(data_size * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < data_size; ++i) {
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value(text[i]));
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(buffer >> (bits - 8)));
      bits -= 8;
    }
  }
  return out;
}

}  // namespace otp
GENAUTH_NAMESPACE_END
