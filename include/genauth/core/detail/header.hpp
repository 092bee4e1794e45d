#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>

#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Header values must be printable ASCII: a control character could split the header (CR, LF)
/// or truncate it (NUL), and non-ASCII is signed differently from how it is sent.
inline maybe_error check_header_value(std::string_view value, std::string_view what) {
  for (char c : value) {
    auto const u = static_cast<unsigned char>(c);
    if (is_control(u)) return make_error(errc::control_character, std::string(what) + " contains a control character");
    if (u >= 0x80) return make_error(errc::invalid_header_value, std::string(what) + " must be plain ASCII");
  }
  return std::nullopt;
}

/// A header value with surrounding spaces dropped (so what is sent equals what is signed),
/// checked as above.
inline result<std::string_view> header_value(std::string_view raw, std::string_view what) {
  while (!raw.empty() && raw.front() == ' ') raw.remove_prefix(1);
  while (!raw.empty() && raw.back() == ' ') raw.remove_suffix(1);
  if (auto e = check_header_value(raw, what)) return std::move(*e);
  return raw;
}

inline maybe_error check_not_empty(std::string_view value, std::string_view what) {
  if (value.empty()) return make_error(errc::empty_argument, std::string(what) + " must not be empty");
  return std::nullopt;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
