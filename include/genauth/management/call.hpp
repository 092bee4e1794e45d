#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/engine.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/blocking.hpp>
#include <genauth/management/build.hpp>
#include <genauth/management/detail/send.hpp>
#include <genauth/management/policy.hpp>
#include <genauth/protocol/endpoint.hpp>

// How management_client sends an endpoint. Header-only builds include it with the client; with
// GENAUTH_SEPARATE_COMPILATION it is compiled once, in the file that includes genauth/src.hpp.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

template <endpoint R>
result<typename R::response_type> management_call(management_policy& policy, transport_ref transport, R const& request,
                                                  call_options const& options) {
  call_engine<R, management_policy> engine(policy, request, options);
  return run_blocking(engine, transport);
}

}  // namespace detail
GENAUTH_NAMESPACE_END
