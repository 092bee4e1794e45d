#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/detail/traits.hpp>
#include <genauth/json/naming.hpp>
#include <genauth/json/nullable.hpp>
#include <genauth/json/open_enum.hpp>
#include <genauth/json/stringify.hpp>

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// The tolerant codec between described structs and boost::json::value.
//
// Reading: unknown keys are ignored; a missing or null optional becomes nullopt; a missing or
// null required member is an error naming its JSON path; numbers must fit their C++ type exactly.
// Three quirks of the API are accepted everywhere, since the docs and the live samples disagree
// (docs/quirks.md): a boolean may arrive as "enabled"/"disabled"; an array of objects may arrive as
// one bare object; an array may arrive as a string holding its JSON text.
//
// Closed enums are read and written by their wire names; response types use open_enum.
//
// Writing: members in declaration order, empty optionals omitted.
//
// Any other member type converts as Boost.JSON converts it (value_from / try_value_to), so a
// user's own type joins in through its tag_invoke overloads.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

// ---------------------------------------------------------------------------------- writing

template <class T>
boost::json::value encode(T const& v);

/// Writes member `key` into `out`, an empty optional not at all. One instantiation per member type,
/// not per member.
template <class M>
void encode_member(boost::json::object& out, std::string_view key, M const& member) {
  if constexpr (is_optional_v<M>)
    if (!member) return;
  out.emplace(key, encode(member));
}

// The members by a pack expansion, not a lambda per member: what each member costs to compile is
// an expression, and no symbol names it.
template <class T, template <class...> class L, class... D>
void encode_members(T const& v, boost::json::object& out, L<D...>) {
  (encode_member(out, json_key_v<D>, v.*D::pointer), ...);
}

template <class T>
boost::json::value encode(T const& v) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json) {
    return v;
  } else if constexpr (kind == member_kind::string) {
    return boost::json::value(boost::json::string_view(v));
  } else if constexpr (kind == member_kind::boolean || kind == member_kind::number) {
    return boost::json::value(v);
  } else if constexpr (kind == member_kind::integer) {
    if constexpr (std::is_signed_v<T>)
      return boost::json::value(static_cast<std::int64_t>(v));
    else
      return boost::json::value(static_cast<std::uint64_t>(v));
  } else if constexpr (kind == member_kind::open_enum) {
    return boost::json::value(boost::json::string_view(v.raw()));
  } else if constexpr (kind == member_kind::closed_enum) {
    return boost::json::value(boost::json::string_view(to_wire(v)));
  } else if constexpr (kind == member_kind::optional) {
    return v ? encode(*v) : boost::json::value(nullptr);
  } else if constexpr (kind == member_kind::variant) {
    return std::visit([](auto const& held) { return encode(held); }, v);
  } else if constexpr (kind == member_kind::sequence) {
    boost::json::array out;
    out.reserve(v.size());
    for (auto const& item : v) out.push_back(encode(item));
    return out;
  } else if constexpr (kind == member_kind::object) {
    boost::json::object out;
    encode_members(v, out, members_of<T>{});
    return out;
  } else {
    return boost::json::value_from(v);  // a user's type, through its tag_invoke overloads
  }
}

// ---------------------------------------------------------------------------------- reading

constexpr std::string_view json_kind_name(boost::json::kind k) noexcept {
  switch (k) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

inline error mismatch(std::string_view expected, boost::json::value const& got) {
  return make_error(errc::type_mismatch,
                    "expected " + std::string(expected) + ", got " + std::string(json_kind_name(got.kind())));
}

// Nesting limit for JSON text met inside strings (see decode of vectors).
inline constexpr std::size_t max_json_depth = 64;

template <class T>
maybe_error decode(boost::json::value const& v, T& out);

template <integer T>
maybe_error decode_integer(boost::json::value const& v, T& out) {
  auto const out_of_range = [] {
    return make_error(errc::number_out_of_range, "number does not fit the field's integer type");
  };
  if (auto const* i = v.if_int64()) {
    if (!std::in_range<T>(*i)) return out_of_range();
    out = static_cast<T>(*i);
  } else if (auto const* u = v.if_uint64()) {
    if (!std::in_range<T>(*u)) return out_of_range();
    out = static_cast<T>(*u);
  } else if (auto const* d = v.if_double()) {
    if (!std::isfinite(*d)) return out_of_range();
    if (std::trunc(*d) != *d) return mismatch("an integer", v);
    // 2^63 is exact as a double; anything at or beyond it cannot be an int64.
    if (*d < -9223372036854775808.0 || *d >= 9223372036854775808.0) return out_of_range();
    auto const whole = static_cast<std::int64_t>(*d);
    if (!std::in_range<T>(whole)) return out_of_range();
    out = static_cast<T>(whole);
  } else {
    return mismatch("a number", v);
  }
  return std::nullopt;
}

template <class Item>
maybe_error decode_array(boost::json::array const& a, std::vector<Item>& out) {
  out.clear();
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (auto e = decode(a[i], out.emplace_back())) return at_index(std::move(*e), i);
  }
  return std::nullopt;
}

/// Raw JSON kept as it is must still be writable: no infinity (a parsed 1e400) inside.
inline maybe_error check_finite(boost::json::value const& v) {
  if (auto const* d = v.if_double(); d && !std::isfinite(*d))
    return make_error(errc::number_out_of_range, "number is beyond the range of a double");
  if (auto const* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      if (auto e = check_finite((*a)[i])) return at_index(std::move(*e), i);
  } else if (auto const* o = v.if_object()) {
    // The server chose these keys: one could be anything, a secret it echoes included, so the
    // path names the member by its place instead.
    std::size_t index = 0;
    for (auto const& member : *o) {
      if (auto e = check_finite(member.value())) return at_key(std::move(*e), "<key " + std::to_string(index) + ">");
      ++index;
    }
  }
  return std::nullopt;
}

