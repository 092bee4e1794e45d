#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/detail/url.hpp>
#include <genauth/json/detail/js_value.hpp>
#include <genauth/json/stringify.hpp>

#include <string>
#include <string_view>
#include <type_traits>

// Path parameters: an endpoint's path names a member as `{key}` (its wire key); the member's value
// goes there, percent-encoded as an RFC 3986 segment, and nowhere else.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The path `request` is sent to: `R::path` itself when it names no member, else a copy in `out`
/// with each `{key}` a member of `request` names replaced by its value: a string
/// percent-encoded (`/`, `?`, `%` and non-ASCII included), an integer in decimal. An empty one
/// is an error naming it, since the path would address another resource; one left unfilled (an
/// absent optional) is for the caller to refuse.
template <class R>
result<std::string_view> expand_path(R const& request, std::string& out) {
  if constexpr (!has_path_parameters<R>) {
    return std::string_view(R::path);
  } else {
    out = R::path;
    auto e = for_each_js_member(request, [&](std::string_view key, auto const& member, bool) -> maybe_error {
      if (!names_path_parameter(out, key)) return std::nullopt;
      auto const& given = [&]() -> auto const& {
        if constexpr (is_optional_v<decltype(member)>)
          return *member;  // engaged: empty optionals are not visited
        else
          return member;
      }();
      using M = std::remove_cvref_t<decltype(given)>;
      std::string value;
      if constexpr (kind_v<M> == member_kind::string) {
        if (given.empty()) return make_error(errc::empty_argument, "a path parameter is empty", std::string(key));
        if (auto bad = check_utf8(given)) return at_key(std::move(*bad), key);
        append_uri_component(given, value);
      } else if constexpr (kind_v<M> == member_kind::integer) {
        value = std::to_string(given);
      } else {
        return make_error(errc::malformed_path, "a path parameter is neither a string nor an integer",
                          std::string(key));
      }
      std::string const slot = "{" + std::string(key) + "}";
      out.replace(out.find(slot), slot.size(), value);
      return std::nullopt;
    });
    if (e) return std::move(*e);
    return std::string_view(out);
  }
}

}  // namespace detail
GENAUTH_NAMESPACE_END
