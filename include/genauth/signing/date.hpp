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

[[nodiscard]] inline std::string imf_fixdate(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto const& days = detail::day_names;
  auto const& months = detail::month_names;
  auto const day = floor<std::chrono::days>(t);
  year_month_day const ymd{day};
  hh_mm_ss const time{floor<seconds>(t - day)};
  auto const two = [](long v) {
    return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
  };
  int const y = static_cast<int>(ymd.year());
  std::string out;
  out.reserve(29);
  out += days[weekday{day}.c_encoding()];
  out += ", ";
  out += two(static_cast<long>(static_cast<unsigned>(ymd.day())));
  out += ' ';
  out += months[static_cast<unsigned>(ymd.month()) - 1];
  out += ' ';
  out += two(y / 100 % 100) + two(y % 100);
  out += ' ';
  out += two(time.hours().count()) + ':' + two(time.minutes().count()) + ':' + two(time.seconds().count());
  out += " GMT";
  return out;
}

/// Reads an IMF-fixdate (the form every HTTP server sends in `Date` and `Retry-After`); anything
/// else, the obsolete HTTP-date forms included, gives nullopt.
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
  if (dd < 0 || yyyy < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || month < 0 ||
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
