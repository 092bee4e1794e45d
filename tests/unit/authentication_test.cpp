#include "support.hpp"

#include <genauth/testkit/fake_transport.hpp>

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace genauth;
namespace json = boost::json;

namespace GENAUTH_UNITY_ID {

authentication_options options() {
  authentication_options o;
  o.app_id = "6433c0xxxxxxxxx9021b2cec";
  o.app_host = "example.genauth.ai/";
  o.access_token = "user-access-token";
  return o;
}

struct golden {
  http_method method;
  std::string url;
  std::optional<std::string> content_type;
  std::string body;
};

template <class R>
void check_golden(R const& request, golden const& g) {
  auto req = build(options(), request);
  REQUIRE_MESSAGE(req.has_value(), req.error().to_string());
  CHECK(req->method == g.method);
  CHECK(req->url == g.url);
  http_headers expected{{"accept", "application/json"}};
  if (g.content_type) expected.set("content-type", *g.content_type);
  expected.set("user-agent", "genauth-cpp/" GENAUTH_VERSION_STRING);
  expected.set("x-genauth-app-id", "6433c0xxxxxxxxx9021b2cec");
  expected.set("authorization", "user-access-token");
  CHECK(req->headers == expected);
  CHECK(req->body == g.body);
}

std::string const base = "https://example.genauth.ai";
std::string const json_type = "application/json";

using authentication_endpoints =
    boost::mp11::mp_list<send_enroll_factor_request_params, enroll_factor_request, reset_factor_request,
                         list_enrolled_factors_request, get_factor_request, list_factors_to_enroll_request,
                         mfa_otp_verify_request, verify_mfa_token_request>;


TEST_CASE("golden requests of every authentication endpoint") {
  check_golden(send_enroll_factor_request_params{.factor_type = factor_type::sms,
                                                 .profile = {.phone_number = "188xxxx8888", .phone_country_code = "+86"}},
               {http_method::post, base + "/api/v3/send-enroll-factor-request", json_type,
                R"({"factorType":"SMS","profile":{"phoneNumber":"188xxxx8888","phoneCountryCode":"+86"}})"});
  check_golden(send_enroll_factor_request_params{.factor_type = factor_type::otp},
               {http_method::post, base + "/api/v3/send-enroll-factor-request", json_type,
                R"({"factorType":"OTP","profile":{}})"});
  check_golden(enroll_factor_request{.enrollment_data = {.pass_code = "123456"}, .enrollment_token = "tok",
                                     .factor_type = factor_type::email},
               {http_method::post, base + "/api/v3/enroll-factor", json_type,
                R"({"enrollmentData":{"passCode":"123456"},"enrollmentToken":"tok","factorType":"EMAIL"})"});
  check_golden(enroll_factor_request{.enrollment_data = {.photo = "https://img/x.png", .is_external_photo = true},
                                     .enrollment_token = "tok", .factor_type = factor_type::face},
               {http_method::post, base + "/api/v3/enroll-factor", json_type,
                R"({"enrollmentData":{"photo":"https://img/x.png","isExternalPhoto":true},"enrollmentToken":"tok","factorType":"FACE"})"});
  check_golden(reset_factor_request{.factor_id = "635391f4xxxxxx6bba26ed4|email"},
               {http_method::post, base + "/api/v3/reset-factor", json_type, R"({"factorId":"635391f4xxxxxx6bba26ed4|email"})"});
  check_golden(list_enrolled_factors_request{}, {http_method::get, base + "/api/v3/list-enrolled-factors", {}, ""});
  check_golden(get_factor_request{.factor_id = "635391f4xxxxxx6bba26ed4|email"},
               {http_method::get, base + "/api/v3/get-factor?factorId=635391f4xxxxxx6bba26ed4%7Cemail", {}, ""});
  check_golden(list_factors_to_enroll_request{}, {http_method::get, base + "/api/v3/list-factors-to-enroll", {}, ""});
  check_golden(mfa_otp_verify_request{.totp = "012345"},
               {http_method::post, base + "/api/v3/mfa-totp-verify", json_type, R"({"totp":"012345"})"});
  check_golden(verify_mfa_token_request{.token = "a b+/="},
               {http_method::post, base + "/mfa/token/introspection", "application/x-www-form-urlencoded",
                "token=a+b%2B%2F%3D"});
  check_golden(web_authn_mfa_bind_initialize_request{},
               {http_method::post, base + "/api/v3/webauthn/mfa-bind/initialize", {}, ""});
  check_golden(web_authn_mfa_verify_initialize_request{},
               {http_method::post, base + "/api/v3/webauthn/mfa-verify/initialize", {}, ""});
}

TEST_CASE("token handling: raw token, Bearer prefix removed, no token no header, settable later") {
  auto o = options();
  o.access_token = "Bearer abc.def";
  CHECK(build(o, list_enrolled_factors_request{})->headers.find("authorization") == "abc.def");
  o.access_token = "bearer  abc.def";
  CHECK(build(o, list_enrolled_factors_request{})->headers.find("authorization") == "abc.def");
  o.access_token = "";
  CHECK_FALSE(build(o, list_enrolled_factors_request{})->headers.contains("authorization"));
  // Surrounding spaces are dropped from every header value, as in the management client.
  auto spaced = options();
  spaced.app_id = "  6433c0xxxxxxxxx9021b2cec ";
  spaced.access_token = " tok ";
  auto const trimmed = build(spaced, list_enrolled_factors_request{});
  CHECK(trimmed->headers.find("x-genauth-app-id") == "6433c0xxxxxxxxx9021b2cec");
  CHECK(trimmed->headers.find("authorization") == "tok");
  spaced.app_id = "   ";
  CHECK(build(spaced, list_enrolled_factors_request{}).error().code == errc::empty_argument);
  o.lang = "en-US";
  o.brand = authing_brand;
  auto const branded = build(o, list_enrolled_factors_request{});
  CHECK(branded->headers.find("x-authing-app-id") == "6433c0xxxxxxxxx9021b2cec");
  CHECK(branded->headers.find("x-authing-lang") == "en-US");

  testkit::fake_transport fake;
  authentication_client client(o, fake);
  client.set_access_token("fresh");
  (void)genauth::authentication::list_enrolled_factors(client);
  REQUIRE(fake.requests().size() == 1);
  CHECK(fake.requests()[0].headers.find("authorization") == "fresh");
}

TEST_CASE("every authentication fixture parses, and error fixtures keep apiCode, message and requestId") {
  auto const index = test::read_json("fixtures/INDEX.json");
  int checked = 0;
  for (auto const& entry : index.at("fixtures").as_array()) {
    std::string const file(entry.at("file").as_string());
    CAPTURE(file);
    boost::mp11::mp_for_each<authentication_endpoints>([&](auto tag) {
      using R = decltype(tag);
      if (std::string(to_string(R::method)) + " " + std::string(R::path) != entry.at("endpoint").as_string()) return;
      ++checked;
      auto const r = parse<R>(test::fixture(file));
      CHECK_MESSAGE(r.has_value(), r.error().to_string());
    });
  }
  CHECK(checked == 15);

  auto const api_error = [](auto tag, std::string const& file, std::int64_t api_code, std::string const& message,
                            std::string const& request_id) {
    using R = decltype(tag);
    auto const r = parse<R>(test::fixture(file));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind() == error_kind::api);
    CHECK(r.error().api_code == api_code);
    CHECK(r.error().message == message);
    CHECK(r.error().request_id == request_id);
  };
  api_error(list_enrolled_factors_request{}, "error.401.not-logged-in.2020.json", 2020, "Not logged in",
            "b03c5d7f-9bad-4fc0-8e4c-0d2f4b6d8f9a");
  api_error(enroll_factor_request{}, "error.422.face-already-bound.1706.json", 1706, "Face already bound",
            "e36f8a0c-2ed0-4cf3-9b7f-3a5c7e9a1c2d");
  // apiCode 6001 is an answer only for mfa-totp-verify; elsewhere it stays an error.
  api_error(enroll_factor_request{}, "error.400.totp-invalid.6001.json", 6001, "Invalid TOTP code",
            "d25e7f9b-1dcf-4be2-8a6e-2f4b6d8f0b1c");
}

TEST_CASE("typed results of the authentication fixtures") {
  auto const otp = parse<send_enroll_factor_request_params>(test::fixture("send-enroll-factor-request.success.otp.json"));
  REQUIRE(otp.has_value());
  CHECK(otp->enrollment_token.starts_with("TQoCISidM0kB"));
  REQUIRE(otp->otp_data.has_value());
  CHECK(otp->otp_data->qr_code_uri.starts_with("otpauth://totp/"));
  CHECK(otp->otp_data->recovery_code == "e7ad-aaa4-da75-fa37-57d1-5141");
  CHECK_FALSE(parse<send_enroll_factor_request_params>(test::fixture("send-enroll-factor-request.success.sms.json"))->otp_data);

  auto const one = parse<list_enrolled_factors_request>(test::fixture("list-enrolled-factors.success.json"));
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].factor_type == factor_type::sms);
  REQUIRE((*one)[0].sms().has_value());
  CHECK((*one)[0].sms()->phone_number == "188xxxx8888");
  CHECK((*one)[0].sms()->phone_country_code == "+86");
  CHECK_FALSE((*one)[0].email().has_value());
  auto const many = parse<list_enrolled_factors_request>(test::fixture("list-enrolled-factors.success.array.json"));
  REQUIRE(many->size() == 3);
  CHECK((*many)[1].factor_id == "635391f4xxxxxx6bba26ed4|email");
  CHECK((*many)[1].email()->email == "test@example.com");
  CHECK((*many)[2].profile.as_object().empty());
  CHECK(parse<list_enrolled_factors_request>(test::fixture("list-enrolled-factors.success.empty.json"))->empty());

