// The call engine driven by hand, with simulated time and no transport: every rule of the retry
// table, Retry-After, backoff, the deadline, cancellation and the clock correction.

#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

using namespace genauth;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

namespace GENAUTH_UNITY_ID {

using steady = std::chrono::steady_clock;

http_response const import_ok{200, {}, R"({"statusCode":200,"message":"ok"})"};

http_response answer(int status, http_headers headers = {}, std::string body = "<html>busy</html>") {
  return {status, std::move(headers), std::move(body)};
}

http_response clock_rejected(std::string const& server_date) {
  return {200, {{"date", server_date}}, R"({"statusCode":401,"apiCode":1305,"message":"timestamp out of range"})"};
}

management_options simulated_options() {
  auto o = test::fixed_options();
  o.nonce = {};
  o.retry.jitter = [] { return 0.5; };
  return o;
}

/// Runs an engine against a script of outcomes: each attempt takes 10 ms, each wait passes at
/// once in simulated time. What the driver saw is kept.
template <class Engine>
struct simulation {
  Engine& engine;
  std::deque<transport_result> script;
  steady::time_point now{};
  std::vector<http_request> sent{};
  std::vector<milliseconds> waits{};
  std::function<void()> on_wait{};  // runs in each wait, before time moves on

  auto run() {
    for (engine_step step = engine.next(now);;) {
      if (step == engine_step::send) {
        sent.push_back(engine.request());
        transport_result r = script.empty() ? transport_result(answer(599)) : script.front();
        if (!script.empty()) script.pop_front();
        now += 10ms;
        step = engine.receive(r, now);
      } else if (step == engine_step::wait) {
        waits.push_back(engine.wait_time());
        if (on_wait) on_wait();
        now += engine.wait_time();
        step = engine.next(now);
      } else {
        return engine.take_result();
      }
    }
  }
};

template <class Engine>
simulation(Engine&, std::deque<transport_result>) -> simulation<Engine>;

/// The outcome of a call whose stop is requested while its first attempt is out, which then
/// comes back as `outcome`.
template <class Policy, class R>
auto stopped_during_attempt(Policy& policy, R const& request, transport_result const& outcome) {
  stop_source stop;
  call_options const options{.stop = stop.get_token()};
  call_engine engine(policy, request, options);
  REQUIRE(engine.next(std::chrono::steady_clock::time_point{}) == engine_step::send);
  stop.request_stop();
  CHECK(engine.receive(outcome, std::chrono::steady_clock::time_point{} + 10ms) == engine_step::done);
  return engine.take_result();
}

template <class R>
R sample_request() {
  if constexpr (std::is_same_v<R, get_user_mfa_info_request>)
    return {.user_id = "u1"};
  else
    return {};
}

/// One call of R on `policy` with `options`, simulated against `script`. It holds what the
/// engine refers to, so it stays where it is made.
template <class R = get_user_mfa_info_request>
struct one_call {
  R const request = sample_request<R>();
  call_options const options;
  call_engine<R, management_policy> engine;
  simulation<call_engine<R, management_policy>> sim;

