// Per-call options through the blocking clients: observers, cancellation with a real clock, and
// the clock correction shared by many threads.

#include "support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace genauth;
using namespace std::chrono_literals;

namespace GENAUTH_UNITY_ID {


/// Everything an observer was handed, as one line per event.
std::string line_of(attempt_event const& e) {
  std::string out = e.ended ? "end " : "start ";
  out += std::string(to_string(e.method)) + " " + std::string(e.path) + " #" + std::to_string(e.attempt);
  if (!e.ended) return out;
  out += " http " + std::to_string(e.http_status);
  if (e.status_code) out += " statusCode " + std::to_string(*e.status_code);
  if (e.api_code) out += " apiCode " + std::to_string(*e.api_code);
  if (!e.request_id.empty()) out += " requestId " + std::string(e.request_id);
  if (e.error != errc::none) out += " error " + std::string(describe(e.error));
  if (e.cause) out += " cause " + e.cause.message();
  out += e.decision == attempt_decision::retry ? " retry in " + std::to_string(e.retry_in.count()) + " ms" : " done";
  return out;
}

struct recorder {
  std::shared_ptr<std::vector<attempt_event>> events = std::make_shared<std::vector<attempt_event>>();
  std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
  attempt_observer observer() const {
    return [events = events, lines = lines](attempt_event const& e) {
      events->push_back(e);
      lines->push_back(line_of(e));
    };
  }
};

management_options quick_options() {
  auto o = test::fixed_options();
  o.nonce = {};
  o.retry.jitter = [] { return 0.5; };
  o.retry.sleep = [](std::chrono::milliseconds) {};
  return o;
}


TEST_CASE("an observer sees one start and one end per attempt, with what each end decided") {
  test::scripted_transport t;
  t.then(http_response{503, {{"retry-after", "2"}}, R"({"statusCode":503,"message":"busy","requestId":"r-busy"})"})
      .then(make_error_code(transport_errc::connect_failed))
      .then(test::info_ok);
  auto o = quick_options();
  o.retry.max_attempts = 3;
  management_client client(o, t);
  recorder seen;
  call_options options;
  options.observer = seen.observer();
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}, options).has_value());
  CHECK(*seen.lines == std::vector<std::string>{
                           "start GET /api/v3/get-user-mfa-info #1",
                           "end GET /api/v3/get-user-mfa-info #1 http 503 statusCode 503 requestId r-busy error the API "
                           "reported an error retry in 2000 ms",
                           "start GET /api/v3/get-user-mfa-info #2",
                           "end GET /api/v3/get-user-mfa-info #2 http 0 error the transport failed cause could not "
                           "connect retry in 200 ms",
                           "start GET /api/v3/get-user-mfa-info #3",
                           "end GET /api/v3/get-user-mfa-info #3 http 200 statusCode 200 requestId r-ok done",
                       });
  // The request id of a success is kept too; durations come from the driver's clock.
  for (auto const& e : *seen.events) CHECK(e.duration >= 0us);
}

TEST_CASE("an observer that throws does not disturb the call") {
  test::scripted_transport t;
  t.then(test::info_ok);
  management_client client(quick_options(), t);
  call_options options;
  int calls = 0;
  options.observer = [&](attempt_event const&) {
    ++calls;
    throw std::runtime_error("observer failed");
  };
  CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}, options).has_value());
  CHECK(calls == 2);
}

