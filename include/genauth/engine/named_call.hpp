#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/json/detail/traits.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <boost/mp11/list.hpp>

#include <utility>

// An endpoint's call by its name, as the official SDK names it: `get_user_mfa_info(client, request)`
// is `client.call(request)`, and `async_get_user_mfa_info(client, request, token)` is
// `client.async_call(request, token)`. Each is an object declared beside its request struct, so a
// client class never grows with the API and a file pays only for the groups it includes.

GENAUTH_NAMESPACE_BEGIN
struct call_options;  // genauth/engine/options.hpp, which every client includes

namespace detail {

/// An endpoint without parameters is called without a request.
template <class R>
constexpr bool takes_no_parameters = boost::mp11::mp_empty<members_of<R>>::value;

}  // namespace detail

/// Calls the endpoint R on a client of its API, blocking: `(client, request [, options])`, or
/// `(client [, options])` when R has no parameters. Returns the client's `call(request, options)`.
template <endpoint R>
struct named_call {
  /// `client.call(request)`.
  template <class Client>
    requires(!detail::takes_no_parameters<R>)
  result<typename R::response_type> operator()(Client&& client, R const& request) const {
    return client.call(request);
  }
  /// `client.call(request, options)`.
  template <class Client>
    requires(!detail::takes_no_parameters<R>)
  result<typename R::response_type> operator()(Client&& client, R const& request, call_options const& options) const {
    return client.call(request, options);
  }
  /// `client.call(R{})`.
  template <class Client>
    requires detail::takes_no_parameters<R>
  result<typename R::response_type> operator()(Client&& client) const {
    return client.call(R{});
  }
  /// `client.call(R{}, options)`.
  template <class Client>
    requires detail::takes_no_parameters<R>
  result<typename R::response_type> operator()(Client&& client, call_options const& options) const {
    return client.call(R{}, options);
  }
};

/// Calls the endpoint R on a client of its API without blocking: `(client, request, [options,]
/// token)`, or `(client, [options,] token)` when R has no parameters. Returns the client's
/// `async_call(request, ...)`: it completes with `void(result<R::response_type>)`.
template <endpoint R>
struct named_async_call {
  /// `client.async_call(request, args...)`: `args` are `[options,] token`.
  template <class Client, class... Args>
    requires(!detail::takes_no_parameters<R>)
  auto operator()(Client&& client, R const& request, Args&&... args) const {
    return client.async_call(request, std::forward<Args>(args)...);
  }
  /// `client.async_call(R{}, args...)`: `args` are `[options,] token`.
  template <class Client, class... Args>
    requires detail::takes_no_parameters<R>
  auto operator()(Client&& client, Args&&... args) const {
    return client.async_call(R{}, std::forward<Args>(args)...);
  }
};

GENAUTH_NAMESPACE_END
