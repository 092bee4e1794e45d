// The Beast transport against servers on 127.0.0.1: the transport contract it shares with libcurl
// (contract.hpp) for the HTTP rules, and the emulator over HTTPS (the test CA) for TLS, both
// clients and async use.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "conformance.hpp"
#include "contract.hpp"

#include "../e2e/quiet.hpp"
#include "../e2e/test_pki.hpp"
#include "../unit/support.hpp"

#include <genauth/transport/beast.hpp>

#include <genauth_emulator/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace genauth;
using namespace std::chrono_literals;
using test::contract::get;

namespace {

beast_options local() {
  beast_options o;
  o.allow_insecure_http = true;
  o.timeout = 5s;
  return o;
}

beast_options trusting(std::string const& ca_file = pki().ca) {
  beast_options o;
  o.ca_file = ca_file;
  o.timeout = 5s;
  return o;
}

/// The emulator over HTTPS with `certificate` (signed by the test CA unless it is another).
genauth_emulator::server emulator(std::string const& certificate = pki().server) {
  auto o = quiet();
  o.tls_certificate_file = certificate;
  o.tls_key_file = pki().key;
  return genauth_emulator::server(o, genauth_emulator::default_seed());
}

management_options admin_options(std::string const& url) {
  management_options o;
  o.access_key_id = "emulator-access-key-id";
  o.access_key_secret = "emulator-access-key-secret";
  o.host = url;
  return o;
}

}  // namespace

TEST_CASE("beast: a GET, POST, PUT and DELETE go out as described and their answers come back whole") {
  test::contract::sends_every_method<beast_transport>(local);
}

TEST_CASE("beast: connections are kept alive and reused across calls") {
  test::contract::keeps_connections_alive<beast_transport>(local);
}

TEST_CASE("beast: plain http is refused unless allowed, and nothing is sent") {
  test::contract::refuses_plain_http_by_default<beast_transport>();
  beast_transport const beast(local());
  CHECK(beast(get("ftp://127.0.0.1/x")).error == transport_errc::setup_failed);
  CHECK(beast(get("http://user@127.0.0.1/x")).error == transport_errc::setup_failed);
}

TEST_CASE("T26 beast: CR, LF or NUL in a header or the target is setup_failed, and nothing is sent") {
  test::contract::refuses_unsendable_fields<beast_transport>(local, {"/x HTTP/1.0\r\nx-injected: 2\r\n\r\nGET /y", "/x y"});
}

TEST_CASE("beast: a refused connection is connect_failed, which proves nothing was sent") {
  test::contract::reports_a_refused_connection<beast_transport>(local);
}

TEST_CASE("beast: an answer slower than the timeout is timed_out") {
  test::contract::times_out_a_slow_answer<beast_transport>(local);
}

TEST_CASE("beast: what is left of a call's deadline becomes the exchange's timeout") {
  test::contract::times_out_at_the_call_deadline<beast_transport>(local);
}

TEST_CASE("beast: an answer over max_response_size is response_too_large") {
  test::contract::caps_the_response_size<beast_transport>(local);
}

TEST_CASE("beast: a host that does not resolve is resolve_failed") {
  test::contract::reports_an_unresolvable_host<beast_transport>(local);
}

TEST_CASE("T27 beast: a name lookup without an answer ends at the timeout with connect_failed") {
  test::contract::times_out_an_unanswered_name_lookup<beast_transport>(local);
}

TEST_CASE("beast: a timeout of zero or less fails every call with setup_failed, and nothing is sent") {
  test::contract::refuses_a_timeout_of_zero_or_less<beast_transport>(local);
}

TEST_CASE("beast: of a repeated response header, find gives the first value; 30000 fields are all kept") {
  test::contract::keeps_a_repeated_header<beast_transport>(local);
  test::contract::keeps_30000_header_fields<beast_transport>(local);
}

TEST_CASE("beast: one transport serves 8 threads at once") {
  test::contract::serves_eight_threads<beast_transport>(local);
}

TEST_CASE("T11 beast: a POST that may not be repeated reaches a server that drops it exactly once") {
  test::contract::sends_an_unrepeatable_post_once<beast_transport>(local);
}

TEST_CASE("beast: an idempotent request reuses the kept-alive connection; any other gets its own") {
  test::contract::gives_unrepeatable_requests_their_own_connection<beast_transport>(local);
}

TEST_CASE("beast: a kept-alive connection the server closed is replaced for an idempotent request") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  server.close_after_each_answer();
  beast_transport const beast(local());
  CHECK_FALSE(beast(get(server.url() + "/a")).error);
  std::this_thread::sleep_for(100ms);  // the server's close arrives
  auto const r = beast(get(server.url() + "/b"));
  CHECK_FALSE(r.error);
  CHECK(server.requests() == 2);
  CHECK(server.connections() == 2);
}

TEST_CASE("beast: HTTPS to the emulator, verified against the test CA, for both clients") {
  auto server = emulator();
  REQUIRE(server.url().starts_with("https://127.0.0.1:"));
  beast_transport const beast(trusting());
  management_client admin(admin_options(server.url()), beast);
  auto const info = genauth::management::get_user_mfa_info(admin, {.user_id = "user-alice"});
  REQUIRE_MESSAGE(info.has_value(), info.error().to_string());
  authentication_options u;
  u.app_id = "emulator-app";
  u.app_host = server.url();
  u.access_token = "alice-access-token";
  authentication_client user(u, beast);
  auto const factors = genauth::authentication::list_enrolled_factors(user, {});
  REQUIRE_MESSAGE(factors.has_value(), factors.error().to_string());
}

