#pragma once

// The separately compiled mode: build with GENAUTH_SEPARATE_COMPILATION defined everywhere, and
// include this header in exactly one source file. The clients' headers then only declare how an
// endpoint is sent; this file compiles it, once, for every endpoint of the SDK.

#ifndef GENAUTH_SEPARATE_COMPILATION
#error "genauth/src.hpp is for builds with GENAUTH_SEPARATE_COMPILATION defined"
#endif

#include <genauth/authentication/call.hpp>
#include <genauth/authentication/client.hpp>
#include <genauth/config.hpp>
#include <genauth/management/call.hpp>
#include <genauth/management/client.hpp>
#include <genauth/management/detail/prepare_signing.hpp>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

#define GENAUTH_MANAGEMENT_CALL(R)                                                                        \
  template result<R::response_type> management_call<R>(management_policy&, transport_ref, R const&, \
                                                       call_options const&);
#define GENAUTH_AUTHENTICATION_CALL(R)                                                                        \
  template result<R::response_type> authentication_call<R>(authentication_policy const&, transport_ref, \
                                                           R const&, call_options const&);

GENAUTH_MANAGEMENT_CALL(get_user_mfa_info_request)
GENAUTH_MANAGEMENT_CALL(set_users_mfa_status_request)
GENAUTH_MANAGEMENT_CALL(get_user_mfa_status_request)
GENAUTH_MANAGEMENT_CALL(get_mfa_trigger_data_request)
GENAUTH_MANAGEMENT_CALL(import_otp_request)
GENAUTH_MANAGEMENT_CALL(get_otp_secret_by_user_request)
GENAUTH_MANAGEMENT_CALL(update_application_mfa_settings_request)
GENAUTH_MANAGEMENT_CALL(get_global_mfa_settings_request)
GENAUTH_MANAGEMENT_CALL(update_global_mfa_settings_request)
GENAUTH_MANAGEMENT_CALL(close_global_mfa_settings_request)

GENAUTH_AUTHENTICATION_CALL(send_enroll_factor_request_params)
GENAUTH_AUTHENTICATION_CALL(enroll_factor_request)
GENAUTH_AUTHENTICATION_CALL(reset_factor_request)
GENAUTH_AUTHENTICATION_CALL(list_enrolled_factors_request)
GENAUTH_AUTHENTICATION_CALL(get_factor_request)
GENAUTH_AUTHENTICATION_CALL(list_factors_to_enroll_request)
GENAUTH_AUTHENTICATION_CALL(mfa_otp_verify_request)
GENAUTH_AUTHENTICATION_CALL(verify_mfa_token_request)
GENAUTH_AUTHENTICATION_CALL(web_authn_mfa_bind_initialize_request)
GENAUTH_AUTHENTICATION_CALL(web_authn_mfa_verify_initialize_request)
GENAUTH_AUTHENTICATION_CALL(access_token_by_code_request)
GENAUTH_AUTHENTICATION_CALL(access_token_by_client_credentials_request)
GENAUTH_AUTHENTICATION_CALL(new_access_token_by_refresh_token_request)
GENAUTH_AUTHENTICATION_CALL(revoke_token_request)
GENAUTH_AUTHENTICATION_CALL(introspect_token_request)
GENAUTH_AUTHENTICATION_CALL(user_info_request)
GENAUTH_AUTHENTICATION_CALL(sign_in_by_credentials_request)
GENAUTH_AUTHENTICATION_CALL(sign_up_request)
GENAUTH_AUTHENTICATION_CALL(cas_validate_request)
GENAUTH_AUTHENTICATION_CALL(cas_service_validate_request)

#undef GENAUTH_MANAGEMENT_CALL
#undef GENAUTH_AUTHENTICATION_CALL

}  // namespace detail
GENAUTH_NAMESPACE_END
