// The emulator as an OpenID Connect provider, through both transports over HTTPS: the
// authorization-code flow with PKCE, refresh, client credentials, introspection, revocation and
// user info, with each client authentication method; the ID token checked against the
// provider's published keys.

#include <genauth/authentication.hpp>
#include <genauth/jwt/key_cache.hpp>
#include <genauth/transport/beast.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include "quiet.hpp"
#include "test_pki.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace genauth;
using namespace std::chrono_literals;

namespace {

genauth_emulator::options tls() {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  return o;
}

curl_transport make_transport(curl_transport const*) {
  curl_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  return curl_transport(o);
}

beast_transport make_transport(beast_transport const*) {
  beast_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  return beast_transport(o);
}

constexpr std::string_view redirect_uri = "http://localhost/callback";

/// The value of `key` in the query of `url`, still encoded.
std::string query_value(std::string_view url, std::string_view key) {
  std::string const marker = std::string(key) + "=";
  for (std::size_t at = url.find('?'); at != std::string_view::npos; at = url.find('&', at + 1)) {
    if (url.substr(at + 1, marker.size()) != marker) continue;
    auto const start = at + 1 + marker.size();
    return std::string(url.substr(start, url.find('&', start) - start));
  }
  return {};
}

template <class Transport>
struct provider {
  genauth_emulator::server server{tls(), genauth_emulator::default_seed()};
  Transport transport = make_transport(static_cast<Transport const*>(nullptr));

  [[nodiscard]] authentication_options options(client_auth_method method) const {
    authentication_options o;
    o.app_id = "emulator-app";
    o.app_host = server.url();
    o.app_secret = "emulator-app-secret";
    o.redirect_uri = std::string(redirect_uri);
    o.scope = "openid profile email offline_access";
    o.token_endpoint_auth_method = o.introspection_endpoint_auth_method = o.revocation_endpoint_auth_method = method;
    o.retry = retry_policy::disabled();
    return o;
  }

  /// What a browser does at the authorization URL: the emulator signs `user` in and redirects
  /// with a code, which this returns (after checking the state came back).
  [[nodiscard]] std::string authorize(authorize_url const& a, std::string_view user = "alice") const {
    http_request r;
    r.url = a.url + "&login_hint=" + std::string(user);
    transport_result const answer = transport(r);
    REQUIRE_FALSE(answer.error);
    REQUIRE(answer.response.status == 302);
    std::string const location(answer.response.headers.find("location").value_or(""));
    REQUIRE(location.starts_with(std::string(redirect_uri) + "?code="));
    CHECK(query_value(location, "state") == a.state);
    return query_value(location, "code");
  }
};

std::string_view method_name(client_auth_method m) {
  return m == client_auth_method::client_secret_post    ? "client_secret_post"
         : m == client_auth_method::client_secret_basic ? "client_secret_basic"
                                                        : "none";
}

}  // namespace

