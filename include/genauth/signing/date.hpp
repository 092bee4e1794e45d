#pragma once

#include <genauth/config.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 05 Jan 2025 08:30:00 GMT": what JavaScript's
/// Date.prototype.toUTCString() yields. Computed arithmetically, so neither the process locale
/// nor TZ can change it.
namespace detail {
inline constexpr std::array<std::string_view, 7> day_names = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace detail

namespace detail {
/// The 29 characters of imf_fixdate(t), without allocating.
inline std::array<char, 29> imf_fixdate_chars(std::chrono::system_clock::time_point t) noexcept {
  using namespace std::chrono;
  auto const day = floor<std::chrono::days>(t);
  year_month_day const ymd{day};
  hh_mm_ss const time{floor<seconds>(t - day)};
  std::array<char, 29> out{};
  char* p = out.data();
  auto const text = [&p](std::string_view s) {
    for (char c : s) *p++ = c;
  };
  auto const two = [&p](auto v) {  // hh_mm_ss counts are long long, day and year int
    *p++ = static_cast<char>('0' + v / 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  int const y = static_cast<int>(ymd.year());
  text(day_names[weekday{day}.c_encoding()]);
  text(", ");
  two(static_cast<unsigned>(ymd.day()));
  text(" ");
  text(month_names[static_cast<unsigned>(ymd.month()) - 1]);
  text(" ");
  two(y / 100 % 100);
  two(y % 100);
  text(" ");
  two(time.hours().count());
  text(":");
  two(time.minutes().count());
  text(":");
  two(time.seconds().count());
  text(" GMT");
  return out;
}
}  // namespace detail

[[nodiscard]] inline std::string imf_fixdate(std::chrono::system_clock::time_point t) {
  auto const chars = detail::imf_fixdate_chars(t);
  return std::string(chars.data(), chars.size());
}

/// The years parse_imf_fixdate accepts: every clock in use, and far from where a system_clock
/// count of nanoseconds overflows (before 1678 or after 2262).
inline constexpr int min_imf_fixdate_year = 1970;
inline constexpr int max_imf_fixdate_year = 2200;

/// Reads an IMF-fixdate (the form every HTTP server sends in `Date` and `Retry-After`) of a year
/// from min_imf_fixdate_year to max_imf_fixdate_year; anything else, the obsolete HTTP-date
/// forms included, gives nullopt.
[[nodiscard]] inline std::optional<std::chrono::system_clock::time_point> parse_imf_fixdate(std::string_view s) noexcept {
  using namespace std::chrono;
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
      s[22] != ':' || s.substr(25) != " GMT")
    return std::nullopt;
  auto const number = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto const index_of = [](auto const& names, std::string_view name) -> int {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    return -1;
  };
  int const dd = number(5, 2), yyyy = number(12, 4), hh = number(17, 2), mm = number(20, 2), ss = number(23, 2);
  int const month = index_of(detail::month_names, s.substr(8, 3));
  int const weekday_index = index_of(detail::day_names, s.substr(0, 3));
  if (dd < 0 || yyyy < min_imf_fixdate_year || yyyy > max_imf_fixdate_year || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || month < 0 ||
      weekday_index < 0)
    return std::nullopt;
  year_month_day const ymd{year{yyyy}, std::chrono::month{static_cast<unsigned>(month + 1)},
                           day{static_cast<unsigned>(dd)}};
  if (!ymd.ok()) return std::nullopt;
  sys_days const date{ymd};
  if (weekday{date}.c_encoding() != static_cast<unsigned>(weekday_index)) return std::nullopt;
  return time_point_cast<system_clock::duration>(date + hours{hh} + minutes{mm} + seconds{ss});
}

GENAUTH_NAMESPACE_END
