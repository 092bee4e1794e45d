// With GENAUTH_SEPARATE_COMPILATION the clients' headers only declare how an endpoint is sent;
// separate_src.cpp compiles it. Both clients' calls, a success and an API error, go through it.
#include <genauth/authentication/api/mfa.hpp>
#include <genauth/authentication/client.hpp>
#include <genauth/management/api/mfa.hpp>
#include <genauth/management/client.hpp>

#include <cstdio>
#include <string>

namespace {

int fail(char const* what) {
  std::printf("separately compiled mode: %s\n", what);
  return 1;
}

}  // namespace

int main() {
  genauth::management_options admin;
  admin.access_key_id = "key-id";
  admin.access_key_secret = "key-secret";
  std::string signed_with;
  genauth::management_client management(admin, [&](genauth::http_request const& request) {
    signed_with = std::string(request.headers.find("authorization").value_or(""));
    return genauth::transport_result(genauth::http_response{
        200, {}, R"({"statusCode":200,"data":{"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false}})"});
  });
  auto const info = genauth::management::get_user_mfa_info(management, {.user_id = "u1"});
  if (!info || !info->totp_status) return fail("get_user_mfa_info did not succeed");
  if (signed_with.rfind("GenAuth key-id:", 0) != 0) return fail("the request was not signed");

  genauth::authentication_options user;
  user.app_id = "app-1";
  user.app_host = "https://example.genauth.ai";
  user.access_token = "token";
  genauth::authentication_client authentication(user, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{
        200, {}, R"({"statusCode":400,"apiCode":1234,"message":"no","requestId":"r-9"})"});
  });
  auto const factors = genauth::authentication::list_enrolled_factors(authentication);
  if (factors) return fail("an API error was taken for a success");
  if (factors.error().api_code != 1234 || factors.error().request_id != "r-9") return fail("the API error lost its codes");
  return 0;
}
