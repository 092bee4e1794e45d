#pragma once

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/detail/send.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/authentication/policy.hpp>
#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/engine.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/blocking.hpp>
#include <genauth/protocol/endpoint.hpp>

// How authentication_client sends an endpoint. Header-only builds include it with the client;
// with GENAUTH_SEPARATE_COMPILATION it is compiled once, in the file that includes genauth/src.hpp.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

template <endpoint R>
result<typename R::response_type> authentication_call(authentication_policy const& policy, transport_ref transport,
                                                      R const& request, call_options const& call) {
  call_engine<R, authentication_policy const> engine(policy, request, call);
  return run_blocking(engine, transport);
}

}  // namespace detail
GENAUTH_NAMESPACE_END
