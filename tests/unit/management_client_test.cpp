#include "support.hpp"

#include <genauth/testkit/fake_transport.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <mutex>
#include <set>
#include <thread>

using namespace genauth;

namespace GENAUTH_UNITY_ID {

http_response ok(std::string const& data) {
  return {200, {}, R"({"statusCode":200,"message":"Success","requestId":"r1")" + (data.empty() ? "" : ",\"data\":" + data) + "}"};
}

std::string const trigger = R"({"mfaToken":"t","applicationMfa":[]})";
std::string const settings = R"({"enabledFactors":["SMS"]})";


TEST_CASE("each named method sends its endpoint's request and parses its result") {
  testkit::fake_transport fake;
  fake.on(http_method::get, "/api/v3/get-user-mfa-info",
          ok(R"({"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false})"))
      .on(http_method::post, "/api/v3/set-mfa-status", ok(R"({"success":true})"))
      .on(http_method::get, "/api/v3/get-mfa-status", ok(trigger))
      .on(http_method::get, "/api/v3/get-mfa-trigger-data", ok(trigger))
      .on(http_method::post, "/api/v3/import-otp", ok(""))
      .on(http_method::get, "/api/v3/get-otp-secret-by-user", ok(R"({"secret":"S"})"))
      .on(http_method::post, "/api/v3/update-application-mfa-settings", ok(settings))
      .on(http_method::get, "/api/v3/get-global-mfa-settings", ok(settings))
      .on(http_method::post, "/api/v3/update-global-mfa-settings", ok(settings))
      .on(http_method::post, "/api/v3/disable-global-mfa-settings", ok(settings));
  management_client client(test::fixed_options(), fake);

  CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"})->totp_status);
  CHECK(genauth::management::set_users_mfa_status(client, {.user_id = "u1", .mfa_trigger_data = {.mfa_token = "t"}})->success);
  CHECK(genauth::management::get_user_mfa_status(client, {.user_id = "u1"})->mfa_token == "t");
  CHECK(genauth::management::get_mfa_trigger_data(client, {.app_id = "a1", .user_id = "u1"})->mfa_token == "t");
  CHECK(genauth::management::import_otp(client, {.list = {{.user_id = "u1", .otp = {.secret = "JBSWY3DPEHPK3PXP"}}}}).has_value());
  CHECK(genauth::management::get_otp_secret_by_user(client, {.user_id = "u1"})->secret == "S");
  CHECK(genauth::management::update_application_mfa_settings(client, {.app_id = "a1", .enabled_factors = {{factor_type::otp}}})
            ->enabled_factors.size() == 1);
  CHECK(genauth::management::get_global_mfa_settings(client).has_value());
  CHECK(genauth::management::update_global_mfa_settings(client, {.enabled_factors = {factor_type::sms}}).has_value());
  CHECK(genauth::management::close_global_mfa_settings(client, {.disable_factors = {factor_type::face}}).has_value());

  auto const& sent = fake.requests();
  REQUIRE(sent.size() == 10);
  std::vector<std::string> const urls = {
      "https://api.genauth.ai/api/v3/get-user-mfa-info?userId=u1",
      "https://api.genauth.ai/api/v3/set-mfa-status",
      "https://api.genauth.ai/api/v3/get-mfa-status?userId=u1",
      "https://api.genauth.ai/api/v3/get-mfa-trigger-data?appId=a1&userId=u1",
      "https://api.genauth.ai/api/v3/import-otp",
      "https://api.genauth.ai/api/v3/get-otp-secret-by-user?userId=u1",
      "https://api.genauth.ai/api/v3/update-application-mfa-settings",
      "https://api.genauth.ai/api/v3/get-global-mfa-settings",
      "https://api.genauth.ai/api/v3/update-global-mfa-settings",
      "https://api.genauth.ai/api/v3/disable-global-mfa-settings",
  };
  std::vector<std::string> const bodies = {
      "",
      R"({"userId":"u1","mfaTriggerData":{"mfaToken":"t","applicationMfa":[]}})",
      "",
      "",
      R"({"list":[{"userId":"u1","otp":{"secret":"JBSWY3DPEHPK3PXP"}}]})",
      "",
      R"({"appId":"a1","enabledFactors":["OTP"]})",
      "",
      R"({"enabledFactors":["SMS"]})",
      R"({"disableFactors":["FACE"]})",
  };
  for (std::size_t i = 0; i < sent.size(); ++i) {
    CAPTURE(i);
    CHECK(sent[i].url == urls[i]);
    CHECK(sent[i].body == bodies[i]);
  }
}

TEST_CASE("golden headers of a signed management request") {
  auto o = test::fixed_options();
  o.tenant_id = "tenant-001";
  o.lang = "en-US";
  o.sdk_version = "genauth-cpp:test";
  auto req = build(o, update_global_mfa_settings_request{.enabled_factors = {factor_type::sms}});
  REQUIRE(req.has_value());
  CHECK(req->method == http_method::post);
  http_headers const expected = {
      {"accept", "application/json"},
      {"content-type", "application/json"},
      {"x-genauth-signature-nonce", "12757a696ef6667ba47c4586696a33f6"},
      {"x-genauth-signature-method", "HMAC-SHA1"},
      {"x-genauth-signature-version", "1.0"},
      {"user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING},
      {"x-genauth-sdk-version", "genauth-cpp:test"},
      {"x-genauth-app-id", "tenant-001"},
      {"x-genauth-lang", "en-US"},
      {"date", "Sun, 05 Jan 2025 08:30:00 GMT"},
      // HMAC-SHA1 of the string to sign below, computed with `openssl dgst -sha1 -hmac`.
      {"authorization", "GenAuth 6380a1d2c4e5f60718293a4b:wb6fFFDZHiviYRwhTgS4mWCC7UE="},
  };
  CHECK(req->headers == expected);
  auto const auth = *req->headers.find("Authorization");
  CHECK(auth.starts_with("GenAuth 6380a1d2c4e5f60718293a4b:"));
  CHECK(auth.size() == std::string_view("GenAuth 6380a1d2c4e5f60718293a4b:").size() + 28);
  // The signature covers exactly these headers and the body values.
  auto const s = sign_request(o, http_method::post, "/api/v3/update-global-mfa-settings",
                              boost::json::object{{"enabledFactors", boost::json::array{"SMS"}}});
  CHECK(s->string_to_sign ==
        "POST\ndate:Sun, 05 Jan 2025 08:30:00 GMT\nx-genauth-app-id:tenant-001\nx-genauth-lang:en-US\n"
        "x-genauth-sdk-version:genauth-cpp:test\nx-genauth-signature-method:HMAC-SHA1\n"
        "x-genauth-signature-nonce:12757a696ef6667ba47c4586696a33f6\nx-genauth-signature-version:1.0\n"
        "/api/v3/update-global-mfa-settings?enabledFactors=[\"SMS\"]");
  CHECK(auth.substr(auth.find(':') + 1) == sign(o.access_key_secret, s->string_to_sign));
  // Without sdk_version, the SDK names itself.
  CHECK(build(test::fixed_options(), get_global_mfa_settings_request{})->headers.find("x-genauth-sdk-version") ==
        "genauth-cpp:" GENAUTH_VERSION_STRING);
}

TEST_CASE("the Authing brand changes prefix, scheme word and default host") {
  auto o = test::fixed_options();
  o.brand = authing_brand;
  auto req = build(o, get_global_mfa_settings_request{});
  REQUIRE(req.has_value());
  CHECK(req->url == "https://api.authing.cn/api/v3/get-global-mfa-settings");
  CHECK(req->headers.contains("x-authing-signature-nonce"));
  CHECK_FALSE(req->headers.contains("x-genauth-signature-nonce"));
  CHECK(req->headers.find("authorization")->starts_with("authing 6380a1d2c4e5f60718293a4b:"));
}

TEST_CASE("query values are percent-encoded as the official SDK's HTTP stack does") {
  auto req = build(test::fixed_options(),
                   get_otp_secret_by_user_request{.user_id = "a b&c=d+e%20f/é:$,[]~!*'()", .user_id_type = user_id_type::username});
  REQUIRE(req.has_value());
  CHECK(req->url ==
        "https://api.genauth.ai/api/v3/get-otp-secret-by-user?userId=a+b%26c%3Dd%2Be%2520f%2F%C3%A9:$,%5B%5D~!*'()&userIdType=username");
}

TEST_CASE("hosts are normalised: scheme assumed, trailing slashes dropped, path prefix kept") {
  auto o = test::fixed_options();
  o.allow_insecure_http = true;
  for (auto const& [host, url] : std::vector<std::pair<std::string, std::string>>{
           {"api.genauth.ai", "https://api.genauth.ai"},
           {"HTTP://localhost:8080//", "http://localhost:8080"},
           {"https://[::1]:8443/base/", "https://[::1]:8443/base"},
           {"https://example.genauth.ai", "https://example.genauth.ai"}}) {
    o.host = host;
    auto req = build(o, get_global_mfa_settings_request{});
    REQUIRE(req.has_value());
    CHECK(req->url == url + "/api/v3/get-global-mfa-settings");
  }
}

TEST_CASE("any callable returning a transport_result, an http_response or an error_code is a transport") {
  auto const reply = ok(R"({"enabledFactors":[]})");
  static_assert(transport<any_transport>);
  management_client<> erased(test::fixed_options(), [&](http_request const&) { return transport_result(reply); });
  CHECK(genauth::management::get_global_mfa_settings(erased).has_value());
  management_client direct(test::fixed_options(), [&](http_request const&) { return reply; });
  CHECK(genauth::management::get_global_mfa_settings(direct).has_value());
  struct functor {
    http_response r;
    http_response operator()(http_request const&) const { return r; }
  };
  management_client object(test::fixed_options(), functor{reply});
  CHECK(genauth::management::get_global_mfa_settings(object).has_value());
}

TEST_CASE("an I/O failure of the transport is a transport error keeping its cause") {
  management_client client(test::fixed_options(),
                           [](http_request const&) { return std::make_error_code(std::errc::timed_out); });
  auto r = genauth::management::get_global_mfa_settings(client);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind() == error_kind::transport);
  CHECK(r.error().cause == std::errc::timed_out);
  CHECK(r.error().http_status == 0);
}

TEST_CASE("value() throws api_exception carrying the error") {
  management_client client(test::fixed_options(), [](http_request const&) {
    return http_response{200, {}, R"({"statusCode":404,"apiCode":2004,"message":"User not found","requestId":"q"})"};
  });
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "nobody"});
  CHECK_THROWS_AS(r.value(), api_exception);
  try {
    (void)r.value();
  } catch (api_exception const& e) {
    CHECK(e.error().api_code == 2004);
    CHECK(std::string(e.what()) == "api error (HTTP 200) statusCode 404 apiCode 2004: User not found [requestId q]");
  }
}

