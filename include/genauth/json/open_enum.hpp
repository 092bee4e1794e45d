#pragma once

#include <genauth/config.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The wire spelling of each enumerator of a closed request enum. Specialise with
/// `static constexpr std::array<std::pair<E, std::string_view>, N> values`.
template <class E>
struct enum_wire;

template <class E>
concept wire_enum = requires { enum_wire<E>::values; };

template <wire_enum E>
constexpr std::string_view to_wire(E e) noexcept {
  for (auto const& [value, name] : enum_wire<E>::values)
    if (value == e) return name;
  return {};
}

template <wire_enum E>
constexpr std::optional<E> from_wire(std::string_view name) noexcept {
  for (auto const& [value, text] : enum_wire<E>::values)
    if (text == name) return value;
  return std::nullopt;
}

/// A response-side enum: keeps whatever string the server sent, so a value added to the API
/// later is kept instead of failing or collapsing into a default.
template <wire_enum E>
class open_enum {
 public:
  open_enum() = default;
  /// A known value.
  open_enum(E e) : raw_(to_wire(e)) {}  // NOLINT: implicit by design
  /// Whatever the service sent, known or not.
  explicit open_enum(std::string raw) : raw_(std::move(raw)) {}

  /// The text as it came.
  [[nodiscard]] std::string const& raw() const noexcept { return raw_; }
  /// The enumerator, when the text is one of E's.
  [[nodiscard]] std::optional<E> known() const noexcept { return from_wire<E>(raw_); }
  /// Whether the text is one of E's.
  [[nodiscard]] bool is_known() const noexcept { return known().has_value(); }

  /// Same text.
  friend bool operator==(open_enum const& a, open_enum const& b) = default;
  /// The text is `b`'s.
  friend bool operator==(open_enum const& a, E b) noexcept { return a.raw_ == to_wire(b); }

 private:
  std::string raw_;
};

GENAUTH_NAMESPACE_END
