#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/detail/call.hpp>
#include <genauth/core/detail/clock_skew.hpp>
#include <genauth/management/build.hpp>
#include <genauth/management/signer.hpp>

// How management_client sends an endpoint. Header-only builds include it with the client; with
// GENAUTH_SEPARATE_COMPILATION it is compiled once, in the file that includes genauth/src.hpp.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

template <endpoint R>
result<typename R::response_type> management_call(management_signer const& signer, clock_skew& skew,
                                                  transport_ref transport, R const& request) {
  auto const& o = signer.options();
  return call_endpoint<R>(
      transport, [&] { return signer.build(request, skew.get()); }, o.limits, o.retry, &skew, o.access_key_secret);
}

}  // namespace detail
GENAUTH_NAMESPACE_END
