#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/detail/js_value.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

// A request's top-level parameters, encoded once: the JSON body, the query or form, and the
// signed resource all read the same encoding.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// One top-level parameter: its key, its kind, a string's own text (sent and signed as it is),
/// and where its JSON text is in the encoding's text.
struct encoded_param {
  std::string_view key{};
  boost::json::kind kind = boost::json::kind::null;
  std::string_view raw{};
  std::size_t json_at = 0;
  std::size_t json_size = 0;
  bool strings = false;  // an array whose items are all strings: a query sends it, item by item

  [[nodiscard]] bool is_string() const noexcept { return kind == boost::json::kind::string; }
  [[nodiscard]] bool is_container() const noexcept {
    return kind == boost::json::kind::array || kind == boost::json::kind::object;
  }
};

/// What the encoding's text holds: the JSON object of all parameters (a JSON body), or only the
/// JSON of values that are not strings (a query or form, where strings go raw).
enum class param_layout { json_object, values };

/// The member types written as they are; a user's own type (member_kind::custom) is converted
/// with value_from first.
template <class T>
constexpr bool is_plain_param() {
  if constexpr (kind_v<T> == member_kind::optional)
    return is_plain_param<typename T::value_type>();
  else if constexpr (kind_v<T> == member_kind::variant)
    return []<class... A>(std::variant<A...>*) { return (is_plain_param<A>() && ...); }(static_cast<T*>(nullptr));
  else
    return kind_v<T> != member_kind::custom;
}

/// The JSON kind a parameter of plain type T has (a string's text goes raw in a query or form).
template <class T>
boost::json::kind param_kind(T const& v) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json)
    return v.kind();
  else if constexpr (kind == member_kind::string || kind == member_kind::open_enum || kind == member_kind::closed_enum)
    return boost::json::kind::string;
  else if constexpr (kind == member_kind::boolean)
    return boost::json::kind::bool_;
  else if constexpr (kind == member_kind::integer)
    return boost::json::kind::int64;
  else if constexpr (kind == member_kind::number)
    return boost::json::kind::double_;
  else if constexpr (kind == member_kind::sequence)
    return boost::json::kind::array;
  else
    return boost::json::kind::object;
}

/// The raw text of a parameter whose kind is string.
template <class T>
std::string_view param_raw(T const& v) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json)
    return v.is_string() ? std::string_view(v.get_string()) : std::string_view();
  else if constexpr (kind == member_kind::string)
    return v;
  else if constexpr (kind == member_kind::open_enum)
    return v.raw();
  else if constexpr (kind == member_kind::closed_enum)
    return to_wire(v);
  else
    return {};
}

/// Appends one parameter to `text` in `layout` and describes it in `p`, checking it as it goes
/// when `check` is given (member_check). A top-level optional here is always engaged (empty ones
/// are left out before).
template <class T>
maybe_error encode_param(std::string_view key, T const& v, param_layout layout, std::string& text, encoded_param& p,
                         member_check* check = nullptr, bool large = false) {
  if constexpr (kind_v<T> == member_kind::optional) {
    if (!v) {  // the null of a nullable (an absent one is never visited)
      p.key = key;
      p.kind = boost::json::kind::null;
      if (layout == param_layout::json_object) {
        if (text.size() > 1) text += ',';
        if (auto e = append_js_string(key, text)) return at_key(std::move(*e), key);
        text += ':';
      }
      p.json_at = text.size();
      text += "null";
      p.json_size = 4;
      return std::nullopt;
    }
    return encode_param(key, *v, layout, text, p, check, large);
  } else if constexpr (kind_v<T> == member_kind::variant) {
    return std::visit([&](auto const& held) { return encode_param(key, held, layout, text, p, check, large); }, v);
  } else {
    p.key = key;
    p.kind = param_kind(v);
    p.raw = param_raw(v);
    if constexpr (kind_v<T> == member_kind::sequence) {
      constexpr member_kind item = kind_v<typename T::value_type>;
      p.strings = item == member_kind::string || item == member_kind::open_enum || item == member_kind::closed_enum;
    } else if constexpr (kind_v<T> == member_kind::json) {
      if (auto const* a = v.if_array())
        p.strings = std::all_of(a->begin(), a->end(), [](boost::json::value const& x) { return x.is_string(); });
    }
    if (layout == param_layout::json_object) {
      if (text.size() > 1) text += ',';
      if (auto e = append_js_string(key, text)) return at_key(std::move(*e), key);
      text += ':';
    } else if (auto e = check_utf8(key)) {
      return at_key(std::move(*e), key);
    }
    if (layout == param_layout::values && p.is_string()) {  // sent raw: checked here, not written
      if constexpr (kind_v<T> == member_kind::string)
        if (check)
          if (auto e = check_string(v.size(), *check, large)) return at_key(std::move(*e), key);
      if constexpr (kind_v<T> == member_kind::closed_enum)
        if (check)
          if (auto e = check_enum(v)) return at_key(std::move(*e), key);
      if (auto e = check_utf8(p.raw)) return at_key(std::move(*e), key);
      return std::nullopt;
    }
    p.json_at = text.size();
    if (auto e = append_js_value(v, text, check, large)) return at_key(std::move(*e), key);
    p.json_size = text.size() - p.json_at;
    return std::nullopt;
  }
}

