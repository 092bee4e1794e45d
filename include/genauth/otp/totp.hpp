#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/crypto/hmac.hpp>
#include <genauth/crypto/random.hpp>

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// RFC 4226 HOTP and RFC 6238 TOTP with HMAC-SHA1, the algorithm GenAuth's authenticator
// enrolment uses.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline maybe_error check_otp_digits(int digits) {
  if (digits < 6 || digits > 8) return make_error(errc::invalid_otp_parameters, "digits must be 6, 7 or 8");
  return std::nullopt;
}

// Same time whatever the inputs' contents, so a guess learns nothing from how long it took.
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace detail

namespace otp {

/// The parameters of RFC 6238 codes.
struct totp_settings {
  int digits = 6;                          ///< 6 to 8
  std::chrono::seconds period{30};         ///< time step
  std::chrono::sys_seconds epoch{};        ///< T0
};


/// The HOTP value for `counter` (RFC 4226 §5.3), zero-padded to `digits`.
[[nodiscard]] inline result<std::string> hotp(std::span<std::uint8_t const> key, std::uint64_t counter, int digits = 6) {
  if (auto e = genauth::detail::check_otp_digits(digits)) return std::move(*e);
  std::uint8_t message[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) message[i] = static_cast<std::uint8_t>(counter);
  auto const mac = crypto::hmac_sha1(key, message);
  std::size_t const offset = mac[19] & 0xF;
  std::uint32_t const binary = (std::uint32_t{mac[offset]} & 0x7F) << 24 | std::uint32_t{mac[offset + 1]} << 16 |
                               std::uint32_t{mac[offset + 2]} << 8 | std::uint32_t{mac[offset + 3]};
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

// Times are system_clock time points of any precision (sys_seconds reaches far beyond the
// nanosecond clock's year 2262, as RFC 6238's test vectors need).
template <class Duration>
using sys_time = std::chrono::time_point<std::chrono::system_clock, Duration>;

/// The time step counter of `now` (RFC 6238 §4.2).
template <class Duration>
[[nodiscard]] result<std::uint64_t> totp_counter(sys_time<Duration> now, totp_settings const& s = {}) {
  if (s.period.count() <= 0)
    return genauth::detail::make_error(errc::invalid_otp_parameters, "period must be positive");
  // Checked in floating point first: converting an extreme time point to seconds, or
  // subtracting two extreme ones, would overflow.
  constexpr double limit = 9.2e18;
  double const seconds_since = std::chrono::duration<double>(now.time_since_epoch()).count();
  if (!(seconds_since > -limit && seconds_since < limit))
    return genauth::detail::make_error(errc::invalid_otp_parameters, "time is out of range");
  std::int64_t const t = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  std::int64_t const t0 = s.epoch.time_since_epoch().count();
  if (t < t0) return genauth::detail::make_error(errc::invalid_otp_parameters, "time is before the epoch");
  // Both are int64, so their difference fits an unsigned 64-bit number exactly.
  std::uint64_t const elapsed = static_cast<std::uint64_t>(t) - static_cast<std::uint64_t>(t0);
  return elapsed / static_cast<std::uint64_t>(s.period.count());
}

/// The TOTP value at `now`.
template <class Duration>
[[nodiscard]] result<std::string> totp(std::span<std::uint8_t const> key, sys_time<Duration> now,
                                       totp_settings const& s = {}) {
  auto counter = totp_counter(now, s);
  if (!counter) return counter.error();
  return hotp(key, *counter, s.digits);
}

/// True if `code` is the TOTP value of any step within `window` steps of `now` (a window of 1
/// accepts the previous and next code, for clock drift). Codes are compared in constant time.
template <class Duration>
[[nodiscard]] result<bool> verify_totp(std::span<std::uint8_t const> key, std::string_view code,
                                       sys_time<Duration> now, totp_settings const& s = {}, unsigned window = 1) {
  auto counter = totp_counter(now, s);
  if (!counter) return counter.error();
  bool match = false;
  std::uint64_t const first = *counter >= window ? *counter - window : 0;
  std::uint64_t const last = *counter <= UINT64_MAX - window ? *counter + window : UINT64_MAX;
  for (std::uint64_t c = first;; ++c) {
    auto expected = hotp(key, c, s.digits);
    if (!expected) return expected.error();
    match |= genauth::detail::constant_time_equal(*expected, code);
    if (c == last) break;
  }
  return match;
}

/// A new random secret (20 bytes: the HMAC-SHA1 output size RFC 4226 recommends).
[[nodiscard]] inline result<std::vector<std::uint8_t>> generate_secret(std::size_t size = 20) {
  if (size < 16)
    return genauth::detail::make_error(errc::invalid_otp_parameters, "a secret needs at least 16 bytes (RFC 4226)");
  std::vector<std::uint8_t> key(size);
  if (!crypto::secure_random(key))
    return genauth::detail::make_error(errc::entropy_unavailable, "no random bytes for the secret");
  return key;
}

}  // namespace otp
GENAUTH_NAMESPACE_END
