#pragma once

#include <genauth/config.hpp>

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>

#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

// The codec's one model of a member type: each type is classified once, here, and the reader,
// the writer, the parameter encoder and the request checks all dispatch on that class. Apart from
// the codec itself, since an endpoint is a described struct and naming it must not cost the JSON
// library.

namespace boost::json {
class value;
}

GENAUTH_NAMESPACE_BEGIN

/// A closed enum the codec writes by its wire names: `genauth_describe(E const*)`, found by
/// argument-dependent lookup, returns its table (see genauth/json/open_enum.hpp).
template <class E>
concept wire_enum = std::is_enum_v<E> && requires(E const* e) { genauth_describe(e); };

template <wire_enum E>
class open_enum;

namespace detail {

/// What a member type is to the codec (Boost.JSON's conversion categories, with what the API adds).
enum class member_kind {
  json,         ///< boost::json::value: any JSON (TypeScript's `any`), kept as it came
  string,       ///< std::string
  boolean,      ///< bool
  integer,      ///< an integral type other than bool
  number,       ///< a floating-point type: a fraction, written as JavaScript writes it
  closed_enum,  ///< a wire_enum: written and read by its wire names
  open_enum,    ///< open_enum<E>: any text kept, known or not
  optional,     ///< std::optional<T>: absent when empty; nullable<T> is an optional of an optional
  variant,      ///< std::variant<A...>: a union, read as the first alternative that fits
  sequence,     ///< std::vector<T>
  object,       ///< a described struct: its members, a described base's first
  custom,       ///< anything else: Boost.JSON's value_from / try_value_to, so a user's tag_invoke
};

template <class T>
struct kind_of_template {
  static constexpr member_kind value = member_kind::custom;
};
template <class T>
struct kind_of_template<std::optional<T>> {
  static constexpr member_kind value = member_kind::optional;
};
template <class... A>
struct kind_of_template<std::variant<A...>> {
  static constexpr member_kind value = member_kind::variant;
};
template <class T>
struct kind_of_template<std::vector<T>> {
  static constexpr member_kind value = member_kind::sequence;
};
template <class E>
struct kind_of_template<open_enum<E>> {
  static constexpr member_kind value = member_kind::open_enum;
};

template <class T>
constexpr member_kind classify() {
  if constexpr (std::is_same_v<T, boost::json::value>)
    return member_kind::json;
  else if constexpr (std::is_same_v<T, std::string>)
    return member_kind::string;
  else if constexpr (std::is_same_v<T, bool>)
    return member_kind::boolean;
  else if constexpr (std::is_integral_v<T>)
    return member_kind::integer;
  else if constexpr (std::is_floating_point_v<T>)
    return member_kind::number;
  else if constexpr (wire_enum<T>)
    return member_kind::closed_enum;
  else if constexpr (kind_of_template<T>::value != member_kind::custom)
    return kind_of_template<T>::value;
  else if constexpr (boost::describe::has_describe_members<T>::value)
    return member_kind::object;
  else
    return member_kind::custom;
}

/// The class of T.
template <class T>
inline constexpr member_kind kind_v = classify<std::remove_cvref_t<T>>();

template <class T>
concept described = kind_v<T> == member_kind::object;

template <class T>
concept integer = kind_v<T> == member_kind::integer;

/// Whether T is an optional (a member that may be absent).
template <class T>
inline constexpr bool is_optional_v = kind_v<T> == member_kind::optional;

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

}  // namespace detail
GENAUTH_NAMESPACE_END
