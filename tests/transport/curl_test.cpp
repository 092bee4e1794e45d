#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "dropping_server.hpp"
#include "loopback_server.hpp"

#include "../unit/support.hpp"

#include <genauth/transport/curl.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

using namespace genauth;
using namespace std::chrono_literals;

namespace {

curl_options local() {
  curl_options o;
  o.allow_insecure_http = true;
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

}  // namespace

TEST_CASE("curl: a GET and a POST go out as described and their answers come back whole") {
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
  curl_transport const curl(local());
  auto r = curl(get(server.url() + "/api/v3/get?userId=a%2Bb"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.status == 200);
  CHECK(r.response.headers.find("x-request-id") == "r-1");
  CHECK(r.response.body == R"({"statusCode":200,"data":{"echo":"/api/v3/get?userId=a%2Bb"}})");
  http_request post{http_method::post, server.url() + "/api/v3/post",
                    {{"content-type", "application/json"}, {"authorization", "token"}}, R"({"a":"é"})"};
  r = curl(post);
  REQUIRE_FALSE(r.error);
  std::lock_guard const lock(mutex);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].method() == test::http::verb::get);
  CHECK(seen[1].method() == test::http::verb::post);
  CHECK(seen[1].body() == R"({"a":"é"})");
  CHECK(seen[1][test::http::field::authorization] == "token");
  CHECK(seen[1][test::http::field::expect].empty());
}

TEST_CASE("curl: connections are kept alive and reused across calls") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    curl_transport const curl(local());
    for (int i = 0; i < 5; ++i) CHECK_FALSE(curl(get(server.url() + "/x")).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
}

TEST_CASE("curl: plain http is refused unless allowed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  curl_transport const curl;
  auto const r = curl(get(server.url() + "/x"));
  CHECK(r.error == transport_errc::insecure_url);
  CHECK(server.requests() == 0);
}

TEST_CASE("curl: CR, LF or NUL in a header is setup_failed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  curl_transport const curl(local());
  auto with_header = [&](std::string name, std::string value) {
    http_request r = get(server.url() + "/x");
    r.headers.add(name, value);
    return curl(r).error;
  };
  CHECK(with_header("x-a", "1\r\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", "1\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", std::string("1\0" "2", 3)) == transport_errc::setup_failed);
  CHECK(with_header("x-a\r\nx-injected", "2") == transport_errc::setup_failed);
  CHECK(with_header("", "2") == transport_errc::setup_failed);
  CHECK(server.connections() == 0);
  CHECK(with_header("x-a", "1, 2") == std::error_code());  // the same transport still sends a clean one
  CHECK(server.requests() == 1);
}

TEST_CASE("curl: a refused connection is connect_failed, which proves nothing was sent") {
  curl_transport const curl(local());
  auto const r = curl(get("http://127.0.0.1:" + std::to_string(closed_port()) + "/x"));
  CHECK(r.error == transport_errc::connect_failed);
  CHECK(request_not_sent(r.error));
}

TEST_CASE("curl: an answer slower than the timeout is timed_out") {
  test::loopback_server server([](auto const&, auto& res) {
    std::this_thread::sleep_for(1500ms);
    res.body() = "{}";
  });
  auto o = local();
  o.timeout = 300ms;
  curl_transport const curl(o);
  auto const r = curl(get(server.url() + "/slow"));
  CHECK(r.error == transport_errc::timed_out);
  CHECK_FALSE(request_not_sent(r.error));
}

TEST_CASE("curl: what is left of a call's deadline becomes the exchange's timeout") {
  test::loopback_server server([](auto const&, auto& res) {
    std::this_thread::sleep_for(1500ms);
    res.body() = "{}";
  });
  auto o = test::fixed_options();
  o.host = server.url();
  o.allow_insecure_http = true;
  management_client client(o, curl_transport(local()));  // the transport's own timeout: 5 s
  call_options options;
  options.deadline = 300ms;
  auto const start = std::chrono::steady_clock::now();
  auto const r = client.get_user_mfa_info({.user_id = "u1"}, options);
  auto const took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().cause == transport_errc::timed_out);
  CHECK(r.error().attempts == 1);  // no time was left for a second attempt
  CHECK(took < 1400ms);            // the server would have answered after 1.5 s
}

