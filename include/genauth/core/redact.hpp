#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <string>
#include <string_view>

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

}  // namespace detail

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
