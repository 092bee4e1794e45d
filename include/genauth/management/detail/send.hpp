#pragma once

#include <genauth/config.hpp>
#include <genauth/core/result.hpp>
#include <genauth/protocol/endpoint.hpp>

// How management_client sends an endpoint, declared: genauth/management/call.hpp defines it (header-only
// builds include it with the client); with GENAUTH_SEPARATE_COMPILATION, each generated group's
// endpoints are compiled once by its genauth/management/api/<group>_src.hpp.

GENAUTH_NAMESPACE_BEGIN
class management_policy;
struct call_options;
namespace detail {
class transport_ref;

template <endpoint R>
result<typename R::response_type> management_call(management_policy& policy, transport_ref transport, R const& request,
                                                  call_options const& options);
}  // namespace detail
GENAUTH_NAMESPACE_END

/// The declarator of management_call<R>, for its explicit instantiations in genauth::detail.
#define GENAUTH_DETAIL_MANAGEMENT_CALL(R)                                                                        \
  result<R::response_type> management_call<R>(management_policy&, transport_ref, R const&, call_options const&)