  auto const future = parse<get_factor_request>(http_response{
      200, {}, R"({"statusCode":200,"message":"","data":{"factorId":"f","factorType":"PASSKEY","profile":{"k":1}}})"});
  REQUIRE(future.has_value());
  CHECK(future->factor_type.raw() == "PASSKEY");
  CHECK_FALSE(future->factor_type.is_known());
  CHECK_FALSE(future->sms().has_value());

  CHECK(parse<list_factors_to_enroll_request>(test::fixture("list-factors-to-enroll.success.json"))->at(0).factor_type ==
        factor_type::sms);
  CHECK(parse<list_factors_to_enroll_request>(test::fixture("list-factors-to-enroll.success.array.json"))->size() == 2);

  auto const active = parse<verify_mfa_token_request>(test::fixture("mfa-token-introspection.active.json"));
  REQUIRE(active.has_value());
  CHECK(active->active);
  CHECK(active->user_id == "6229ffaxxxxxxxxcade3e3d9");
  CHECK(active->exp == 1767225600);
  auto const inactive = parse<verify_mfa_token_request>(test::fixture("mfa-token-introspection.inactive.json"));
  CHECK_FALSE(inactive->active);
  CHECK_FALSE(inactive->user_id.has_value());
  CHECK(parse<verify_mfa_token_request>(test::fixture("error.502.gateway.html", 502)).error().kind() == error_kind::http);

