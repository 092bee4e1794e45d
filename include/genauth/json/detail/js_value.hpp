#pragma once

#include <genauth/config.hpp>
#include <genauth/core/limits.hpp>
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

/// What writing a request checks as it goes: every string within its size limit (a large member,
/// a photo, within its own and counted apart from the body), a required one not empty, a closed
/// enum one of its enumerators.
struct member_check {
  request_limits const& limits;
  std::size_t large_bytes = 0;  ///< bytes of large members, not counted against the body limit
};

/// A string a request sends, of `size` bytes: see member_check.
inline maybe_error check_string(std::size_t size, member_check& check, bool large) {
  std::size_t const limit = large ? check.limits.max_photo_size : check.limits.max_value_size;
  if (size > limit)
    return make_error(errc::value_too_large,
                      "value of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(limit));
  if (large) check.large_bytes += size;
  return std::nullopt;
}

/// A closed enum's value that is none of its enumerators (a cast from an integer).
template <class E>
maybe_error check_enum(E value) {
  if (to_wire(value).empty()) return make_error(errc::invalid_enum_value, "not one of the enum's values");
  return std::nullopt;
}

/// A required member (a string that is not optional) that is empty.
template <class M>
maybe_error check_required(M const& member, std::string_view key) {
  if constexpr (kind_v<M> == member_kind::string)
    if (member.empty()) return at_key(make_error(errc::empty_argument, "required value is empty"), key);
  return std::nullopt;
}

template <class T>
maybe_error append_js_value(T const& v, std::string& out, member_check* check = nullptr, bool large = false);

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

/// Calls `f(key, member, large)` for each member of `v` that to_json writes (empty optionals are
/// left out), in JavaScript's property order (js_property_order), stopping at the first error;
/// `large` is the member's GENAUTH_MEMBER flag.
/// Calls `f(key, member, large)` unless an earlier member failed or `member` is an empty optional;
/// true when this one failed. One instantiation per member type, not per member.
template <class F, class M>
bool visit_js_member(maybe_error& failure, F& f, std::string_view key, M const& member, bool large) {
  if constexpr (is_optional_v<M>)
    if (!member) return false;
  failure = f(key, member, large);
  return failure.has_value();
}

template <class T, class F, template <class...> class L, class... D>
void visit_js_members(T const& v, maybe_error& failure, F& f, L<D...>) {
  (void)(... || visit_js_member(failure, f, json_key_v<D>, v.*D::pointer, large_member_v<D>));
}

template <described T, class F>
maybe_error for_each_js_member(T const& v, F&& f) {
  static_assert(unique_member_keys<T>(), "genauth: two members of this type have the same JSON key");
  using members = members_of<T>;
  maybe_error failure;
  constexpr auto keys = member_keys<T>();
  if constexpr (!has_array_index_key(keys)) {
    visit_js_members(v, failure, f, members{});  // declaration order is JavaScript's
  } else {
    for (std::size_t const i : js_property_order(keys)) {
      boost::mp11::mp_with_index<keys.size()>(i, [&](auto index) {
        using D = boost::mp11::mp_at_c<members, index>;
        visit_js_member(failure, f, json_key_v<D>, v.*D::pointer, large_member_v<D>);
      });
      if (failure) break;
    }
  }
  return failure;
}

/// Writes `v` as JSON.stringify would write to_json(v); with `check`, checks as it writes.
template <class T>
maybe_error append_js_value(T const& v, std::string& out, member_check* check, bool large) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json) {
    return append_js_json(v, out);
  } else if constexpr (kind == member_kind::string) {
    if (check)
      if (auto e = check_string(v.size(), *check, large)) return e;
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
    if (check)
      if (auto e = check_enum(v)) return e;
    return append_js_string(to_wire(v), out);
  } else if constexpr (kind == member_kind::optional) {
    if (v) return append_js_value(*v, out, check, large);
    out += "null";
  } else if constexpr (kind == member_kind::variant) {
    return std::visit([&](auto const& held) { return append_js_value(held, out, check, large); }, v);
  } else if constexpr (kind == member_kind::sequence) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i != 0) out += ',';
      if (auto e = append_js_value(v[i], out, check, large)) return at_index(std::move(*e), i);
    }
    out += ']';
  } else if constexpr (kind == member_kind::object) {
    out += '{';
    bool first = true;
    auto e = for_each_js_member(v, [&](std::string_view key, auto const& member, bool large_member) -> maybe_error {
      if (check)
        if (auto failure = check_required(member, key)) return failure;
      if (!first) out += ',';
      first = false;
      if (auto failure = append_js_string(key, out)) return at_key(std::move(*failure), key);
      out += ':';
      if (auto failure = append_js_value(member, out, check, large_member)) return at_key(std::move(*failure), key);
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
