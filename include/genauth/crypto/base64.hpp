#pragma once

#include <genauth/config.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// Appends standard Base64 (RFC 4648 §4) with '=' padding.
inline void append_base64(std::span<std::uint8_t const> data, std::string& out) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t const from = out.size();
  out.resize(from + (data.size() + 2) / 3 * 4);
  char* p = out.data() + from;
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3, p += 4) {
    std::uint32_t const v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 | data[i + 2];
    p[0] = alphabet[v >> 18 & 63], p[1] = alphabet[v >> 12 & 63], p[2] = alphabet[v >> 6 & 63], p[3] = alphabet[v & 63];
  }
  if (std::size_t const rest = data.size() - i; rest != 0) {
    std::uint32_t const v = std::uint32_t{data[i]} << 16 | (rest == 2 ? std::uint32_t{data[i + 1]} << 8 : 0);
    p[0] = alphabet[v >> 18 & 63], p[1] = alphabet[v >> 12 & 63];
    p[2] = rest == 2 ? alphabet[v >> 6 & 63] : '=', p[3] = '=';
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

/// Base64url (RFC 4648 §5) without padding, as JOSE (RFC 7515 §2) and PKCE write it.
[[nodiscard]] inline std::string base64url_encode(std::span<std::uint8_t const> data) {
  std::string out;
  append_base64(data, out);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

[[nodiscard]] inline std::string base64url_encode(std::string_view text) {
  return base64url_encode(std::span(reinterpret_cast<std::uint8_t const*>(text.data()), text.size()));
}

/// Decodes base64url without padding, strictly: only its 64 characters, a length that a whole
/// number of bytes gives, and the unused bits of the last character zero, so that every byte
/// string has exactly one text. Empty on anything else.
[[nodiscard]] inline std::optional<std::vector<std::uint8_t>> base64url_decode(std::string_view text) {
  auto const value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int held = 0;
  for (char const c : text) {
    int const v = value(c);
    if (v < 0) return std::nullopt;
    bits = bits << 6 | static_cast<std::uint32_t>(v);
    held += 6;
    if (held >= 8) {
      held -= 8;
      out.push_back(static_cast<std::uint8_t>(bits >> held));
      bits &= (1u << held) - 1;
    }
  }
  if (bits != 0) return std::nullopt;  // unused bits set: another text of the same bytes
  return out;
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
