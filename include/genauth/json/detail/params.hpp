#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// One top-level parameter, its JSON form written once and shared by body and signature.
struct rendered_param {
  std::string_view key;
  boost::json::value const* value;
  std::string key_json;
  std::string value_json;
};

/// The parameters rendered in JavaScript's property order (js_property_order), which is the
/// order the official SDK's body and query take.
inline result<std::vector<rendered_param>> render_params(boost::json::object const& params) {
  std::vector<std::string_view> keys;
  keys.reserve(params.size());
  for (auto const& member : params) keys.emplace_back(member.key());
  std::vector<std::size_t> order;
  if (has_array_index_key(keys)) order = js_property_order(keys);
  std::vector<rendered_param> out;
  out.reserve(params.size());
  for (std::size_t n = 0; n < keys.size(); ++n) {
    auto const& member = *(params.begin() + static_cast<std::ptrdiff_t>(order.empty() ? n : order[n]));
    rendered_param p{member.key(), &member.value(), {}, {}};
    if (auto e = append_js_string(p.key, p.key_json)) return at_key(std::move(*e), p.key);
    if (auto e = append_js_json(member.value(), p.value_json)) return at_key(std::move(*e), p.key);
    out.push_back(std::move(p));
  }
  return out;
}

/// Appends `?k=v&...` (nothing when there are no parameters), strings raw and other values as
/// JSON, each percent-encoded.
inline void append_query(std::vector<rendered_param const*> const& params, std::string& url) {
  char sep = '?';
  for (auto const* p : params) {
    url += sep;
    sep = '&';
    append_query_component(p->key, url);
    url += '=';
    if (auto const* s = p->value->if_string())
      append_query_component(*s, url);
    else
      append_query_component(p->value_json, url);
  }
}

/// The JSON object text of the parameters, in their order.
inline std::string json_body(std::vector<rendered_param const*> const& params) {
  std::string body = "{";
  for (auto const* p : params) {
    if (body.size() > 1) body += ',';
    body += p->key_json;
    body += ':';
    body += p->value_json;
  }
  body += '}';
  return body;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
