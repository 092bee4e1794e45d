// Response parsing of every endpoint (the OAuth, sign-in and CAS answers included): the first byte picks the HTTP status class, the rest is
// the body. Invariant: no crash, and every error prints on one clean line.
#include "fuzz_support.hpp"

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

using endpoints = boost::mp11::mp_list<
    genauth::get_user_mfa_info_request, genauth::set_users_mfa_status_request, genauth::get_user_mfa_status_request,
    genauth::get_mfa_trigger_data_request, genauth::import_otp_request, genauth::get_otp_secret_by_user_request,
    genauth::update_application_mfa_settings_request, genauth::get_global_mfa_settings_request,
    genauth::update_global_mfa_settings_request, genauth::close_global_mfa_settings_request,
    genauth::send_enroll_factor_request_params, genauth::enroll_factor_request, genauth::reset_factor_request,
    genauth::list_enrolled_factors_request, genauth::get_factor_request, genauth::list_factors_to_enroll_request,
    genauth::mfa_otp_verify_request, genauth::verify_mfa_token_request, genauth::web_authn_mfa_bind_initialize_request,
    genauth::web_authn_mfa_verify_initialize_request, genauth::access_token_by_code_request,
    genauth::revoke_token_request, genauth::introspect_token_request, genauth::user_info_request,
    genauth::sign_in_by_credentials_request, genauth::sign_up_request, genauth::cas_validate_request,
    genauth::cas_service_validate_request>;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr int statuses[] = {200, 200, 200, 200, 201, 400, 401, 404, 429, 500, 502, 503, 0, 999, -1, 304};
  genauth::http_response response;
  response.status = statuses[data[0] % 16];
  response.headers.set("content-type", data[0] & 0x10 ? "application/json" : "text/html");
  response.body.assign(fuzz::text(data + 1, size - 1));
  boost::mp11::mp_for_each<endpoints>([&](auto tag) {
    auto const r = genauth::parse<decltype(tag)>(response);
    if (!r) fuzz::check_error(r.error());
  });
  return 0;
}