  one_call(management_policy& policy, std::deque<transport_result> script, call_options o = {})
      : options(std::move(o)), engine(policy, request, options), sim{engine, std::move(script)} {}
  one_call(one_call const&) = delete;
  auto run() { return sim.run(); }
};

struct row {
  char const* name;
  transport_result outcome;
  bool retried_when_idempotent;
  bool retried_otherwise;
};


TEST_CASE("the engine applies every row of the retry table to idempotent and other calls") {
  std::vector<row> const rows = {
      {"connect_failed", make_error_code(transport_errc::connect_failed), true, true},
      {"resolve_failed", make_error_code(transport_errc::resolve_failed), true, true},
      {"tls_handshake_failed", make_error_code(transport_errc::tls_handshake_failed), true, true},
      {"connection refused", std::make_error_code(std::errc::connection_refused), true, true},
      {"timed_out", make_error_code(transport_errc::timed_out), true, false},
      {"connection_lost", make_error_code(transport_errc::connection_lost), true, false},
      {"transport_threw", make_error_code(transport_errc::transport_threw), true, false},
      {"HTTP 408", answer(408), true, false},
      {"HTTP 429", answer(429), true, false},
      {"HTTP 500", answer(500), true, false},
      {"HTTP 502", answer(502), true, false},
      {"HTTP 503", answer(503), true, false},
      {"HTTP 504", answer(504), true, false},
      {"statusCode 429", answer(200, {}, R"({"statusCode":429,"message":"slow down"})"), true, false},
      {"statusCode 503", answer(200, {}, R"({"statusCode":503,"message":"busy"})"), true, false},
      {"body cut short", answer(200, {}, R"({"statusCode":200,"data":{"totp)"), true, false},
      {"HTTP 400", answer(400), false, false},
      {"statusCode 400", answer(200, {}, R"({"statusCode":400,"message":"bad"})"), false, false},
      {"1305 with a Date", clock_rejected("Sun, 05 Jan 2025 08:40:00 GMT"), true, true},
      {"1305 without a Date", answer(200, {}, R"({"statusCode":401,"apiCode":1305})"), false, false},
  };
  for (auto const& r : rows) {
    CAPTURE(r.name);
    {
      management_policy policy(simulated_options());
      one_call call(policy, {r.outcome, test::info_ok});
      auto const out = call.run();
      CHECK(out.has_value() == r.retried_when_idempotent);
      CHECK(call.sim.sent.size() == (r.retried_when_idempotent ? 2u : 1u));
      if (!out) CHECK(out.error().attempts == 1);
    }
    {
      management_policy policy(simulated_options());
      one_call<import_otp_request> call(policy, {r.outcome, import_ok});
      auto const out = call.run();
      CHECK(out.has_value() == r.retried_otherwise);
      CHECK(call.sim.sent.size() == (r.retried_otherwise ? 2u : 1u));
    }
  }
}

TEST_CASE("every attempt is built and signed afresh") {
  management_policy policy(simulated_options());
  one_call call(policy, {answer(503), answer(503), test::info_ok});
  REQUIRE(call.run().has_value());
  REQUIRE(call.sim.sent.size() == 3);
  CHECK(call.sim.sent[0].headers.find("x-genauth-signature-nonce") != call.sim.sent[1].headers.find("x-genauth-signature-nonce"));
  for (auto const& r : call.sim.sent) CHECK(test::signature_is_valid(r, policy.options().access_key_secret));
}

TEST_CASE("Retry-After: delta-seconds, an IMF-fixdate, out of range, far future, garbage") {
  struct wait_case {
    char const* name;
    http_headers headers;
    milliseconds expected;
  };
  // max_retry_after is 30 s; the backoff before attempt 2 is 0.5 * 200 ms.
  std::vector<wait_case> const cases = {
      {"seconds", {{"retry-after", "7"}}, 7s},
      {"seconds, spaces around", {{"retry-after", " 2\t"}}, 2s},
      {"seconds beyond the clamp", {{"retry-after", "120"}}, 30s},
      {"seconds out of any range", {{"retry-after", "99999999999999999999999"}}, 30s},
      {"date from the response's Date",
       {{"date", "Sun, 05 Jan 2025 08:30:00 GMT"}, {"retry-after", "Sun, 05 Jan 2025 08:30:04 GMT"}},
       4s},
      {"date in the past",
       {{"date", "Sun, 05 Jan 2025 08:30:00 GMT"}, {"retry-after", "Sun, 05 Jan 2025 08:29:00 GMT"}},
       0ms},
      {"date without a Date: from the signing clock", {{"retry-after", "Sun, 05 Jan 2025 08:30:05 GMT"}}, 5s},
      {"far future date", {{"retry-after", "Tue, 31 Dec 2199 23:59:59 GMT"}}, 30s},
      {"date past the accepted years", {{"retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"}}, 100ms},
      {"garbage", {{"retry-after", "soon"}}, 100ms},
      {"negative", {{"retry-after", "-5"}}, 100ms},
  };
  for (auto const& c : cases) {
    CAPTURE(c.name);
    management_policy policy(simulated_options());
    one_call call(policy, {answer(503, c.headers), test::info_ok});
    REQUIRE(call.run().has_value());
    if (c.expected == 0ms)
      CHECK(call.sim.waits.empty());  // no zero-length wait is handed out
    else
      CHECK(call.sim.waits == std::vector<milliseconds>{c.expected});
  }
}

TEST_CASE("jittered backoff doubles up to max_backoff and scales by the jitter") {
  for (double jitter : {0.0, 0.25, 0.999}) {
    CAPTURE(jitter);
    auto o = simulated_options();
    o.retry.max_attempts = 7;
    o.retry.initial_backoff = 100ms;
    o.retry.max_backoff = 1s;
    o.retry.jitter = [jitter] { return jitter; };
    management_policy policy(o);
    one_call call(policy, {answer(503), answer(503), answer(503), answer(503), answer(503), answer(503), test::info_ok});
    REQUIRE(call.run().has_value());
    std::vector<milliseconds> expected;
    for (int ceiling : {100, 200, 400, 800, 1000, 1000}) {
      auto const ms = milliseconds(static_cast<long long>(ceiling * jitter));
      if (ms > 0ms) expected.push_back(ms);
    }
    CHECK(call.sim.waits == expected);
  }
  // Without an injected jitter the CSPRNG draws it: always below the ceiling.
  auto o = simulated_options();
  o.retry.jitter = {};
  o.retry.max_attempts = 2;
  management_policy policy(o);
  for (int i = 0; i < 50; ++i) {
    one_call call(policy, {answer(503), test::info_ok});
    REQUIRE(call.run().has_value());
    for (auto w : call.sim.waits) CHECK(w < 200ms);
  }
}

TEST_CASE("the retry policy's deadline stops attempts from starting after it") {
  auto o = simulated_options();
  o.retry.max_attempts = 10;
  o.retry.deadline = 1s;
  management_policy policy(o);
  one_call call(policy, {answer(503, {{"retry-after", "0"}}), answer(503, {{"retry-after", "2"}}), test::info_ok});
  auto const out = call.run();
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().http_status == 503);
  CHECK(out.error().attempts == 2);
}

TEST_CASE("the call's deadline: the transport gets what is left, and no wait runs past it") {
  auto o = simulated_options();
  o.retry.max_attempts = 5;
  management_policy policy(o);
  {
    one_call call(policy, {answer(503, {{"retry-after", "1"}}), answer(503, {{"retry-after", "1"}}), test::info_ok},
                  {.deadline = 1500ms});
    auto const out = call.run();
    auto const& sent = call.sim.sent;
    REQUIRE_FALSE(out.has_value());
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].timeout == 1500ms);
    CHECK(sent[1].timeout == 1500ms - 10ms - 1s);  // one attempt and one wait gone
    CHECK(out.error().attempts == 2);              // a second 1 s wait would end past the deadline
  }
  {
    one_call call(policy, {test::info_ok});
    REQUIRE(call.run().has_value());
    CHECK_FALSE(call.sim.sent[0].timeout.has_value());
  }
  {
    one_call call(policy, {test::info_ok}, {.deadline = 0ms});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::deadline_exceeded);
    CHECK(out.error().kind() == error_kind::cancelled);
    CHECK(out.error().attempts == 0);
    CHECK(call.sim.sent.empty());
  }
}

