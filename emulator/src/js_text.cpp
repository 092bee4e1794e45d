#include "js_text.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace genauth_emulator {
namespace {

// JSON numbers arrive as integers when they fit, but JavaScript holds every number as a double.
double as_double(boost::json::value const& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// An array index in JavaScript's sense: canonical decimal, at most 2^32 - 2.
bool is_array_index(std::string_view key, std::uint64_t& index) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return false;
  auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), index);
  return ec == std::errc{} && end == key.data() + key.size() && index <= 4294967294ULL;
}

void stringify(std::string& out, boost::json::value const& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; return;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; return;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: {
      double const d = as_double(v);
      out += std::isfinite(d) ? js_number(d) : "null";
      return;
    }
    case boost::json::kind::string: append_json_string(out, v.get_string()); return;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (auto const& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        stringify(out, e);
      }
      out += ']';
      return;
    }
    case boost::json::kind::object: {
      auto const& o = v.get_object();
      std::vector<std::pair<std::uint64_t, boost::json::key_value_pair const*>> indices;
      std::vector<boost::json::key_value_pair const*> names;
      for (auto const& kv : o) {
        std::uint64_t index = 0;
        if (is_array_index(kv.key(), index))
          indices.emplace_back(index, &kv);
        else
          names.push_back(&kv);
      }
      std::sort(indices.begin(), indices.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
      out += '{';
      bool first = true;
      auto member = [&](boost::json::key_value_pair const& kv) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv.key());
        out += ':';
        stringify(out, kv.value());
      };
      for (auto const& [index, kv] : indices) member(*kv);
      for (auto const* kv : names) member(*kv);
      out += '}';
      return;
    }
  }
}

// UTF-8 to UTF-16 code units; a byte that starts no valid sequence stands for U+FFFD.
std::u16string utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto const b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    char32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto const c = static_cast<unsigned char>(s[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (!ok) {
      out += u'\uFFFD';
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string js_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n < 0 ? "-Infinity" : "Infinity";
  if (n == 0) return "0";  // also -0
  // The shortest digits that read back as n, in the form d.ddde±x.
  char buf[64];
  auto const res = std::to_chars(buf, buf + sizeof buf, std::fabs(n), std::chars_format::scientific);
  std::string_view const text(buf, static_cast<std::size_t>(res.ptr - buf));
  std::size_t const e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e))
    if (c != '.') digits += c;
  int const k = static_cast<int>(digits.size());
  int const point = std::atoi(std::string(text.substr(e + 1)).c_str()) + 1;  // ECMA-262's n
  std::string out = n < 0 ? "-" : "";
  if (k <= point && point <= 21) {
    out += digits + std::string(static_cast<std::size_t>(point - k), '0');
  } else if (0 < point && point <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." + digits.substr(static_cast<std::size_t>(point));
  } else if (-6 < point && point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else {
    int const exponent = point - 1;
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += exponent < 0 ? "e-" : "e+";
    out += std::to_string(std::abs(exponent));
  }
  return out;
}

std::string js_string_of(boost::json::value const& v) {
  if (v.is_string()) return std::string(v.get_string());
  return js_stringify(v);
}

std::string js_stringify(boost::json::value const& v) {
  std::string out;
  stringify(out, v);
  return out;
}

bool js_key_less(std::string_view a, std::string_view b) { return utf16(a) < utf16(b); }

}  // namespace genauth_emulator
