#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

// Printing requests for logs. Allow-lists, not deny-lists: a header, query parameter or body
// member is shown only if it is known to carry no secret, so a field added later is hidden by
// default.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view redacted_text = "<redacted>";

inline bool is_loggable_header(std::string_view name) {
  static constexpr std::array<std::string_view, 5> plain = {"accept", "content-type", "content-length",
                                                            "user-agent", "date"};
  static constexpr std::array<std::string_view, 6> branded = {"signature-nonce", "signature-method",
                                                              "signature-version", "sdk-version",
                                                              "lang", "app-id"};
  for (auto p : plain)
    if (iequals(name, p)) return true;
  for (std::string_view prefix : {"x-genauth-", "x-authing-"}) {
    if (name.size() <= prefix.size() || !iequals(name.substr(0, prefix.size()), prefix)) continue;
    for (auto b : branded)
      if (iequals(name.substr(prefix.size()), b)) return true;
  }
  return false;
}

// Member names whose values are identifiers or settings, never credentials.
inline bool is_loggable_key(std::string_view key) {
  static constexpr std::array<std::string_view, 16> keys = {
      "userId",         "userIdType",      "appId",          "factorId",
      "factorType",     "enabledFactors",  "disabledFactors", "disableFactors",
      "mfaPolicy",      "status",          "sort",           "faceMfaEnabled",
      "totpMfaEnabled", "isExternalPhoto", "phoneCountryCode", "mfaPhoneCountryCode"};
  for (auto k : keys)
    if (k == key) return true;
  return false;
}

// Containers are walked; a scalar survives only under a loggable key.
inline void redact_json(boost::json::value& v, bool loggable) {
  if (auto* obj = v.if_object()) {
    for (auto& member : *obj) redact_json(member.value(), is_loggable_key(member.key()));
  } else if (auto* arr = v.if_array()) {
    for (auto& item : *arr) redact_json(item, loggable);
  } else if (!loggable && !v.is_null()) {
    v = boost::json::string(redacted_text);
  }
}

inline std::string redacted_url(std::string_view url) {
  std::size_t const q = url.find('?');
  std::string out(url.substr(0, q));
  if (q == std::string_view::npos) return out;
  std::string_view rest = url.substr(q + 1);
  char sep = '?';
  while (!rest.empty()) {
    std::string_view const pair = rest.substr(0, rest.find('&'));
    rest.remove_prefix(pair.size() == rest.size() ? rest.size() : pair.size() + 1);
    std::string_view const key = pair.substr(0, pair.find('='));
    out += sep;
    sep = '&';
    out += key;
    if (key.size() == pair.size()) continue;
    out += '=';
    if (is_loggable_key(key))
      out += pair.substr(key.size() + 1);
    else
      append_query_component(redacted_text, out);
  }
  return out;
}

inline std::string redacted_body(std::string_view body) {
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (!ec) {
    redact_json(v, false);
    if (auto text = stringify(v)) return *text;
  }
  return "<" + std::to_string(body.size()) + " bytes>";
}

/// A query or form component decoded: '+' is a space, %XX a byte.
inline std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

inline void collect_strings(boost::json::value const& v, std::vector<std::string>& out) {
  if (auto const* s = v.if_string()) {
    out.emplace_back(s->data(), s->size());
  } else if (auto const* a = v.if_array()) {
    for (auto const& item : *a) collect_strings(item, out);
  } else if (auto const* o = v.if_object()) {
    for (auto const& member : *o) collect_strings(member.value(), out);
  }
}

inline void collect_pairs(std::string_view pairs, std::vector<std::string>& out) {
  while (!pairs.empty()) {
    std::string_view const pair = pairs.substr(0, pairs.find('&'));
    pairs.remove_prefix((std::min)(pairs.size(), pair.size() + 1));
    if (std::size_t const eq = pair.find('='); eq != std::string_view::npos) out.push_back(form_decode(pair.substr(eq + 1)));
  }
}

// Shorter values (a flag, a small number) would match ordinary words of a message.
inline constexpr std::size_t min_redacted_size = 4;

inline void replace_all(std::string& text, std::string_view value) {
  for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + redacted_text.size()))
    text.replace(at, value.size(), redacted_text);
}

}  // namespace detail

/// `e` with every value of `request` that came back in its server text (message, request id)
/// replaced by `<redacted>`: the Authorization header and its parts, every string of the query
/// and of the body, and `also` (the management client passes its access key secret). A server
/// that echoes a request into its error then leaks nothing of it into logs. Values shorter than
/// four characters are left alone; they would match ordinary words. The clients apply this to
/// every error; call it yourself when you drive build and parse.
[[nodiscard]] inline error redact_request_values(error e, http_request const& request, std::string_view also = {}) {
  if (e.message.empty() && e.request_id.empty()) return e;
  std::vector<std::string> values;
  if (auto const auth = request.headers.find("authorization")) {
    values.emplace_back(*auth);
    std::string_view rest = *auth;
    if (std::size_t const space = rest.find(' '); space != std::string_view::npos) rest.remove_prefix(space + 1);  // the scheme word
    while (!rest.empty()) {
      std::size_t const end = rest.find_first_of(" :");
      values.emplace_back(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
  }
  if (std::size_t const q = request.url.find('?'); q != std::string::npos)
    detail::collect_pairs(std::string_view(request.url).substr(q + 1), values);
  if (!request.body.empty()) {
    boost::json::error_code ec;
    auto const body = boost::json::parse(request.body, ec);
    if (!ec)
      detail::collect_strings(body, values);
    else
      detail::collect_pairs(request.body, values);
  }
  values.emplace_back(also);
  std::erase_if(values, [](std::string const& v) { return v.size() < detail::min_redacted_size; });
  // Longest first, so a value that contains another is replaced whole.
  std::sort(values.begin(), values.end(), [](auto const& a, auto const& b) { return a.size() > b.size(); });
  for (auto const& v : values) {
    detail::replace_all(e.message, v);
    detail::replace_all(e.request_id, v);
  }
  return e;
}

/// The request as text for logs and debugging: method, URL, headers and body, with every value
/// not known to be harmless replaced by `<redacted>` (Authorization, tokens, OTP secrets,
/// recovery codes, personal data). Never prints a secret.
[[nodiscard]] inline std::string to_redacted_string(http_request const& req) {
  std::string out(to_string(req.method));
  out += ' ';
  out += detail::redacted_url(req.url);
  out += '\n';
  for (auto const& h : req.headers) {
    out += h.name;
    out += ": ";
    out += detail::is_loggable_header(h.name) ? std::string_view(h.value) : detail::redacted_text;
    out += '\n';
  }
  if (!req.body.empty()) {
    out += '\n';
    out += detail::redacted_body(req.body);
    out += '\n';
  }
  return out;
}

GENAUTH_NAMESPACE_END