TEST_CASE_TEMPLATE("oidc: code with PKCE, user info, refresh, introspection and revocation, each client authentication method",
                   Transport, curl_transport, beast_transport) {
  provider<Transport> p;
  auto keys = jwt::key_cache::create({.jwks_url = p.server.url() + "/oidc/.well-known/jwks.json"});
  REQUIRE(keys.has_value());
  for (auto const method :
       {client_auth_method::client_secret_post, client_auth_method::client_secret_basic, client_auth_method::none}) {
    CAPTURE(method_name(method));
    auto const o = p.options(method);
    authentication_client client(o, p.transport);
    auto const verifier = make_code_verifier().value();
    auto const url = build_authorize_url(o, {.code_verifier = verifier}).value();
    std::string const code = p.authorize(url);

    auto const tokens = genauth::authentication::get_access_token_by_code(client, 
        {.code = code, .redirect_uri = std::string(redirect_uri), .code_verifier = verifier});
    REQUIRE_MESSAGE(tokens.has_value(), tokens.error().to_string());
    CHECK(tokens->token_type == "Bearer");
    CHECK(tokens->expires_in == 3600);
    REQUIRE(tokens->id_token);
    REQUIRE(tokens->refresh_token);
    auto const id = keys->verify(*tokens->id_token,
                                 {.issuers = {p.server.url() + "/oidc"},
                                  .audiences = {"emulator-app"},
                                  .nonce = url.nonce,
                                  .authorized_party = "emulator-app"},
                                 p.transport);
    REQUIRE_MESSAGE(id.has_value(), id.error().to_string());
    CHECK(id->string_claim("sub") == "user-alice");
    CHECK(id->string_claim("email") == "alice@example.com");

    auto const again = genauth::authentication::get_access_token_by_code(client, 
        {.code = code, .redirect_uri = std::string(redirect_uri), .code_verifier = verifier});
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().oauth_error == "invalid_grant");
    CHECK(again.error().attempts == 1);

    client.set_access_token(tokens->access_token);
    auto const me = genauth::authentication::get_user_info_by_access_token(client);
    REQUIRE_MESSAGE(me.has_value(), me.error().to_string());
    CHECK(me->sub == "user-alice");
    CHECK(me->email == "alice@example.com");
    CHECK(me->preferred_username == "alice");
    CHECK(genauth::authentication::list_enrolled_factors(client).has_value());  // the V3 API takes the issued token too

    auto const seen = genauth::authentication::introspect_token(client, {.token = tokens->access_token});
    REQUIRE_MESSAGE(seen.has_value(), seen.error().to_string());
    CHECK(seen->active);
    CHECK(seen->sub == "user-alice");
    CHECK(seen->client_id == "emulator-app");

    auto const refreshed = genauth::authentication::get_new_access_token_by_refresh_token(client, {.refresh_token = *tokens->refresh_token});
    REQUIRE_MESSAGE(refreshed.has_value(), refreshed.error().to_string());
    CHECK(refreshed->access_token != tokens->access_token);
    CHECK(genauth::authentication::get_new_access_token_by_refresh_token(client, {.refresh_token = *tokens->refresh_token}).error().oauth_error ==
          "invalid_grant");  // rotated: the old one is spent

    REQUIRE(genauth::authentication::revoke_token(client, {.token = tokens->access_token}).has_value());
    CHECK_FALSE(genauth::authentication::introspect_token(client, {.token = tokens->access_token})->active);
    auto const revoked = genauth::authentication::get_user_info_by_access_token(client);
    REQUIRE_FALSE(revoked.has_value());
    CHECK(revoked.error().oauth_error == "invalid_token");
    CHECK(revoked.error().http_status == 401);
    CHECK(genauth::authentication::revoke_token(client, {.token = "never-issued"}).has_value());
    CHECK(genauth::authentication::introspect_token(client, {.token = refreshed->access_token})->active);

    auto const machine = genauth::authentication::get_access_token_by_client_credentials(client, {.scope = "read:users"});
    if (method == client_auth_method::none) {
      REQUIRE_FALSE(machine.has_value());
      CHECK(machine.error().oauth_error == "invalid_client");
    } else {
      REQUIRE_MESSAGE(machine.has_value(), machine.error().to_string());
      CHECK_FALSE(machine->id_token);
      CHECK(genauth::authentication::introspect_token(client, {.token = machine->access_token})->sub == "emulator-app");
    }
  }
}

TEST_CASE_TEMPLATE("oidc: the provider refuses a wrong secret, a wrong verifier and a foreign redirect", Transport,
                   curl_transport, beast_transport) {
  provider<Transport> p;
  for (auto const method : {client_auth_method::client_secret_post, client_auth_method::client_secret_basic}) {
    auto o = p.options(method);
    o.app_secret = "not-the-secret";
    auto const r = genauth::authentication::get_access_token_by_client_credentials(authentication_client(o, p.transport), {.scope = "s"});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::oauth_error);
    CHECK(r.error().oauth_error == "invalid_client");
    CHECK(r.error().http_status == 401);
    CHECK(r.error().to_string().find("not-the-secret") == std::string::npos);
  }
  auto const o = p.options(client_auth_method::none);
  auto const verifier = make_code_verifier().value();
  auto const url = build_authorize_url(o, {.code_verifier = verifier}).value();
  auto const wrong = genauth::authentication::get_access_token_by_code(authentication_client(o, p.transport), {.code = p.authorize(url),
                                                    .redirect_uri = std::string(redirect_uri),
                                                    .code_verifier = make_code_verifier().value()});
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().oauth_error == "invalid_grant");
  CHECK(wrong.error().message == "PKCE verification failed");

  // Without its secret, the client's code is good only with PKCE; a redirect URI not
  // registered is never used.
  auto const no_pkce = genauth::authentication::get_access_token_by_code(authentication_client(o, p.transport), {.code = p.authorize(build_authorize_url(o).value()),
                                                      .redirect_uri = std::string(redirect_uri)});
  REQUIRE_FALSE(no_pkce.has_value());
  CHECK(no_pkce.error().oauth_error == "invalid_client");
  http_request foreign;
  foreign.url = build_authorize_url(o, {.redirect_uri = "https://attacker.example/", .code_verifier = verifier}).value().url;
  transport_result const refused = p.transport(foreign);
  REQUIRE_FALSE(refused.error);
  CHECK(refused.response.status == 400);
  CHECK_FALSE(refused.response.headers.contains("location"));
}

