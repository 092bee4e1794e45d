#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/json/detail/params.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
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

/// A header value as it enters the string to sign: TAB, LF, CR and FF each become one space,
/// then JavaScript trim() semantics apply.
inline std::string canonical_header_value(std::string_view v) {
  std::string s(v);
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r' || c == '\f'; }, ' ');
  std::size_t begin = s.size(), end = 0;  // first non-space code point, and past the last one
  for (std::size_t i = 0; i < s.size();) {
    std::size_t const at = i;
    if (is_js_space(decode_utf8(s, i))) continue;
    if (begin == s.size()) begin = at;
    end = i;
  }
  return begin < end ? s.substr(begin, end - begin) : std::string();
}

/// Path, then `?key=value&...` in UTF-16 key order; strings raw, other values as JSON. An empty
/// parameter set gives the bare path.
inline std::string canonical_resource(std::string_view path, std::vector<rendered_param const*> params) {
  std::string out(path);
  if (params.empty()) return out;
  std::sort(params.begin(), params.end(),
            [](auto const* a, auto const* b) { return compare_utf16(a->key, b->key) < 0; });
  char sep = '?';
  for (auto const* p : params) {
    out += sep;
    sep = '&';
    out += p->key;
    out += '=';
    if (auto const* s = p->value->if_string())
      out.append(s->data(), s->size());
    else
      out += p->value_json;
  }
  return out;
}

}  // namespace detail

/// The signed header block: every header named `date` or starting with `signed_prefix`, sorted
/// by name, one `name:value\n` line each.
[[nodiscard]] inline std::string canonical_headers(http_headers const& headers, std::string_view signed_prefix) {
  std::vector<http_header const*> picked;
  for (auto const& h : headers)
    if (h.name == "date" || h.name.starts_with(signed_prefix)) picked.push_back(&h);
  std::sort(picked.begin(), picked.end(),
            [](auto const* a, auto const* b) { return detail::compare_utf16(a->name, b->name) < 0; });
  std::string out;
  for (auto const* h : picked) {
    out += h->name;
    out += ':';
    out += detail::canonical_header_value(h->value);
    out += '\n';
  }
  return out;
}

/// The signed resource for `path` with `params` (the query object of a GET, the body object of
/// a POST). Fails on invalid UTF-8, non-finite numbers and integers beyond 2^53.
[[nodiscard]] inline result<std::string> canonical_resource(std::string_view path, boost::json::object const& params) {
  auto rendered = detail::render_params(params);
  if (!rendered) return rendered.error();
  std::vector<detail::rendered_param const*> view;
  for (auto const& p : *rendered) view.push_back(&p);
  return detail::canonical_resource(path, std::move(view));
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