TEST_CASE("T35 a deadline that passes during an attempt ends the call deadline_exceeded, even after a good answer") {
  auto o = simulated_options();
  management_policy policy(o);
  struct expectation {
    transport_result outcome;
    bool processed;
  };
  std::vector<expectation> const cases = {
      {test::info_ok, true},                                        // a success that came too late
      {answer(503), true},                                          // a failure that would be retried
      {make_error_code(transport_errc::timed_out), true},           // may have reached the server
      {make_error_code(transport_errc::connect_failed), false},     // proved not sent
  };
  for (auto const& c : cases) {
    CAPTURE(c.outcome.error);
    one_call call(policy, {c.outcome, test::info_ok}, {.deadline = 5ms});  // each attempt takes 10 ms
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::deadline_exceeded);
    CHECK(out.error().attempts == 1);
    CHECK(out.error().cause == c.outcome.error);
    CHECK(out.error().http_status == (c.outcome.error ? 0 : c.outcome.response.status));
    CHECK(out.error().may_have_been_processed == c.processed);
    CHECK(call.sim.sent.size() == 1);
  }
}

TEST_CASE("a transport that times out within the last 5 ms (or 1%) of the deadline ran into it") {
  management_policy policy(simulated_options());
  auto const timed_out = make_error_code(transport_errc::timed_out);
  {
    one_call call(policy, {timed_out, test::info_ok}, {.deadline = 12ms});  // it fails 2 ms before
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::deadline_exceeded);
    CHECK(out.error().cause == timed_out);
  }
  {
    one_call call(policy, {timed_out, test::info_ok}, {.deadline = 100ms});  // 90 ms before: its own timeout
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::transport_failed);
  }
}