  auto const raw = parse<web_authn_mfa_verify_initialize_request>(
      http_response{200, {}, R"({"statusCode":200,"message":"","data":{"ticket":"t","options":{"challenge":"c"}}})"});
  CHECK(raw->at("ticket") == "t");
}

TEST_CASE("a wrong TOTP code reads as verified == false, whichever way the server says it") {
  CHECK(parse<mfa_otp_verify_request>(test::fixture("mfa-totp-verify.success.json"))->verified);
  CHECK_FALSE(parse<mfa_otp_verify_request>(test::fixture("mfa-totp-verify.success.not-verified.json"))->verified);
  auto const as_error = parse<mfa_otp_verify_request>(test::fixture("error.400.totp-invalid.6001.json"));
  REQUIRE(as_error.has_value());
  CHECK_FALSE(as_error->verified);
  // Other errors stay errors.
  auto const other = parse<mfa_otp_verify_request>(test::fixture("error.401.not-logged-in.2020.json"));
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().api_code == 2020);
}

TEST_CASE("bad input to the authentication client is refused before anything is sent") {
  auto const refused = [](auto const& request, errc code, std::string const& message, std::string const& path,
                          authentication_options const& o = options()) {
    testkit::fake_transport fake;
    authentication_client client(o, fake);
    auto r = client.call(request);
    REQUIRE_FALSE(r.has_value());
    CHECK(fake.requests().empty());
    CHECK(r.error().kind() == error_kind::invalid_argument);
    CHECK(r.error().code == code);
    CHECK(r.error().message == message);
    CHECK(r.error().json_path == path);
  };
  refused(reset_factor_request{}, errc::empty_argument, "required value is empty", "factorId");
  refused(get_factor_request{}, errc::empty_argument, "required value is empty", "factorId");
  refused(enroll_factor_request{.enrollment_token = "tok", .factor_type = factor_type::sms}, errc::missing_factor_input,
          "SMS, EMAIL and OTP need a pass code", "enrollmentData.passCode");
  refused(enroll_factor_request{.enrollment_token = "tok", .factor_type = factor_type::face}, errc::missing_factor_input,
          "FACE needs a photo", "enrollmentData.photo");
  for (auto type : {factor_type::otp, factor_type::sms, factor_type::email})
    for (std::string bad : {"12345", "1234567", "12a456"})
      refused(enroll_factor_request{.enrollment_data = {.pass_code = bad}, .enrollment_token = "tok", .factor_type = type},
              errc::malformed_code, "a pass code must be six digits", "enrollmentData.passCode");
  refused(enroll_factor_request{.enrollment_data = {.pass_code = "123456"}}, errc::empty_argument,
          "required value is empty", "enrollmentToken");
  refused(send_enroll_factor_request_params{.factor_type = factor_type::sms}, errc::missing_factor_input,
          "SMS needs a phone number", "profile.phoneNumber");
  refused(send_enroll_factor_request_params{.factor_type = factor_type::email}, errc::missing_factor_input,
          "EMAIL needs an email address", "profile.email");
  for (std::string bad : {"12345", "1234567", "12a456", "12 456", "١٢٣٤٥٦"})
    refused(mfa_otp_verify_request{.totp = bad}, errc::malformed_code, "a TOTP code must be six digits", "totp");
  refused(mfa_otp_verify_request{}, errc::empty_argument, "required value is empty", "totp");
  refused(verify_mfa_token_request{}, errc::empty_argument, "required value is empty", "token");

  for (std::string bad : {std::string("a\rb"), std::string("a\nb"), std::string("a\0b", 3)}) {
    auto o = options();
    o.access_token = bad;
    refused(list_enrolled_factors_request{}, errc::control_character, "access token contains a control character", "", o);
    o = options();
    o.app_id = bad;
    refused(list_enrolled_factors_request{}, errc::control_character, "app id contains a control character", "", o);
  }
  auto o = options();
  o.app_id = "";
  refused(list_enrolled_factors_request{}, errc::empty_argument, "app id must not be empty", "", o);
  o = options();
  o.app_host = "";
  refused(list_enrolled_factors_request{}, errc::empty_argument, "app host must not be empty", "", o);
  o.app_host = "ftp://example.genauth.ai";
  refused(list_enrolled_factors_request{}, errc::malformed_host, "app host must use http or https", "", o);
}

