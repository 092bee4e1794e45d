#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

using namespace genauth;
using namespace std::chrono_literals;

namespace GENAUTH_UNITY_ID {

using test::scripted_transport;

http_response ok(std::string const& data) {
  return {200, {}, R"({"statusCode":200,"message":"","requestId":"r-ok","data":)" + data + "}"};
}
http_response const info_ok = ok(R"({"totpStatus":true,"faceMfaStatus":false,"smsMfaStatus":false,"emailMfaStatus":false})");
http_response const enrolment_ok = ok(R"({"enrollmentToken":"t"})");

http_response status(int code, http_headers headers = {}) {
  return {code, std::move(headers), "<html>busy</html>"};
}

/// A clock that moves one second per reading, a recorded sleep, a steady clock that only moves
/// when slept, and a fixed jitter: the loop's decisions become exact.
struct harness {
  std::shared_ptr<std::vector<std::chrono::milliseconds>> slept = std::make_shared<std::vector<std::chrono::milliseconds>>();
  std::shared_ptr<std::chrono::steady_clock::time_point> steady = std::make_shared<std::chrono::steady_clock::time_point>();
  std::shared_ptr<std::int64_t> wall = std::make_shared<std::int64_t>(1736065800);

  management_options management() const {
    auto o = test::fixed_options();
    o.nonce = {};  // fresh nonces from the CSPRNG
    o.clock = [wall = wall] { return std::chrono::system_clock::time_point(std::chrono::seconds((*wall)++)); };
    o.retry = policy();
    return o;
  }
  authentication_options authentication() const {
    authentication_options o;
    o.app_id = "app";
    o.app_host = "https://example.genauth.ai";
    o.access_token = "token";
    o.retry = policy();
    return o;
  }
  retry_policy policy() const {
    retry_policy p;
    p.sleep = [slept = slept, steady = steady](std::chrono::milliseconds d) {
      slept->push_back(d);
      *steady += d;
    };
    p.now = [steady = steady] { return *steady; };
    p.jitter = [] { return 0.5; };
    return p;
  }
};


TEST_CASE("a GET answered 503 then 200 succeeds on the second attempt, signed afresh") {
  harness h;
  scripted_transport t;
  t.then(status(503)).then(info_ok);
  management_client client(h.management(), t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  CHECK(r->totp_status);
  REQUIRE(t.sent().size() == 2);
  auto const& first = t.sent()[0].headers;
  auto const& second = t.sent()[1].headers;
  CHECK(first.find("x-genauth-signature-nonce") != second.find("x-genauth-signature-nonce"));
  CHECK(first.find("date") != second.find("date"));
  CHECK(test::signature_is_valid(t.sent()[0], h.management().access_key_secret));
  CHECK(test::signature_is_valid(t.sent()[1], h.management().access_key_secret));
  // Backoff before attempt 2: initial_backoff (200 ms) times the jitter (0.5).
  CHECK(*h.slept == std::vector<std::chrono::milliseconds>{100ms});
}

TEST_CASE("the signature check used above rejects a tampered request") {
  harness h;
  auto req = build(h.management(), get_user_mfa_info_request{.user_id = "u1"});
  REQUIRE(req.has_value());
  CHECK(test::signature_is_valid(*req, h.management().access_key_secret));
  CHECK_FALSE(test::signature_is_valid(*req, "another secret"));
  req->url += "2";
  CHECK_FALSE(test::signature_is_valid(*req, h.management().access_key_secret));
}

TEST_CASE("Retry-After in delta-seconds is waited for, clamped to max_retry_after") {
  harness h;
  scripted_transport t;
  t.then(status(503, {{"Retry-After", "2"}})).then(status(429, {{"retry-after", " 86400 "}})).then(info_ok);
  management_client client(h.management(), t);
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
  CHECK(*h.slept == std::vector<std::chrono::milliseconds>{2s, 30s});
}

TEST_CASE("Retry-After as an HTTP date counts from the response's own Date") {
  harness h;
  scripted_transport t;
  t.then(status(503, {{"date", "Sun, 05 Jan 2025 08:30:00 GMT"}, {"retry-after", "Sun, 05 Jan 2025 08:30:03 GMT"}}))
      .then(status(503, {{"date", "Sun, 05 Jan 2025 08:30:09 GMT"}, {"retry-after", "Sun, 05 Jan 2025 08:30:03 GMT"}}))
      .then(info_ok);
  auto o = h.management();
  o.retry.max_attempts = 3;
  management_client client(o, t);
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
  // 3 s ahead of the server's clock; a date in the past means no wait at all.
  CHECK(*h.slept == std::vector<std::chrono::milliseconds>{3s});
}

TEST_CASE("garbage Retry-After values are ignored: the backoff applies") {
  for (std::string garbage : std::vector<std::string>{"soon", "-1", "1.5", "", "0x10", "2 s", "Sun, 99 Jan 2025 08:30:03 GMT",
                              "Mon, 05 Jan 2025 08:30:03 GMT" /* wrong weekday */, "Sunday, 05-Jan-25 08:30:03 GMT",
                              std::string("3\0", 2)}) {
    CAPTURE(garbage);
    harness h;
    scripted_transport t;
    t.then(status(503, {{"retry-after", garbage}})).then(info_ok);
    management_client client(h.management(), t);
    REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
    CHECK(*h.slept == std::vector<std::chrono::milliseconds>{100ms});
  }
}

TEST_CASE("an envelope statusCode 429 or 5xx under HTTP 200 is retried for an idempotent call") {
  for (int code : {429, 500, 503}) {
    harness h;
    scripted_transport t;
    t.then(http_response{200, {}, R"({"statusCode":)" + std::to_string(code) + R"(,"message":"busy"})"}).then(info_ok);
    management_client client(h.management(), t);
    CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
    CHECK(t.sent().size() == 2);
  }
}

TEST_CASE("a call that is not idempotent is never repeated once the request may have been sent") {
  harness h;
  for (transport_result failure : {transport_result(status(503)), transport_result(status(429)),
                                   transport_result(make_error_code(transport_errc::timed_out)),
                                   transport_result(make_error_code(transport_errc::connection_lost)),
                                   transport_result(http_response{200, {}, R"({"statusCode":503,"message":"x"})"})}) {
    scripted_transport t;
    t.then(failure).then(enrolment_ok);
    authentication_client client(h.authentication(), t);
    auto r = genauth::authentication::send_enroll_factor_request(client, {.factor_type = factor_type::otp});
    REQUIRE_FALSE(r.has_value());
    CHECK(t.sent().size() == 1);
    CHECK(r.error().attempts == 1);
    CHECK(r.error().is_retryable());  // transient, but not safe to repeat for this call
  }
  CHECK(h.slept->empty());
}

TEST_CASE("a refused connection is retried for any call, idempotent or not") {
  for (std::error_code refused : {std::make_error_code(std::errc::connection_refused),
                                  make_error_code(transport_errc::connect_failed),
                                  make_error_code(transport_errc::resolve_failed)}) {
    harness h;
    scripted_transport t;
    t.then(refused).then(enrolment_ok);
    authentication_client client(h.authentication(), t);
    auto r = genauth::authentication::send_enroll_factor_request(client, {.factor_type = factor_type::otp});
    REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
    CHECK(t.sent().size() == 2);
  }
}

TEST_CASE("the deadline stops the loop before an attempt would start after it") {
  harness h;
  auto o = h.management();
  o.retry.max_attempts = 10;
  o.retry.deadline = 1s;
  o.retry.jitter = [] { return 1.0; };  // waits of 200, 400, 800 ms
  scripted_transport t;
  for (int i = 0; i < 10; ++i) t.then(status(503));
  management_client client(o, t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  // 200 + 400 ms fit in 1 s; another 800 ms would not.
  CHECK(*h.slept == std::vector<std::chrono::milliseconds>{200ms, 400ms});
  CHECK(r.error().attempts == 3);
  CHECK(t.sent().size() == 3);
}

TEST_CASE("backoff doubles up to max_backoff and attempts stop at max_attempts") {
  harness h;
  auto o = h.management();
  o.retry.max_attempts = 6;
  o.retry.max_backoff = 1s;
  o.retry.jitter = [] { return 1.0; };
  scripted_transport t;
  for (int i = 0; i < 10; ++i) t.then(status(502));
  management_client client(o, t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  CHECK(*h.slept == std::vector<std::chrono::milliseconds>{200ms, 400ms, 800ms, 1s, 1s});
  CHECK(r.error().attempts == 6);
  CHECK(t.sent().size() == 6);
  CHECK(r.error().to_string().ends_with("after 6 attempts"));
}

TEST_CASE("a date-skew rejection (apiCode 1305) is retried once with the clock corrected by the server's Date") {
  harness h;
  auto o = h.management();
  o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1736065800)); };  // 08:30:00
  scripted_transport t;
  http_response const skewed{200, {{"date", "Sun, 05 Jan 2025 08:50:00 GMT"}},
                             R"({"statusCode":401,"apiCode":1305,"message":"timestamp out of range"})"};
  t.then(skewed).then(info_ok).then(info_ok);
  management_client client(o, t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  REQUIRE(t.sent().size() == 2);
  CHECK(t.sent()[0].headers.find("date") == "Sun, 05 Jan 2025 08:30:00 GMT");
  CHECK(t.sent()[1].headers.find("date") == "Sun, 05 Jan 2025 08:50:00 GMT");
  CHECK(test::signature_is_valid(t.sent()[1], o.access_key_secret));
  CHECK(h.slept->empty());
  // The client keeps the correction for later calls.
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
  CHECK(t.sent()[2].headers.find("date") == "Sun, 05 Jan 2025 08:50:00 GMT");
}

TEST_CASE("a second 1305, or one without a usable Date, is returned as it is") {
  harness h;
  auto o = h.management();
  http_response const skewed{200, {{"date", "Sun, 05 Jan 2025 08:50:00 GMT"}}, R"({"statusCode":401,"apiCode":1305})"};
  http_response const no_date{200, {}, R"({"statusCode":401,"apiCode":1305})"};
  scripted_transport t;
  t.then(skewed).then(skewed).then(info_ok);
  management_client client(o, t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().api_code == 1305);
  CHECK(r.error().attempts == 2);
  CHECK(r.error().headers.find("date") == "Sun, 05 Jan 2025 08:50:00 GMT");
  scripted_transport t2;
  t2.then(no_date).then(info_ok);
  management_client client2(o, t2);
  CHECK_FALSE(genauth::management::get_user_mfa_info(client2, {.user_id = "u1"}).has_value());
  CHECK(t2.sent().size() == 1);
}

TEST_CASE("with retries off, a 1305 answer is returned but the next call signs with the corrected clock") {
  harness h;
  auto o = h.management();
  o.retry = retry_policy::disabled();
  o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1736065800)); };  // 08:30:00
  scripted_transport t;
  t.then(http_response{200, {{"date", "Sun, 05 Jan 2025 08:10:00 GMT"}}, R"({"statusCode":401,"apiCode":1305})"})
      .then(info_ok);
  management_client client(o, t);
  CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).error().api_code == 1305);
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
  CHECK(t.sent()[1].headers.find("date") == "Sun, 05 Jan 2025 08:10:00 GMT");
}

