#pragma once

#include <genauth/config.hpp>

#include <chrono>
#include <string>

GENAUTH_NAMESPACE_BEGIN

/// IMF-fixdate (RFC 9110 §5.6.7), e.g. "Sun, 05 Jan 2025 08:30:00 GMT": what JavaScript's
/// Date.prototype.toUTCString() yields. Computed arithmetically, so neither the process locale
/// nor TZ can change it.
[[nodiscard]] inline std::string imf_fixdate(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  static constexpr char const* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr char const* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
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

GENAUTH_NAMESPACE_END
