#pragma once

// What both transports promise, each checked against a real loopback server. A transport's test
// file runs every check with its own transport class and a `local()` that makes options for
// plain HTTP on 127.0.0.1 with a 5 s timeout, under test names of its own.

#include "dropping_server.hpp"
#include "local_dns.hpp"
#include "loopback_server.hpp"

#include "../unit/support.hpp"

#include <genauth/genauth.hpp>

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>


namespace test::contract {

using namespace std::chrono_literals;
using genauth::http_method;
using genauth::http_request;
using genauth::transport_errc;

inline http_request get(std::string url) {
  return {http_method::get, std::move(url), {{"accept", "application/json"}}, "", true};
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
inline unsigned short closed_port() {
  boost::asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

/// A server's handler that answers "{}" after 1.5 s: slower than the timeouts the checks set.
inline constexpr auto answer_after_1500ms = [](auto const&, auto& res) {
  std::this_thread::sleep_for(1500ms);
  res.body() = "{}";
};

template <class Transport>
void sends_every_method(auto local) {
  std::mutex mutex;
  std::vector<loopback_server::request> seen;
  loopback_server server([&](auto const& req, auto& res) {
    {
      std::lock_guard const lock(mutex);
      seen.push_back(req);
    }
    res.set("Content-Type", "application/json");
    res.set("X-Request-Id", "r-1");
    res.body() = R"({"statusCode":200,"data":{"echo":")" + std::string(req.target()) + R"("}})";
  });
  Transport const transport(local());
  auto r = transport(get(server.url() + "/api/v3/get?userId=a%2Bb"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.status == 200);
  CHECK(r.response.headers.find("x-request-id") == "r-1");
  CHECK(r.response.body == R"({"statusCode":200,"data":{"echo":"/api/v3/get?userId=a%2Bb"}})");
  http_request post{http_method::post, server.url() + "/api/v3/post",
                    {{"content-type", "application/json"}, {"authorization", "token"}}, R"({"a":"é"})"};
  r = transport(post);
  REQUIRE_FALSE(r.error);
  // PUT and DELETE go out under their own names, with their bodies; a GET after them is a GET.
  for (auto const method : {http_method::put, http_method::delete_}) {
    http_request other{method, server.url() + "/api/v3/items/a%2Fb", {{"content-type", "application/json"}},
                       method == http_method::put ? R"({"b":1})" : ""};
    REQUIRE_FALSE(transport(other).error);
  }
  REQUIRE_FALSE(transport(get(server.url() + "/api/v3/after")).error);
  std::lock_guard const lock(mutex);
  REQUIRE(seen.size() == 5);
  CHECK(seen[2].method() == http::verb::put);
  CHECK(seen[2].target() == "/api/v3/items/a%2Fb");
  CHECK(seen[2].body() == R"({"b":1})");
  CHECK(seen[3].method() == http::verb::delete_);
  CHECK(seen[3].body().empty());
  CHECK(seen[3][http::field::content_length] == "0");
  CHECK(seen[4].method() == http::verb::get);
  CHECK(seen[4].body().empty());
  CHECK(seen[0].method() == http::verb::get);
  CHECK(seen[0][http::field::host] == server.url().substr(7));
  CHECK(seen[1].method() == http::verb::post);
  CHECK(seen[1].body() == R"({"a":"é"})");
  CHECK(seen[1][http::field::authorization] == "token");
  CHECK(seen[1][http::field::content_length] == "10");
  CHECK(seen[1][http::field::expect].empty());
}

template <class Transport>
void keeps_connections_alive(auto local) {
  loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    Transport const transport(local());
    for (int i = 0; i < 5; ++i) CHECK_FALSE(transport(get(server.url() + "/x")).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 1);
}

/// An idempotent POST shares the kept-alive connection; any other gets one of its own.
template <class Transport>
void gives_unrepeatable_requests_their_own_connection(auto local) {
  loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  {
    Transport const transport(local());
    http_request post{http_method::post, server.url() + "/x", {{"content-type", "application/json"}}, "{}"};
    post.idempotent = true;
    for (int i = 0; i < 3; ++i) CHECK_FALSE(transport(post).error);
    post.idempotent = false;
    for (int i = 0; i < 2; ++i) CHECK_FALSE(transport(post).error);
  }
  CHECK(server.requests() == 5);
  CHECK(server.connections() == 3);  // one shared by the first three, one each for the others
}

template <class Transport>
void refuses_plain_http_by_default() {
  loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  Transport const transport;
  CHECK(transport(get(server.url() + "/x")).error == transport_errc::insecure_url);
  CHECK(server.requests() == 0);
}

/// CR, LF or NUL in a header field (or an empty name) would put the rest on the wire as a field of
/// its own; so would a line break in the target, given as `bad_paths` where the transport checks it.
template <class Transport>
void refuses_unsendable_fields(auto local, std::vector<std::string> const& bad_paths = {}) {
  loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  Transport const transport(local());
  auto with_header = [&](std::string const& name, std::string const& value) {
    http_request r = get(server.url() + "/x");
    r.headers.add(name, value);
    return transport(r).error;
  };
  CHECK(with_header("x-a", "1\r\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", "1\nx-injected: 2") == transport_errc::setup_failed);
  CHECK(with_header("x-a", std::string("1\0" "2", 3)) == transport_errc::setup_failed);
  CHECK(with_header("x-a\r\nx-injected", "2") == transport_errc::setup_failed);
  CHECK(with_header("", "2") == transport_errc::setup_failed);
  for (auto const& path : bad_paths) {
    CAPTURE(path);
    CHECK(transport(get(server.url() + path)).error == transport_errc::setup_failed);
  }
  CHECK(server.connections() == 0);
  CHECK(with_header("x-a", "1, 2") == std::error_code());  // the same transport still sends a clean one
  CHECK(server.requests() == 1);
}

template <class Transport>
void reports_a_refused_connection(auto local) {
  Transport const transport(local());
  auto const r = transport(get("http://127.0.0.1:" + std::to_string(closed_port()) + "/x"));
  CHECK(r.error == transport_errc::connect_failed);
  CHECK(genauth::request_not_sent(r.error));
}

template <class Transport>
void reports_an_unresolvable_host(auto local) {
  auto o = local();
  o.connect_timeout = 3s;
  CHECK(Transport(o)(get("https://no-such-host.invalid/x")).error == transport_errc::resolve_failed);
}

/// A name lookup that gets no answer ends at the transport's timeout (300 ms), as nothing was sent.
template <class Transport>
void times_out_an_unanswered_name_lookup(auto local) {
  check_dns_verdict(with_local_dns(std::nullopt, [&] {
    auto o = local();
    o.timeout = 300ms;
    // Never destroyed: the child ends with _exit, and a transport's destructor may wait for the
    // system resolver's own 2 s.
    auto const* transport = new Transport(o);
    auto const start = std::chrono::steady_clock::now();
    auto const r = (*transport)(get("http://genauth-lookup.invalid/x"));
    if (r.error != transport_errc::connect_failed) return 'E';
    return std::chrono::steady_clock::now() - start < 1500ms ? 'Y' : 'N';
  }));
}

template <class Transport>
void times_out_a_slow_answer(auto local) {
  loopback_server server(answer_after_1500ms);
  auto o = local();
  o.timeout = 300ms;
  auto const start = std::chrono::steady_clock::now();
  auto const r = Transport(o)(get(server.url() + "/slow"));
  CHECK(r.error == transport_errc::timed_out);
  CHECK_FALSE(genauth::request_not_sent(r.error));
  CHECK(std::chrono::steady_clock::now() - start < 1400ms);  // the server would have answered after 1.5 s
}

/// What is left of a call's deadline bounds the exchange, below the transport's own timeout.
template <class Transport>
void times_out_at_the_call_deadline(auto local) {
  loopback_server server(answer_after_1500ms);
  auto o = fixed_options();
  o.host = server.url();
  o.allow_insecure_http = true;
  genauth::management_client client(o, Transport(local()));  // the transport's own timeout: 5 s
  genauth::call_options options;
  options.deadline = 300ms;
  auto const start = std::chrono::steady_clock::now();
  auto const r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"}, options);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == genauth::errc::deadline_exceeded);
  CHECK(r.error().cause == transport_errc::timed_out);
  CHECK(r.error().may_have_been_processed);
  CHECK(r.error().attempts == 1);  // no time was left for a second attempt
  CHECK(std::chrono::steady_clock::now() - start < 1400ms);
}

/// A timeout of zero or less is refused, not read as "no timeout".
template <class Transport>
void refuses_a_timeout_of_zero_or_less(auto local) {
  loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  for (auto const t : {0ms, -1ms, -10'000ms}) {
    CAPTURE(t.count());
    auto o = local();
    o.timeout = t;
    CHECK(Transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
    o = local();
    o.connect_timeout = t;
    CHECK(Transport(o)(get(server.url() + "/x")).error == transport_errc::setup_failed);
  }
  CHECK(server.requests() == 0);
}

template <class Transport>
void caps_the_response_size(auto local) {
  loopback_server server([](auto const&, auto& res) { res.body() = std::string(2 * 1024 * 1024, 'x'); });
  auto o = local();
  o.max_response_size = 1024 * 1024;
  CHECK(Transport(o)(get(server.url() + "/big")).error == transport_errc::response_too_large);
  o.max_response_size = 4 * 1024 * 1024;
  CHECK(Transport(o)(get(server.url() + "/big")).response.body.size() == 2u * 1024 * 1024);
}

/// Of a repeated response header, find gives the first value; both are kept.
template <class Transport>
void keeps_a_repeated_header(auto local) {
  answering_server server("HTTP/1.1 200 OK\r\nX-Request-Id: first\r\nContent-Length: 2\r\nx-request-id: second\r\n\r\n{}");
  auto const r = Transport(local())(get(server.url() + "/twice"));
  REQUIRE_FALSE(r.error);
  CHECK(r.response.headers.find("x-request-id") == "first");
  CHECK(r.response.headers.size() == 3u);
  int seen = 0;
  for (auto const h : r.response.headers) seen += genauth::detail::iequals(h.name, "x-request-id") ? 1 : 0;
  CHECK(seen == 2);
}

/// 30,000 response header fields are all kept, in order.
template <class Transport>
void keeps_30000_header_fields(auto local) {
  constexpr int fields = 30'000;
  auto const name = [](int i) {  // three base-36 digits: the fields fit libcurl's 300 KB header limit
    constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    return std::string{digits[i / 1296], digits[i / 36 % 36], digits[i % 36]};
  };
  std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
  for (int i = 0; i < fields; ++i) answer += name(i) + ": v\r\n";
  answering_server server(answer + "\r\n{}");
  auto const start = std::chrono::steady_clock::now();
  auto const r = Transport(local())(get(server.url() + "/many"));
  MESSAGE("30000 header fields took "
          << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() << " ms");
  REQUIRE_FALSE(r.error);
  REQUIRE(r.response.headers.size() == static_cast<std::size_t>(fields + 1));
  CHECK(r.response.headers.find(name(0)) == "v");
  CHECK(r.response.headers.find(name(fields - 1)) == "v");
  int at = -1;  // Content-Length comes first, then the fields as they were sent
  bool in_order = true;
  for (auto const h : r.response.headers) {
    if (at >= 0 && h.name != name(at)) in_order = false;
    ++at;
  }
  CHECK(in_order);
}

template <class Transport>
void serves_eight_threads(auto local) {
  std::atomic<int> served{0};
  loopback_server server([&](auto const&, auto& res) {
    ++served;
    res.body() = "{}";
  });
  Transport const transport(local());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        if (transport(get(server.url() + "/x")).error) ++failures;
    });
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
  CHECK(served == 400);
  CHECK(server.connections() <= 8);
}

/// A POST that is not idempotent (import_otp), processed by a server that then drops the
/// kept-alive connection without answering, reaches it once: a transport must not send it again
/// on a new connection, nor read a failed reconnect as "nothing was sent" (which the client would
/// retry). With retries, the server is down for a moment after the drop (a reconnect is refused)
/// and back before the client's own retry; without, it stays up and would answer.
template <class Transport>
void sends_an_unrepeatable_post_once(auto local) {
  std::string const info = R"({"statusCode":200,"message":"","data":{"totpStatus":true,"faceMfaStatus":false,)"
                           R"("smsMfaStatus":false,"emailMfaStatus":false}})";
  std::string const ok = R"({"statusCode":200,"message":"","data":{}})";
  for (bool const retries : {true, false}) {
    CAPTURE(retries);
    dropping_server server(info, ok, retries ? 300ms : 0ms);
    auto o = fixed_options();
    o.nonce = {};
    o.host = server.url();
    o.allow_insecure_http = true;
    if (retries) {
      o.retry.initial_backoff = 600ms;
      o.retry.jitter = [] { return 1.0; };
    } else {
      o.retry = genauth::retry_policy::disabled();
    }
    genauth::management_client client(o, Transport(local()));
    REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u"}).has_value());  // a kept-alive connection now
    auto const imported = genauth::management::import_otp(client, {.list = {{.user_id = "u", .otp = {.secret = "JBSWY3DPEHPK3PXP"}}}});
    REQUIRE_FALSE(imported.has_value());
    auto const& e = imported.error();
    CHECK(e.kind() == genauth::error_kind::transport);
    CHECK(e.is_retryable());
    CHECK(e.cause == transport_errc::connection_lost);
    CHECK_FALSE(genauth::request_not_sent(e.cause));
    CHECK(e.attempts == 1);
    CHECK(server.posts_processed() == 1);
  }
}

}  // namespace test::contract