TEST_CASE("each named method of the authentication client sends its endpoint's request and parses its result") {
  testkit::fake_transport fake;
  auto const fixture = [](std::string const& name) { return test::fixture(name); };
  fake.on(http_method::post, "/api/v3/send-enroll-factor-request", fixture("send-enroll-factor-request.success.otp.json"))
      .on(http_method::post, "/api/v3/enroll-factor", fixture("enroll-factor.success.json"))
      .on(http_method::post, "/api/v3/reset-factor", fixture("reset-factor.success.json"))
      .on(http_method::get, "/api/v3/list-enrolled-factors", fixture("list-enrolled-factors.success.array.json"))
      .on(http_method::get, "/api/v3/get-factor", fixture("get-factor.success.json"))
      .on(http_method::get, "/api/v3/list-factors-to-enroll", fixture("list-factors-to-enroll.success.array.json"))
      .on(http_method::post, "/api/v3/mfa-totp-verify", fixture("mfa-totp-verify.success.json"))
      .on(http_method::post, "/mfa/token/introspection", fixture("mfa-token-introspection.active.json"))
      .on(http_method::post, "/api/v3/webauthn/mfa-bind/initialize",
          {200, {}, R"({"statusCode":200,"data":{"challenge":"bind-challenge"}})"})
      .on(http_method::post, "/api/v3/webauthn/mfa-verify/initialize",
          {200, {}, R"({"statusCode":200,"data":{"challenge":"verify-challenge","ticket":"t1"}})"});
  authentication_client client(options(), fake);

  auto started = genauth::authentication::send_enroll_factor_request(client, {.factor_type = factor_type::otp});
  REQUIRE_MESSAGE(started.has_value(), started.error().to_string());
  CHECK_FALSE(started->enrollment_token.empty());
  CHECK(genauth::authentication::enroll_factor(client, {.enrollment_data = {.pass_code = "123456"}, .enrollment_token = "tok"}).has_value());
  CHECK(genauth::authentication::reset_factor(client, {.factor_id = "f1"}).has_value());
  auto enrolled = genauth::authentication::list_enrolled_factors(client);
  REQUIRE(enrolled.has_value());
  CHECK(enrolled->size() >= 2);
  auto factor = genauth::authentication::get_factor(client, {.factor_id = "6229ffaxxxxxxxxcade3e3d9"});
  REQUIRE(factor.has_value());
  CHECK(factor->factor_type == factor_type::sms);
  CHECK(factor->sms()->phone_number == "188xxxx8888");
  auto offered = genauth::authentication::list_factors_to_enroll(client);
  REQUIRE(offered.has_value());
  CHECK(offered->size() >= 2);
  CHECK(genauth::authentication::mfa_otp_verify(client, {.totp = "123456"})->verified);
  auto introspection = genauth::authentication::verify_mfa_token(client, {.token = "mfa-token"});
  REQUIRE(introspection.has_value());
  CHECK(introspection->active);
  auto bind = genauth::authentication::web_authn_mfa_bind_initialize(client);
  REQUIRE(bind.has_value());
  CHECK(bind->at("challenge") == "bind-challenge");
  auto verify = genauth::authentication::web_authn_mfa_verify_initialize(client);
  REQUIRE(verify.has_value());
  CHECK(verify->at("ticket") == "t1");

  auto const& sent = fake.requests();
  REQUIRE(sent.size() == 10);
  std::vector<std::string> const targets = {
      "POST " + base + "/api/v3/send-enroll-factor-request",
      "POST " + base + "/api/v3/enroll-factor",
      "POST " + base + "/api/v3/reset-factor",
      "GET " + base + "/api/v3/list-enrolled-factors",
      "GET " + base + "/api/v3/get-factor?factorId=6229ffaxxxxxxxxcade3e3d9",
      "GET " + base + "/api/v3/list-factors-to-enroll",
      "POST " + base + "/api/v3/mfa-totp-verify",
      "POST " + base + "/mfa/token/introspection",
      "POST " + base + "/api/v3/webauthn/mfa-bind/initialize",
      "POST " + base + "/api/v3/webauthn/mfa-verify/initialize",
  };
  std::vector<std::string> const bodies = {
      R"({"factorType":"OTP","profile":{}})",
      R"({"enrollmentData":{"passCode":"123456"},"enrollmentToken":"tok","factorType":"OTP"})",
      R"({"factorId":"f1"})",
      "",
      "",
      "",
      R"({"totp":"123456"})",
      "token=mfa-token",
      "",
      "",
  };
  for (std::size_t i = 0; i < sent.size(); ++i) {
    CAPTURE(i);
    CHECK(std::string(to_string(sent[i].method)) + " " + sent[i].url == targets[i]);
    CHECK(sent[i].body == bodies[i]);
    CHECK(sent[i].headers.find("authorization") == "user-access-token");
  }
}

TEST_CASE("set_access_token while other threads call: each call carries a whole token, old or new") {
  std::atomic<int> calls{0};
  std::mutex seen_mutex;
  std::set<std::string> seen;
  auto transport = [&](http_request const& r) -> transport_result {
    ++calls;
    std::lock_guard const lock(seen_mutex);
    seen.insert(std::string(r.headers.find("authorization").value_or("")));
    return http_response{200, {}, R"({"statusCode":200,"data":[]})"};
  };
  authentication_client client(options(), transport);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 250; ++i) CHECK(genauth::authentication::list_enrolled_factors(client).has_value());
    });
  for (int i = 0; i < 100; ++i) client.set_access_token("token-" + std::to_string(i));
  for (auto& th : threads) th.join();
  CHECK(calls == 1000);
  for (auto const& token : seen) CHECK((token == "user-access-token" || token.starts_with("token-")));
  CHECK(client.options().access_token == "token-99");
}

}  // namespace GENAUTH_UNITY_ID