TEST_CASE("whether a failed call may have been processed counts every attempt") {
  auto o = simulated_options();
  management_policy policy(o);
  auto const refused = make_error_code(transport_errc::connect_failed);
  {
    one_call call(policy, {refused, refused, refused});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().attempts == 3);
    CHECK_FALSE(out.error().may_have_been_processed);  // a non-idempotent call may be made again
  }
  {
    one_call call(policy, {answer(503), refused, refused});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().cause == refused);
    CHECK(out.error().may_have_been_processed);  // the first attempt was answered
  }
}

TEST_CASE("a deadline of milliseconds::max() never passes, and no deadline arithmetic overflows") {
  auto o = simulated_options();
  o.retry.deadline = milliseconds::max();
  o.retry.max_backoff = milliseconds::max();
  o.retry.max_retry_after = milliseconds::max();
  management_policy policy(o);
  for (auto const start : {steady::time_point{}, steady::time_point::max() - 1h}) {
    one_call call(policy, {answer(503), test::info_ok}, {.deadline = milliseconds::max()});
    call.sim.now = start;
    auto const out = call.run();
    REQUIRE_MESSAGE(out.has_value(), out.error().to_string());
    REQUIRE(call.sim.sent.size() == 2);
    CHECK(*call.sim.sent[0].timeout >= 1h);  // what is left of the clock at the latest
  }
  one_call never(policy, {test::info_ok}, {.deadline = milliseconds::min()});
  auto const out = never.run();
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().code == errc::deadline_exceeded);
}

TEST_CASE("a driver that saw the deadline pass ends the call deadline_exceeded, in a wait or an attempt") {
  management_policy policy(simulated_options());
  {
    one_call call(policy, {answer(503, {{"retry-after", "30"}}), test::info_ok}, {.deadline = 60s});
    call.sim.on_wait = [&] { call.engine.expire(); };
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::deadline_exceeded);
    CHECK(out.error().attempts == 1);
    CHECK(call.sim.sent.size() == 1);
  }
  get_user_mfa_info_request const request{.user_id = "u1"};
  call_options const options{.deadline = 60s};
  call_engine engine(policy, request, options);
  REQUIRE(engine.next(steady::time_point{}) == engine_step::send);
  engine.expire();  // the driver abandoned the attempt: its transport reports nothing was sent
  CHECK(engine.receive(make_error_code(transport_errc::connect_failed), steady::time_point{} + 1ms) == engine_step::done);
  auto const out = engine.take_result();
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().code == errc::deadline_exceeded);
  CHECK_FALSE(out.error().may_have_been_processed);
}

TEST_CASE("cancellation before the call, during a wait, and after the last attempt") {
  management_policy policy(simulated_options());
  get_user_mfa_info_request const request{.user_id = "u1"};
  SUBCASE("before: nothing is built or sent") {
    stop_source stop;
    stop.request_stop();
    one_call call(policy, {test::info_ok}, {.stop = stop.get_token()});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::cancelled);
    CHECK(out.error().attempts == 0);
    CHECK_FALSE(out.error().is_retryable());
    CHECK(call.sim.sent.empty());
  }
  SUBCASE("during a wait: the next step ends the call") {
    stop_source stop;
    one_call call(policy, {answer(503, {{"retry-after", "30"}}), test::info_ok}, {.stop = stop.get_token()});
    call.sim.on_wait = [&] { stop.request_stop(); };
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::cancelled);
    CHECK(out.error().attempts == 1);
    CHECK(call.sim.sent.size() == 1);
  }
  SUBCASE("during an attempt that would be retried: no retry") {
    auto const out = stopped_during_attempt(policy, request, answer(503));
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().code == errc::cancelled);
  }
  SUBCASE("after the last attempt: its outcome stands") {
    CHECK(stopped_during_attempt(policy, request, test::info_ok).has_value());

    stop_source stop;
    stop.request_stop();
    call_options const once{.retry = retry_policy::disabled(), .stop = stop.get_token()};
    call_engine failing(policy, request, once);
    REQUIRE(failing.next(steady::time_point{}) == engine_step::done);  // already stopped
    CHECK(failing.take_result().error().code == errc::cancelled);
  }
}

