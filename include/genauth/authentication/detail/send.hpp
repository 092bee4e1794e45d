#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/protocol/endpoint.hpp>

// How authentication_client sends an endpoint, declared: genauth/authentication/call.hpp defines it (header-only
// builds include it with the client); with GENAUTH_SEPARATE_COMPILATION, each generated group's
// endpoints are compiled once by its genauth/authentication/api/<group>_src.hpp.

GENAUTH_NAMESPACE_BEGIN
class authentication_policy;
struct call_options;
namespace detail {
class transport_ref;

template <endpoint R>
result<typename R::response_type> authentication_call(authentication_policy const& policy, transport_ref transport,
                                                      R const& request, call_options const& call);
}  // namespace detail
GENAUTH_NAMESPACE_END

/// The declarator of authentication_call<R>, for its explicit instantiations in genauth::detail.
#define GENAUTH_DETAIL_AUTHENTICATION_CALL(R)                                                                \
  result<R::response_type> authentication_call<R>(authentication_policy const&, transport_ref, R const&, \
                                                  call_options const&)