TEST_CASE_TEMPLATE("oidc: sign up, then sign in with a password under each client authentication method", Transport,
                   curl_transport, beast_transport) {
  provider<Transport> p;
  auto keys = jwt::key_cache::create({.jwks_url = p.server.url() + "/oidc/.well-known/jwks.json"});
  REQUIRE(keys.has_value());
  auto const made = genauth::authentication::sign_up(authentication_client(p.options(client_auth_method::none), p.transport), sign_up_request::by_email_password("carol@example.com", "carol-password"));
  REQUIRE_MESSAGE(made.has_value(), made.error().to_string());
  CHECK(made->email == "carol@example.com");
  auto const taken = genauth::authentication::sign_up(authentication_client(p.options(client_auth_method::none), p.transport), sign_up_request::by_email_password("carol@example.com", "other"));
  REQUIRE_FALSE(taken.has_value());
  CHECK(taken.error().api_code == 2026);
  for (auto const method :
       {client_auth_method::client_secret_post, client_auth_method::client_secret_basic, client_auth_method::none}) {
    CAPTURE(method_name(method));
    authentication_client client(p.options(method), p.transport);
    auto const signed_in = genauth::authentication::sign_in_by_credentials(client, sign_in_by_credentials_request::by_email_password(
        "carol@example.com", "carol-password", sign_in_options{.scope = "openid profile email offline_access"}));
    REQUIRE_MESSAGE(signed_in.has_value(), signed_in.error().to_string());
    REQUIRE(signed_in->access_token);
    REQUIRE(signed_in->refresh_token);
    CHECK(signed_in->expire_in == 3600);
    auto const id = keys->verify(signed_in->id_token.value_or(""),
                                 {.issuers = {p.server.url() + "/oidc"}, .audiences = {"emulator-app"}}, p.transport);
    REQUIRE_MESSAGE(id.has_value(), id.error().to_string());
    CHECK(id->string_claim("sub") == made->user_id);
    client.set_access_token(*signed_in->access_token);
    CHECK(genauth::authentication::get_user_info_by_access_token(client)->email == "carol@example.com");
    CHECK(genauth::authentication::list_enrolled_factors(client).has_value());

    auto const wrong = genauth::authentication::sign_in_by_credentials(client, 
        sign_in_by_credentials_request::by_account_password("carol@example.com", "not-her-password"));
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.error().api_code == 2333);
    CHECK(wrong.error().to_string().find("not-her-password") == std::string::npos);
  }
  auto o = p.options(client_auth_method::client_secret_basic);
  o.app_secret = "not-the-secret";
  auto const refused = genauth::authentication::sign_in_by_credentials(authentication_client(o, p.transport), sign_in_by_credentials_request::by_username_password("alice", "alice-password"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().status_code == 401);
}

TEST_CASE_TEMPLATE("oidc: mobile and QR-code sign-in with the application's Basic credentials, no user's token", Transport,
                   curl_transport, beast_transport) {
  namespace a = genauth::authentication;
  provider<Transport> p;
  authentication_client client(p.options(client_auth_method::client_secret_basic), p.transport);
  auto const mobile = a::sign_in_by_mobile(client, {.ext_idp_connidentifier = "wechat-mobile"});
  CHECK_MESSAGE(mobile.has_value(), mobile.error().to_string());
  auto const qr = a::exchange_token_set_with_qr_code_ticket(client, {.ticket = "t1"});
  CHECK_MESSAGE(qr.has_value(), qr.error().to_string());
  auto o = p.options(client_auth_method::client_secret_basic);
  o.app_secret = "not-the-secret";
  auto const wrong = a::sign_in_by_mobile(authentication_client(o, p.transport), {.ext_idp_connidentifier = "wechat-mobile"});
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().status_code == 401);
  // Under client_secret_post they carry the user's token, which a user not signed in has not.
  auto const without = a::sign_in_by_mobile(authentication_client(p.options(client_auth_method::client_secret_post), p.transport),
                                            {.ext_idp_connidentifier = "wechat-mobile"});
  REQUIRE_FALSE(without.has_value());
  CHECK(without.error().status_code == 401);
}