/// A union: the first alternative, in order, that reads `v` without error.
template <class T, std::size_t... I>
maybe_error decode_variant(boost::json::value const& v, T& out, std::index_sequence<I...>) {
  bool read = false;
  auto const attempt = [&](auto alternative) {
    if (read) return;
    if (!decode(v, alternative)) {
      out = std::move(alternative);
      read = true;
    }
  };
  (attempt(std::variant_alternative_t<I, T>{}), ...);
  if (!read) return make_error(errc::type_mismatch, "the value fits none of the union's types");
  return std::nullopt;
}

/// Reads member `key` of `obj` into `member`. One instantiation per member type, not per member.
template <class M>
maybe_error decode_member(boost::json::object const& obj, std::string_view key, M& member) {
  auto const* found = obj.if_contains(key);
  if (!found || found->is_null()) {
    if constexpr (is_optional_v<M>) {
      if constexpr (is_optional_v<typename M::value_type>) {  // nullable: absent or null
        if (found) member.emplace();
        else member.reset();
      } else {
        member.reset();
      }
      return std::nullopt;
    } else {
      return at_key(make_error(errc::missing_field, "required field is missing"), key);
    }
  }
  if (auto e = decode(*found, member)) return at_key(std::move(*e), key);
  return std::nullopt;
}

/// Reads the members in declaration order, stopping at the first failure.
template <class T, template <class...> class L, class... D>
maybe_error decode_members(boost::json::object const& obj, T& out, L<D...>) {
  maybe_error failure;
  (void)(... || (failure = decode_member(obj, json_key_v<D>, out.*D::pointer)));
  return failure;
}

template <class T>
maybe_error decode(boost::json::value const& v, T& out) {
  constexpr member_kind kind = kind_v<T>;
  if constexpr (kind == member_kind::json) {
    if (auto e = check_finite(v)) return e;
    out = v;
  } else if constexpr (kind == member_kind::string) {
    auto const* s = v.if_string();
    if (!s) return mismatch("a string", v);
    out.assign(s->data(), s->size());
  } else if constexpr (kind == member_kind::boolean) {
    if (auto const* b = v.if_bool()) {
      out = *b;
    } else if (auto const* s = v.if_string(); s && (*s == "enabled" || *s == "disabled")) {
      out = *s == "enabled";
    } else if (s) {
      return make_error(errc::unknown_value, "expected a boolean or \"enabled\"/\"disabled\"");
    } else {
      return mismatch("a boolean", v);
    }
  } else if constexpr (kind == member_kind::integer) {
    return decode_integer(v, out);
  } else if constexpr (kind == member_kind::number) {
    if (!v.is_number()) return mismatch("a number", v);
    double const d = v.to_number<double>();
    if (!std::isfinite(d) || (std::is_same_v<T, float> && std::isinf(static_cast<float>(d))))
      return make_error(errc::number_out_of_range, "number does not fit the field's floating-point type");
    out = static_cast<T>(d);
  } else if constexpr (kind == member_kind::open_enum) {
    auto const* s = v.if_string();
    if (!s) return mismatch("a string", v);
    out = T(std::string(s->data(), s->size()));
  } else if constexpr (kind == member_kind::closed_enum) {
    auto const* s = v.if_string();
    if (!s) return mismatch("a string", v);
    auto const known = from_wire<T>(*s);
    if (!known) return make_error(errc::unknown_value, "not one of the enum's wire names");
    out = *known;
  } else if constexpr (kind == member_kind::optional) {
    if (v.is_null()) {
      if constexpr (is_optional_v<typename T::value_type>)
        out.emplace();  // nullable: null, not absent
      else
        out.reset();
      return std::nullopt;
    }
    return decode(v, out.emplace());
  } else if constexpr (kind == member_kind::variant) {
    return decode_variant(v, out, std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (kind == member_kind::sequence) {
    using item = typename T::value_type;
    if (auto const* a = v.if_array()) return decode_array(*a, out);
    if constexpr (described<item>) {
      if (v.is_object()) {
        out.clear();
        return decode(v, out.emplace_back());
      }
    }
    if (auto const* s = v.if_string()) {
      boost::json::error_code ec;
      boost::json::parse_options opt;
      opt.max_depth = max_json_depth;
      auto const inner = boost::json::parse(*s, ec, {}, opt);
      if (!ec && inner.is_array()) return decode_array(inner.get_array(), out);
    }
    return mismatch("an array", v);
  } else if constexpr (kind == member_kind::object) {
    auto const* obj = v.if_object();
    if (!obj) return mismatch("an object", v);
    return decode_members(*obj, out, members_of<T>{});
  } else {
    auto converted = boost::json::try_value_to<T>(v);
    if (!converted)
      return make_error(errc::type_mismatch, "the value does not convert to the member's type (" +
                                                 converted.error().message() + ")");
    out = std::move(*converted);
  }
  return std::nullopt;
}

}  // namespace detail

/// Encodes a described struct (or any supported member type) as JSON.
template <class T>
[[nodiscard]] boost::json::value to_json(T const& v) {
  return detail::encode(v);
}

/// Decodes with the tolerance rules above; a failure names the JSON path it happened at.
template <class T>
[[nodiscard]] result<T> from_json(boost::json::value const& v) {
  T out{};
  if (auto e = detail::decode(v, out)) return std::move(*e);
  return out;
}

GENAUTH_NAMESPACE_END
