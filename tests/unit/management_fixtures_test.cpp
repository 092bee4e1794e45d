#include "support.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

namespace json = boost::json;
using namespace genauth;

namespace GENAUTH_UNITY_ID {

using management_endpoints = management::mfa_endpoints;

template <class R>
auto parse_fixture(std::string const& name, int status = 200) {
  return parse<R>(test::fixture(name, status));
}


TEST_CASE("every management fixture parses into its endpoint's result, or into the api error it carries") {
  auto const index = test::read_json("fixtures/INDEX.json");
  int checked = 0;
  for (auto const& entry : index.at("fixtures").as_array()) {
    std::string const file(entry.at("file").as_string());
    std::string const endpoint(entry.at("endpoint").as_string());
    int const status = static_cast<int>(entry.at("httpStatusToServe").as_int64());
    CAPTURE(file);
    boost::mp11::mp_for_each<management_endpoints>([&](auto tag) {
      using R = decltype(tag);
      std::string const route = std::string(to_string(R::method)) + " " + std::string(R::path);
      if (route != endpoint) return;
      ++checked;
      auto const body = json::parse(test::read_file("fixtures/" + file));
      auto const r = parse_fixture<R>(file, status);
      if (body.at("statusCode").as_int64() == 200) {
        CHECK_MESSAGE(r.has_value(), r.error().to_string());
      } else {
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().kind() == error_kind::api);
        CHECK(r.error().status_code == body.at("statusCode").as_int64());
        CHECK(r.error().message == std::string_view(body.at("message").as_string()));
        CHECK(r.error().request_id == std::string_view(body.at("requestId").as_string()));
      }
    });
  }
  CHECK(checked == 16);
}

TEST_CASE("M1 user MFA info: booleans and enabled/disabled strings") {
  auto b = parse_fixture<get_user_mfa_info_request>("get-user-mfa-info.success.json");
  REQUIRE(b.has_value());
  CHECK((b->totp_status && b->face_mfa_status && b->sms_mfa_status && b->email_mfa_status));
  auto s = parse_fixture<get_user_mfa_info_request>("get-user-mfa-info.success.string-status.json");
  REQUIRE(s.has_value());
  CHECK(s->totp_status);
  CHECK_FALSE(s->face_mfa_status);
  CHECK(s->sms_mfa_status);
  CHECK_FALSE(s->email_mfa_status);
  auto e = parse_fixture<get_user_mfa_info_request>("get-user-mfa-info.error.400.invalid-user-id.zh-CN.json");
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().status_code == 400);
  CHECK_FALSE(e.error().api_code.has_value());
  CHECK(e.error().message == "参数 userId 格式错误");
}

TEST_CASE("M3/M4 trigger data: nulls, array or single object, extra fields") {
  auto a = parse_fixture<get_user_mfa_status_request>("get-mfa-status.success.json");
  REQUIRE(a.has_value());
  CHECK(a->mfa_token == "xxxxxxx");
  CHECK_FALSE(a->mfa_phone.has_value());
  CHECK(a->face_mfa_enabled == true);
  REQUIRE(a->application_mfa.size() == 1);
  CHECK(a->application_mfa[0].mfa_policy == factor_type::email);
  CHECK(a->application_mfa[0].status == 1);
  CHECK(a->application_mfa[0].sort == 0);
  auto o = parse_fixture<get_mfa_trigger_data_request>("get-mfa-trigger-data.success.application-mfa-object.json");
  REQUIRE(o.has_value());
  CHECK(o->mfa_email == "authing@authing.com");
  CHECK_FALSE(o->totp_mfa_enabled.has_value());
  REQUIRE(o->application_mfa.size() == 1);
  CHECK_FALSE(o->application_mfa[0].sort.has_value());
  auto x = parse_fixture<get_user_mfa_status_request>("get-mfa-status.success.extra-fields.json");
  REQUIRE(x.has_value());
  REQUIRE(x->application_mfa.size() == 2);
  CHECK(x->application_mfa[1].mfa_policy == factor_type::sms);
}

TEST_CASE("M2, M5, M6 results") {
  CHECK(parse_fixture<set_users_mfa_status_request>("set-mfa-status.success.json")->success);
  CHECK(parse_fixture<import_otp_request>("import-otp.success.json").has_value());
  CHECK(parse_fixture<get_otp_secret_by_user_request>("get-otp-secret-by-user.success.json")->secret == "e2345asdfwagw13424");
}

