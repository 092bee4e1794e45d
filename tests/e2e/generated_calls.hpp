#pragma once

// Every endpoint of the generated groups, called against the emulator: what the e2e suite (libcurl)
// and the Beast transport's tests share.

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/bind.hpp>
#include <boost/mp11/list.hpp>

#include <string>
#include <variant>

namespace genauth_test {

/// `v` with every string in it, required or optional, at any depth (in a union, its first kind),
/// `text` (six digits: the value
/// every check of the generated endpoints accepts, as an id, a code or a token), and every raw
/// JSON member (the official SDK's `any`) an empty object, as a caller gives a required one.
template <class T>
void fill_strings(T& v, std::string const& text = "123456") {
  using genauth::detail::member_kind;
  if constexpr (genauth::detail::kind_v<T> == member_kind::json) {
    v = boost::json::object();
  } else if constexpr (genauth::detail::kind_v<T> == member_kind::string) {
    v = text;
  } else if constexpr (genauth::detail::kind_v<T> == member_kind::optional) {
    if constexpr (genauth::detail::kind_v<typename T::value_type> == member_kind::string) v = text;
  } else if constexpr (genauth::detail::kind_v<T> == member_kind::variant) {
    std::visit([&](auto& alternative) { fill_strings(alternative, text); }, v);
  } else if constexpr (genauth::detail::kind_v<T> == member_kind::object) {
    boost::mp11::mp_for_each<genauth::detail::members_of<T>>([&](auto d) { fill_strings(v.*d.pointer, text); });
  }
}

/// Calls one endpoint with its strings filled with the six digits of `n`, and requires an answer
/// read into its declared result.
template <class Endpoint, class Client>
void succeed_one(Client& client, int n) {
  CAPTURE(Endpoint::path);
  Endpoint request{};
  auto const text = std::to_string(100000 + n);
  fill_strings(request, text);
  if constexpr (Endpoint::method == genauth::http_method::get ||
                Endpoint::method == genauth::http_method::delete_)  // a query leaves an empty array out (D-3)
    boost::mp11::mp_for_each<genauth::detail::members_of<Endpoint>>([&](auto d) {
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(request.*d.pointer)>, std::vector<std::string>>)
        request.*d.pointer = {text};
    });
  auto const r = client.call(request);
  CHECK_MESSAGE(r.has_value(), (r ? std::string() : r.error().to_string()));
}

/// Calls every endpoint of the list once, each with its own six digits: a delete names no record
/// that a later update of the emulator's store would look for. Each call is a function of its
/// endpoint alone, taken by address: nested in a template over the whole list, every symbol of it
/// would carry the list's 500 names.
template <class Client, class... R>
void succeed_each(Client& client, boost::mp11::mp_list<R...>) {
  void (*const calls[])(Client&, int) = {&succeed_one<R, Client>...};
  int n = 0;
  for (auto const call : calls) call(client, ++n);
}

/// The endpoints of a client's generated groups but MFA, whose semantics the emulator has handlers
/// for: it serves these from their declarations.
template <class All, class Mfa>
using served_from_declarations =
    boost::mp11::mp_remove_if_q<All, boost::mp11::mp_bind_front<boost::mp11::mp_contains, Mfa>>;
using declared_management =
    served_from_declarations<genauth::management::all_endpoints, genauth::management::mfa_endpoints>;
using declared_authentication =
    served_from_declarations<genauth::authentication::all_endpoints, genauth::authentication::mfa_endpoints>;

}  // namespace genauth_test
