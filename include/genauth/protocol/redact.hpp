#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/crypto/base64.hpp>
#include <genauth/json/stringify.hpp>
#include <genauth/protocol/detail/matcher.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Printing requests for logs. Allow-lists, not deny-lists: a header, query parameter or body
// member is shown only if it is known to carry no secret, so a field added later is hidden by
// default.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

inline constexpr std::string_view redacted_text = "<redacted>";

// Standard request headers, which never carry a request value.
inline constexpr std::array<std::string_view, 5> plain_headers = {"accept", "content-type", "content-length",
                                                                  "user-agent", "date"};

inline bool is_loggable_header(std::string_view name) {
  static constexpr std::array<std::string_view, 6> branded = {"signature-nonce", "signature-method",
                                                              "signature-version", "sdk-version",
                                                              "lang", "app-id"};
  for (auto p : plain_headers)
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

/// The value of the `n` hex digits of `s` at `at`, or -1 if they are not all there.
inline int hex_run(std::string_view s, std::size_t at, std::size_t n) {
  if (at > s.size() || s.size() - at < n) return -1;
  int v = 0;
  for (char const c : s.substr(at, n)) {
    int const h = hex_value(c);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/// A query or form component decoded: '+' is a space, %XX a byte.
inline std::string form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int const byte = s[i] == '%' ? hex_run(s, i + 1, 2) : -1;
    out += byte >= 0 ? static_cast<char>(byte) : s[i] == '+' ? ' ' : s[i];
    if (byte >= 0) i += 2;
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
// From this size on, a value is also found in other case and in escaped or encoded forms.
inline constexpr std::size_t min_disguised_size = 8;

/// Server text with JSON escapes (\uXXXX and the short ones) and percent-encodings decoded and
/// ASCII letters lower-cased, with where each character came from in the text.
struct decoded_text {
  std::string text;
  std::vector<std::size_t> origin;  // origin[i]: offset of text[i]; one more entry: the end
};

inline decoded_text decode_for_matching(std::string_view s) {
  decoded_text d;
  d.text.reserve(s.size());
  d.origin.reserve(s.size() + 1);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t const from = i;
    char c = s[i++];
    if (c == '\\' && i < s.size()) {
      int const code = s[i] == 'u' ? hex_run(s, i + 1, 4) : -1;
      if (code >= 0 && code < 0x80) {
        c = static_cast<char>(code);
        i += 5;
      } else if (std::string_view("\"\\/").find(s[i]) != std::string_view::npos) {
        c = s[i++];
      }
    } else if (c == '%') {
      if (int const code = hex_run(s, i, 2); code >= 0) {
        c = static_cast<char>(code);
        i += 2;
      }
    }
    d.text += ascii_lower(c);
    d.origin.push_back(from);
  }
  d.origin.push_back(s.size());
  return d;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

/// Finds the values of a request in server text and replaces each occurrence by `<redacted>`
/// (overlapping ones as one): every value as it is, and values of min_disguised_size bytes or
/// more also in other case, JSON-escaped, percent-encoded, and base64-encoded (standard or URL
/// alphabet, padded or not). One pass over the text finds all values in all forms, so the cost
/// grows with the text plus the values, not with their product.
class redactor {
 public:
  explicit redactor(std::vector<std::string> const& values) {
    for (auto const& v : values) {
      exact_.add(v);
      if (v.size() < min_disguised_size) continue;
      folded_.add(lower(v));
      std::string encoded = crypto::base64_encode(v);
      while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
      exact_.add(encoded);
      for (char& c : encoded) c = c == '+' ? '-' : c == '/' ? '_' : c;
      exact_.add(encoded);
    }
  }

  void apply(std::string& text) {
    if (text.empty() || exact_.empty()) return;
    std::vector<span> found, disguised;  // each joined as it comes
    exact_.scan(text, found);
    if (!folded_.empty()) {
      decoded_text const decoded = decode_for_matching(text);
      folded_.scan(decoded.text, disguised, decoded.origin.data());
    }
    if (found.empty() && disguised.empty()) return;
    std::vector<span> merged;
    std::size_t a = 0, b = 0;
    while (a < found.size() || b < disguised.size())
      join(merged, b == disguised.size() || (a < found.size() && found[a].second <= disguised[b].second)
                       ? found[a++]
                       : disguised[b++]);
    std::string out;
    out.reserve(text.size());
    std::size_t done = 0;
    for (auto const& [begin, end] : merged) {
      out.append(text, done, begin - done);
      out += redacted_text;
      done = end;
    }
    out.append(text, done, std::string::npos);
    text = std::move(out);
  }

 private:
  using span = multi_matcher::span;
  static constexpr auto join = multi_matcher::join;

  multi_matcher exact_;   // the values, and the base64 forms of the long ones
  multi_matcher folded_;  // the long values lower-cased, looked for in decoded server text
};

/// `text` with every value of `values` replaced, as redactor does.
inline void redact_values(std::string& text, std::vector<std::string> const& values) {
  if (!text.empty()) redactor(values).apply(text);
}

inline bool is_unsecret_header(std::string_view name) {
  for (auto p : plain_headers)
    if (iequals(name, p)) return true;
  return name.ends_with("-signature-method") || name.ends_with("-signature-version");
}

}  // namespace detail

namespace detail {
/// The values of `request` that redaction looks for (see redact_request_values), and `also`.
inline std::vector<std::string> request_secrets(http_request const& request, std::string_view also) {
  std::vector<std::string> values;
  for (auto const h : request.headers) {
    if (detail::is_unsecret_header(h.name)) continue;
    values.emplace_back(h.value);
    if (!detail::iequals(h.name, "authorization")) continue;
    std::string_view rest = h.value;
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
  return values;
}
}  // namespace detail

/// `e` with every value of `request` that came back in the server text it keeps (message, request
/// id, JSON path, kept headers) replaced by `<redacted>`: every header value but the standard ones
/// (Authorization and its parts, tenant or app id, lang, SDK version, nonce), every string of the
/// query and of the body, and `also` (the management client passes its access key secret). A
/// server that echoes a request into its error then leaks nothing of it into logs. A value of 8
/// bytes or more is found in any letter case and JSON-escaped, percent-encoded or base64-encoded
/// as well; values shorter than four bytes are left alone (they would match ordinary words). The
/// clients apply this to every error; call it yourself when you drive build and parse.
[[nodiscard]] inline error redact_request_values(error e, http_request const& request, std::string_view also = {}) {
  detail::redactor redact(detail::request_secrets(request, also));
  redact.apply(e.message);
  redact.apply(e.request_id);
  redact.apply(e.json_path);
  if (!e.headers.empty()) {
    http_headers kept;
    for (auto const h : e.headers) {
      std::string value(h.value);
      redact.apply(value);
      kept.add(h.name, value);
    }
    e.headers = std::move(kept);
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
