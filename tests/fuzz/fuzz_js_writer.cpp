// The JavaScript number writer against an independent reading of ECMA-262 Number::toString,
// built on printf and strtod rather than on std::to_chars (which the writer uses).
#include "fuzz_support.hpp"

#include <boost/json/value.hpp>

#include <cmath>
#include <cstring>

namespace {

// ECMA-262 Number::toString(m): the fewest digits s (k of them) such that s * 10^(n-k) reads back
// as m; among several such s, the one closest to m, and of two equally close the even one.
std::string ecma_number_to_string(double v) {
  if (v == 0) return "0";
  std::string const sign = v < 0 ? "-" : "";
  double const m = std::fabs(v);
  std::string digits;
  int n = 0;
  for (int precision = 0; precision <= 16 && digits.empty(); ++precision) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", precision, m);
    std::string const text = buf;
    std::size_t const e = text.find('e');
    std::string rounded;
    for (char c : text.substr(0, e))
      if (c != '.') rounded += c;
    long long const base = std::stoll(rounded);
    int const exponent = std::atoi(text.c_str() + e + 1) - precision;  // value = s * 10^exponent
    auto const reads_back = [&](long long s) {
      std::string const candidate = std::to_string(s) + "e" + std::to_string(exponent);
      return std::strtod(candidate.c_str(), nullptr);
    };
    // printf's digits are the closest at this precision (exact ties go to even, as the standard
    // wants). When they do not read back as m, the neighbour on m's side may.
    long long chosen = 0;
    if (reads_back(base) == m)
      chosen = base;
    else if (long long const side = reads_back(base) < m ? base + 1 : base - 1;
             side > 0 && reads_back(side) == m && std::to_string(side).size() == rounded.size())
      chosen = side;
    if (chosen != 0) {
      digits = std::to_string(chosen);
      n = static_cast<int>(digits.size()) + exponent;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int const k = static_cast<int>(digits.size());
  std::string out = sign;
  if (k <= n && n <= 21) {
    out += digits + std::string(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < sizeof(double)) return 0;
  double v = 0;
  std::memcpy(&v, data, sizeof v);
  auto const written = genauth::stringify(boost::json::value(v));
  if (!std::isfinite(v)) {
    fuzz::require(!written.has_value(), "a non-finite number was written");
    return 0;
  }
  fuzz::require(written.has_value(), "a finite number was refused");
  fuzz::require(*written == ecma_number_to_string(v), "the number differs from ECMA-262 Number::toString");
  return 0;
}
