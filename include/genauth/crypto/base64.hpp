#pragma once

#include <genauth/config.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// Appends standard Base64 (RFC 4648 §4) with '=' padding.
inline void append_base64(std::span<std::uint8_t const> data, std::string& out) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  out.reserve(out.size() + (data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t const v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 | data[i + 2];
    out += alphabet[v >> 18 & 63], out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63], out += alphabet[v & 63];
  }
  if (std::size_t const rest = data.size() - i; rest != 0) {
    std::uint32_t const v = std::uint32_t{data[i]} << 16 | (rest == 2 ? std::uint32_t{data[i + 1]} << 8 : 0);
    out += alphabet[v >> 18 & 63], out += alphabet[v >> 12 & 63];
    out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
    out += '=';
  }
}

[[nodiscard]] inline std::string base64_encode(std::span<std::uint8_t const> data) {
  std::string out;
  append_base64(data, out);
  return out;
}

[[nodiscard]] inline std::string base64_encode(std::string_view text) {
  return base64_encode(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
