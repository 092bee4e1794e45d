// The Beast transport against servers on 127.0.0.1: the loopback servers of the libcurl tests for
// the HTTP rules, and the emulator over HTTPS (the test CA) for TLS, both clients and async use.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "dropping_server.hpp"
#include "loopback_server.hpp"

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

http_request get(std::string url) {
  return {http_method::get, std::move(url), {{"accept", "application/json"}}, "", true};
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
unsigned short closed_port() {
  boost::asio::io_context io;
  test::tcp::acceptor a(io, test::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
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

TEST_CASE("beast: a GET and a POST go out as described and their answers come back whole") {
  std::mutex mutex;
  std::vector<test::loopback_server::request> seen;
  test::loopback_server server([&](auto const& req, auto& res) {
    {
      std::lock_guard const lock(mutex);
      seen.push_back(req);
    }
    res.set("Content-Type", "application/json");
    res.set("X-Request-Id", "r-1");
    res.body() = R"({"statusCode":200,"data":{"echo":")" + std::string(req.target()) + R"("}})";
  });
  beast_transport const beast(local());
  auto r = beast(get(server.url() + "/api/v3/get?userId=a%2Bb"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.status == 200);
  CHECK(r.response.headers.find("x-request-id") == "r-1");
  CHECK(r.response.body == R"({"statusCode":200,"data":{"echo":"/api/v3/get?userId=a%2Bb"}})");
  http_request post{http_method::post, server.url() + "/api/v3/post",
                    {{"content-type", "application/json"}, {"authorization", "token"}}, R"({"a":"é"})"};
  r = beast(post);
  REQUIRE_FALSE(r.error);
  std::lock_guard const lock(mutex);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].method() == test::http::verb::get);
  CHECK(seen[0][test::http::field::host] == server.url().substr(7));
  CHECK(seen[1].method() == test::http::verb::post);
  CHECK(seen[1].body() == R"({"a":"é"})");
  CHECK(seen[1][test::http::field::authorization] == "token");
  CHECK(seen[1][test::http::field::content_length] == "10");
}

TEST_CASE("beast: connections are kept alive and reused across calls") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    beast_transport const beast(local());
    for (int i = 0; i < 5; ++i) CHECK_FALSE(beast(get(server.url() + "/x")).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
}

TEST_CASE("beast: plain http is refused unless allowed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  beast_transport const beast;
  CHECK(beast(get(server.url() + "/x")).error == transport_errc::insecure_url);
  CHECK(beast(get("ftp://127.0.0.1/x")).error == transport_errc::setup_failed);
  CHECK(beast(get("http://user@127.0.0.1/x")).error == transport_errc::setup_failed);
  CHECK(server.requests() == 0);
}

TEST_CASE("beast: CR, LF or NUL in a header or the target is setup_failed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  beast_transport const beast(local());
  auto with_header = [&](std::string name, std::string value) {
    http_request r = get(server.url() + "/x");
    r.headers.add(name, value);
    return beast(r).error;
  };
  CHECK(with_header("x-a", "1\r\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", "1\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", std::string("1\0" "2", 3)) == transport_errc::setup_failed);
  CHECK(with_header("x-a\r\nx-injected", "2") == transport_errc::setup_failed);
  CHECK(with_header("", "2") == transport_errc::setup_failed);
  CHECK(beast(get(server.url() + "/x HTTP/1.0\r\nx-injected: 2\r\n\r\nGET /y")).error == transport_errc::setup_failed);
  CHECK(beast(get(server.url() + "/x y")).error == transport_errc::setup_failed);
  CHECK(server.connections() == 0);
  CHECK(with_header("x-a", "1, 2") == std::error_code());  // the same transport still sends a clean one
  CHECK(server.requests() == 1);
}

TEST_CASE("beast: a refused connection is connect_failed, which proves nothing was sent") {
  beast_transport const beast(local());
  auto const r = beast(get("http://127.0.0.1:" + std::to_string(closed_port()) + "/x"));
  CHECK(r.error == transport_errc::connect_failed);
  CHECK(request_not_sent(r.error));
}

TEST_CASE("beast: an answer slower than the timeout is timed_out") {
  test::loopback_server server([](auto const&, auto& res) {
    std::this_thread::sleep_for(1500ms);
    res.body() = "{}";
  });
  auto o = local();
  o.timeout = 300ms;
  auto const start = std::chrono::steady_clock::now();
  auto const r = beast_transport(o)(get(server.url() + "/slow"));
  CHECK(r.error == transport_errc::timed_out);
  CHECK_FALSE(request_not_sent(r.error));
  CHECK(std::chrono::steady_clock::now() - start < 1400ms);
}

TEST_CASE("beast: what is left of a call's deadline becomes the exchange's timeout") {
  test::loopback_server server([](auto const&, auto& res) {
    std::this_thread::sleep_for(1500ms);
    res.body() = "{}";
  });
  auto o = test::fixed_options();
  o.host = server.url();
  o.allow_insecure_http = true;
  management_client client(o, beast_transport(local()));  // the transport's own timeout: 5 s
  call_options options;
  options.deadline = 300ms;
  auto const start = std::chrono::steady_clock::now();
  auto const r = client.get_user_mfa_info({.user_id = "u1"}, options);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().cause == transport_errc::timed_out);
  CHECK(r.error().attempts == 1);
  CHECK(std::chrono::steady_clock::now() - start < 1400ms);  // the server would have answered after 1.5 s
}

TEST_CASE("beast: an answer over max_response_size is response_too_large") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = std::string(2 * 1024 * 1024, 'x'); });
  auto o = local();
  o.max_response_size = 1024 * 1024;
  CHECK(beast_transport(o)(get(server.url() + "/big")).error == transport_errc::response_too_large);
  o.max_response_size = 4 * 1024 * 1024;
  CHECK(beast_transport(o)(get(server.url() + "/big")).response.body.size() == 2u * 1024 * 1024);
}

