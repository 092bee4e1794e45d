#include "support.hpp"

#include <genauth/testkit/fake_transport.hpp>

#include <doctest/doctest.h>

// Bad input gets a typed error before anything is sent.

using namespace genauth;

namespace GENAUTH_UNITY_ID {

std::string const secret = "canary-access-key-secret-7f3a";

management_options options() {
  auto o = test::fixed_options();
  o.access_key_secret = secret;
  return o;
}

// Runs the request through a client whose transport records what reaches it.
template <class R>
error refused(R const& request, management_options const& o = options()) {
  testkit::fake_transport fake;
  management_client client(o, fake);
  auto r = client.call(request);
  REQUIRE_FALSE(r.has_value());
  CHECK(fake.requests().empty());
  CHECK(r.error().kind() == error_kind::invalid_argument);
  CHECK(r.error().to_string().find(secret) == std::string::npos);
  return r.error();
}

void check(error const& e, errc code, std::string_view message, std::string_view path = "") {
  CHECK(e.code == code);
  CHECK(e.message == message);
  CHECK(e.json_path == path);
}


TEST_CASE("empty required ids") {
  auto const empty = [](auto const& request, std::string_view path) {
    check(refused(request), errc::empty_argument, "required value is empty", path);
  };
  empty(get_user_mfa_info_request{}, "userId");
  empty(set_users_mfa_status_request{.user_id = "", .mfa_trigger_data = {.mfa_token = "t"}}, "userId");
  empty(set_users_mfa_status_request{.user_id = "u"}, "mfaTriggerData.mfaToken");
  empty(get_user_mfa_status_request{}, "userId");
  empty(get_mfa_trigger_data_request{.app_id = "", .user_id = "u"}, "appId");
  empty(get_mfa_trigger_data_request{.app_id = "a", .user_id = ""}, "userId");
  empty(import_otp_request{.list = {{.user_id = "u", .otp = {.secret = "S"}}, {.user_id = "", .otp = {.secret = "S"}}}},
        "list[1].userId");
  empty(import_otp_request{.list = {{.user_id = "u", .otp = {.secret = ""}}}}, "list[0].otp.secret");
  empty(get_otp_secret_by_user_request{}, "userId");
  empty(update_application_mfa_settings_request{}, "appId");
}

TEST_CASE("credentials must be present") {
  auto o = options();
  o.access_key_id = "";
  check(refused(get_global_mfa_settings_request{}, o), errc::empty_argument, "access key id must not be empty");
  o = options();
  o.access_key_secret = "";
  check(refused(get_global_mfa_settings_request{}, o), errc::empty_argument, "access key secret must not be empty");
}

TEST_CASE("control characters and non-ASCII in anything that becomes a header") {
  struct field {
    std::string management_options::*member;
    std::string_view name;
  };
  for (auto const& f : {field{&management_options::tenant_id, "tenant id"}, field{&management_options::lang, "lang"},
                        field{&management_options::access_key_id, "access key id"},
                        field{&management_options::sdk_version, "sdk version"}}) {
    CAPTURE(f.name);
    for (std::string bad : {std::string("a\rb"), std::string("a\nb"), std::string("a\0b", 3), std::string("a\tb"),
                            std::string("a\x7f"), std::string("a\x1b")}) {
      auto o = options();
      o.*f.member = bad;
      check(refused(get_global_mfa_settings_request{}, o), errc::control_character,
            std::string(f.name) + " contains a control character");
    }
    auto o = options();
    o.*f.member = "tenant-é";
    check(refused(get_global_mfa_settings_request{}, o), errc::invalid_header_value,
          std::string(f.name) + " must be plain ASCII");
  }
}

TEST_CASE("a nonce source must give a header-safe value") {
  auto o = options();
  o.nonce = [] { return std::string(); };
  check(refused(get_global_mfa_settings_request{}, o), errc::empty_argument, "nonce must not be empty");
  o.nonce = [] { return std::string("abc\r\nx-injected: 1"); };
  check(refused(get_global_mfa_settings_request{}, o), errc::control_character, "nonce contains a control character");
}

TEST_CASE("invalid UTF-8 in any string") {
  auto const bad = std::string("\xc3\x28");
  check(refused(get_user_mfa_info_request{.user_id = bad}), errc::invalid_utf8, "string is not valid UTF-8", "userId");
  check(refused(set_users_mfa_status_request{.user_id = "u", .mfa_trigger_data = {.mfa_token = "t", .nickname = bad}}),
        errc::invalid_utf8, "string is not valid UTF-8", "mfaTriggerData.nickname");
  check(refused(import_otp_request{.list = {{.user_id = "u", .otp = {.secret = "S", .recovery_code = bad}}}}),
        errc::invalid_utf8, "string is not valid UTF-8", "list[0].otp.recoveryCode");
  check(refused(set_users_mfa_status_request{
            .user_id = "u", .mfa_trigger_data = {.mfa_token = "t", .application_mfa = {{.mfa_policy = open_enum<factor_type>(bad)}}}}),
        errc::invalid_utf8, "string is not valid UTF-8", "mfaTriggerData.applicationMfa[0].mfaPolicy");
}

TEST_CASE("malformed hosts") {
  struct row {
    std::string host;
    std::string_view message;
  };
  for (auto const& r : std::vector<row>{
           {"ftp://api.genauth.ai", "host must use http or https"},
           {"https://", "host has no host name"},
           {"https:///path", "host has no host name"},
           {"https://api genauth.ai", "host contains white space, a control character or non-ASCII"},
           {"https://api.genauth.ai\r\nx", "host contains white space, a control character or non-ASCII"},
           {"https://hést.example", "host contains white space, a control character or non-ASCII"},
           {"https://user:pw@api.genauth.ai", "host must not contain user info"},
           {"https://api.genauth.ai?x=1", "host must not contain a query or fragment"},
           {"https://api.genauth.ai#top", "host must not contain a query or fragment"},
           {"https://api.genauth.ai:0", "host has a port out of range"},
           {"https://api.genauth.ai:65536", "host has a port out of range"},
           {"https://api.genauth.ai:http", "host has a malformed port"},
           {"https://api.genauth.ai:", "host has a malformed port"},
           {"https://:443", "host has no host name"},
           {"https://[::1", "host has an unterminated IPv6 literal"},
       }) {
    CAPTURE(r.host);
    auto o = options();
    o.host = r.host;
    check(refused(get_global_mfa_settings_request{}, o), errc::malformed_host, r.message);
  }
}

TEST_CASE("a malformed path given to sign_request") {
  for (std::string_view path : {"", "api/v3/x", "/api/v3/x?y=1", "/api v3", "/api/\xc3\xa9"}) {
    auto s = sign_request(options(), http_method::get, path, {});
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == errc::malformed_path);
  }
}

}  // namespace GENAUTH_UNITY_ID
