#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>

#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Prefixes a child's JSON path with its member key or array index while an error unwinds,
/// so successful calls never build paths.
inline error&& at_key(error&& e, std::string_view key) {
  bool const index_next = !e.json_path.empty() && e.json_path.front() == '[';
  e.json_path = std::string(key) + (e.json_path.empty() || index_next ? "" : ".") + e.json_path;
  return std::move(e);
}

inline error&& at_index(error&& e, std::size_t index) {
  bool const index_next = !e.json_path.empty() && e.json_path.front() == '[';
  e.json_path = "[" + std::to_string(index) + "]" + (e.json_path.empty() || index_next ? "" : ".") +
                e.json_path;
  return std::move(e);
}

// Integers beyond 2^53 would reach a JavaScript server as a different number.
inline constexpr std::uint64_t max_exact_integer = std::uint64_t{1} << 53;

/// Appends `v` the way JavaScript's Number.prototype.toString renders it (ECMA-262
/// Number::toString): shortest round-trip digits, plain notation for exponents in [-7, 21),
/// otherwise `d.ddde+N`; -0 renders as 0. `v` must be finite.
inline void append_js_number(double v, std::string& out) {
  if (v == 0) {
    out += '0';
    return;
  }
  char buf[32];
  auto const r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view const sci(buf, static_cast<std::size_t>(r.ptr - buf));
  std::size_t const e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  if (mantissa.front() == '-') {
    out += '-';
    mantissa.remove_prefix(1);
  }
  std::string digits;
  for (char c : mantissa)
    if (c != '.') digits += c;
  int exp10 = 0;
  std::from_chars(sci.data() + e_pos + (sci[e_pos + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exp10);
  int const k = static_cast<int>(digits.size());
  int const n = exp10 + 1;  // value = 0.digits * 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out += '.';
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += n - 1 >= 0 ? '+' : '-';
    out += std::to_string(n - 1 >= 0 ? n - 1 : 1 - n);
  }
}

template <class Int>
void append_integer(Int v, std::string& out) {
  char buf[24];
  auto const r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

/// Appends an integer, which JavaScript carries exactly only within ±2^53.
template <class Int>
maybe_error append_js_integer(Int v, std::string& out) {
  std::uint64_t magnitude = 0;
  if constexpr (std::is_signed_v<Int>)
    magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  else
    magnitude = static_cast<std::uint64_t>(v);
  if (magnitude > max_exact_integer)
    return make_error(errc::unrepresentable_number, "integer beyond 2^53 cannot be sent exactly");
  append_integer(v, out);
  return std::nullopt;
}

/// Appends a JSON number (int64, uint64 or double) in JavaScript form.
inline maybe_error append_js_number(boost::json::value const& v, std::string& out) {
  if (auto const* i = v.if_int64()) return append_js_integer(*i, out);
  if (auto const* u = v.if_uint64()) return append_js_integer(*u, out);
  double const d = v.get_double();
  if (!std::isfinite(d)) return make_error(errc::unrepresentable_number, "NaN and infinity have no JSON form");
  append_js_number(d, out);
  return std::nullopt;
}

/// Text that JSON (and a JavaScript server) can carry: valid UTF-8.
inline maybe_error check_utf8(std::string_view s) {
  if (!is_valid_utf8(s)) return make_error(errc::invalid_utf8, "string is not valid UTF-8");
  return std::nullopt;
}

/// Appends a JSON string literal as JSON.stringify writes it: the two-character escapes,
/// \u00xx (lower-case hex) for other control characters, everything else raw.
inline maybe_error append_js_string(std::string_view s, std::string& out) {
  if (auto e = check_utf8(s)) return e;
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t kept = 0;  // where the run of characters written as they are starts
  for (std::size_t i = 0; i < s.size(); ++i) {
    char const c = s[i];
    if (static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + kept, i - kept);
    kept = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        char const escaped[] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xF], hex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(s.data() + kept, s.size() - kept);
  out += '"';
  return std::nullopt;
}

/// The value of `key` if JavaScript treats it as an array index (ECMA-262 CanonicalNumericIndex
/// within 0 .. 2^32 - 2: "0", or digits without a leading zero).
constexpr std::optional<std::uint32_t> array_index(std::string_view key) noexcept {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key.front() == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > 4294967294u) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

/// The positions of `keys` in the order JavaScript enumerates an object's own properties
/// (ECMA-262 OrdinaryOwnPropertyKeys): array-index keys first, ascending by value, then the
/// others in insertion order. A JavaScript server re-serialises what it parsed in this order, so
/// signed JSON must be written in it.
template <class Keys>
std::vector<std::size_t> js_property_order(Keys const& keys) {
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    auto const ia = array_index(keys[a]);
    auto const ib = array_index(keys[b]);
    if (ia && ib) return *ia < *ib;
    return ia.has_value() && !ib.has_value();
  });
  return order;
}

/// Whether an object has a key that JavaScript would move to the front (rare: skip the sort).
template <class Keys>
constexpr bool has_array_index_key(Keys const& keys) {
  for (auto const& k : keys)
    if (array_index(k)) return true;
  return false;
}

/// Appends `v` exactly as JavaScript's JSON.stringify would for the same value: compact, members
/// in JavaScript's property order (see js_property_order). Errors carry the JSON path of the
/// offending value.
inline maybe_error append_js_json(boost::json::value const& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; return std::nullopt;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; return std::nullopt;
    case boost::json::kind::string: return append_js_string(v.get_string(), out);
    case boost::json::kind::array: {
      out += '[';
      std::size_t i = 0;
      for (auto const& item : v.get_array()) {
        if (i != 0) out += ',';
        if (auto e = append_js_json(item, out)) return at_index(std::move(*e), i);
        ++i;
      }
      out += ']';
      return std::nullopt;
    }
    case boost::json::kind::object: {
      auto const& object = v.get_object();
      std::vector<std::string_view> keys;
      keys.reserve(object.size());
      for (auto const& member : object) keys.emplace_back(member.key());
      std::vector<std::size_t> order;
      if (has_array_index_key(keys)) order = js_property_order(keys);
      out += '{';
      for (std::size_t n = 0; n < keys.size(); ++n) {
        auto const& member = *(object.begin() + static_cast<std::ptrdiff_t>(order.empty() ? n : order[n]));
        if (n != 0) out += ',';
        if (auto e = append_js_string(member.key(), out)) return at_key(std::move(*e), member.key());
        out += ':';
        if (auto e = append_js_json(member.value(), out)) return at_key(std::move(*e), member.key());
      }
      out += '}';
      return std::nullopt;
    }
    default: return append_js_number(v, out);
  }
}

}  // namespace detail

/// Serialises `v` byte for byte as JavaScript's JSON.stringify does (number formatting such as
/// `1e+21` and `0.30000000000000004`, escapes, raw non-ASCII). Fails on invalid UTF-8,
/// non-finite numbers and integers beyond 2^53, which JavaScript cannot carry exactly.
[[nodiscard]] inline result<std::string> stringify(boost::json::value const& v) {
  std::string out;
  if (auto e = detail::append_js_json(v, out)) return std::move(*e);
  return out;
}

GENAUTH_NAMESPACE_END