TEST_CASE_TEMPLATE("cas: a ticket from the CAS sign-in validates once, with CAS 1.0 and 2.0", Transport,
                   curl_transport, beast_transport) {
  provider<Transport> p;
  authentication_client client(p.options(client_auth_method::none), p.transport);
  std::string const service = "https://app.example/cas?from=test";
  auto const ticket = [&] {
    http_request r;
    r.url = p.server.url() + "/cas-idp/emulator-app?service=https%3A%2F%2Fapp.example%2Fcas%3Ffrom%3Dtest&login_hint=bob";
    transport_result const answer = p.transport(r);
    REQUIRE_FALSE(answer.error);
    REQUIRE(answer.response.status == 302);
    std::string const location(answer.response.headers.find("location").value_or(""));
    REQUIRE(location.starts_with(service + "&ticket=ST-"));
    return location.substr(location.find("ticket=") + 7);
  };
  std::string const first = ticket();
  auto const v1 = genauth::authentication::validate_ticket_v1(client, {.service = service, .ticket = first});
  REQUIRE_MESSAGE(v1.has_value(), v1.error().to_string());
  CHECK(v1->valid);
  CHECK(v1->user == "bob");
  CHECK_FALSE(genauth::authentication::validate_ticket_v1(client, {.service = service, .ticket = first})->valid);  // good once

  auto const v2 = genauth::authentication::validate_ticket_v2(client, {.service = service, .ticket = ticket()});
  REQUIRE_MESSAGE(v2.has_value(), v2.error().to_string());
  CHECK(v2->valid);
  CHECK(v2->user == "bob");
  CHECK(v2->attributes->at("email") == "bob@example.com");
  auto const elsewhere = genauth::authentication::validate_ticket_v2(client, {.service = "https://other.example/", .ticket = ticket()});
  REQUIRE(elsewhere.has_value());
  CHECK_FALSE(elsewhere->valid);
  CHECK(elsewhere->code == "INVALID_TICKET");
}

TEST_CASE("oidc: the token endpoints without blocking, as coroutines on the Beast transport") {
  provider<beast_transport> p;
  boost::asio::io_context io;
  beast_options trusting;
  trusting.ca_file = pki().ca;
  beast_transport const on_loop(io.get_executor(), trusting);
  authentication_client client(p.options(client_auth_method::client_secret_basic), on_loop);
  auto const verifier = make_code_verifier().value();
  std::string const code = p.authorize(build_authorize_url(client.options(), {.code_verifier = verifier}).value());
  auto done = boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        using boost::asio::use_awaitable;
        // Requests are named: g++ 12 destroys a temporary of a co_await expression twice.
        access_token_by_code_request const exchange{
            .code = code, .redirect_uri = std::string(redirect_uri), .code_verifier = verifier};
        auto const tokens = co_await genauth::authentication::async_get_access_token_by_code(client, exchange, use_awaitable);
        REQUIRE_MESSAGE(tokens.has_value(), tokens.error().to_string());
        introspect_token_request const look{.token = tokens->access_token};
        auto const seen = co_await genauth::authentication::async_introspect_token(client, look, use_awaitable);
        CHECK(seen.value().active);
        access_token_by_client_credentials_request const grant{.scope = "s"};
        auto const machine = co_await genauth::authentication::async_get_access_token_by_client_credentials(client, grant, use_awaitable);
        CHECK(machine.has_value());
        revoke_token_request const revoke{.token = tokens->access_token};
        auto const revoked = co_await genauth::authentication::async_revoke_token(client, revoke, use_awaitable);
        CHECK(revoked.has_value());
        client.set_access_token(tokens->access_token);
        auto const me = co_await genauth::authentication::async_get_user_info_by_access_token(client, use_awaitable);
        CHECK(me.error().oauth_error == "invalid_token");  // revoked just before
      },
      boost::asio::use_future);
  io.run_for(30s);
  REQUIRE(done.wait_for(0s) == std::future_status::ready);
  done.get();
}
