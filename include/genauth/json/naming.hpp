#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

GENAUTH_NAMESPACE_BEGIN

/// Names one member in a member description; see GENAUTH_MEMBER.
template <auto MemberPointer>
struct json_member {};

/// What a member says of itself beyond its name and type (GENAUTH_MEMBER).
struct member_traits {
  std::string_view key{};  ///< its JSON key, where the snake_case → camelCase rule cannot produce it
  bool large = false;      ///< it may exceed request_limits::max_value_size, up to max_photo_size (a photo)
};

/// Describes `type::member` beyond its name and type with member_traits' designated
/// initialisers, e.g. `GENAUTH_MEMBER(device_note, odd_member, .key = "X-Odd")` or
/// `GENAUTH_MEMBER(enrollment_data, photo, .large = true)`. Write it after the type, in the
/// type's own namespace: it is found by argument-dependent lookup.
#define GENAUTH_MEMBER(type, member, ...)                                                          \
  [[maybe_unused]] constexpr ::genauth::member_traits genauth_describe(                            \
      type const*, ::genauth::json_member<&type::member>) noexcept {                               \
    return {__VA_ARGS__};                                                                        \
  }

/// The JSON key `json_key` of `type::member`, where the snake_case → camelCase rule cannot produce it:
/// GENAUTH_MEMBER with `.key = json_key`.
#define GENAUTH_JSON_KEY(type, member, json_key) GENAUTH_MEMBER(type, member, .key = json_key)

namespace detail {

template <std::size_t N>
struct fixed_name {
  std::array<char, N> chars{};
  std::size_t size = 0;
  constexpr std::string_view view() const noexcept { return {chars.data(), size}; }
};

/// `user_id_type` → `userIdType`: each underscore is dropped and the next letter upper-cased.
template <std::size_t N>
constexpr fixed_name<N> camel_case(std::string_view snake) noexcept {
  fixed_name<N> out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = out.size != 0;
      continue;
    }
    out.chars[out.size++] = (upper && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

template <class MemberPointer>
struct member_class;
template <class Member, class Class>
struct member_class<Member Class::*> {
  using type = Class;
};

/// What GENAUTH_MEMBER says of the member `Descriptor` describes (nothing when it is not used).
template <class Descriptor>
constexpr member_traits traits_of() noexcept {
  using owner = typename member_class<std::remove_cv_t<decltype(Descriptor::pointer)>>::type;
  if constexpr (requires { genauth_describe(static_cast<owner const*>(nullptr), json_member<Descriptor::pointer>{}); })
    return genauth_describe(static_cast<owner const*>(nullptr), json_member<Descriptor::pointer>{});
  else
    return {};
}

template <class Descriptor>
struct member_key {
  static constexpr std::string_view snake = Descriptor::name;
  static constexpr auto camel = camel_case<snake.size()>(snake);
  static constexpr std::string_view value = traits_of<Descriptor>().key.empty() ? camel.view()
                                                                                : traits_of<Descriptor>().key;
};

}  // namespace detail

/// The JSON key of a described member, computed at compile time.
template <class Descriptor>
inline constexpr std::string_view json_key_v = detail::member_key<Descriptor>::value;

/// Whether a described member may be large (GENAUTH_MEMBER's `.large`).
template <class Descriptor>
inline constexpr bool large_member_v = detail::traits_of<Descriptor>().large;

GENAUTH_NAMESPACE_END