TEST_CASE("M7-M10 settings: factor lists as arrays or as JSON text in a string") {
  auto const factors = [](result<mfa_settings> const& r) {
    std::vector<std::string> out;
    for (auto const& f : r->enabled_factors) out.push_back(f.raw());
    return out;
  };
  using list = std::vector<std::string>;
  CHECK(factors(parse_fixture<update_application_mfa_settings_request>("update-application-mfa-settings.success.json")) == list{"SMS"});
  CHECK(factors(parse_fixture<get_global_mfa_settings_request>("get-global-mfa-settings.success.json")) == list{"SMS"});
  CHECK(factors(parse_fixture<get_global_mfa_settings_request>("get-global-mfa-settings.success.array.json")) ==
        list{"SMS", "EMAIL", "OTP"});
  CHECK(factors(parse_fixture<update_global_mfa_settings_request>("update-global-mfa-settings.success.json")) == list{"SMS"});
  CHECK(factors(parse_fixture<close_global_mfa_settings_request>("disable-global-mfa-settings.success.json")) == list{"SMS"});
}

TEST_CASE("error fixtures keep statusCode, apiCode, message and requestId") {
  struct row {
    std::string file;
    std::int64_t status_code;
    std::optional<std::int64_t> api_code;
    std::string message, request_id;
    int http = 200;
  };
  std::vector<row> const rows = {
      {"error.401.aksk-signature-invalid.1300.json", 401, 1300, "Invalid AK/SK signature", "8d0f2a4c-6e7a-4c9d-b1f3-7a9c1e3a5c6d"},
      {"error.401.date-skew.1305.json", 401, 1305, "Signature timestamp too far from server time", "9e1a3b5d-7f8b-4dae-8c2a-8b0d2f4b6d7e"},
      {"error.401.nonce-replayed.1306.json", 401, 1306, "Signature already used", "af2b4c6e-8a9c-4ebf-9d3b-9c1e3a5c7e8f"},
      {"error.403.bad-credentials.2333.json", 403, 2333, "Account not exists or password is incorrect.", "xxxxxx-xxxxxx-xxxxxx-xxxxxx"},
      {"error.404.user-not-found.2004.json", 404, 2004, "User not found", "c14d6e8a-0cbe-4ad1-9f5d-1e3a5c7e9a0b"},
      {"error.429.throttled.json", 429, std::nullopt, "您的请求已超过最大数量限制，请稍后重试", ""},
      {"error.500.server-error.json", 500, std::nullopt, "Internal server error", "f47a9b1d-3fe1-4d04-8c8a-4b6d8f0b2d3e", 500},
      {"envelope.success.empty-message.json", 200, std::nullopt, "", ""},
  };
  for (auto const& r : rows) {
    CAPTURE(r.file);
    auto const parsed = parse_fixture<get_user_mfa_info_request>(r.file, r.http);
    if (r.status_code == 200) {
      // An empty data object is a decode error for an endpoint that needs fields in it.
      REQUIRE_FALSE(parsed.has_value());
      CHECK(parsed.error().code == errc::missing_field);
      CHECK(parsed.error().json_path == "data.totpStatus");
      continue;
    }
    REQUIRE_FALSE(parsed.has_value());
    auto const& e = parsed.error();
    CHECK(e.kind() == error_kind::api);
    CHECK(e.code == errc::api_error);
    CHECK(e.http_status == r.http);
    CHECK(e.status_code == r.status_code);
    CHECK(e.api_code == r.api_code);
    CHECK(e.message == r.message);
    CHECK(e.request_id == r.request_id);
  }
}

TEST_CASE("a proxy's HTML page is an http error that keeps the status and size, not the bytes") {
  auto const page = test::read_file("fixtures/error.502.gateway.html");
  auto const r = parse_fixture<get_user_mfa_info_request>("error.502.gateway.html", 502);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind() == error_kind::http);
  CHECK(r.error().http_status == 502);
  CHECK(r.error().body_size == page.size());
  CHECK(r.error().to_string() == "http error (HTTP 502): HTTP 502 with a body of " + std::to_string(page.size()) +
                                     " bytes that is not JSON");
}

}  // namespace GENAUTH_UNITY_ID
