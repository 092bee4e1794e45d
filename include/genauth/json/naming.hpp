#pragma once

#include <genauth/config.hpp>

#include <array>
#include <cstddef>
#include <string_view>

GENAUTH_NAMESPACE_BEGIN

/// Per-member JSON key override for keys the snake_case → camelCase rule cannot produce.
/// Specialise through GENAUTH_JSON_KEY(&type::member, "key").
template <auto Member>
inline constexpr std::string_view json_key_override{};

#define GENAUTH_JSON_KEY(member_pointer, key)                                                    \
  template <>                                                                                    \
  inline constexpr std::string_view genauth::json_key_override<member_pointer> { key }

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

template <class Descriptor>
struct member_key {
  static constexpr std::string_view snake = Descriptor::name;
  static constexpr auto camel = camel_case<snake.size()>(snake);
  static constexpr std::string_view value = json_key_override<Descriptor::pointer>.empty()
                                                ? camel.view()
                                                : json_key_override<Descriptor::pointer>;
};

}  // namespace detail

/// The JSON key of a described member, computed at compile time.
template <class Descriptor>
inline constexpr std::string_view json_key_v = detail::member_key<Descriptor>::value;

GENAUTH_NAMESPACE_END
