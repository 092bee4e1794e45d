#include "support.hpp"

#include <doctest/doctest.h>

// No secret ever appears in a printed request or an error message.

using namespace genauth;

namespace {

std::string const key_secret = "CANARY-access-key-secret";
std::string const otp_canary = "CANARYOTPSECRETJBSWY3DP";
std::string const recovery_canary = "CANARY-recovery_canary-code";
std::string const mfa_token = "CANARY-mfa-token";
std::string const phone = "CANARY-188-8888";

void check_clean(std::string const& text) {
  for (auto const& canary : {key_secret, otp_canary, recovery_canary, mfa_token, phone}) {
    CAPTURE(canary);
    CHECK(text.find(canary) == std::string::npos);
  }
}

management_options options() {
  auto o = test::fixed_options();
  o.access_key_secret = key_secret;
  return o;
}

}  // namespace

TEST_CASE("printed requests hide credentials, tokens, OTP secrets and personal data") {
  auto import = build(options(), import_otp_request{.list = {{.user_id = "u1", .otp = {.secret = otp_canary, .recovery_code = recovery_canary}}}});
  REQUIRE(import.has_value());
  REQUIRE(import->body.find(otp_canary) != std::string::npos);
  std::string const printed = to_redacted_string(*import);
  check_clean(printed);
  auto const signature = import->headers.find("authorization")->substr(import->headers.find("authorization")->find(':') + 1);
  CHECK(printed.find(signature) == std::string::npos);
  CHECK(printed.find(R"({"list":[{"userId":"u1","otp":{"secret":"<redacted>","recoveryCode":"<redacted>"}}]})") !=
        std::string::npos);
  CHECK(printed.find("authorization: <redacted>\n") != std::string::npos);
  CHECK(printed.starts_with("POST https://api.genauth.ai/api/v3/import-otp\n"));

  auto status = build(options(), set_users_mfa_status_request{
                                     .user_id = "u1",
                                     .mfa_trigger_data = {.mfa_token = mfa_token,
                                                          .mfa_phone = phone,
                                                          .mfa_phone_country_code = "+86",
                                                          .application_mfa = {{.mfa_policy = factor_type::sms, .status = 1}}}});
  REQUIRE(status.has_value());
  std::string const shown = to_redacted_string(*status);
  check_clean(shown);
  CHECK(shown.find(R"("mfaPhoneCountryCode":"+86")") != std::string::npos);
  CHECK(shown.find(R"("applicationMfa":[{"mfaPolicy":"SMS","status":1}])") != std::string::npos);
}

TEST_CASE("query parameters outside the allow-list are hidden") {
  http_request req{http_method::get, "https://h/p?userId=u1&token=" + mfa_token + "&flag", {{"X-Custom", phone}}, ""};
  std::string const printed = to_redacted_string(req);
  check_clean(printed);
  CHECK(printed == "GET https://h/p?userId=u1&token=%3Credacted%3E&flag\nX-Custom: <redacted>\n");
  http_request binary{http_method::post, "https://h/p", {}, "\x01" + otp_canary};
  CHECK(to_redacted_string(binary) == "POST https://h/p\n\n<" + std::to_string(otp_canary.size() + 1) + " bytes>\n");
}

TEST_CASE("errors never carry the values that caused them") {
  auto o = options();
  o.tenant_id = "ten\nant" + key_secret;
  auto e1 = build(o, get_global_mfa_settings_request{});
  REQUIRE_FALSE(e1.has_value());
  check_clean(e1.error().to_string());
  auto e2 = build(options(), import_otp_request{.list = {{.user_id = "u", .otp = {.secret = otp_canary + "\xff"}}}});
  REQUIRE_FALSE(e2.has_value());
  check_clean(e2.error().to_string());
  o = options();
  o.host = "https://" + key_secret + ":" + otp_canary + "@host";
  auto e3 = build(o, get_global_mfa_settings_request{});
  REQUIRE_FALSE(e3.has_value());
  check_clean(e3.error().to_string());
  // A response that fails to decode names the path, not the value.
  auto e4 = parse<get_otp_secret_by_user_request>(
      http_response{200, {}, R"({"statusCode":200,"data":{"secret":[")" + otp_canary + R"("]}})"});
  REQUIRE_FALSE(e4.has_value());
  check_clean(e4.error().to_string());
  CHECK(e4.error().json_path == "data.secret");
}
