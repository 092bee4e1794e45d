// Every endpoint of the generated groups but MFA against the emulator over HTTPS, through libcurl and
// through Beast. This file is built with GENAUTH_SEPARATE_COMPILATION: the calls come compiled from
// genauth_calls, which compiles each generated endpoint once for every program of the build.

#include <genauth/transport/beast.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include "generated_calls.hpp"
#include "quiet.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>

namespace {

using namespace std::chrono_literals;

genauth_emulator::server emulator() {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  return genauth_emulator::server(o, genauth_emulator::default_seed());
}

genauth::management_options admin_options(std::string const& url) {
  genauth::management_options o;
  o.access_key_id = "emulator-access-key-id";
  o.access_key_secret = "emulator-access-key-secret";
  o.host = url;
  o.allow_insecure_http = url.starts_with("http://");  // the quirks' emulator is plain HTTP
  return o;
}

genauth::authentication_options user_options(std::string const& url) {
  genauth::authentication_options o;
  o.app_id = "emulator-app";
  o.app_host = url;
  o.access_token = "alice-access-token";
  o.allow_insecure_http = url.starts_with("http://");
  return o;
}

/// Either transport, behind one type: each endpoint's call is compiled once for both.
using any_transport = std::function<genauth::transport_result(genauth::http_request const&)>;

/// Calls every endpoint once through `transport`; each reaches the emulator exactly once.
void succeed_through(any_transport const& transport, genauth_emulator::server const& server) {
  genauth::management_client admin(admin_options(server.url()), transport);
  genauth::authentication_client user(user_options(server.url()), transport);
  genauth_test::succeed_each(admin, genauth_test::declared_management{});
  genauth_test::succeed_each(user, genauth_test::declared_authentication{});
  CHECK(server.requests_seen() == boost::mp11::mp_size<genauth_test::declared_management>::value +
                                      boost::mp11::mp_size<genauth_test::declared_authentication>::value);
}

/// Whether the call succeeded; if not, why, in the test's output.
template <class T>
bool succeeded(genauth::result<T> const& r) {
  if (!r) MESSAGE(r.error().to_string());
  return r.has_value();
}

}  // namespace

TEST_CASE("e2e: every endpoint of the generated groups but MFA succeeds against the emulator, its answer read") {
  auto const server = emulator();
  genauth::curl_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  succeed_through(genauth::curl_transport(o), server);
}

TEST_CASE("beast: every endpoint of the generated groups but MFA, over HTTPS to the emulator, its answer read") {
  auto const server = emulator();
  genauth::beast_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  succeed_through(genauth::beast_transport(o), server);
}

/// Each endpoint of the lists its quirk, in turn: a third of them each.
template <class... R>
void rotate_quirks(boost::mp11::mp_list<R...>, genauth_emulator::options& o, int& n) {
  using genauth_emulator::quirk;
  quirk const quirks[] = {quirk::strings_for_booleans, quirk::object_for_array, quirk::text_for_array};
  std::string_view const paths[] = {R::path...};  // no fold: clang nests one 256 deep at most
  for (auto const path : paths) o.quirks.insert_or_assign(std::string(path), quirks[n++ % 3]);
}

TEST_CASE("e2e: every endpoint of the generated groups but MFA reads its answer broken by a quirk of the service") {
  auto o = quiet();
  int n = 0;
  rotate_quirks(genauth_test::declared_management{}, o, n);
  rotate_quirks(genauth_test::declared_authentication{}, o, n);
  genauth_emulator::server const server(o, genauth_emulator::default_seed());
  genauth::curl_options c;
  c.allow_insecure_http = true;
  c.timeout = 5s;
  succeed_through(genauth::curl_transport(c), server);
  MESSAGE(server.quirked_answers(), " answers broken");
  CHECK(server.quirked_answers() >= 100);  // the quirks were there to read
}

TEST_CASE("e2e: the emulator keeps what a CRUD family creates: get, list, update and delete agree") {
  namespace m = genauth::management;
  auto const server = emulator();
  genauth::curl_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  genauth::management_client admin(admin_options(server.url()), genauth::curl_transport(o));

  // Roles, named by their code; an update may rename one.
  REQUIRE(succeeded(m::create_role(admin, {.code = "ops", .name = "Operations"})));
  REQUIRE(succeeded(m::create_role(admin, {.code = "dev", .name = "Developers", .description = "writes code"})));
  auto const ops = m::get_role(admin, {.code = "ops"});
  REQUIRE(succeeded(ops));
  CHECK(ops->name == "Operations");
  CHECK(m::get_role(admin, {.code = "dev"})->description == "writes code");
  auto const both = m::list_roles(admin, {});
  REQUIRE(succeeded(both));
  CHECK(both->total_count == 2);
  CHECK(both->list.size() == 2);
  auto const renamed = m::update_role(admin, {.name = "Ops", .new_code = "ops2", .code = "ops"});
  REQUIRE(succeeded(renamed));
  CHECK(renamed->success);
  CHECK(m::get_role(admin, {.code = "ops2"})->name == "Ops");
  auto const old = m::get_role(admin, {.code = "ops"});
  REQUIRE_FALSE(old.has_value());
  CHECK(old.error().status_code == 404);
  REQUIRE(succeeded(m::delete_roles_batch(admin, {.code_list = {"ops2"}})));
  CHECK(m::get_role(admin, {.code = "ops2"}).error().status_code == 404);
  CHECK(m::list_roles(admin, {})->total_count == 1);

  // Users, named by the id their create answered.
  auto const dana = m::create_user(admin, {.email = "dana@example.com", .username = "dana", .nickname = "Dana"});
  REQUIRE(succeeded(dana));
  CHECK(dana->username == "dana");
  auto const got = m::get_user(admin, {.user_id = dana->user_id});
  REQUIRE(succeeded(got));
  CHECK(got->email == "dana@example.com");
  REQUIRE(succeeded(m::update_user(admin, {.user_id = dana->user_id, .nickname = "D."})));
  CHECK(m::get_user(admin, {.user_id = dana->user_id})->nickname == "D.");
  auto const users = m::list_users(admin, {});
  REQUIRE(succeeded(users));
  REQUIRE(users->list.size() == 1);
  CHECK(users->list[0].user_id == dana->user_id);
  REQUIRE(succeeded(m::delete_users_batch(admin, {.user_ids = {dana->user_id}})));
  CHECK(m::get_user(admin, {.user_id = dana->user_id}).error().status_code == 404);

  // Webhooks, named by the id their create answered.
  auto const hook = m::create_webhook(admin, {.url = "https://hooks.example/a", .name = "hook-a"});
  REQUIRE(succeeded(hook));
  auto const changed = m::update_webhook(admin, {.webhook_id = hook->webhook_id, .name = "hook-b"});
  REQUIRE(succeeded(changed));
  CHECK(changed->name == "hook-b");
  CHECK(changed->url == "https://hooks.example/a");
  CHECK(m::get_webhook(admin, {.webhook_id = hook->webhook_id})->name == "hook-b");
  REQUIRE(succeeded(m::delete_webhook(admin, {.webhook_ids = {hook->webhook_id}})));
  CHECK(m::get_webhook(admin, {.webhook_id = hook->webhook_id}).error().status_code == 404);
}