TEST_CASE("beast: a host that does not resolve is resolve_failed") {
  CHECK(beast_transport(local())(get("https://no-such-host.invalid/x")).error == transport_errc::resolve_failed);
}

TEST_CASE("beast: a timeout of zero or less fails every call with setup_failed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  for (auto const t : {0ms, -1ms}) {
    auto o = local();
    o.timeout = t;
    CHECK(beast_transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
    o = local();
    o.connect_timeout = t;
    CHECK(beast_transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
  }
  CHECK(server.requests() == 0);
}

TEST_CASE("beast: of a repeated response header, find gives the first value; 30000 fields are all kept") {
  test::answering_server twice(
      "HTTP/1.1 200 OK\r\nX-Request-Id: first\r\nContent-Length: 2\r\nx-request-id: second\r\n\r\n{}");
  auto r = beast_transport(local())(get(twice.url() + "/twice"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.headers.find("x-request-id") == "first");
  CHECK(r.response.headers.size() == 3u);

  std::string many = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
  for (int i = 0; i < 30'000; ++i) many += "f" + std::to_string(i) + ": v\r\n";
  test::answering_server lots(many + "\r\n{}");
  r = beast_transport(local())(get(lots.url() + "/many"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.headers.size() == 30'001u);
  CHECK(r.response.headers.find("f29999") == "v");
}

TEST_CASE("beast: one transport serves 8 threads at once") {
  std::atomic<int> served{0};
  test::loopback_server server([&](auto const&, auto& res) {
    ++served;
    res.body() = "{}";
  });
  beast_transport const beast(local());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (beast(get(server.url() + "/x")).error) ++failures;
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(served == 400);
  CHECK(server.connections() <= 8);
}

// As for libcurl (T11): a POST that is not idempotent, processed by a server that then drops the
// kept-alive connection without answering, must not be sent again on a new connection.
TEST_CASE("T11 beast: a POST that may not be repeated reaches a server that drops it exactly once") {
  std::string const info = R"({"statusCode":200,"message":"","data":{"totpStatus":true,"faceMfaStatus":false,)"
                           R"("smsMfaStatus":false,"emailMfaStatus":false}})";
  std::string const ok = R"({"statusCode":200,"message":"","data":{}})";
  test::dropping_server server(info, ok, 0ms);
  auto o = test::fixed_options();
  o.nonce = {};
  o.host = server.url();
  o.allow_insecure_http = true;
  o.retry = retry_policy::disabled();
  management_client client(o, beast_transport(local()));
  REQUIRE(client.get_user_mfa_info({.user_id = "u"}).has_value());  // a kept-alive connection now
  auto const imported = client.import_otp({.list = {{.user_id = "u", .otp = {.secret = "JBSWY3DPEHPK3PXP"}}}});
  REQUIRE_FALSE(imported.has_value());
  CHECK(imported.error().cause == transport_errc::connection_lost);
  CHECK_FALSE(request_not_sent(imported.error().cause));
  CHECK(server.posts_processed() == 1);
}

TEST_CASE("beast: an idempotent request reuses the kept-alive connection; any other gets its own") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    beast_transport const beast(local());
    http_request post{http_method::post, server.url() + "/x", {{"content-type", "application/json"}}, "{}"};
    post.idempotent = true;
    for (int i = 0; i < 3; ++i) CHECK_FALSE(beast(post).error);
    post.idempotent = false;
    for (int i = 0; i < 2; ++i) CHECK_FALSE(beast(post).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 3);
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
  auto const info = admin.get_user_mfa_info({.user_id = "user-alice"});
  REQUIRE_MESSAGE(info.has_value(), info.error().to_string());
  authentication_options u;
  u.app_id = "emulator-app";
  u.app_host = server.url();
  u.access_token = "alice-access-token";
  authentication_client user(u, beast);
  auto const factors = user.list_enrolled_factors({});
  REQUIRE_MESSAGE(factors.has_value(), factors.error().to_string());
}

TEST_CASE("beast: a certificate the transport must not trust is refused before anything is sent") {
  SUBCASE("a CA that did not sign it") {
    auto server = emulator();
    auto o = admin_options(server.url());
    o.retry = retry_policy::disabled();
    auto const r = management_client(o, beast_transport(trusting(pki().other_ca))).get_user_mfa_info({.user_id = "user-alice"});
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
      auto const r = management_client(o, beast_transport(trusting())).get_user_mfa_info({.user_id = "user-alice"});
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
    auto const r = management_client(o, beast_transport(system)).get_user_mfa_info({.user_id = "user-alice"});
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