TEST_CASE("curl: an answer over max_response_size is response_too_large") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = std::string(2 * 1024 * 1024, 'x'); });
  auto o = local();
  o.max_response_size = 1024 * 1024;
  curl_transport const curl(o);
  CHECK(curl(get(server.url() + "/big")).error == transport_errc::response_too_large);
  o.max_response_size = 4 * 1024 * 1024;
  CHECK(curl_transport(o)(get(server.url() + "/big")).response.body.size() == 2u * 1024 * 1024);
}

TEST_CASE("curl: a host that does not resolve is resolve_failed") {
  auto o = local();
  o.connect_timeout = 3s;
  curl_transport const curl(o);
  CHECK(curl(get("https://no-such-host.invalid/x")).error == transport_errc::resolve_failed);
}

TEST_CASE("curl: one transport serves 8 threads at once") {
  std::atomic<int> served{0};
  test::loopback_server server([&](auto const&, auto& res) {
    ++served;
    res.body() = "{}";
  });
  curl_transport const curl(local());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (curl(get(server.url() + "/x")).error) ++failures;
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(served == 400);
  CHECK(server.connections() <= 8);
}

TEST_CASE("curl: the management client signs, sends and parses through it") {
  std::mutex mutex;
  genauth::http_request received;
  test::loopback_server server([&](auto const& req, auto& res) {
    {
      std::lock_guard const lock(mutex);
      received.method = req.method() == test::http::verb::get ? http_method::get : http_method::post;
      received.url = "http://127.0.0.1" + std::string(req.target());
      for (auto const& f : req) received.headers.set(std::string(f.name_string()), std::string(f.value()));
    }
    res.body() = R"({"statusCode":200,"data":{"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false}})";
  });
  auto o = test::fixed_options();
  o.host = server.url();
  o.allow_insecure_http = true;
  management_client client(o, curl_transport(local()));
  auto const info = client.get_user_mfa_info({.user_id = "u 1"});
  REQUIRE_MESSAGE(info.has_value(), info.error().to_string());
  CHECK(info->totp_status);
  std::lock_guard const lock(mutex);
  CHECK(received.url == "http://127.0.0.1/api/v3/get-user-mfa-info?userId=u+1");
  // Header names arrive in whatever case; the verifier wants them as the SDK wrote them.
  http_request lower = received;
  lower.headers = {};
  for (auto const& h : received.headers) {
    std::string name(h.name);
    for (char& c : name) c = detail::ascii_lower(c);
    lower.headers.set(name, h.value);
  }
  CHECK(test::signature_is_valid(lower, o.access_key_secret));
}