TEST_CASE("canary: no secret of the options, the request or the server's echo reaches an observer") {
  std::vector<std::string> const secrets = {
      "KEYID-canary-1a2b3c4d",   "SECRET-canary-5e6f7a8b",  "TENANT-canary-9c0d1e2f", "LANG-canary-3a4b5c6d",
      "SDK-canary-7e8f9a0b",     "USER-canary-1c2d3e4f",    "TOKEN-canary-5a6b7c8d",  "APP-canary-9e0f1a2b",
      "ENROLL-canary-7a8b9c0d",
  };
  // The server echoes every value it was sent, as message and as request id, on errors and on
  // success alike.
  auto const echo_of = [&](std::size_t from, std::size_t to) {
    std::string all;
    for (std::size_t i = from; i < to; ++i) all += secrets[i] + " ";
    return all;
  };
  std::string const echo = echo_of(0, 6);       // what the management client sends
  std::string const user_echo = echo_of(6, 9);  // what the authentication client sends
  std::string const verify_echo = echo_of(6, 8);  // the same without the enrolment token
  auto const answers = [&](int status_code) {
    return http_response{status_code == 200 ? 200 : 503,
                         {{"retry-after", "1"}, {"x-request-id", secrets[1]}},
                         R"({"statusCode":)" + std::to_string(status_code) + R"(,"message":")" + echo +
                             R"(","requestId":")" + echo + R"(","data":{"totpStatus":true,"faceMfaStatus":false,)" +
                             R"("smsMfaStatus":false,"emailMfaStatus":false}})"};
  };
  recorder seen;
  call_options options;
  options.observer = seen.observer();

  auto o = quick_options();
  o.access_key_id = secrets[0];
  o.access_key_secret = secrets[1];
  o.tenant_id = secrets[2];
  o.lang = secrets[3];
  o.sdk_version = secrets[4];
  test::scripted_transport t;
  t.then(answers(503)).then(answers(200));
  management_client client(o, t);
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = secrets[5]}, options).has_value());

  authentication_options a;
  a.app_id = secrets[7];
  a.app_host = "https://example.genauth.ai";
  a.access_token = secrets[6];
  a.retry = o.retry;
  test::scripted_transport t2;
  t2.then(http_response{503, {}, R"({"statusCode":503,"message":")" + user_echo + R"(","requestId":")" + user_echo + R"("})"})
      .then(http_response{200, {}, R"({"statusCode":200,"message":")" + user_echo + R"(","requestId":")" + user_echo + R"("})"});
  authentication_client user(a, t2);
  REQUIRE(genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = "123456"}, .enrollment_token = secrets[8]}, options)
              .has_value() == false);  // not idempotent: the 503 is returned
  test::scripted_transport t3;
  t3.then(http_response{503, {}, R"({"statusCode":503,"message":")" + verify_echo + R"(","requestId":")" + verify_echo + R"("})"})
      .then(http_response{200, {}, R"({"statusCode":200,"requestId":")" + verify_echo + R"(","data":{"valid":true}})"});
  authentication_client user3(a, t3);
  (void)genauth::authentication::mfa_otp_verify(user3, {.totp = "123456"}, options);

  REQUIRE(seen.events->size() >= 6);
  bool some_request_id = false;
  for (auto const& line : *seen.lines) {
    CAPTURE(line);
    for (auto const& s : secrets) CHECK(line.find(s) == std::string::npos);
    some_request_id = some_request_id || line.find("requestId") != std::string::npos;
  }
  CHECK(some_request_id);  // the echoed ids did reach the observer, redacted
}

TEST_CASE("T25 a call waiting out a 30 s Retry-After returns cancelled within 50 ms of the stop request") {
  std::mutex m;
  std::condition_variable sent;
  bool first_sent = false;
  auto transport = [&](http_request const&) -> transport_result {
    std::lock_guard const lock(m);
    first_sent = true;
    sent.notify_all();
    return http_response{503, {{"retry-after", "30"}}, "busy"};
  };
  auto o = test::fixed_options();
  o.nonce = {};
  management_client client(o, transport);  // real clock, real waits
  stop_source stop;
  call_options options;
  options.stop = stop.get_token();
  std::chrono::steady_clock::time_point stopped_at;
  std::thread canceller([&] {
    std::unique_lock lock(m);
    sent.wait_for(lock, 10s, [&] { return first_sent; });
    lock.unlock();
    std::this_thread::sleep_for(100ms);  // well inside the 30 s wait
    stopped_at = std::chrono::steady_clock::now();
    stop.request_stop();
  });
  auto const r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"}, options);
  auto const returned_at = std::chrono::steady_clock::now();
  canceller.join();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == errc::cancelled);
  CHECK(r.error().kind() == error_kind::cancelled);
  CHECK(r.error().attempts == 1);
  CHECK_FALSE(r.error().is_retryable());
  auto const late = std::chrono::duration_cast<std::chrono::milliseconds>(returned_at - stopped_at);
  MESSAGE("returned " << late.count() << " ms after the stop request");
  CHECK(late < 50ms);
}