/// The encoded parameters of a described request: no allocation beyond the text.
template <described R>
class typed_params {
  static constexpr std::size_t capacity = boost::mp11::mp_size<members_of<R>>::value;
  static constexpr bool converts = []<template <class...> class L, class... D>(L<D...>) {
    return (!is_plain_param<std::remove_cvref_t<decltype(std::declval<R const&>().*D::pointer)>>() || ...);
  }(members_of<R>{});

 public:
  /// Encodes `r` in JavaScript's property order into `text`, but for the members an endpoint's
  /// path names as `{key}` (they go into the path), checking every member as it goes when `check`
  /// is given (member_check; a path parameter too).
  maybe_error encode(R const& r, param_layout layout, std::string& text, member_check* check = nullptr) {
    if (layout == param_layout::json_object) text += '{';
    auto e = for_each_js_member(r, [&](std::string_view key, auto const& member, bool large) -> maybe_error {
      if (check)
        if (auto failure = check_required(member, key)) return failure;
      if constexpr (requires { R::path; }) {
        if constexpr (has_path_parameters<R>) {
          if (names_path_parameter(R::path, key)) {
            if (check) {  // written into the path, not here, but checked alike
              std::size_t size = 0;
              if constexpr (kind_v<decltype(member)> == member_kind::string)
                size = member.size();
              else if constexpr (kind_v<decltype(member)> == member_kind::optional)
                if constexpr (kind_v<decltype(*member)> == member_kind::string) size = member->size();
              if (auto failure = check_string(size, *check, large)) return at_key(std::move(*failure), key);
            }
            return std::nullopt;
          }
        }
      }
      encoded_param& p = items_[count_];
      using M = std::remove_cvref_t<decltype(member)>;
      if constexpr (is_plain_param<M>()) {
        ++count_;
        return encode_param(key, member, layout, text, p, check, large);
      } else {
        boost::json::value& slot = converted_[count_++];
        slot = boost::json::value_from(member);
        return encode_param(key, slot, layout, text, p, check, large);
      }
    });
    if (e) return e;
    if (layout == param_layout::json_object) text += '}';
    return std::nullopt;
  }

  [[nodiscard]] std::span<encoded_param> params() noexcept { return {items_.data(), count_}; }

 private:
  std::array<encoded_param, capacity> items_{};
  std::array<boost::json::value, converts ? capacity : 0> converted_{};
  std::size_t count_ = 0;
};

/// Encodes the members of a JSON object in JavaScript's property order into `text`.
inline maybe_error encode_params(boost::json::object const& params, param_layout layout, std::string& text,
                                 std::vector<encoded_param>& out) {
  std::vector<std::string_view> keys;
  keys.reserve(params.size());
  for (auto const& member : params) keys.emplace_back(member.key());
  std::vector<std::size_t> order;
  if (has_array_index_key(keys)) order = js_property_order(keys);
  out.assign(params.size(), encoded_param{});
  if (layout == param_layout::json_object) text += '{';
  for (std::size_t n = 0; n < keys.size(); ++n) {
    auto const& member = *(params.begin() + static_cast<std::ptrdiff_t>(order.empty() ? n : order[n]));
    if (auto e = encode_param(member.key(), member.value(), layout, text, out[n])) return e;
  }
  if (layout == param_layout::json_object) text += '}';
  return std::nullopt;
}

/// The text a parameter is sent and signed as: a string raw, anything else as JSON.
inline std::string_view param_text(encoded_param const& p, std::string const& text) {
  return p.is_string() ? p.raw : std::string_view(text).substr(p.json_at, p.json_size);
}

/// Appends `k=v&...` (after `first`, which is '?' for a URL's query), each percent-encoded, an
/// array of strings as `k[]=item` for each item, as the official SDK (axios) sends one; nothing
/// when there are no parameters.
inline void append_query(std::span<encoded_param const> params, std::string const& text, std::string& out,
                         char first = '?') {
  char sep = first;
  auto const pair = [&](std::string_view key, std::string_view brackets, std::string_view value) {
    if (sep != '\0') out += sep;
    sep = '&';
    append_query_component(key, out);
    out += brackets;
    out += '=';
    append_query_component(value, out);
  };
  for (auto const& p : params) {
    if (p.kind != boost::json::kind::array) {
      pair(p.key, {}, param_text(p, text));
      continue;
    }
    boost::system::error_code ec;
    auto const items = boost::json::parse(param_text(p, text), ec);  // written by append_js_value: valid
    for (auto const& item : items.as_array()) pair(p.key, "%5B%5D", item.as_string());
  }
}

/// Appends `path`, then `?key=value&...` in UTF-16 key order, strings raw and other values as
/// JSON: the resource a management request signs. Sorts `params` in place.
inline void append_canonical_resource(std::string_view path, std::span<encoded_param> params, std::string const& text,
                                      std::string& out) {
  out += path;
  for (std::size_t i = 1; i < params.size(); ++i)  // insertion sort: a dozen keys at most, stable
    for (std::size_t j = i; j > 0 && compare_utf16(params[j].key, params[j - 1].key) < 0; --j)
      std::swap(params[j], params[j - 1]);
  char sep = '?';
  for (auto const& p : params) {
    out += sep;
    sep = '&';
    out += p.key;
    out += '=';
    out += param_text(p, text);
  }
}

}  // namespace detail
GENAUTH_NAMESPACE_END