TEST_CASE("curl: a self-signed HTTPS server is refused unless its CA is configured") {
  namespace fs = std::filesystem;
  fs::path const dir = fs::temp_directory_path() / ("genauth-tls-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string const key = (dir / "key.pem").string(), cert = (dir / "cert.pem").string();
  std::string const make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
                           "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " + key + " -out " + cert +
                           " > /dev/null 2>&1";
  REQUIRE(std::system(make.c_str()) == 0);
  unsigned short const port = closed_port();
  std::string const serve = "timeout 20 openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port) +
                            " -key " + key + " -cert " + cert + " > /dev/null 2>&1 & echo $! > " +
                            (dir / "pid").string();
  REQUIRE(std::system(serve.c_str()) == 0);
  std::string const url = "https://127.0.0.1:" + std::to_string(port) + "/";
  curl_options o;
  o.timeout = 5s;
  // Wait (bounded) until the server listens.
  for (int i = 0; i < 50 && curl_transport(o)(get(url)).error == transport_errc::connect_failed; ++i)
    std::this_thread::sleep_for(100ms);
  CHECK(curl_transport(o)(get(url)).error == transport_errc::tls_handshake_failed);
  o.ca_file = cert;
  auto const trusted = curl_transport(o)(get(url));
  CHECK_FALSE(trusted.error);
  CHECK(trusted.response.status == 200);
  std::system(("kill $(cat " + (dir / "pid").string() + ") 2> /dev/null").c_str());
  fs::remove_all(dir);
}

// A POST that is not idempotent (import_otp), processed by a server that then drops the kept-alive
// connection without answering. libcurl would send it again on a new connection by itself, and a
// failed reconnect would read as "nothing was sent", which the client retries.
TEST_CASE("T11 curl: a POST that may not be repeated reaches a server that drops it exactly once") {
  std::string const info = R"({"statusCode":200,"message":"","data":{"totpStatus":true,"faceMfaStatus":false,)"
                           R"("smsMfaStatus":false,"emailMfaStatus":false}})";
  std::string const ok = R"({"statusCode":200,"message":"","data":{}})";
  for (bool const retries : {true, false}) {
    CAPTURE(retries);
    // With retries, the server is down for a moment after the drop (libcurl's reconnect is
    // refused) and back before the client's own retry; without, it stays up and would answer.
    test::dropping_server server(info, ok, retries ? 300ms : 0ms);
    auto o = test::fixed_options();
    o.nonce = {};
    o.host = server.url();
    o.allow_insecure_http = true;
    if (retries) {
      o.retry.initial_backoff = 600ms;
      o.retry.jitter = [] { return 1.0; };
    } else {
      o.retry = retry_policy::disabled();
    }
    management_client client(o, curl_transport(local()));
    REQUIRE(client.get_user_mfa_info({.user_id = "u"}).has_value());  // a kept-alive connection now
    auto const imported = client.import_otp({.list = {{.user_id = "u", .otp = {.secret = "JBSWY3DPEHPK3PXP"}}}});
    REQUIRE_FALSE(imported.has_value());
    auto const& e = imported.error();
    CHECK(e.kind() == error_kind::transport);
    CHECK(e.is_retryable());
    CHECK(e.cause == transport_errc::connection_lost);
    CHECK_FALSE(request_not_sent(e.cause));
    CHECK(e.attempts == 1);
    CHECK(server.posts_processed() == 1);
  }
}

TEST_CASE("curl: an idempotent request still reuses the kept-alive connection") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    curl_transport const curl(local());
    http_request post{http_method::post, server.url() + "/x", {{"content-type", "application/json"}}, "{}"};
    post.idempotent = true;
    for (int i = 0; i < 3; ++i) CHECK_FALSE(curl(post).error);
    post.idempotent = false;
    for (int i = 0; i < 2; ++i) CHECK_FALSE(curl(post).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 3);  // one shared by the first three, one each for the others
}

