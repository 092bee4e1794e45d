#pragma once

#include <genauth/config.hpp>
#include <genauth/json/detail/traits.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// The wire spelling of each enumerator of E, a closed request enum: what
/// `genauth_describe(E const*)` returns (write it in E's namespace, so that argument-dependent
/// lookup finds it), a `constexpr` array of `std::pair<E, std::string_view>`:
///
///     constexpr auto genauth_describe(color const*) noexcept {
///       return std::to_array<std::pair<color, std::string_view>>({{color::red, "RED"}, {color::blue, "BLUE"}});
///     }
template <wire_enum E>
constexpr auto wire_names() noexcept {
  return genauth_describe(static_cast<E const*>(nullptr));
}

/// The wire name of `e`; empty when `e` is none of E's enumerators.
template <wire_enum E>
constexpr std::string_view to_wire(E e) noexcept {
  for (auto const& [value, name] : wire_names<E>())
    if (value == e) return name;
  return {};
}

/// The enumerator whose wire name is `name`, if any.
template <wire_enum E>
constexpr std::optional<E> from_wire(std::string_view name) noexcept {
  for (auto const& [value, text] : wire_names<E>())
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