TEST_CASE("retry_policy::disabled() sends once") {
  harness h;
  auto o = h.management();
  o.retry = retry_policy::disabled();
  scripted_transport t;
  t.then(make_error_code(transport_errc::connect_failed)).then(info_ok);
  management_client client(o, t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  CHECK(t.sent().size() == 1);
  CHECK(r.error().attempts == 1);
}

TEST_CASE("the error of the last attempt keeps the attempt count and the headers a caller needs") {
  harness h;
  scripted_transport t;
  http_headers const headers{{"Retry-After", "1"}, {"X-Request-Id", "req-7"}, {"Set-Cookie", "session=secret"},
                             {"Content-Type", "text/html"}};
  for (int i = 0; i < 3; ++i) t.then(status(503, headers));
  management_client client(h.management(), t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  auto const& e = r.error();
  CHECK(e.attempts == 3);
  CHECK(e.http_status == 503);
  CHECK(e.is_retryable());
  CHECK(e.headers.find("retry-after") == "1");
  CHECK(e.headers.find("x-request-id") == "req-7");
  CHECK(e.headers.find("content-type") == "text/html");
  CHECK_FALSE(e.headers.contains("set-cookie"));
}

TEST_CASE("errors that are not transient are returned at once") {
  harness h;
  scripted_transport t;
  t.then(test::fixture("error.404.user-not-found.2004.json")).then(info_ok);
  management_client client(h.management(), t);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  CHECK_FALSE(r.error().is_retryable());
  CHECK(t.sent().size() == 1);
}

TEST_CASE("an exception thrown by the transport becomes a transport error, and is retried like a lost connection") {
  harness h;
  int calls = 0;
  auto throwing = [&](http_request const&) -> transport_result {
    ++calls;
    throw std::runtime_error("socket exploded, token=abc");
  };
  management_client client(h.management(), throwing);
  auto r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind() == error_kind::transport);
  CHECK(r.error().cause == transport_errc::transport_threw);
  CHECK(r.error().message == "the transport threw an exception");
  CHECK(r.error().to_string().find("token=abc") == std::string::npos);
  CHECK(calls == 3);  // idempotent: retried
  authentication_client auth(h.authentication(), throwing);
  calls = 0;
  CHECK_FALSE(genauth::authentication::send_enroll_factor_request(auth, {.factor_type = factor_type::otp}).has_value());
  CHECK(calls == 1);  // not idempotent: it may have been sent
}

TEST_CASE("the default policy: 3 attempts, 200 ms doubling to 5 s, Retry-After up to 30 s, a 60 s deadline") {
  retry_policy const p;
  CHECK(p.max_attempts == 3);
  CHECK(p.initial_backoff == 200ms);
  CHECK(p.max_backoff == 5s);
  CHECK(p.max_retry_after == 30s);
  CHECK(p.deadline == 60s);
  CHECK(retry_policy::disabled().max_attempts == 1);
  // Without injected functions the loop sleeps for real, on the steady clock and the CSPRNG.
  scripted_transport t;
  t.then(status(503)).then(info_ok);
  auto o = test::fixed_options();
  o.nonce = {};
  management_client client(o, t);
  CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());
  CHECK(t.sent().size() == 2);
}

}  // namespace GENAUTH_UNITY_ID
