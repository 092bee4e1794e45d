#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/detail/text.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// What the Beast transport writes: where a request goes, and its bytes as HTTP/1.1.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Where a request goes, read from its absolute URL.
struct beast_target {
  bool tls = false;
  std::string host;        ///< a name or an address (an IPv6 one without brackets)
  std::string port;        ///< the URL's, or the scheme's
  std::string authority;   ///< host[:port] as the URL writes it: the Host field
  std::string path;        ///< path and query
  std::string pool_key;    ///< scheme://authority: connections are shared by requests with the same
};

/// Splits an http:// or https:// URL; empty for anything else (user info included).
inline std::optional<beast_target> beast_split_url(std::string_view url) {
  std::size_t const sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  beast_target t;
  std::string_view const scheme = url.substr(0, sep);
  if (iequals(scheme, "https")) t.tls = true;
  else if (!iequals(scheme, "http")) return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  std::size_t const end = rest.find_first_of("/?#");
  std::string_view const authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  rest = rest.substr(0, rest.find('#'));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    std::size_t const close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    std::string_view const after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    if (!after.empty()) port = after.substr(1);
  } else if (std::size_t const colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || port.size() > 5) return std::nullopt;
  for (char const c : port)
    if (c < '0' || c > '9') return std::nullopt;
  t.host = host;
  t.port = port.empty() ? (t.tls ? "443" : "80") : std::string(port);
  t.authority = authority;
  t.path = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
  t.pool_key = (t.tls ? "https://" : "http://") + t.authority;
  return t;
}

/// The bytes of `request` to `target`, as HTTP/1.1 writes them; empty when a header field could
/// not go out as it is (is_sendable_field) or the request line would not be one line of three
/// parts, which would let the rest pass for more of the request.
inline std::optional<std::string> beast_request_text(beast_target const& target, http_request const& request) {
  constexpr std::string_view not_in_target(" \t\r\n\0", 5);
  if (!is_sendable_field("Host", target.authority) || target.path.find_first_of(not_in_target) != target.path.npos)
    return std::nullopt;
  std::string text(to_string(request.method));
  text += ' ';
  text.append(target.path).append(" HTTP/1.1\r\nHost: ").append(target.authority).append("\r\n");
  for (auto const f : request.headers) {
    if (!is_sendable_field(f.name, f.value)) return std::nullopt;
    text.append(f.name).append(": ").append(f.value).append("\r\n");
  }
  // A POST, PUT or DELETE states its length even when it is empty (RFC 9110, 8.6); a GET only a
  // body it has.
  if (request.method != http_method::get || !request.body.empty())
    text.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  return text.append("\r\n").append(request.body);
}

}  // namespace detail
GENAUTH_NAMESPACE_END
