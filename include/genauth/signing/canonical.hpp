#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/json/detail/params.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The canonical forms of docs/signing.md, byte for byte as the official Node SDK builds them.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

// The white space JavaScript's String.prototype.trim removes (ECMA-262 WhiteSpace and
// LineTerminator).
constexpr bool is_js_space(char32_t c) noexcept {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/// Appends a header value as it enters the string to sign: TAB, LF, CR and FF each become one
/// space, then JavaScript trim() semantics apply.
inline void append_canonical_header_value(std::string_view v, std::string& out) {
  bool printable = true;  // the usual case: printable ASCII, where only spaces are trimmed
  for (char c : v) printable &= c >= 0x20 && c < 0x7F;
  if (printable) {
    std::size_t const begin = v.find_first_not_of(' ');
    if (begin != std::string_view::npos) out.append(v.substr(begin, v.find_last_not_of(' ') + 1 - begin));
    return;
  }
  std::size_t begin = v.size(), end = 0;  // first non-space code point, and past the last one
  for (std::size_t i = 0; i < v.size();) {
    std::size_t const at = i;
    if (is_js_space(decode_utf8(v, i))) continue;
    if (begin == v.size()) begin = at;
    end = i;
  }
  if (begin >= end) return;
  std::size_t const from = out.size();
  out.append(v.substr(begin, end - begin));
  for (std::size_t i = from; i < out.size(); ++i)
    if (out[i] == '\t' || out[i] == '\n' || out[i] == '\r' || out[i] == '\f') out[i] = ' ';
}

/// Appends the signed header block (see canonical_headers).
inline void append_canonical_headers(http_headers const& headers, std::string_view signed_prefix, std::string& out) {
  auto const signed_header = [&](http_header const& h) { return h.name == "date" || h.name.starts_with(signed_prefix); };
  auto const write = [&](std::span<http_header> picked) {
    // Insertion sort: a request signs a handful of headers, and it is stable (headers of one name
    // keep their order, as JavaScript's sort would keep them).
    for (std::size_t i = 1; i < picked.size(); ++i)
      for (std::size_t j = i; j > 0 && compare_utf16(picked[j].name, picked[j - 1].name) < 0; --j)
        std::swap(picked[j], picked[j - 1]);
    for (auto const& h : picked) {
      out += h.name;
      out += ':';
      append_canonical_header_value(h.value, out);
      out += '\n';
    }
  };
  if (headers.size() <= 16) {  // a request's headers: sorted on the stack
    std::array<http_header, 16> picked;
    std::size_t n = 0;
    for (auto const h : headers)
      if (signed_header(h)) picked[n++] = h;
    write({picked.data(), n});
  } else {
    std::vector<http_header> picked;
    for (auto const h : headers)
      if (signed_header(h)) picked.push_back(h);
    write(picked);
  }
}

}  // namespace detail

/// The signed header block: every header named `date` or starting with `signed_prefix`, sorted
/// by name, one `name:value\n` line each.
[[nodiscard]] inline std::string canonical_headers(http_headers const& headers, std::string_view signed_prefix) {
  std::string out;
  detail::append_canonical_headers(headers, signed_prefix, out);
  return out;
}

/// The signed resource for `path` with `params` (the query object of a GET, the body object of
/// a POST). Fails on invalid UTF-8, non-finite numbers and integers beyond 2^53.
[[nodiscard]] inline result<std::string> canonical_resource(std::string_view path, boost::json::object const& params) {
  std::string text;
  std::vector<detail::encoded_param> encoded;
  if (auto e = detail::encode_params(params, detail::param_layout::values, text, encoded)) return std::move(*e);
  std::string out;
  detail::append_canonical_resource(path, encoded, text, out);
  return out;
}

/// `METHOD\n` + header block + resource: the exact text that is HMAC'd.
[[nodiscard]] inline std::string string_to_sign(http_method method, std::string_view header_block,
                                                std::string_view resource) {
  std::string out(to_string(method));
  out += '\n';
  out += header_block;
  out += resource;
  return out;
}

GENAUTH_NAMESPACE_END
