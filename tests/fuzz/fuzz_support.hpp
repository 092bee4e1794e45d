#pragma once

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

inline std::string_view text(std::uint8_t const* data, std::size_t size) {
  return {reinterpret_cast<char const*>(data), size};
}

/// Stops the run (libFuzzer records the input) when an invariant breaks.
inline void require(bool ok, char const* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

/// Log-safe text has no control character (other than none at all) that could forge a line.
inline bool printable(std::string_view s) {
  for (char c : s) {
    auto const u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

/// `message` with every run of digits written as N, to compare it with a template.
inline std::string template_of(std::string_view message) {
  std::string out;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] >= '0' && message[i] <= '9') {
      out += 'N';
      while (i + 1 < message.size() && message[i + 1] >= '0' && message[i + 1] <= '9') ++i;
    } else {
      out += message[i];
    }
  }
  return out;
}

/// The messages Base32 decoding may give: they say where, never what.
inline bool is_base32_message(std::string_view message) {
  auto const t = template_of(message);
  return t == "invalid BaseN character at position N" || t == "BaseN text of N characters cannot be complete" ||
         t == "BaseN padding does not exactly complete the last group of N";
}

inline void check_error(genauth::error const& e) {
  require(printable(e.to_string()), "error::to_string() holds a control character");
}

}  // namespace fuzz
