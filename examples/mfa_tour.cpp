// A tour of the management MFA surface without a network: each request is built and signed for
// real, printed with its secrets redacted, answered by a fake transport with the documented
// sample response, and parsed into its typed result.

#include <genauth/genauth.hpp>
#include <genauth/testing/fake_transport.hpp>

#include <iostream>
#include <string>

namespace {

genauth::http_response ok(std::string data) {
  return {200, {{"content-type", "application/json"}},
          R"({"statusCode":200,"message":"Operation successful","requestId":"934108e5-9fbf-4d24-8da1-c330328abd6c")" +
              (data.empty() ? std::string() : ",\"data\":" + data) + "}"};
}

void show_last(genauth::testing::fake_transport const& fake) {
  std::cout << genauth::to_redacted_string(fake.requests().back());
}

}  // namespace

int main() {
  using namespace genauth;
  testing::fake_transport fake;
  fake.on(http_method::get, "/api/v3/get-user-mfa-info",
          ok(R"({"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":"enabled","emailMfaStatus":"disabled"})"))
      .on(http_method::get, "/api/v3/get-mfa-status",
          ok(R"({"mfaToken":"xxxxxxx","mfaPhone":null,"applicationMfa":{"mfaPolicy":"EMAIL","status":1}})"))
      .on(http_method::post, "/api/v3/import-otp", ok(""))
      .on(http_method::post, "/api/v3/update-global-mfa-settings", ok(R"({"enabledFactors":"[\"SMS\",\"OTP\"]"})"))
      .on(http_method::get, "/api/v3/get-otp-secret-by-user",
          {200, {}, R"({"statusCode":404,"apiCode":2004,"message":"User not found","requestId":"c14d6e8a"})"});

  management_options options;
  options.access_key_id = "6380a1d2c4e5f60718293a4b";
  options.access_key_secret = "demo-secret-never-printed";
  management_client client(options, fake);

  std::cout << "== get_user_mfa_info\n";
  auto info = client.get_user_mfa_info({.user_id = "6229ffaxxxxxxxxcade3e3d9"});
  show_last(fake);
  if (info) std::cout << "-> totp " << info->totp_status << ", sms " << info->sms_mfa_status << "\n\n";

  std::cout << "== get_user_mfa_status\n";
  auto status = client.get_user_mfa_status({.user_id = "alice@example.com", .user_id_type = user_id_type::email});
  show_last(fake);
  if (status)
    std::cout << "-> " << status->application_mfa.size() << " application policy, first "
              << status->application_mfa.front().mfa_policy.raw() << "\n\n";

  std::cout << "== import_otp\n";
  auto imported = client.import_otp(
      {.list = {{.user_id = "6229ffaxxxxxxxxcade3e3d9", .otp = {.secret = "JBSWY3DPEHPK3PXP", .recovery_code = "b471-8ec0"}}}});
  show_last(fake);
  std::cout << "-> " << (imported ? "imported" : imported.error().to_string()) << "\n\n";

  std::cout << "== update_global_mfa_settings\n";
  auto settings = client.update_global_mfa_settings({.enabled_factors = {factor_type::sms, factor_type::otp}});
  show_last(fake);
  if (settings) std::cout << "-> " << settings->enabled_factors.size() << " factors enabled\n\n";

  std::cout << "== get_otp_secret_by_user (an API error)\n";
  auto secret = client.get_otp_secret_by_user({.user_id = "nobody"});
  show_last(fake);
  if (!secret) std::cout << "-> " << secret.error().to_string() << "\n\n";

  std::cout << "== bad input is refused before anything is sent\n";
  auto refused = client.get_user_mfa_info({.user_id = ""});
  std::cout << "-> " << refused.error().to_string() << "\n";

  bool const all_as_expected = info && status && imported && settings && !secret && !refused;
  return all_as_expected ? 0 : 1;
}
