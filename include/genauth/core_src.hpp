#pragma once

// What the separately compiled mode compiles once apart from the generated groups: the signing
// code and the endpoints written by hand (genauth/src.hpp includes it).

#ifndef GENAUTH_SEPARATE_COMPILATION
#error "genauth/core_src.hpp is for builds with GENAUTH_SEPARATE_COMPILATION defined"
#endif

#include <genauth/authentication.hpp>
#include <genauth/authentication/call.hpp>
#include <genauth/config.hpp>
#include <genauth/management/detail/prepare_signing.hpp>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

// The endpoints written by hand.
template GENAUTH_DETAIL_AUTHENTICATION_CALL(access_token_by_code_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(access_token_by_client_credentials_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(new_access_token_by_refresh_token_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(revoke_token_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(introspect_token_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(user_info_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(sign_in_by_credentials_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(sign_up_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(cas_validate_request);
template GENAUTH_DETAIL_AUTHENTICATION_CALL(cas_service_validate_request);

}  // namespace detail
GENAUTH_NAMESPACE_END