TEST_CASE("one management client serves several threads: every request signed, every nonce unique") {
  std::mutex mutex;
  std::vector<http_request> sent;
  auto transport = [&](http_request const& r) -> transport_result {
    std::lock_guard const lock(mutex);
    sent.push_back(r);
    return http_response{200, {}, R"({"statusCode":200,"data":{"enabledFactors":[]}})"};
  };
  auto o = test::fixed_options();
  o.nonce = {};
  management_client client(o, transport);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) CHECK(genauth::management::get_global_mfa_settings(client).has_value());
    });
  for (auto& th : threads) th.join();
  REQUIRE(sent.size() == 1000);
  std::set<std::string> nonces;
  for (auto const& r : sent) {
    nonces.insert(std::string(*r.headers.find("x-genauth-signature-nonce")));
    CHECK(test::signature_is_valid(r, o.access_key_secret));
  }
  CHECK(nonces.size() == 1000);
}

TEST_CASE("the access key id is trimmed like every header value before it is signed and sent") {
  auto o = test::fixed_options();
  auto const plain = build(o, get_global_mfa_settings_request{});
  o.access_key_id = "  " + o.access_key_id + " ";
  auto const spaced = build(o, get_global_mfa_settings_request{});
  REQUIRE(spaced.has_value());
  CHECK(spaced->headers.find("authorization") == plain->headers.find("authorization"));
  o.access_key_id = "   ";
  CHECK(build(o, get_global_mfa_settings_request{}).error().code == errc::empty_argument);
}

TEST_CASE("a management_signer builds what build() builds, prepared once, from many threads") {
  auto const options = test::fixed_options();
  management_signer const signer(options);
  set_users_mfa_status_request const request{.user_id = "u1", .mfa_trigger_data = {.mfa_token = "t"}};
  auto const once = build(options, request);
  REQUIRE(once.has_value());
  std::vector<std::thread> threads;
  std::mutex m;
  std::size_t same = 0;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto const built = signer.build(request);
        std::lock_guard lock(m);
        same += built && built->url == once->url && built->headers == once->headers && built->body == once->body;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(same == 200);
  // A clock offset moves the signed date, and with it the signature.
  auto const later = signer.build(request, std::chrono::seconds(60));
  REQUIRE(later.has_value());
  CHECK(later->headers.find("date") == "Sun, 05 Jan 2025 08:31:00 GMT");
  CHECK(later->headers.find("authorization") != once->headers.find("authorization"));
  // Options that cannot sign fail every build with the same error, before any request is made.
  auto bad = options;
  bad.host = "ftp://example.com";
  management_signer const refusing(bad);
  for (int i = 0; i < 2; ++i) {
    auto const r = refusing.build(request);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::malformed_host);
  }
}

}  // namespace GENAUTH_UNITY_ID