TEST_CASE("T15 curl: a timeout of zero or less fails every call with setup_failed, and nothing is sent") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  for (auto const t : {0ms, -1ms, -10'000ms}) {
    auto o = local();
    o.timeout = t;
    CHECK(curl_transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
    o = local();
    o.connect_timeout = t;
    CHECK(curl_transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
  }
  CHECK(server.requests() == 0);
  CHECK_FALSE(request_not_sent(make_error_code(transport_errc::setup_failed)));  // sending again fails again
}

TEST_CASE("T16 curl: 30000 response header fields are all kept, in order") {
  constexpr int fields = 30'000;
  auto const name = [](int i) {  // three base-36 digits: the fields fit libcurl's 300 KB header limit
    constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    return std::string{digits[i / 1296], digits[i / 36 % 36], digits[i % 36]};
  };
  std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
  for (int i = 0; i < fields; ++i) answer += name(i) + ": v\r\n";
  test::answering_server server(answer + "\r\n{}");
  auto const start = std::chrono::steady_clock::now();
  auto const r = curl_transport(local())(get(server.url() + "/many"));
  MESSAGE("30000 header fields took " << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() << " ms");
  REQUIRE_FALSE(r.error);
  CHECK(r.response.headers.size() == static_cast<std::size_t>(fields + 1));
  CHECK(r.response.headers.find(name(0)) == "v");
  CHECK(r.response.headers.find(name(fields - 1)) == "v");
}

TEST_CASE("T17 curl: of a repeated response header, find gives the first value") {
  test::answering_server server(
      "HTTP/1.1 200 OK\r\nX-Request-Id: first\r\nContent-Length: 2\r\nx-request-id: second\r\n\r\n{}");
  auto const r = curl_transport(local())(get(server.url() + "/twice"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.headers.find("x-request-id") == "first");
  int seen = 0;
  for (auto const h : r.response.headers) seen += detail::iequals(h.name, "x-request-id") ? 1 : 0;
  CHECK(seen == 2);
}

TEST_CASE("T23 curl: a handle idle for longer than idle_timeout is closed with its connection") {
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  auto o = local();
  o.idle_timeout = 100ms;
  curl_transport const curl(o);
  CHECK_FALSE(curl(get(server.url() + "/a")).error);
  CHECK_FALSE(curl(get(server.url() + "/b")).error);  // at once: the same connection
  CHECK(server.connections() == 1);
  std::this_thread::sleep_for(250ms);
  CHECK_FALSE(curl(get(server.url() + "/c")).error);  // the idle handle was closed: a new connection
  CHECK(server.connections() == 2);
}

#include <sched.h>
#include <sys/mount.h>

// A CA file pins what is trusted: libcurl would otherwise trust its built-in CA folder too. The
// test puts a "public" CA in place of the system store (a private mount namespace over
// /etc/ssl/certs, which needs root) and a server certificate it signed; a transport given another
// CA as ca_file must refuse that server.
TEST_CASE("T18 curl: ca_file replaces the system's trust store instead of adding to it") {
  namespace fs = std::filesystem;
  fs::path const dir = fs::temp_directory_path() / ("genauth-store-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "store");
  auto const run = [](std::string const& command) { return std::system((command + " > /dev/null 2>&1").c_str()) == 0; };
  auto const p = [&](char const* name) { return (dir / name).string(); };
  std::string const ca = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj ";
  REQUIRE(run(ca + "/CN=public-ca -keyout " + p("public.key") + " -out " + p("store/ca-certificates.crt")));
  REQUIRE(run(ca + "/CN=private-ca -keyout " + p("private.key") + " -out " + p("private.pem")));
  REQUIRE(run("openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout " + p("server.key") + " -out " +
              p("server.csr")));
  std::ofstream(p("san.ext")) << "subjectAltName=IP:127.0.0.1\n";
  REQUIRE(run("openssl x509 -req -days 1 -in " + p("server.csr") + " -CA " + p("store/ca-certificates.crt") +
              " -CAkey " + p("public.key") + " -CAcreateserial -extfile " + p("san.ext") + " -out " + p("server.pem")));
  REQUIRE(run("openssl rehash " + p("store")));
  unsigned short const port = closed_port();
  // The server's output goes nowhere: one left writing to the test's output would hold ctest.
  REQUIRE(std::system(("timeout 20 openssl s_server -quiet -www -accept 127.0.0.1:" + std::to_string(port) +
                       " -key " + p("server.key") + " -cert " + p("server.pem") + " > /dev/null 2>&1 & echo $! > " +
                       p("pid")).c_str()) == 0);
  std::string const url = "https://127.0.0.1:" + std::to_string(port) + "/";
  curl_options probe;
  probe.ca_file = p("store/ca-certificates.crt");
  for (int i = 0; i < 50 && curl_transport(probe)(get(url)).error == transport_errc::connect_failed; ++i)
    std::this_thread::sleep_for(100ms);

  char const verdict = test::in_child([&] {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount((dir / "store").c_str(), "/etc/ssl/certs", nullptr, MS_BIND, nullptr) != 0)
      return 'S';  // no private mount namespace here (not root): nothing to check
    bool const system_trusts = !curl_transport()(get(url)).error;  // the stand-in store works
    curl_options pinned;
    pinned.ca_file = p("private.pem");
    bool const pinned_refuses = curl_transport(pinned)(get(url)).error == transport_errc::tls_handshake_failed;
    return !system_trusts ? 'T' : pinned_refuses ? 'Y' : 'N';
  });
  run("kill $(cat " + p("pid") + ")");
  fs::remove_all(dir);
  REQUIRE(verdict != 0);
  if (verdict == 'S') {
    MESSAGE("skipped: a private mount namespace needs root");
    return;
  }
  CHECK(verdict != 'T');  // the system store stand-in must trust the server, or the test proves nothing
  CHECK(verdict == 'Y');
}
