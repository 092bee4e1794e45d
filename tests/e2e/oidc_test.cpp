// The emulator as an OpenID Connect provider, through both transports over HTTPS: the
// authorization-code flow with PKCE, refresh, client credentials, introspection, revocation and
// user info, with each client authentication method; the ID token checked against the
// provider's published keys.

#include <genauth/genauth.hpp>
#include <genauth/jwt/key_cache.hpp>
#include <genauth/transport/beast.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include "quiet.hpp"
#include "test_pki.hpp"

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

    auto const tokens = client.get_access_token_by_code(
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

    auto const again = client.get_access_token_by_code(
        {.code = code, .redirect_uri = std::string(redirect_uri), .code_verifier = verifier});
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().oauth_error == "invalid_grant");
    CHECK(again.error().attempts == 1);

    client.set_access_token(tokens->access_token);
    auto const me = client.get_user_info_by_access_token();
    REQUIRE_MESSAGE(me.has_value(), me.error().to_string());
    CHECK(me->sub == "user-alice");
    CHECK(me->email == "alice@example.com");
    CHECK(me->preferred_username == "alice");
    CHECK(client.list_enrolled_factors().has_value());  // the V3 API takes the issued token too

    auto const seen = client.introspect_token({.token = tokens->access_token});
    REQUIRE_MESSAGE(seen.has_value(), seen.error().to_string());
    CHECK(seen->active);
    CHECK(seen->sub == "user-alice");
    CHECK(seen->client_id == "emulator-app");

    auto const refreshed = client.get_new_access_token_by_refresh_token({.refresh_token = *tokens->refresh_token});
    REQUIRE_MESSAGE(refreshed.has_value(), refreshed.error().to_string());
    CHECK(refreshed->access_token != tokens->access_token);
    CHECK(client.get_new_access_token_by_refresh_token({.refresh_token = *tokens->refresh_token}).error().oauth_error ==
          "invalid_grant");  // rotated: the old one is spent

    REQUIRE(client.revoke_token({.token = tokens->access_token}).has_value());
    CHECK_FALSE(client.introspect_token({.token = tokens->access_token})->active);
    auto const revoked = client.get_user_info_by_access_token();
    REQUIRE_FALSE(revoked.has_value());
    CHECK(revoked.error().oauth_error == "invalid_token");
    CHECK(revoked.error().http_status == 401);
    CHECK(client.revoke_token({.token = "never-issued"}).has_value());
    CHECK(client.introspect_token({.token = refreshed->access_token})->active);

    auto const machine = client.get_access_token_by_client_credentials({.scope = "read:users"});
    if (method == client_auth_method::none) {
      REQUIRE_FALSE(machine.has_value());
      CHECK(machine.error().oauth_error == "invalid_client");
    } else {
      REQUIRE_MESSAGE(machine.has_value(), machine.error().to_string());
      CHECK_FALSE(machine->id_token);
      CHECK(client.introspect_token({.token = machine->access_token})->sub == "emulator-app");
    }
  }
}

TEST_CASE_TEMPLATE("oidc: the provider refuses a wrong secret, a wrong verifier and a foreign redirect", Transport,
                   curl_transport, beast_transport) {
  provider<Transport> p;
  for (auto const method : {client_auth_method::client_secret_post, client_auth_method::client_secret_basic}) {
    auto o = p.options(method);
    o.app_secret = "not-the-secret";
    auto const r = authentication_client(o, p.transport).get_access_token_by_client_credentials({.scope = "s"});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::oauth_error);
    CHECK(r.error().oauth_error == "invalid_client");
    CHECK(r.error().http_status == 401);
    CHECK(r.error().to_string().find("not-the-secret") == std::string::npos);
  }
  auto const o = p.options(client_auth_method::none);
  auto const verifier = make_code_verifier().value();
  auto const url = build_authorize_url(o, {.code_verifier = verifier}).value();
  auto const wrong = authentication_client(o, p.transport)
                         .get_access_token_by_code({.code = p.authorize(url),
                                                    .redirect_uri = std::string(redirect_uri),
                                                    .code_verifier = make_code_verifier().value()});
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().oauth_error == "invalid_grant");
  CHECK(wrong.error().message == "PKCE verification failed");

  // Without its secret, the client's code is good only with PKCE; a redirect URI not
  // registered is never used.
  auto const no_pkce = authentication_client(o, p.transport)
                           .get_access_token_by_code({.code = p.authorize(build_authorize_url(o).value()),
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
