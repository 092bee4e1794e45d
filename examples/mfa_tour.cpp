// A tour of the MFA surface without a network: each request is built (and, for the management
// client, signed) for real, printed with its secrets redacted, answered by a fake transport with
// a documented sample response, and parsed into its typed result. The end user's part enrols an
// authenticator app with codes computed by the OTP toolkit.

#include <genauth/genauth.hpp>
#include <genauth/testkit/fake_transport.hpp>

#include <chrono>
#include <iostream>
#include <string>

namespace {

genauth::http_response ok(std::string data) {
  return {200, {{"content-type", "application/json"}},
          R"({"statusCode":200,"message":"Operation successful","requestId":"934108e5-9fbf-4d24-8da1-c330328abd6c")" +
              (data.empty() ? std::string() : ",\"data\":" + data) + "}"};
}

void show_last(genauth::testkit::fake_transport const& fake) {
  std::cout << genauth::to_redacted_string(fake.requests().back());
}

}  // namespace

int main() {
  using namespace genauth;
  testkit::fake_transport fake;
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
  auto info = genauth::management::get_user_mfa_info(client, {.user_id = "6229ffaxxxxxxxxcade3e3d9"});
  show_last(fake);
  if (info) std::cout << "-> totp " << info->totp_status << ", sms " << info->sms_mfa_status << "\n\n";

  std::cout << "== get_user_mfa_status\n";
  auto status = genauth::management::get_user_mfa_status(client, {.user_id = "alice@example.com", .user_id_type = user_id_type::email});
  show_last(fake);
  if (status)
    std::cout << "-> " << status->application_mfa.size() << " application policy, first "
              << status->application_mfa.front().mfa_policy.raw() << "\n\n";

  std::cout << "== import_otp\n";
  auto imported = genauth::management::import_otp(client, 
      {.list = {{.user_id = "6229ffaxxxxxxxxcade3e3d9", .otp = {.secret = "JBSWY3DPEHPK3PXP", .recovery_code = "b471-8ec0"}}}});
  show_last(fake);
  std::cout << "-> " << (imported ? "imported" : imported.error().to_string()) << "\n\n";

  std::cout << "== update_global_mfa_settings\n";
  auto settings = genauth::management::update_global_mfa_settings(client, {.enabled_factors = {factor_type::sms, factor_type::otp}});
  show_last(fake);
  if (settings) std::cout << "-> " << settings->enabled_factors.size() << " factors enabled\n\n";

  std::cout << "== get_otp_secret_by_user (an API error)\n";
  auto secret = genauth::management::get_otp_secret_by_user(client, {.user_id = "nobody"});
  show_last(fake);
  if (!secret) std::cout << "-> " << secret.error().to_string() << "\n\n";

  std::cout << "== bad input is refused before anything is sent\n";
  auto refused = genauth::management::get_user_mfa_info(client, {.user_id = ""});
  std::cout << "-> " << refused.error().to_string() << "\n";

  // The end user's side: enrol an authenticator app. The fake service hands out a key URI for a
  // fresh secret, as send-enroll-factor-request does.
  auto const key = otp::generate_secret();
  if (!key) return 1;
  auto const uri = otp::build_key_uri({.issuer = "userPoolName", .account = "alice", .secret = *key});
  if (!uri) return 1;
  testkit::fake_transport user_fake;
  user_fake
      .on(http_method::post, "/api/v3/send-enroll-factor-request",
          ok(R"({"enrollmentToken":"TQoCISid","otpData":{"qrCodeUri":")" + *uri +
             R"(","qrCodeDataUrl":"data:image/png;base64,iVBORw0KGgo=","recoveryCode":"e7ad-aaa4-da75"}})"))
      .on(http_method::post, "/api/v3/enroll-factor", ok(""))
      .on(http_method::post, "/api/v3/mfa-totp-verify",
          {200, {}, R"({"statusCode":400,"apiCode":6001,"message":"Invalid TOTP code","requestId":"d25e7f9b"})"});
  authentication_options user_options;
  user_options.app_id = "6433c0xxxxxxxxx9021b2cec";
  user_options.app_host = "example.genauth.ai";
  user_options.access_token = "user-access-token-never-printed";
  authentication_client user(user_options, user_fake);

  std::cout << "\n== send_enroll_factor_request (OTP)\n";
  auto started = genauth::authentication::send_enroll_factor_request(user, {.factor_type = factor_type::otp});
  show_last(user_fake);
  if (!started || !started->otp_data) return 1;
  auto const scanned = otp::parse_key_uri(started->otp_data->qr_code_uri);
  if (!scanned) return 1;
  std::cout << "-> the app would show " << scanned->issuer << ":" << scanned->account << ", "
            << scanned->digits << " digits every " << scanned->period.count() << " s\n\n";

  std::cout << "== enroll_factor with the app's current code\n";
  auto const code = otp::totp(scanned->secret, std::chrono::system_clock::now(),
                               {.digits = scanned->digits, .period = scanned->period});
  if (!code) return 1;
  auto enrolled = genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *code},
                                      .enrollment_token = started->enrollment_token,
                                      .factor_type = factor_type::otp});
  show_last(user_fake);
  std::cout << "-> " << (enrolled ? "enrolled" : enrolled.error().to_string()) << "\n\n";

  std::cout << "== mfa_otp_verify with a wrong code (the service answers apiCode 6001)\n";
  auto verified = genauth::authentication::mfa_otp_verify(user, {.totp = "000000"});
  show_last(user_fake);
  if (verified) std::cout << "-> verified: " << std::boolalpha << verified->verified << "\n";

  bool const all_as_expected = info && status && imported && settings && !secret && !refused && enrolled &&
                               verified && !verified->verified;
  return all_as_expected ? 0 : 1;
}
