#pragma once

#include <genauth/config.hpp>
#include <genauth/json/open_enum.hpp>

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>

#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

// What the codec asks of a member type, apart from the codec itself (an endpoint is a described
// struct, and naming it must not cost the JSON library).

GENAUTH_NAMESPACE_BEGIN
namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

/// A union of the API (TypeScript `A | B`): read as the first alternative that fits, in order.
template <class T>
struct is_variant : std::false_type {};
template <class... A>
struct is_variant<std::variant<A...>> : std::true_type {};

template <class T>
struct is_open_enum : std::false_type {};
template <class E>
struct is_open_enum<open_enum<E>> : std::true_type {};

template <class T>
concept described = boost::describe::has_describe_members<T>::value;

template <class T>
concept integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

template <class T>
using members_of = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

}  // namespace detail
GENAUTH_NAMESPACE_END