TEST_CASE("a failure that is not retried is returned even when a stop was requested meanwhile") {
  management_policy policy(simulated_options());
  get_user_mfa_info_request const request{.user_id = "u1"};
  CHECK(stopped_during_attempt(policy, request, answer(400)).error().http_status == 400);
}

TEST_CASE("the clock correction is the absolute offset the server's Date reveals") {
  // The signing clock reads 08:30:00; the server's is 08:50:00.
  management_policy policy(simulated_options());
  get_user_mfa_info_request const request{.user_id = "u1"};
  call_options const options;
  {
    one_call call(policy, {clock_rejected("Sun, 05 Jan 2025 08:50:00 GMT"), test::info_ok});
    REQUIRE(call.run().has_value());
    CHECK(call.sim.waits.empty());
    CHECK(call.sim.sent[1].headers.find("date") == "Sun, 05 Jan 2025 08:50:00 GMT");
    CHECK(policy.clock_offset() == 20min);
  }
  {
    // A late 1305 to a request signed before the correction sets the same offset, not twice it.
    call_engine engine(policy, request, options);
    REQUIRE(engine.next(steady::time_point{}) == engine_step::send);
    http_request stale = engine.request();
    stale.headers.set("date", "Sun, 05 Jan 2025 08:30:00 GMT");
    management_policy::attempt_state const signed_uncorrected{};
    error e;
    e.api_code = 1305;
    e.headers.set("date", "Sun, 05 Jan 2025 08:50:00 GMT");
    CHECK(policy.recover(e, stale, signed_uncorrected));
    CHECK(policy.clock_offset() == 20min);
  }
  {
    // A second 1305 within one call is returned: one correction per call.
    one_call call(policy,
                  {clock_rejected("Sun, 05 Jan 2025 09:10:00 GMT"), clock_rejected("Sun, 05 Jan 2025 09:30:00 GMT"), test::info_ok});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().api_code == 1305);
    CHECK(out.error().attempts == 2);
    CHECK(policy.clock_offset() == 40min);
  }
}

TEST_CASE("a 1305 with a date out of range, not an IMF-fixdate, or beyond the maximum changes nothing") {
  for (std::string const date : {"Fri, 05 Jan 1816 08:50:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                                 "Sun, 05 Jan 2025 08:50:00", "Mon, 05 Jan 2025 08:50:00 GMT" /* a Sunday */,
                                 "Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 06 Jan 2025 08:30:01 GMT"}) {
    CAPTURE(date);
    management_policy policy(simulated_options());
    one_call call(policy, {clock_rejected(date), test::info_ok});
    auto const out = call.run();
    REQUIRE_FALSE(out.has_value());
    CHECK(out.error().api_code == 1305);
    CHECK(call.sim.sent.size() == 1);
    CHECK(policy.clock_offset() == 0s);
  }
  // Exactly the maximum (24 h by default) is still believed.
  management_policy policy(simulated_options());
  one_call call(policy, {clock_rejected("Mon, 06 Jan 2025 08:30:00 GMT"), test::info_ok});
  REQUIRE(call.run().has_value());
  CHECK(policy.clock_offset() == 24h);
}

TEST_CASE("a request the policy cannot build ends the call before anything is sent") {
  auto o = simulated_options();
  o.access_key_secret.clear();
  management_policy policy(o);
  one_call call(policy, {test::info_ok});
  auto const out = call.run();
  CHECK(call.sim.sent.empty());
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().kind() == error_kind::invalid_argument);
  CHECK(out.error().attempts == 0);
}

TEST_CASE("the authentication policy drives the same engine") {
  authentication_options o;
  o.app_id = "app";
  o.app_host = "https://example.genauth.ai";
  o.access_token = "token";
  o.retry.jitter = [] { return 0.5; };
  authentication_policy policy(o);
  call_options const options;
  list_enrolled_factors_request const request{};
  call_engine engine(policy, request, options);
  simulation sim{engine, {answer(503), answer(200, {}, R"({"statusCode":200,"data":[]})")}};
  auto const out = sim.run();
  REQUIRE(out.has_value());
  CHECK(out->empty());
  CHECK(sim.waits == std::vector<milliseconds>{100ms});
  CHECK(sim.sent[1].headers.find("authorization") == "token");
}

}  // namespace GENAUTH_UNITY_ID
