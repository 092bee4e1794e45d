#include "signature.hpp"

#include "exact_json.hpp"
#include "js_text.hpp"

#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/hmac.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>
#include <vector>

namespace genauth_emulator {
namespace {

constexpr std::array<std::string_view, 7> weekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The length of the white space JavaScript's trim() removes at `s`'s start (or end), in bytes.
std::size_t js_space_at(std::string_view s, bool at_end) {
  static constexpr std::array<std::string_view, 18> spaces{
      " ", "\t", "\n", "\v", "\f", "\r", "\u00A0", "\u1680", "\u2028", "\u2029", "\u202F", "\u205F",
      "\u3000", "\uFEFF", "\u2000", "\u2001", "\u2002", "\u200A"};
  for (auto sp : spaces)
    if (at_end ? s.ends_with(sp) : s.starts_with(sp)) return sp.size();
  // U+2003 to U+2009
  for (char32_t c = 0x2003; c <= 0x2009; ++c) {
    char const u[3] = {'\xE2', '\x80', static_cast<char>(0x80 | (c & 0x3F))};
    std::string_view const sp(u, 3);
    if (at_end ? s.ends_with(sp) : s.starts_with(sp)) return 3;
  }
  return 0;
}

std::string canonical_header_value(std::string value) {
  for (char& c : value)
    if (c == '\t' || c == '\n' || c == '\r' || c == '\f') c = ' ';
  std::string_view v = value;
  while (std::size_t n = js_space_at(v, false)) v.remove_prefix(n);
  while (std::size_t n = js_space_at(v, true)) v.remove_suffix(n);
  return std::string(v);
}

}  // namespace

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::optional<std::string> form_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto const hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int const hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> form_pairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    std::string_view const pair = text.substr(0, text.find('&'));
    text.remove_prefix(std::min(text.size(), pair.size() + 1));
    if (pair.empty()) continue;
    std::size_t const eq = pair.find('=');
    auto key = form_decode(pair.substr(0, eq));
    auto value = form_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> query_pairs(std::string_view text) {
  auto pairs = form_pairs(text);
  if (!pairs) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::pair<std::size_t, boost::json::array>> arrays;  // where in `out`, and the items
  for (auto& pair : *pairs) {
    std::string& key = pair.first;
    if (!key.ends_with("[]")) {
      out.push_back(std::move(pair));
      continue;
    }
    key.resize(key.size() - 2);
    auto joined = std::find_if(arrays.begin(), arrays.end(), [&](auto const& a) { return out[a.first].first == key; });
    if (joined == arrays.end()) {
      out.emplace_back(std::move(key), std::string());
      joined = arrays.insert(arrays.end(), {out.size() - 1, {}});
    }
    joined->second.emplace_back(pair.second);
  }
  for (auto const& [at, items] : arrays) out[at].second = js_string_of(items);
  return out;
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view t) {
  using namespace std::chrono;
  if (t.size() != 29 || t.substr(3, 2) != ", " || t[7] != ' ' || t[11] != ' ' || t[16] != ' ' || t[19] != ':' ||
      t[22] != ':' || t.substr(25) != " GMT")
    return std::nullopt;
  auto const number = [&](std::size_t at, std::size_t len) -> int {
    int n = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      n = n * 10 + (t[i] - '0');
    }
    return n;
  };
  auto const mon = std::find(months.begin(), months.end(), t.substr(8, 3));
  int const d = number(5, 2), y = number(12, 4), hh = number(17, 2), mm = number(20, 2), ss = number(23, 2);
  if (mon == months.end() || d < 1 || y < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
    return std::nullopt;
  year_month_day const ymd{year(y), month(static_cast<unsigned>(mon - months.begin()) + 1), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  sys_days const days(ymd);
  if (weekdays[weekday(days).c_encoding()] != t.substr(0, 3)) return std::nullopt;
  return system_clock::time_point(days) + hours(hh) + minutes(mm) + seconds(ss);
}

std::string format_http_date(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto const days = floor<std::chrono::days>(t);
  year_month_day const ymd(days);
  hh_mm_ss const time(floor<seconds>(t - days));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                std::string(weekdays[weekday(days).c_encoding()]).c_str(), static_cast<unsigned>(ymd.day()),
                std::string(months[static_cast<unsigned>(ymd.month()) - 1]).c_str(), static_cast<int>(ymd.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buf;
}

std::variant<std::string, rejection> string_to_sign(wire_request const& request, brand_names brand) {
  // The signed headers: date and every header of the brand's prefix, by name.
  std::vector<std::pair<std::string, std::string>> signed_headers;
  for (auto const& header : request.headers) {
    std::string const& name = header.first;
    if (name != "date" && !name.starts_with(brand.header_prefix)) continue;
    if (std::any_of(signed_headers.begin(), signed_headers.end(), [&](auto const& h) { return h.first == name; }))
      continue;  // a repeated header was joined already
    signed_headers.emplace_back(name, canonical_header_value(request.header(name)));
  }
  std::sort(signed_headers.begin(), signed_headers.end());

  // The parameters: the decoded query of a GET, the top-level members of any other body.
  std::vector<std::pair<std::string, std::string>> params;
  if (request.method == "GET") {
    auto pairs = query_pairs(request.query());
    if (!pairs) return rejection{400, 0, "malformed percent-encoding in the query"};
    params = std::move(*pairs);
  } else if (!request.body.empty()) {
    auto body = parse_json(request.body);
    if (!body || !body->is_object()) return rejection{400, 0, "the body is not a JSON object"};
    for (auto const& kv : body->get_object()) params.emplace_back(std::string(kv.key()), js_string_of(kv.value()));
  }
  std::stable_sort(params.begin(), params.end(), [](auto const& a, auto const& b) { return js_key_less(a.first, b.first); });

  std::string out = request.method + "\n";
  for (auto const& [name, value] : signed_headers) out += name + ":" + value + "\n";
  out += request.path();
  char separator = '?';
  for (auto const& [key, value] : params) {
    out += separator;
    out += key + "=" + value;
    separator = '&';
  }
  return out;
}

std::variant<signed_by, rejection> verify_signature(
    wire_request const& request, std::function<std::optional<std::string>(std::string_view)> const& secret_of,
    std::chrono::system_clock::time_point now, std::chrono::seconds allowed_skew) {
  std::string const authorization = request.header("authorization");
  std::size_t const space = authorization.find(' ');
  std::size_t const colon = authorization.rfind(':');
  if (space == std::string::npos || colon == std::string::npos || colon < space)
    return rejection{401, 1300, "missing or malformed AK/SK authorization"};
  std::string_view const scheme = std::string_view(authorization).substr(0, space);
  brand_names const brand = scheme == genauth_names.scheme   ? genauth_names
                            : scheme == authing_names.scheme ? authing_names
                                                             : brand_names{};
  if (brand.scheme.empty()) return rejection{401, 1300, "unknown authorization scheme"};
  std::string const key_id = authorization.substr(space + 1, colon - space - 1);
  std::string const signature = authorization.substr(colon + 1);
  std::string const prefix(brand.header_prefix);

  if (request.header(prefix + "signature-method") != "HMAC-SHA1")
    return rejection{401, 1301, "signature method must be HMAC-SHA1"};
  if (request.header(prefix + "signature-version") != "1.0")
    return rejection{401, 1302, "signature version must be 1.0"};
  if (!request.has_header("date")) return rejection{401, 1304, "the date header is missing"};
  auto const date = parse_http_date(request.header("date"));
  if (!date) return rejection{401, 1303, "the date header is not an HTTP date"};
  if (*date > now + allowed_skew || *date < now - allowed_skew)
    return rejection{401, 1305, "signature timestamp too far from server time"};
  std::string const nonce = request.header(prefix + "signature-nonce");
  if (nonce.empty()) return rejection{401, 1300, "the signature nonce is missing"};

  auto const secret = secret_of(key_id);
  if (!secret) return rejection{401, 1300, "unknown access key"};
  auto to_sign = string_to_sign(request, brand);
  if (auto const* r = std::get_if<rejection>(&to_sign)) return *r;
  auto const mac = genauth::crypto::hmac_sha1(*secret, std::get<std::string>(to_sign));
  if (!equal_in_constant_time(signature, genauth::crypto::base64_encode(mac)))
    return rejection{401, 1300, "invalid AK/SK signature"};
  return signed_by{key_id, nonce, brand};
}

}  // namespace genauth_emulator
