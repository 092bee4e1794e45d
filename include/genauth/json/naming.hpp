#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

GENAUTH_NAMESPACE_BEGIN

/// Names one member in a JSON key override; see GENAUTH_JSON_KEY.
template <auto MemberPointer>
struct json_member {};

/// The JSON key of `type::member` where the snake_case → camelCase rule cannot produce it. Write
/// it after the type, in the type's own namespace: the override is found by argument-dependent
/// lookup, e.g. `GENAUTH_JSON_KEY(device_note, odd_member, "X-Odd")`.
#define GENAUTH_JSON_KEY(type, member, key)                                                      \
  [[maybe_unused]] constexpr std::string_view genauth_json_key(                                  \
      type const*, ::genauth::json_member<&type::member>) noexcept {                             \
    return key;                                                                                  \
  }

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

template <class Descriptor>
struct member_key {
  using owner = typename member_class<std::remove_cv_t<decltype(Descriptor::pointer)>>::type;
  static constexpr std::string_view snake = Descriptor::name;
  static constexpr auto camel = camel_case<snake.size()>(snake);
  static constexpr std::string_view value = [] {
    if constexpr (requires {
                    genauth_json_key(static_cast<owner const*>(nullptr), json_member<Descriptor::pointer>{});
                  })
      return std::string_view(genauth_json_key(static_cast<owner const*>(nullptr), json_member<Descriptor::pointer>{}));
    else
      return camel.view();
  }();
};

}  // namespace detail

/// The JSON key of a described member, computed at compile time.
template <class Descriptor>
inline constexpr std::string_view json_key_v = detail::member_key<Descriptor>::value;

GENAUTH_NAMESPACE_END
