// The token endpoints, PKCE and the URL builders against the official SDK's own bytes
// (tests/data/oidc-requests.json, tools/oidc_vectors.sh), every difference named.

#include "support.hpp"

#include <genauth/authentication/authorize.hpp>
#include <genauth/authentication/cas.hpp>
#include <genauth/authentication/client.hpp>
#include <genauth/authentication/pkce.hpp>
#include <genauth/authentication/sign_in.hpp>
#include <genauth/authentication/tokens.hpp>
#include <genauth/authentication/api/sign_in.hpp>
#include <genauth/protocol/parse.hpp>
#include <genauth/protocol/redact.hpp>
#include <genauth/testkit/fake_transport.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace genauth;
namespace json = boost::json;

namespace GENAUTH_UNITY_ID {

json::object const& vectors() {
  static json::object const v = test::read_json("oidc-requests.json").as_object();
  return v;
}

authentication_options vector_options(client_auth_method method) {
  auto const& app = vectors().at("app").as_object();
  authentication_options o;
  o.app_id = app.at("appId").as_string();
  o.app_host = app.at("appHost").as_string();
  o.app_secret = app.at("appSecret").as_string();
  o.redirect_uri = app.at("redirectUri").as_string();
  o.brand = authing_brand;
  o.token_endpoint_auth_method = o.introspection_endpoint_auth_method = o.revocation_endpoint_auth_method = method;
  return o;
}

client_auth_method method_named(std::string_view name) {
  return name == "client_secret_post"    ? client_auth_method::client_secret_post
         : name == "client_secret_basic" ? client_auth_method::client_secret_basic
                                         : client_auth_method::none;
}

result<http_request> build_named(std::string_view name, authentication_options const& o) {
  std::string const verifier(vectors().at("verifier").as_string());
  std::string const redirect(vectors().at("app").at("redirectUri").as_string());
  if (name == "access_token_by_code")
    return build(o, access_token_by_code_request{.code = "code-1 of/8", .redirect_uri = redirect, .code_verifier = verifier});
  if (name == "access_token_by_client_credentials")
    return build(o, access_token_by_client_credentials_request{.scope = "read:users write:users"});
  if (name == "new_access_token_by_refresh_token")
    return build(o, new_access_token_by_refresh_token_request{.refresh_token = "refresh+token/1"});
  if (name == "revoke_token") return build(o, revoke_token_request{.token = "access.token.value"});
  if (name == "introspect_token") return build(o, introspect_token_request{.token = "access.token.value"});
  using in = sign_in_by_credentials_request;
  if (name == "sign_in_by_email_password") return build(o, in::by_email_password("a@example.com", "pw \"1\""));
  if (name == "sign_in_by_phone_password") return build(o, in::by_phone_password("13800138000", "pw"));
  if (name == "sign_in_by_username_password")
    return build(o, in::by_username_password("alice", "pw", sign_in_options{.scope = "openid offline_access"}));
  if (name == "sign_in_by_account_password") return build(o, in::by_account_password("alice", "pw"));
  if (name == "sign_in_by_email_pass_code") return build(o, in::by_email_pass_code("a@example.com", "123456"));
  if (name == "sign_in_by_phone_pass_code") return build(o, in::by_phone_pass_code("13800138000", "123456", "+86"));
  if (name == "sign_in_by_ad") return build(o, in::by_ad("alice", "pw"));
  if (name == "sign_in_by_ldap") return build(o, in::by_ldap("alice", "pw"));
  if (name == "sign_up_by_email_password")
    return build(o, sign_up_request::by_email_password("a@example.com", "pw", sign_up_profile{.nickname = "A"}));
  if (name == "sign_up_by_username_password") return build(o, sign_up_request::by_username_password("alice", "pw"));
  if (name == "sign_up_by_email_code") return build(o, sign_up_request::by_email_code("a@example.com", "123456"));
  if (name == "cas_validate")
    return build(o, cas_validate_request{.service = "https://app.example/cas?x=1", .ticket = "ST-1 2"});
  if (name == "cas_service_validate")
    return build(o, cas_service_validate_request{.service = "https://app.example/cas?x=1", .ticket = "ST-1 2"});
  return build(o, sign_up_request::by_phone_code("13800138000", "123456"));
}

std::string basic(std::string_view id_colon_secret) { return "Basic " + crypto::base64_encode(id_colon_secret); }

TEST_CASE("the token endpoints and sign-in send what the official SDK sends, but for the named differences") {
  int same = 0, differ = 0;
  for (auto const& item : vectors().at("cases").as_array()) {
    auto const& c = item.as_object();
    if (!c.contains("request")) continue;
    std::string const name(c.at("name").as_string());
    std::string const auth(c.at("auth").as_string());
    CAPTURE(name);
    CAPTURE(auth);
    auto const& want = c.at("request").as_object();
    auto const got = build_named(name, vector_options(method_named(auth)));
    REQUIRE_MESSAGE(got.has_value(), got.error().to_string());
    CHECK(to_string(got->method) == want.at("method").as_string());
    CHECK(got->url == want.at("url").as_string());
    CHECK(got->headers.find("x-authing-app-id") == want.at("headers").at("x-authing-app-id").as_string());
    if (auto const* type = want.at("headers").as_object().if_contains("content-type"))
      CHECK(got->headers.find("content-type") == type->as_string());
    else
      CHECK_FALSE(got->headers.contains("content-type"));

    std::string body(want.at("body").as_string());
    std::optional<std::string> authorization;
    if (auto const* a = want.at("headers").as_object().if_contains("authorization")) authorization = a->as_string();
    // D-T1: client credentials are the client's credentials, sent as its method says (the
    // official SDK always posts id and secret, with Basic too, and posts the secret of a public client).
    if (name == "access_token_by_client_credentials" && auth != "client_secret_post") {
      std::string const posted = "client_id=6433c0xxxxxxxxx9021b2cec&client_secret=app-secret%2Fwith%2Bsymbols&";
      REQUIRE(body.starts_with(posted));
      body = (auth == "none" ? "client_id=6433c0xxxxxxxxx9021b2cec&" : "") + body.substr(posted.size());
      ++differ;
    }
    // D-T2: HTTP Basic carries the id and secret form-encoded (RFC 6749 2.3.1), which the
    // provider decodes; the official SDK sends them raw, wrong for a secret with '/' or '+'.
    if (authorization) {
      CHECK(*authorization == basic("6433c0xxxxxxxxx9021b2cec:app-secret/with+symbols"));
      authorization = basic("6433c0xxxxxxxxx9021b2cec:app-secret%2Fwith%2Bsymbols");
      ++differ;
    }
    // D-T6: sign-up's email code payload keeps one member order for email and phone; the
    // official SDK writes passCode first for email only. The same object, unsigned.
    if (name == "sign_up_by_email_code") {
      CHECK(json::parse(got->body) == json::parse(body));
      CHECK(got->body != body);
      ++differ;
    } else {
      CHECK(got->body == body);
    }
    CHECK(got->headers.find("authorization") == authorization);
    ++same;
  }
  CHECK(same == 45);
  CHECK(differ == 16);
}

TEST_CASE("the URL builders write what the official SDK writes") {
  auto const o = vector_options(client_auth_method::client_secret_post);
  auto const url = [&](std::string_view name) {
    for (auto const& item : vectors().at("cases").as_array())
      if (item.at("name").as_string() == name) return std::string(item.at("url").as_string());
    FAIL("no vector " << name);
    return std::string();
  };
  auto a = build_authorize_url(o, {.scope = "openid profile offline_access", .state = "state 1", .nonce = "nonce/1"});
  REQUIRE(a.has_value());
  CHECK(a->url == url("authorize_url"));
  CHECK(a->state == "state 1");
  CHECK(a->nonce == "nonce/1");
  a = build_authorize_url(o, {.redirect_uri = "https://other.example/cb", .state = "s", .nonce = "n",
                              .tenant_id = "tenant-1", .forced = true});
  REQUIRE(a.has_value());
  CHECK(a->url == url("authorize_url_forced"));
  CHECK(build_logout_url(o, {.redirect_uri = "https://app.example/bye", .id_token = "id.token.x", .state = "s 1"}).value() ==
        url("logout_url"));
  CHECK(build_logout_url(o).value() == url("logout_url_bare"));
  CHECK(code_challenge_s256(std::string(vectors().at("verifier").as_string())).value() == url("code_challenge_rfc7636_b"));
}

TEST_CASE("O2 PKCE: RFC 7636 appendix B, fresh verifiers, and verifiers refused") {
  CHECK(code_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").value() ==
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  std::set<std::string> seen;
  for (int i = 0; i < 64; ++i) {
    auto v = make_code_verifier();
    REQUIRE(v.has_value());
    CHECK(v->size() == 43);
    CHECK_FALSE(check_code_verifier(*v));
    seen.insert(*v);
  }
  CHECK(seen.size() == 64);
  CHECK(check_code_verifier(std::string(42, 'a'))->code == errc::malformed_code_verifier);
  CHECK_FALSE(check_code_verifier(std::string(128, '~')));
  CHECK(check_code_verifier(std::string(129, 'a'))->code == errc::malformed_code_verifier);
  CHECK(check_code_verifier(std::string(42, 'a') + "+")->code == errc::malformed_code_verifier);
  auto const refused = build(vector_options(client_auth_method::none),
                             access_token_by_code_request{.code = "c", .code_verifier = "short"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == errc::malformed_code_verifier);
  CHECK(refused.error().json_path == "code_verifier");
  CHECK(refused.error().message.find("short") == std::string::npos);
}

TEST_CASE("O3 the authorization URL: state, nonce and the PKCE challenge") {
  auto const o = vector_options(client_auth_method::none);
  auto const a = build_authorize_url(o, {.code_verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"});
  REQUIRE(a.has_value());
  CHECK(a->state.size() == 22);  // 128 bits, base64url
  CHECK(a->nonce.size() == 22);
  CHECK(a->state != a->nonce);
  // D-T3: the challenge is sent (the official SDK takes codeChallenge and drops it).
  CHECK(a->url.find("&nonce=" + a->nonce + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                                           "&code_challenge_method=S256") != std::string::npos);
  CHECK(build_authorize_url(o, {.state = "a", .nonce = "b"})->state == "a");
  CHECK(build_authorize_url(o, {.code_verifier = "x"}).error().code == errc::malformed_code_verifier);
  auto no_redirect = o;
  no_redirect.redirect_uri.clear();
  CHECK(build_authorize_url(no_redirect).error().code == errc::empty_argument);
  CHECK(build_authorize_url(o, {.state = std::string("\xff")}).error().code == errc::invalid_utf8);
}

TEST_CASE("O3 the application's credentials: required unless public, never the user's token") {
  auto o = vector_options(client_auth_method::client_secret_post);
  o.access_token = "user-token-value";
  auto const req = build(o, revoke_token_request{.token = "t0ken"});
  REQUIRE(req.has_value());
  CHECK_FALSE(req->headers.contains("authorization"));  // D-T5
  o.app_secret.clear();
  for (auto m : {client_auth_method::client_secret_post, client_auth_method::client_secret_basic}) {
    o.token_endpoint_auth_method = m;
    auto const e = build(o, access_token_by_client_credentials_request{.scope = "s"});
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().code == errc::empty_argument);
  }
  o.token_endpoint_auth_method = client_auth_method::none;
  CHECK(build(o, access_token_by_client_credentials_request{.scope = "s"})->body ==
        "client_id=6433c0xxxxxxxxx9021b2cec&grant_type=client_credentials&scope=s");
  o.token_endpoint_auth_method = static_cast<client_auth_method>(7);
  CHECK(build(o, access_token_by_client_credentials_request{.scope = "s"}).error().code == errc::invalid_enum_value);
  CHECK(build(o, new_access_token_by_refresh_token_request{}).error().code == errc::empty_argument);
}

TEST_CASE("mobile and QR-code sign-in: the application's Basic credentials under client_secret_basic, else the user's token") {
  auto o = vector_options(client_auth_method::client_secret_post);
  o.access_token = "user-token-value";
  sign_in_by_mobile_request const mobile{.ext_idp_connidentifier = "wechat-mobile"};
  exchange_token_set_with_qr_code_ticket_request const qr{.ticket = "t1"};
  CHECK(build(o, mobile)->headers.find("authorization") == "user-token-value");
  CHECK(build(o, qr)->headers.find("authorization") == "user-token-value");
  o.token_endpoint_auth_method = client_auth_method::client_secret_basic;  // as the official SDK: Basic instead
  // base64("6433c0xxxxxxxxx9021b2cec:app-secret%2Fwith%2Bsymbols"): the secret form-encoded first (D-T2)
  std::string_view const basic = "Basic NjQzM2MweHh4eHh4eHh4OTAyMWIyY2VjOmFwcC1zZWNyZXQlMkZ3aXRoJTJCc3ltYm9scw==";
  CHECK(build(o, mobile)->headers.find("authorization") == basic);
  CHECK(build(o, qr)->headers.find("authorization") == basic);
  CHECK(build(o, qr)->body == R"({"ticket":"t1"})");  // the secret only in the header
  o.app_secret.clear();
  CHECK(build(o, mobile).error().code == errc::empty_argument);
  o.token_endpoint_auth_method = client_auth_method::none;  // a public client: the user's token, as before
  CHECK(build(o, mobile)->headers.find("authorization") == "user-token-value");
}

TEST_CASE("O3 user info: the client's token as a bearer, in the header") {
  auto o = vector_options(client_auth_method::none);
  CHECK(build(o, user_info_request{}).error().code == errc::empty_argument);
  o.access_token = "Bearer abc.def.ghi";
  auto const req = build(o, user_info_request{});
  REQUIRE(req.has_value());
  // D-T4: the official SDK puts the token in the URL (?access_token=), which RFC 6750 and 9700 advise against.
  CHECK(req->url == "https://example.genauth.ai/oidc/me");
  CHECK(req->headers.find("authorization") == "Bearer abc.def.ghi");
}

TEST_CASE("O1 answers without envelope: token sets, introspection, OAuth refusals") {
  auto const tokens = parse<access_token_by_code_request>(
      {200, {}, R"({"access_token":"a.b.c","id_token":"d.e.f","expires_in":1209600,"token_type":"Bearer","scope":"openid"})"});
  REQUIRE(tokens.has_value());
  CHECK(tokens->access_token == "a.b.c");
  CHECK(tokens->id_token == "d.e.f");
  CHECK(tokens->expires_in == 1209600);
  CHECK_FALSE(tokens->refresh_token);
  auto const refused = parse<access_token_by_code_request>(
      {400, {}, R"({"error":"invalid_grant","error_description":"grant request is invalid"})"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == errc::oauth_error);
  CHECK(refused.error().kind() == error_kind::api);
  CHECK(refused.error().oauth_error == "invalid_grant");
  CHECK(refused.error().message == "grant request is invalid");
  CHECK(refused.error().http_status == 400);
  CHECK_FALSE(refused.error().is_retryable());
  CHECK(refused.error().to_string() == "api error (HTTP 400) invalid_grant: grant request is invalid");
  auto const proxy = parse<access_token_by_code_request>({502, {}, "<html>bad gateway</html>"});
  CHECK(proxy.error().code == errc::http_status);
  CHECK(proxy.error().is_retryable());
  auto const no_error = parse<access_token_by_code_request>({401, {}, R"({"message":"no"})"});
  CHECK(no_error.error().code == errc::http_status);
  CHECK(parse<access_token_by_code_request>({200, {}, R"({"token_type":"Bearer"})"}).error().code ==
        errc::missing_field);
  CHECK(parse<revoke_token_request>({200, {}, ""}).has_value());
  CHECK(parse<revoke_token_request>({200, {}, "OK"}).has_value());
  CHECK(parse<revoke_token_request>({401, {}, R"({"error":"invalid_client"})"}).error().oauth_error ==
        "invalid_client");
  auto const active = parse<introspect_token_request>(
      {200, {}, R"({"active":true,"sub":"u1","client_id":"app","exp":1700000000,"scope":"openid"})"});
  REQUIRE(active.has_value());
  CHECK(active->active);
  CHECK(active->client_id == "app");
  CHECK(parse<introspect_token_request>({200, {}, R"({"active":false})"})->active == false);
  auto const me = parse<user_info_request>({200, {}, R"({"sub":"u1","email":"a@b.c","email_verified":true})"});
  REQUIRE(me.has_value());
  CHECK(me->sub == "u1");
  CHECK(me->email_verified == true);
}

TEST_CASE("O1 token values and the app secret never reach an error or a log line") {
  testkit::fake_transport transport;
  transport.on(http_method::post, "/oidc/token",
               {400, {}, R"({"error":"invalid_grant","error_description":"refresh token r3fr3sh-t0ken-value )"
                         R"(of client app-secret/with+symbols is revoked"})"});
  auto o = vector_options(client_auth_method::client_secret_basic);
  authentication_client client(o, transport);
  auto const r = genauth::authentication::get_new_access_token_by_refresh_token(client, {.refresh_token = "r3fr3sh-t0ken-value"});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().oauth_error == "invalid_grant");
  CHECK(r.error().message.find("r3fr3sh") == std::string::npos);
  CHECK(r.error().message.find("app-secret") == std::string::npos);
  CHECK(r.error().to_string().find("r3fr3sh") == std::string::npos);
  auto const printed = to_redacted_string(transport.requests().at(0));
  CHECK(printed.find("r3fr3sh") == std::string::npos);
  CHECK(printed.find("Basic") == std::string::npos);
}

}  // namespace GENAUTH_UNITY_ID

namespace GENAUTH_UNITY_ID {

TEST_CASE("O4 CAS answers: 1.0 text and 2.0 JSON") {
  auto const yes = parse<cas_validate_request>({200, {}, "yes\nalice\n"});
  REQUIRE(yes.has_value());
  CHECK(yes->valid);
  CHECK(yes->user == "alice");
  auto const no = parse<cas_validate_request>({200, {}, "no\n\n"});
  REQUIRE(no.has_value());
  CHECK_FALSE(no->valid);
  CHECK(parse<cas_validate_request>({200, {}, "<html>"}).error().code == errc::unknown_value);
  CHECK(parse<cas_validate_request>({200, {}, "yes\n\n"}).error().code == errc::missing_field);
  CHECK(parse<cas_validate_request>({502, {}, "yes\nalice\n"}).error().code == errc::http_status);
  CHECK(parse<cas_validate_request>({200, {}, std::string(response_limits{}.max_body_size + 1, 'y')}).error().code ==
        errc::body_too_large);

  auto const ok = parse<cas_service_validate_request>(
      {200, {}, R"({"serviceResponse":{"authenticationSuccess":{"user":"alice","attributes":{"email":"a@b.c"}}}})"});
  REQUIRE(ok.has_value());
  CHECK(ok->valid);
  CHECK(ok->user == "alice");
  CHECK(ok->attributes->at("email") == "a@b.c");
  auto const refused = parse<cas_service_validate_request>(
      {200, {}, R"({"serviceResponse":{"authenticationFailure":{"code":"INVALID_TICKET","description":"used"}}})"});
  REQUIRE(refused.has_value());
  CHECK_FALSE(refused->valid);
  CHECK(refused->code == "INVALID_TICKET");
  CHECK(parse<cas_service_validate_request>({200, {}, R"({"authenticationFailure":{"code":"X"}})"})->code == "X");
  CHECK(parse<cas_service_validate_request>({200, {}, "<cas:serviceResponse/>"}).error().code == errc::not_json);
  CHECK(parse<cas_service_validate_request>({200, {}, R"({"serviceResponse":{}})"}).error().code ==
        errc::missing_field);
}

}  // namespace GENAUTH_UNITY_ID