TEST_CASE("T24 8 threads sharing a client whose clock is 20 minutes slow all succeed, and the next call takes one attempt") {
  using std::chrono::system_clock;
  // The server rejects a date more than 15 minutes from its own with apiCode 1305 and its Date.
  // The first 8 requests are held until all 8 have arrived, so every thread signs with the
  // uncorrected clock and all 8 rejections come back together.
  std::mutex m;
  std::condition_variable all_here;
  int stale_arrived = 0;
  std::atomic<int> requests{0};
  auto server = [&](http_request const& req) -> transport_result {
    ++requests;
    auto const now = system_clock::now();
    auto const date = parse_imf_fixdate(req.headers.find("date").value_or(""));
    if (!date) return http_response{400, {}, "no date"};
    if (*date < now - 15min || *date > now + 15min) {
      std::unique_lock lock(m);
      if (++stale_arrived <= 8) {
        all_here.notify_all();
        all_here.wait_for(lock, 5s, [&] { return stale_arrived >= 8; });
      }
      return http_response{200, {{"date", imf_fixdate(system_clock::now())}},
                           R"({"statusCode":401,"apiCode":1305,"message":"timestamp out of range"})"};
    }
    return test::info_ok;
  };
  auto o = test::fixed_options();
  o.nonce = {};
  o.clock = [] { return system_clock::now() - 20min; };
  management_client client(o, server);
  std::vector<result<user_mfa_info>> results(8, error{});
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] { results[i] = genauth::management::get_user_mfa_info(client, {.user_id = "u" + std::to_string(i)}); });
  for (auto& t : threads) t.join();
  int succeeded = 0;
  for (auto const& r : results) succeeded += r.has_value() ? 1 : 0;
  CHECK(succeeded == 8);
  CHECK(requests == 16);
  auto const offset = client.policy().clock_offset();
  CHECK(offset > 19min);
  CHECK(offset < 21min);

  recorder seen;
  call_options options;
  options.observer = seen.observer();
  REQUIRE(genauth::management::get_user_mfa_info(client, {.user_id = "u9"}, options).has_value());
  CHECK(seen.events->size() == 2);  // one attempt
}

TEST_CASE("T24 a 1305 whose Date is in 1816 or 9999 changes nothing") {
  for (std::string const date : {"Fri, 05 Jan 1816 08:50:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"}) {
    CAPTURE(date);
    test::scripted_transport t;
    t.then(http_response{200, {{"date", date}}, R"({"statusCode":401,"apiCode":1305})"}).then(test::info_ok);
    management_client client(quick_options(), t);
    auto const r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().api_code == 1305);
    CHECK(t.sent().size() == 1);
    CHECK(client.policy().clock_offset() == 0s);
  }
}

TEST_CASE("a retry policy given with the call replaces the client's") {
  test::scripted_transport t;
  t.then(http_response{503, {}, "busy"}).then(test::info_ok);
  management_client client(quick_options(), t);
  call_options options;
  options.retry = retry_policy::disabled();
  auto const r = genauth::management::get_user_mfa_info(client, {.user_id = "u1"}, options);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().http_status == 503);
  CHECK(t.sent().size() == 1);
  CHECK(genauth::management::get_user_mfa_info(client, {.user_id = "u1"}).has_value());  // the client's own policy
}

}  // namespace GENAUTH_UNITY_ID
