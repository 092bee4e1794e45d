#pragma once

#include <genauth/config.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

enum class http_method { get, post };

constexpr std::string_view to_string(http_method m) noexcept {
  return m == http_method::get ? "GET" : "POST";
}

namespace detail {

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Locale-free on purpose: std::tolower follows the C locale (tr_TR maps 'I' elsewhere).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

}  // namespace detail

struct http_header {
  std::string name{};
  std::string value{};
};

/// An ordered list of header fields with case-insensitive lookup. Order is kept because it is
/// what goes on the wire and what the printer shows.
class http_headers {
 public:
  using const_iterator = std::vector<http_header>::const_iterator;

  http_headers() = default;
  http_headers(std::initializer_list<http_header> init) : fields_(init) {}

  /// The value of the first field called `name` (any case), if there is one.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept {
    for (auto const& f : fields_)
      if (detail::iequals(f.name, name)) return std::string_view(f.value);
    return std::nullopt;
  }

  [[nodiscard]] bool contains(std::string_view name) const noexcept {
    return find(name).has_value();
  }

  /// Replaces every field called `name` (any case) by one field with `value`.
  void set(std::string name, std::string value) {
    erase(name);
    fields_.push_back({std::move(name), std::move(value)});
  }

  void erase(std::string_view name) {
    std::erase_if(fields_, [&](http_header const& f) { return detail::iequals(f.name, name); });
  }

  [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }

  friend bool operator==(http_headers const& a, http_headers const& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](http_header const& x, http_header const& y) {
                        return x.name == y.name && x.value == y.value;
                      });
  }

 private:
  std::vector<http_header> fields_{};
};

/// A complete request, ready for any HTTP stack: absolute URL, header fields, body bytes.
struct http_request {
  http_method method = http_method::get;
  std::string url{};
  http_headers headers{};
  std::string body{};
};

struct http_response {
  int status = 0;
  http_headers headers{};
  std::string body{};
};

GENAUTH_NAMESPACE_END
