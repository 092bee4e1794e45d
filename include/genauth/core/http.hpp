#pragma once

#include <genauth/config.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// The request methods the API uses; `delete_` is DELETE (the word is C++'s).
enum class http_method { get, post, put, delete_ };

constexpr std::string_view to_string(http_method m) noexcept {
  switch (m) {
    case http_method::get: return "GET";
    case http_method::post: return "POST";
    case http_method::put: return "PUT";
    case http_method::delete_: return "DELETE";
  }
  return "GET";  // only for a value cast from outside the enumeration
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

/// One header field of an http_headers list: views into the list, valid until it changes.
struct http_header {
  std::string_view name{};   ///< as it was added (case kept)
  std::string_view value{};  ///< the field's value
};

/// An ordered list of header fields with case-insensitive lookup. Order is kept because it is
/// what goes on the wire and what the printer shows. The names and values of all fields share
/// one buffer, so a request's dozen headers cost two allocations, not two per field.
class http_headers {
  struct field {
    std::size_t at = 0;  // name, then value, back to back in text_
    std::size_t name_size = 0;
    std::size_t value_size = 0;
  };

 public:
  /// Walks the fields in order; dereferencing gives an http_header of views.
  class const_iterator {
   public:
    /// @{
    /// The iterator's traits: a forward iterator whose reference is an http_header value.
    using iterator_category = std::forward_iterator_tag;
    using value_type = http_header;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = http_header;
    /// @}

    const_iterator() = default;
    /// The field, as views into the list.
    http_header operator*() const noexcept {
      return {std::string_view(text_->data() + it_->at, it_->name_size),
              std::string_view(text_->data() + it_->at + it_->name_size, it_->value_size)};
    }
    /// The next field.
    const_iterator& operator++() noexcept {
      ++it_;
      return *this;
    }
    /// The next field; returns this one.
    const_iterator operator++(int) noexcept {
      auto const before = *this;
      ++it_;
      return before;
    }
    /// Whether both stand at the same field.
    friend bool operator==(const_iterator const& a, const_iterator const& b) noexcept { return a.it_ == b.it_; }

   private:
    friend class http_headers;
    const_iterator(std::string const* text, std::vector<field>::const_iterator it) noexcept : text_(text), it_(it) {}
    std::string const* text_ = nullptr;
    std::vector<field>::const_iterator it_{};
  };

  http_headers() = default;
  /// The fields given, in order (views are copied).
  http_headers(std::initializer_list<http_header> init) {
    for (auto const& h : init) add(h.name, h.value);
  }

  /// The value of the first field called `name` (any case), if there is one.
  [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept {
    for (auto const h : *this)
      if (detail::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }

  /// Whether a field called `name` (any case) is there.
  [[nodiscard]] bool contains(std::string_view name) const noexcept {
    return find(name).has_value();
  }

  /// Replaces every field called `name` (any case) by one field with `value`.
  void set(std::string_view name, std::string_view value) {
    if (views_text(name) || views_text(value)) {  // a view into this list would move under the edit
      std::string const name_copy(name), value_copy(value);
      erase(name_copy);
      add(name_copy, value_copy);
      return;
    }
    erase(name);
    add(name, value);
  }

  /// Appends a field, keeping any of the same name (both are sent). Its views must not point
  /// into this list.
  void add(std::string_view name, std::string_view value) {
    fields_.push_back({text_.size(), name.size(), value.size()});
    text_.append(name);
    text_.append(value);
  }

  /// Removes every field called `name` (any case).
  void erase(std::string_view name) {
    for (std::size_t i = fields_.size(); i-- > 0;) {
      field const f = fields_[i];
      if (!detail::iequals(std::string_view(text_.data() + f.at, f.name_size), name)) continue;
      std::size_t const size = f.name_size + f.value_size;
      text_.erase(f.at, size);
      fields_.erase(fields_.begin() + static_cast<std::ptrdiff_t>(i));
      for (auto& later : fields_)
        if (later.at > f.at) later.at -= size;
    }
  }

  /// Room for `fields` fields of `bytes` bytes of names and values in all.
  void reserve(std::size_t fields, std::size_t bytes) {
    fields_.reserve(fields);
    text_.reserve(bytes);
  }

  /// The first field.
  [[nodiscard]] const_iterator begin() const noexcept { return {&text_, fields_.begin()}; }
  /// Past the last field.
  [[nodiscard]] const_iterator end() const noexcept { return {&text_, fields_.end()}; }
  /// How many fields there are.
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  /// Whether there is no field.
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }

  /// Same fields in the same order, names compared as written.
  friend bool operator==(http_headers const& a, http_headers const& b) noexcept {
    if (a.size() != b.size()) return false;
    for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y)
      if ((*x).name != (*y).name || (*x).value != (*y).value) return false;
    return true;
  }

 private:
  [[nodiscard]] bool views_text(std::string_view s) const noexcept {
    auto const less = std::less<char const*>{};
    return !s.empty() && !less(s.data(), text_.data()) && less(s.data(), text_.data() + text_.size());
  }

  std::string text_{};
  std::vector<field> fields_{};
};

/// A complete request, ready for any HTTP stack: absolute URL, header fields, body bytes.
struct http_request {
  http_method method = http_method::get;  ///< GET, POST, PUT or DELETE
  std::string url{};                       ///< absolute: scheme, host, path and query
  http_headers headers{};                  ///< every field to send, in order
  std::string body{};                      ///< empty for GET
  /// Whether the request may be sent again once it may have reached the server. The SDK sets it
  /// from the endpoint; a transport must never repeat a request for which it is false (libcurl's
  /// silent re-send on a dead kept-alive connection included).
  bool idempotent = false;
  /// What is left of the call's deadline when the request is handed over (call_options::deadline);
  /// a transport gives up after min(this, its own timeout). Empty: the transport's own timeout.
  std::optional<std::chrono::milliseconds> timeout{};
};

/// What came back: any status, 4xx and 5xx included (they are not transport errors).
struct http_response {
  int status = 0;           ///< the HTTP status code
  http_headers headers{};   ///< the response's header fields
  std::string body{};       ///< the body bytes, decoded of any transfer coding
};

GENAUTH_NAMESPACE_END
