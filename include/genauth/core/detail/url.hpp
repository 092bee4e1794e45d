#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>

#include <string>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Validates and normalises a base URL: `https://` is assumed when no scheme is given (as the
/// official SDKs do), the scheme must be https (or http when `allow_http`: credentials would
/// cross the network in clear), trailing slashes are removed. A path prefix is kept; user info,
/// query, fragment, white space and non-ASCII are refused.
inline result<std::string> normalize_base_url(std::string_view url, std::string_view what, bool allow_http) {
  auto const fail = [&](std::string_view why) {
    return make_error(errc::malformed_host, std::string(what) + " " + std::string(why));
  };
  std::string out;
  std::size_t const sep = url.find("://");
  if (sep == std::string_view::npos) {
    out = "https://";
    out += url;
  } else {
    std::string_view const scheme = url.substr(0, sep);
    if (!iequals(scheme, "http") && !iequals(scheme, "https")) return fail("must use http or https");
    if (iequals(scheme, "http") && !allow_http)
      return fail("uses plain http, which sends credentials in clear; set allow_insecure_http to allow it");
    for (char c : scheme) out += ascii_lower(c);
    out += url.substr(sep);
  }
  for (char c : out) {
    auto const u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return fail("contains white space, a control character or non-ASCII");
    if (c == '?' || c == '#') return fail("must not contain a query or fragment");
  }
  std::size_t const authority_start = out.find("://") + 3;
  while (out.size() > authority_start && out.back() == '/') out.pop_back();
  std::string_view const authority =
      std::string_view(out).substr(authority_start, out.find('/', authority_start) - authority_start);
  if (authority.empty()) return fail("has no host name");
  if (authority.find('@') != std::string_view::npos) return fail("must not contain user info");
  std::string_view host_part = authority;
  if (authority.front() == '[') {  // IPv6 literal
    std::size_t const close = authority.find(']');
    if (close == std::string_view::npos) return fail("has an unterminated IPv6 literal");
    host_part = authority.substr(0, close + 1);
  } else {
    host_part = authority.substr(0, authority.find(':'));
  }
  if (host_part.empty()) return fail("has no host name");
  if (host_part.size() < authority.size()) {
    std::string_view const port = authority.substr(host_part.size());
    if (port.size() < 2 || port.size() > 6 || port.front() != ':') return fail("has a malformed port");
    unsigned value = 0;
    for (char c : port.substr(1)) {
      if (c < '0' || c > '9') return fail("has a malformed port");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return fail("has a port out of range");
  }
  return out;
}

/// Percent-encodes `s` (upper-case hex), leaving ASCII letters, digits and `raw` as they are;
/// with `space_as_plus` a space is written as '+'.
inline void percent_encode(std::string_view s, std::string_view raw, bool space_as_plus, std::string& out) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::size_t kept = 0;  // where the run of characters written as they are starts
  for (std::size_t i = 0; i < s.size(); ++i) {
    char const c = s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
        raw.find(c) != std::string_view::npos)
      continue;
    out.append(s.data() + kept, i - kept);
    kept = i + 1;
    if (c == ' ' && space_as_plus) {
      out += '+';
    } else {
      auto const u = static_cast<unsigned char>(c);
      char const escaped[] = {'%', hex[u >> 4], hex[u & 0xF]};
      out.append(escaped, sizeof escaped);
    }
  }
  out.append(s.data() + kept, s.size() - kept);
}

/// A query key or value as the official SDK's HTTP stack (axios) writes it: encodeURIComponent,
/// then ':', '$' and ',' left raw and space written as '+'. Unlike older axios, '[' and ']' are
/// encoded: RFC 3986 reserves them, and current axios encodes them too.
inline void append_query_component(std::string_view s, std::string& out) {
  percent_encode(s, "-_.!~*'():$,", true, out);
}

/// A form value as the WHATWG URL standard's urlencoded serializer (URLSearchParams) writes it:
/// only alphanumerics and `*-._` stay raw, space is '+'.
inline void append_form_component(std::string_view s, std::string& out) { percent_encode(s, "*-._", true, out); }

/// Appends `key=value` to a form body, after a '&' unless it is the first pair.
inline void append_form_pair(std::string_view key, std::string_view value, std::string& out) {
  if (!out.empty()) out += '&';
  append_form_component(key, out);
  out += '=';
  append_form_component(value, out);
}

/// Whether an endpoint's `path` holds `{key}`: that member is a path parameter.
constexpr bool names_path_parameter(std::string_view path, std::string_view key) noexcept {
  for (std::size_t at = path.find('{'); at != std::string_view::npos; at = path.find('{', at + 1))
    if (path.substr(at + 1, key.size()) == key && path.substr(at + 1 + key.size(), 1) == "}") return true;
  return false;
}

/// Whether an endpoint's path has parameters at all (most have none: their code is left out).
template <class R>
constexpr bool has_path_parameters = std::string_view(R::path).find('{') != std::string_view::npos;

/// An RFC 3986 URI component: only unreserved characters stay raw.
inline void append_uri_component(std::string_view s, std::string& out) { percent_encode(s, "-._~", false, out); }

}  // namespace detail
GENAUTH_NAMESPACE_END