TEST_CASE("beast: a certificate the transport must not trust is refused before anything is sent") {
  SUBCASE("a CA that did not sign it") {
    auto server = emulator();
    auto o = admin_options(server.url());
    o.retry = retry_policy::disabled();
    auto const r = genauth::management::get_user_mfa_info(management_client(o, beast_transport(trusting(pki().other_ca))), {.user_id = "user-alice"});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().cause == transport_errc::tls_handshake_failed);
    CHECK(request_not_sent(r.error().cause));
    CHECK(server.requests_seen() == 0);
  }
  SUBCASE("a certificate for another host name, and an expired one") {
    for (auto const& certificate : {pki().other_host, pki().expired}) {
      CAPTURE(certificate);
      auto server = emulator(certificate);
      auto o = admin_options(server.url());
      o.retry = retry_policy::disabled();
      auto const r = genauth::management::get_user_mfa_info(management_client(o, beast_transport(trusting())), {.user_id = "user-alice"});
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().cause == transport_errc::tls_handshake_failed);
      CHECK(server.requests_seen() == 0);
    }
  }
  SUBCASE("the system's store, which does not hold the test CA") {
    auto server = emulator();
    auto o = admin_options(server.url());
    o.retry = retry_policy::disabled();
    beast_options system;
    system.timeout = 5s;
    auto const r = genauth::management::get_user_mfa_info(management_client(o, beast_transport(system)), {.user_id = "user-alice"});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().cause == transport_errc::tls_handshake_failed);
  }
}

TEST_CASE("beast: 200 calls in flight at once on one io_context thread, each with its own nonce") {
  auto server = emulator();
  boost::asio::io_context io;
  beast_transport const beast(io.get_executor(), trusting());
  auto o = admin_options(server.url());
  management_signer const signer(o);
  constexpr int calls = 200;
  int succeeded = 0, completions = 0;
  for (int i = 0; i < calls; ++i) {
    auto request = signer.build(get_user_mfa_info_request{.user_id = "user-alice"});
    REQUIRE(request.has_value());
    beast.async_send(*request, [&](transport_result r) {
      ++completions;
      if (!r.error && r.response.status == 200) ++succeeded;
    });
  }
  io.run_for(30s);
  CHECK(completions == calls);
  CHECK(succeeded == calls);
  auto const nonces = server.nonces_seen("/api/v3/get-user-mfa-info");
  CHECK(std::set<std::string>(nonces.begin(), nonces.end()).size() == static_cast<std::size_t>(calls));
}

TEST_CASE("beast: async_send as a C++20 coroutine with asio::use_awaitable") {
  test::loopback_server server([](auto const& req, auto& res) { res.body() = std::string(req.target()); });
  boost::asio::io_context io;
  beast_transport const beast(io.get_executor(), local());
  std::vector<std::string> bodies;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        for (std::string path : {"/one", "/two"}) {
          auto const r = co_await beast.async_send(get(server.url() + path), boost::asio::use_awaitable);
          bodies.push_back(r.error ? r.error.message() : r.response.body);
        }
      },
      boost::asio::detached);
  io.run_for(10s);
  CHECK(bodies == std::vector<std::string>{"/one", "/two"});
  CHECK(server.connections() == 1);
}

TEST_CASE("beast: a failure found before sending still completes through the executor, never inline") {
  boost::asio::io_context io;
  beast_transport const beast(io.get_executor(), beast_options{});
  bool completed = false;
  beast.async_send(get("http://127.0.0.1/x"), [&](transport_result r) {
    completed = true;
    CHECK(r.error == transport_errc::insecure_url);
  });
  CHECK_FALSE(completed);
  io.run_for(5s);
  CHECK(completed);
}

TEST_CASE("T28 beast conformance: interim 1xx answers before the answer are skipped") {
  test::contract::skips_interim_answers<beast_transport>(local);
}

TEST_CASE("beast conformance: a TLS connection is kept alive, whatever TLS sends after its handshake") {
  test::contract::keeps_tls_connections_alive<beast_transport>(local);
}

TEST_CASE("T29 beast conformance: bytes a server sends while the connection is idle never answer a later call") {
  test::contract::never_reuses_a_connection_with_bytes_waiting<beast_transport>(local, 50ms);
}

TEST_CASE("T29 beast conformance: bytes after an answer (pipelined junk) never answer a later call") {
  test::contract::never_reuses_a_connection_with_bytes_waiting<beast_transport>(local, 0ms);
  test::contract::never_reuses_a_connection_with_bytes_waiting<beast_transport>(local, 5ms);
}

TEST_CASE("T28 beast conformance: answers split across reads are read whole") {
  test::contract::reads_answers_split_across_reads<beast_transport>(local);
}

TEST_CASE("T30 beast conformance: a chunk extension that never ends") {
  test::contract::bounds_an_endless_chunk_extension<beast_transport>(local, true);
}

TEST_CASE("T30 beast conformance: a trailer that never ends") {
  test::contract::bounds_an_endless_trailer<beast_transport>(local, true);
}

TEST_CASE("T31 beast conformance: a close after an answer's head is a lost connection") {
  test::contract::reports_an_answer_cut_after_its_head<beast_transport>(local);
}

TEST_CASE("T32 beast conformance: a failed reconnect after the server read the request is not 'nothing was sent'") {
  test::contract::reports_a_failed_reconnect_as_sent<beast_transport>(local, false);
  test::contract::reports_a_failed_reconnect_as_sent<beast_transport>(local, true);
}
