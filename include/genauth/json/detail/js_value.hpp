#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/codec.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/json/value_from.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

// A described value written straight to the text JSON.stringify would give for to_json(value),
// without building the boost::json tree first.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

template <class T>
maybe_error append_js_value(T const& v, std::string& out);

/// The JSON keys of T's members, in declaration order.
template <described T>
constexpr auto member_keys() {
  return []<template <class...> class L, class... D>(L<D...>) {
    return std::array<std::string_view, sizeof...(D)>{json_key_v<D>...};
  }(members_of<T>{});
}

template <described T>
constexpr bool unique_member_keys() {
  constexpr auto keys = member_keys<T>();
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = i + 1; j < keys.size(); ++j)
      if (keys[i] == keys[j]) return false;
  return true;
}

/// Calls `f(key, member)` for each member of `v` that to_json writes (empty optionals are left
/// out), in JavaScript's property order (js_property_order), stopping at the first error.
template <described T, class F>
maybe_error for_each_js_member(T const& v, F&& f) {
  static_assert(unique_member_keys<T>(), "genauth: two members of this type have the same JSON key");
  using members = members_of<T>;
  maybe_error failure;
  auto const visit = [&](auto d) {
    if (failure) return;
    auto const& member = v.*decltype(d)::pointer;
    if constexpr (is_optional_v<decltype(member)>)
      if (!member) return;
    failure = f(json_key_v<decltype(d)>, member);
  };
  constexpr auto keys = member_keys<T>();
  if constexpr (!has_array_index_key(keys)) {
    boost::mp11::mp_for_each<members>(visit);
  } else {
    for (std::size_t const i : js_property_order(keys))
      boost::mp11::mp_with_index<keys.size()>(i, [&](auto index) { visit(boost::mp11::mp_at_c<members, index>{}); });
  }
  return failure;
}

template <class T>
maybe_error append_js_value(T const& v, std::string& out) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json) {
    return append_js_json(v, out);
  } else if constexpr (kind == member_kind::string) {
    return append_js_string(v, out);
  } else if constexpr (kind == member_kind::boolean) {
    out += v ? "true" : "false";
  } else if constexpr (kind == member_kind::integer) {
    return append_js_integer(v, out);
  } else if constexpr (kind == member_kind::number) {
    return append_js_number(boost::json::value(static_cast<double>(v)), out);
  } else if constexpr (kind == member_kind::open_enum) {
    return append_js_string(v.raw(), out);
  } else if constexpr (kind == member_kind::closed_enum) {
    return append_js_string(to_wire(v), out);
  } else if constexpr (kind == member_kind::optional) {
    if (v) return append_js_value(*v, out);
    out += "null";
  } else if constexpr (kind == member_kind::variant) {
    return std::visit([&](auto const& held) { return append_js_value(held, out); }, v);
  } else if constexpr (kind == member_kind::sequence) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out += ',';
      if (auto e = append_js_value(v[i], out)) return at_index(std::move(*e), i);
    }
    out += ']';
  } else if constexpr (kind == member_kind::object) {
    out += '{';
    bool first = true;
    auto e = for_each_js_member(v, [&](std::string_view key, auto const& member) -> maybe_error {
      if (!first) out += ',';
      first = false;
      if (auto failure = append_js_string(key, out)) return at_key(std::move(*failure), key);
      out += ':';
      if (auto failure = append_js_value(member, out)) return at_key(std::move(*failure), key);
      return std::nullopt;
    });
    if (e) return e;
    out += '}';
  } else {
    return append_js_json(boost::json::value_from(v), out);
  }
  return std::nullopt;
}

}  // namespace detail
GENAUTH_NAMESPACE_END
