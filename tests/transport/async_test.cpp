// Async calls of both clients through the Beast transport, against the emulator on 127.0.0.1 over
// HTTPS (the test CA): every endpoint as a coroutine, retries, the clock correction, cancellation,
// deadlines, I/O failures, completion tokens, the clients' destruction, and 1,000 calls at once.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "../e2e/quiet.hpp"
#include "../e2e/test_pki.hpp"
#include "contract.hpp"
#include "dropping_server.hpp"
#include "local_dns.hpp"
#include "loopback_server.hpp"

#include <genauth/genauth.hpp>
#include <genauth/transport/beast.hpp>

#include <genauth_emulator/server.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

using namespace genauth;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

namespace {

std::string const mfa_info_path(get_user_mfa_info_request::path);
// g++ 12 destroys a temporary of a co_await's full-expression twice: coroutines pass named requests.
get_user_mfa_info_request const alice{.user_id = "user-alice"};
get_user_mfa_info_request const bob{.user_id = "user-bob"};

beast_options trusting(std::string const& ca_file = pki().ca) {
  beast_options o;
  o.ca_file = ca_file;
  o.timeout = 5s;
  return o;
}

/// The emulator over HTTPS with the test CA's certificate or, with `tls` false, over plain HTTP
/// (where what runs concurrently is the SDK's, not OpenSSL's, which TSan does not see into).
struct emulator {
  explicit emulator(std::size_t max_connections = 256, bool tls = true)
      : server([&] {
          auto o = quiet();
          if (tls) {
            o.tls_certificate_file = pki().server;
            o.tls_key_file = pki().key;
          }
          o.max_connections = max_connections;
          return o;
        }(), genauth_emulator::default_seed()) {}

  genauth_emulator::server server;

  [[nodiscard]] management_options admin_options() const {
    management_options o;
    o.access_key_id = "emulator-access-key-id";
    o.access_key_secret = "emulator-access-key-secret";
    o.host = server.url();
    o.allow_insecure_http = server.url().starts_with("http://");
    return o;
  }
  [[nodiscard]] authentication_options user_options(std::string token = "alice-access-token") const {
    authentication_options o;
    o.app_id = "emulator-app";
    o.app_host = server.url();
    o.access_token = std::move(token);
    return o;
  }
};

/// An emulator, and the Beast transport on an io_context that the test's thread runs.
struct on_loop {
  emulator e;
  asio::io_context io;
  beast_transport const beast{io.get_executor(), trusting()};
};

/// Runs `body` as a coroutine on `io` until it returns, and rethrows what it threw.
template <class Body>
void run(asio::io_context& io, Body body) {
  auto done = asio::co_spawn(io, std::move(body), asio::use_future);
  io.run_for(60s);
  REQUIRE(done.wait_for(0s) == std::future_status::ready);
  done.get();
}

/// A failed result's error, for messages.
template <class T>
std::string why(result<T> const& r) {
  return r ? std::string("a value") : r.error().to_string();
}

/// Every attempt event an observer saw, from any thread.
struct event_log {
  std::mutex mutex;
  std::vector<attempt_event> events;
  attempt_observer observer() {
    return [this](attempt_event const& e) {
      std::lock_guard const lock(mutex);
      events.push_back(e);
    };
  }
};

}  // namespace

TEST_CASE_FIXTURE(on_loop, "async: every endpoint of both clients, as coroutines over HTTPS") {
  run(io, [&]() -> awaitable<void> {
    management_client admin(e.admin_options(), beast);
    auto info = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
    REQUIRE_MESSAGE(info.has_value(), why(info));
    CHECK_FALSE(info->totp_status);
    import_otp_request import;
    import.list.push_back({.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP"}});
    auto imported = co_await genauth::management::async_import_otp(admin, import, use_awaitable);
    REQUIRE(imported.has_value());
    get_otp_secret_by_user_request const whose{.user_id = "user-alice"};
    auto secret = co_await genauth::management::async_get_otp_secret_by_user(admin, whose, use_awaitable);
    REQUIRE(secret.has_value());
    CHECK(secret->secret == "JBSWY3DPEHPK3PXP");
    set_users_mfa_status_request set_status{.user_id = "user-alice"};
    set_status.mfa_trigger_data.mfa_token = "token-set-by-admin";
    set_status.mfa_trigger_data.mfa_phone = "13800138000";
    auto set = co_await genauth::management::async_set_users_mfa_status(admin, set_status, use_awaitable);
    REQUIRE_MESSAGE(set.has_value(), why(set));
    get_user_mfa_status_request const alice_status{.user_id = "user-alice"};
    auto status = co_await genauth::management::async_get_user_mfa_status(admin, alice_status, use_awaitable);
    REQUIRE(status.has_value());
    CHECK(status->mfa_phone == "13800138000");
    get_mfa_trigger_data_request const trigger_of{.app_id = "emulator-app", .user_id = "user-bob"};
    auto trigger = co_await genauth::management::async_get_mfa_trigger_data(admin, trigger_of, use_awaitable);
    REQUIRE(trigger.has_value());
    CHECK(trigger->application_mfa.size() == 3);
    update_application_mfa_settings_request app_settings{.app_id = "emulator-app"};
    app_settings.disabled_factors.emplace().push_back(factor_type::face);
    auto app = co_await genauth::management::async_update_application_mfa_settings(admin, app_settings, call_options{}, use_awaitable);
    REQUIRE(app.has_value());
    auto global = co_await genauth::management::async_get_global_mfa_settings(admin, use_awaitable);
    REQUIRE(global.has_value());
    CHECK(global->enabled_factors.size() == 4);
    update_global_mfa_settings_request enable;
    enable.enabled_factors = {factor_type::otp, factor_type::sms};
    global = co_await genauth::management::async_update_global_mfa_settings(admin, enable, use_awaitable);
    REQUIRE(global.has_value());
    CHECK(global->enabled_factors.size() == 2);
    close_global_mfa_settings_request close;
    close.disable_factors = {factor_type::otp};
    global = co_await genauth::management::async_close_global_mfa_settings(admin, close, use_awaitable);
    REQUIRE(global.has_value());
    CHECK(global->enabled_factors.size() == 1);

    authentication_client user(e.user_options("bob-access-token"), beast);
    auto to_enroll = co_await genauth::authentication::async_list_factors_to_enroll(user, use_awaitable);
    REQUIRE_MESSAGE(to_enroll.has_value(), why(to_enroll));
    send_enroll_factor_request_params const start_sms{.factor_type = factor_type::sms,
                                                      .profile = {.phone_number = "13900139000"}};
    auto started = co_await genauth::authentication::async_send_enroll_factor_request(user, start_sms, use_awaitable);
    REQUIRE_MESSAGE(started.has_value(), why(started));
    auto const code = e.server.last_code_sent_to("13900139000");
    REQUIRE(code);
    enroll_factor_request const finish_sms{.enrollment_data = {.pass_code = *code},
                                           .enrollment_token = started->enrollment_token,
                                           .factor_type = factor_type::sms};
    auto enrolled = co_await genauth::authentication::async_enroll_factor(user, finish_sms, use_awaitable);
    REQUIRE_MESSAGE(enrolled.has_value(), why(enrolled));
    auto factors = co_await genauth::authentication::async_list_enrolled_factors(user, use_awaitable);
    REQUIRE(factors.has_value());
    REQUIRE_FALSE(factors->empty());
    get_factor_request const one{.factor_id = factors->front().factor_id};
    auto factor = co_await genauth::authentication::async_get_factor(user, one, use_awaitable);
    REQUIRE_MESSAGE(factor.has_value(), why(factor));
    authentication_client alice_user(e.user_options(), beast);  // her secret was imported above
    auto const key = otp::base32_decode("JBSWY3DPEHPK3PXP");
    REQUIRE(key.has_value());
    auto const totp = otp::totp(*key, std::chrono::system_clock::now());
    REQUIRE(totp.has_value());
    mfa_otp_verify_request const check_code{.totp = *totp};
    auto verified = co_await genauth::authentication::async_mfa_otp_verify(alice_user, check_code, use_awaitable);
    REQUIRE_MESSAGE(verified.has_value(), why(verified));
    CHECK(verified->verified);
    get_user_mfa_status_request const bob_status{.user_id = "user-bob"};
    auto token = co_await genauth::management::async_get_user_mfa_status(admin, bob_status, use_awaitable);
    REQUIRE(token.has_value());
    verify_mfa_token_request const introspect{.token = token->mfa_token};
    auto active = co_await genauth::authentication::async_verify_mfa_token(user, introspect, use_awaitable);
    REQUIRE(active.has_value());
    CHECK(active->active);
    auto bind = co_await genauth::authentication::async_web_authn_mfa_bind_initialize(user, use_awaitable);
    REQUIRE(bind.has_value());
    CHECK(bind->at("challenge").is_string());
    auto check = co_await genauth::authentication::async_web_authn_mfa_verify_initialize(user, use_awaitable);
    REQUIRE(check.has_value());
    CHECK(check->at("ticket").is_string());
    reset_factor_request const reset_one{.factor_id = factors->front().factor_id};
    auto reset = co_await genauth::authentication::async_reset_factor(user, reset_one, use_awaitable);
    REQUIRE_MESSAGE(reset.has_value(), why(reset));
  });
}

TEST_CASE_FIXTURE(on_loop,
                  "async: a 503 and a 429 with Retry-After are waited out on a timer and retried, signed afresh") {
  management_client admin(e.admin_options(), beast);
  for (auto kind : {genauth_emulator::fault::kind::unavailable_503, genauth_emulator::fault::kind::throttled_429}) {
    CAPTURE(static_cast<int>(kind));
    e.server.inject({.path = mfa_info_path, .what = kind, .retry_after = 1s});
    auto const before = e.server.nonces_seen(mfa_info_path).size();
    auto const start = std::chrono::steady_clock::now();
    run(io, [&]() -> awaitable<void> {
      auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
      CHECK_MESSAGE(r.has_value(), why(r));
    });
    io.restart();
    CHECK(std::chrono::steady_clock::now() - start >= 900ms);  // Retry-After: 1 was honoured
    auto const nonces = e.server.nonces_seen(mfa_info_path);
    REQUIRE(nonces.size() == before + 2);
    CHECK(nonces[before] != nonces[before + 1]);
  }
}

TEST_CASE_FIXTURE(on_loop, "async: a date 20 minutes off is corrected from the server's Date (apiCode 1305)") {
  auto o = e.admin_options();
  o.clock = [] { return std::chrono::system_clock::now() + 20min; };
  management_client admin(o, beast);
  run(io, [&]() -> awaitable<void> {
    auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
    CHECK_MESSAGE(r.has_value(), why(r));
  });
  CHECK(e.server.nonces_seen(mfa_info_path).size() == 1);  // the first attempt was not signed in time
  CHECK(admin.policy().clock_offset() < -19min);
}

TEST_CASE_FIXTURE(on_loop, "async: cancelled through the token's slot while the request is in flight") {
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .delay = 3000ms});
  management_client admin(e.admin_options(), beast);
  event_log log;
  call_options o;
  o.observer = log.observer();
  asio::cancellation_signal cancel;
  asio::steady_timer timer(io, 300ms);
  timer.async_wait([&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
  int completions = 0;
  std::optional<result<user_mfa_info>> outcome;
  auto const start = std::chrono::steady_clock::now();
  genauth::management::async_get_user_mfa_info(admin, {.user_id = "user-alice"}, o,
                                asio::bind_cancellation_slot(cancel.slot(), [&](result<user_mfa_info> r) {
                                  ++completions;
                                  outcome = std::move(r);
                                }));
  io.run_for(10s);
  CHECK(std::chrono::steady_clock::now() - start < 2500ms);
  CHECK(completions == 1);
  REQUIRE(outcome);
  REQUIRE_FALSE(outcome->has_value());
  CHECK(outcome->error().code == errc::cancelled);
  CHECK(outcome->error().attempts == 1);
  std::lock_guard const lock(log.mutex);
  REQUIRE(log.events.size() == 2);  // the attempt's start, and its end as cancelled
  CHECK(log.events[1].ended);
  CHECK(log.events[1].error == errc::cancelled);
  CHECK(log.events[1].decision == attempt_decision::done);
}

TEST_CASE_FIXTURE(on_loop, "async: cancelled through the options' stop token during a backoff wait") {
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::unavailable_503, .retry_after = 30s});
  management_client admin(e.admin_options(), beast);
  stop_source stop;
  call_options o;
  o.stop = stop.get_token();
  std::thread stopper([&] {
    std::this_thread::sleep_for(500ms);
    stop.request_stop();
  });
  auto const start = std::chrono::steady_clock::now();
  run(io, [&]() -> awaitable<void> {
    auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, o, use_awaitable);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(r.error().attempts == 1);
  });
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - start < 10s);  // not the 30 s of Retry-After
  CHECK(e.server.nonces_seen(mfa_info_path).size() == 1);
}

TEST_CASE_FIXTURE(on_loop, "async: a deadline that expires mid-request ends the call deadline_exceeded") {
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .delay = 2000ms});
  management_client admin(e.admin_options(), beast);
  call_options o;
  o.deadline = 300ms;
  auto const start = std::chrono::steady_clock::now();
  run(io, [&]() -> awaitable<void> {
    auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, o, use_awaitable);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::deadline_exceeded);
    CHECK(r.error().attempts == 1);
  });
  CHECK(std::chrono::steady_clock::now() - start < 1800ms);
}

TEST_CASE_FIXTURE(on_loop, "async: I/O failures come back as typed errors") {
  auto o = e.admin_options();
  o.retry = retry_policy::disabled();
  SUBCASE("a refused connection: retried, since nothing was sent") {
    auto closed = e.admin_options();
    {
      emulator gone;
      closed.host = gone.server.url();
    }
    management_client admin(closed, beast);
    run(io, [&]() -> awaitable<void> {
      auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().cause == transport_errc::connect_failed);
      CHECK(r.error().attempts == 3);
    });
  }
  SUBCASE("a body cut short") {
    e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::truncated_body});
    management_client admin(o, beast);
    run(io, [&]() -> awaitable<void> {
      auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().cause == transport_errc::connection_lost);
    });
  }
  SUBCASE("a CA that did not sign the server's certificate: nothing reaches the server") {
    management_client admin(o, beast_transport(io.get_executor(), trusting(pki().other_ca)));
    run(io, [&]() -> awaitable<void> {
      auto r = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().cause == transport_errc::tls_handshake_failed);
    });
    CHECK(e.server.requests_seen() == 0);
  }
  SUBCASE("a request the client refuses to build: nothing is sent, and it completes through the executor") {
    management_client admin(o, beast);
    bool completed = false;
    genauth::management::async_get_user_mfa_info(admin, {.user_id = ""}, [&](result<user_mfa_info> r) {
      completed = true;
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().kind() == error_kind::invalid_argument);
    });
    CHECK_FALSE(completed);
    io.run_for(5s);
    CHECK(completed);
    CHECK(e.server.requests_seen() == 0);
  }
}

namespace {
/// Options for a client whose requests never reach a server.
management_options offline_options() {
  management_options o;
  o.access_key_id = "id";
  o.access_key_secret = "secret";
  return o;
}

/// An async transport whose async_send throws.
struct throwing_transport {
  asio::any_io_executor executor;
  [[nodiscard]] asio::any_io_executor get_executor() const { return executor; }
  template <class Token>
  void async_send(http_request const&, Token&&) const {
    throw std::runtime_error("the transport broke");
  }
  transport_result operator()(http_request const&) const { return make_error_code(transport_errc::setup_failed); }
};
}  // namespace

TEST_CASE("async: what an async transport throws completes the call as transport_threw") {
  asio::io_context io;
  auto o = offline_options();
  o.retry = retry_policy::disabled();
  management_client admin(o, throwing_transport{io.get_executor()});
  int completions = 0;
  genauth::management::async_get_user_mfa_info(admin, alice, [&](result<user_mfa_info> r) {
    ++completions;
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().cause == transport_errc::transport_threw);
  });
  io.run_for(5s);
  CHECK(completions == 1);
}

TEST_CASE_FIXTURE(on_loop, "async: a callback, asio::deferred and asio::use_future each complete exactly once") {
  management_client admin(e.admin_options(), beast);
  auto strand = asio::make_strand(io);
  int callbacks = 0;
  bool on_strand = false;
  genauth::management::async_get_global_mfa_settings(admin, asio::bind_executor(strand, [&](result<mfa_settings> r) {
    ++callbacks;
    on_strand = strand.running_in_this_thread();
    CHECK(r.has_value());
  }));
  int deferred = 0;
  auto later = genauth::management::async_get_global_mfa_settings(admin, asio::deferred);
  CHECK(e.server.requests_seen() == 0);  // a deferred call starts when it is launched
  std::move(later)([&](result<mfa_settings> r) {
    ++deferred;
    CHECK(r.has_value());
  });
  io.run_for(10s);
  CHECK(callbacks == 1);
  CHECK(on_strand);
  CHECK(deferred == 1);

  // use_future: the transport's own I/O thread runs the call while this thread waits.
  management_client threaded(e.admin_options(), beast_transport(trusting()));
  auto future = genauth::management::async_get_global_mfa_settings(threaded, asio::use_future);
  CHECK(future.get().has_value());
}

namespace {

/// The emulator over plain HTTP.
struct plain_emulator : emulator {
  explicit plain_emulator(std::size_t max_connections = 256) : emulator(max_connections, false) {}

  /// Options of a Beast transport for it.
  [[nodiscard]] static beast_options http(std::chrono::milliseconds timeout = 10s) {
    beast_options o;
    o.allow_insecure_http = true;
    o.timeout = timeout;
    return o;
  }
};

/// Room for both ends of 1,000 connections in this process.
void raise_open_files() {
  rlimit files{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &files) == 0);
  if (files.rlim_cur < 4096 && files.rlim_max > files.rlim_cur) {
    files.rlim_cur = files.rlim_max < 4096 ? files.rlim_max : 4096;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &files) == 0);
  }
}

/// What the handlers of some calls saw, from any thread.
struct tally {
  std::atomic<int> completions{0}, cancelled{0}, succeeded{0};
  auto handler() {
    return [this](auto const& r) {
      if (r) ++succeeded;
      else if (r.error().code == errc::cancelled) ++cancelled;
      ++completions;
    };
  }
  /// Waits up to 10 s for `n` completions.
  bool wait_for(int n) const {
    for (int i = 0; i < 1000 && completions < n; ++i) std::this_thread::sleep_for(10ms);
    return completions == n;
  }
};

/// Runs `destroy` on a thread of its own and gives it 5 s: a destructor that blocks for longer
/// ends the test program (it could not be joined).
template <class Destroy>
std::chrono::milliseconds destroyed_in(Destroy destroy) {
  auto const start = std::chrono::steady_clock::now();
  auto done = std::async(std::launch::async, std::move(destroy));
  if (done.wait_for(5s) != std::future_status::ready) {
    std::fprintf(stderr, "FATAL: the client's destructor was still blocked after 5 s\n");
    std::_Exit(1);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("T36 async: destroying a client with calls in flight never waits, whatever the executor") {
  plain_emulator e;
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .times = -1, .delay = 3000ms});
  tally t;
  // Three calls in flight through a client on `executor`, which is then destroyed (off the loop's
  // threads unless `on` gives an executor to destroy it from).
  auto const three_calls = [&](asio::any_io_executor executor) {
    auto client = std::make_unique<management_client<beast_transport>>(e.admin_options(),
                                                                       beast_transport(executor, plain_emulator::http()));
    for (int i = 0; i < 3; ++i) genauth::management::async_get_user_mfa_info(*client, alice, t.handler());
    return client;
  };
  SUBCASE("an io_context another thread runs, or a strand of it, or a thread_pool") {
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    asio::thread_pool pool(2);
    for (asio::any_io_executor const& ex :
         {asio::any_io_executor(io.get_executor()), asio::any_io_executor(asio::make_strand(io)),
          asio::any_io_executor(pool.get_executor())}) {
      t.completions = t.cancelled = 0;
      auto client = three_calls(ex);
      std::this_thread::sleep_for(200ms);  // the requests are out
      CHECK(destroyed_in([&] { client.reset(); }) < 1s);
      CHECK(t.wait_for(3));
      CHECK(t.cancelled == 3);
    }
    work.reset();
    runner.join();
  }
  SUBCASE("from a handler on the strand the calls run on") {
    asio::io_context io;
    auto const strand = asio::make_strand(io);
    auto client = three_calls(strand);
    asio::steady_timer timer(strand, 200ms);
    timer.async_wait([&](auto) { client.reset(); });  // runs on the loop: it cannot wait for the calls
    std::thread runner([&] { io.run_for(10s); });
    runner.join();
    CHECK(t.completions == 3);
    CHECK(t.cancelled == 3);
  }
  SUBCASE("an io_context not yet run, or stopped: the calls complete when it runs again") {
    for (bool const run_first : {false, true}) {
      t.completions = t.cancelled = 0;
      asio::io_context io;
      auto client = three_calls(asio::make_strand(io));
      if (run_first) {
        io.run_for(200ms);  // the requests are out, then the loop stops
        io.stop();
      }
      CHECK(destroyed_in([&] { client.reset(); }) < 1s);
      CHECK(t.completions == 0);
      io.restart();
      io.run_for(5s);
      CHECK(t.completions == 3);
      CHECK(t.cancelled == 3);
    }
  }
  SUBCASE("a thread_pool stopped and joined: the calls never complete, and nothing breaks") {
    asio::thread_pool pool(1);
    auto client = three_calls(pool.get_executor());
    std::this_thread::sleep_for(200ms);
    pool.stop();
    pool.join();
    CHECK(destroyed_in([&] { client.reset(); }) < 1s);
    CHECK(t.completions == 0);
  }
  SUBCASE("the transport's own I/O thread") {
    // The test keeps a copy of the transport, as a program that outlives its clients does: the
    // transport's last copy then goes here, not on its I/O thread (which would be left to end on
    // its own).
    beast_transport const transport(plain_emulator::http());
    auto client = std::make_unique<management_client<beast_transport>>(e.admin_options(), transport);
    for (int i = 0; i < 3; ++i) genauth::management::async_get_user_mfa_info(*client, alice, t.handler());
    std::this_thread::sleep_for(200ms);
    CHECK(destroyed_in([&] { client.reset(); }) < 1s);
    CHECK(t.wait_for(3));
    CHECK(t.cancelled == 3);
  }
}

TEST_CASE("async: a moved client's calls keep running, and complete once") {
  plain_emulator e;
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .times = -1, .delay = 300ms});
  asio::io_context io;
  tally t;
  std::optional<management_client<beast_transport>> moved;
  {
    management_client admin(e.admin_options(), beast_transport(io.get_executor(), plain_emulator::http()));
    for (int i = 0; i < 3; ++i) genauth::management::async_get_user_mfa_info(admin, alice, t.handler());
    moved.emplace(std::move(admin));
  }  // the moved-from client goes: the calls are the new one's
  io.run_for(5s);
  CHECK(t.completions == 3);
  CHECK(t.succeeded == 3);
  // The new client's destruction cancels what it started.
  genauth::management::async_get_user_mfa_info(*moved, alice, t.handler());
  io.restart();
  io.run_for(100ms);
  moved.reset();
  io.run_for(5s);
  CHECK(t.completions == 4);
  CHECK(t.cancelled == 1);
}

TEST_CASE("async: per-operation cancellation honours its type, as Asio's own operations do") {
  plain_emulator e;
  asio::io_context io;
  std::chrono::steady_clock::time_point ended{};
  auto const cancelled_after = [&](management_client<beast_transport>& admin, call_options options,
                                   asio::cancellation_type type, std::chrono::milliseconds after) {
    asio::cancellation_signal signal;
    asio::steady_timer timer(io, after);
    timer.async_wait([&](auto) { signal.emit(type); });
    std::optional<result<user_mfa_info>> out;
    genauth::management::async_get_user_mfa_info(admin, alice, std::move(options),
                                  asio::bind_cancellation_slot(signal.slot(), [&](result<user_mfa_info> r) {
                                    out = std::move(r);
                                    ended = std::chrono::steady_clock::now();
                                  }));
    io.restart();
    io.run_for(10s);
    REQUIRE(out);
    return std::move(*out);
  };
  management_client admin(e.admin_options(), beast_transport(io.get_executor(), plain_emulator::http()));
  SUBCASE("once the request was written, partial and total are not honoured; terminal is") {
    for (auto const type : {asio::cancellation_type::partial, asio::cancellation_type::total}) {
      e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .delay = 500ms});
      auto const r = cancelled_after(admin, {}, type, 200ms);
      CHECK_MESSAGE(r.has_value(), why(r));
    }
    e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .delay = 500ms});
    auto const r = cancelled_after(admin, {}, asio::cancellation_type::terminal, 200ms);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(r.error().may_have_been_processed);
  }
  SUBCASE("while waiting for a connection at the host's cap, nothing was written: partial is honoured") {
    auto o = plain_emulator::http();
    o.max_connections_per_host = 1;
    management_client capped(e.admin_options(), beast_transport(io.get_executor(), o));
    e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .delay = 1000ms});
    tally first;
    genauth::management::async_get_user_mfa_info(capped, alice, first.handler());  // holds the one connection for 1 s
    auto const start = std::chrono::steady_clock::now();
    auto const r = cancelled_after(capped, {}, asio::cancellation_type::partial, 200ms);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK_FALSE(r.error().may_have_been_processed);
    CHECK(ended - start < 900ms);  // it did not wait for the connection
    io.run_for(5s);
    CHECK(first.succeeded == 1);
  }
  SUBCASE("during a backoff wait: partial is honoured; total is not once an attempt was answered") {
    call_options o;
    o.retry = retry_policy{};
    o.retry->initial_backoff = 800ms;
    o.retry->jitter = [] { return 1.0; };
    e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::html_502});
    auto r = cancelled_after(admin, o, asio::cancellation_type::total, 300ms);
    CHECK_MESSAGE(r.has_value(), why(r));  // waited, then succeeded
    e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::html_502});
    auto const start = std::chrono::steady_clock::now();
    r = cancelled_after(admin, o, asio::cancellation_type::partial, 300ms);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::cancelled);
    CHECK(ended - start < 700ms);
  }
}

namespace {
/// An async transport that completes each exchange twice, the second time with another answer.
struct completes_twice {
  asio::any_io_executor executor;
  [[nodiscard]] asio::any_io_executor get_executor() const { return executor; }
  template <class Token>
  void async_send(http_request const&, Token&& token) const {
    auto handler = std::forward<Token>(token);
    auto const ex = asio::get_associated_executor(handler, executor);
    auto const shared = std::make_shared<decltype(handler)>(std::move(handler));
    http_response const ok{200, {}, R"({"statusCode":200,"message":"","data":{"totpStatus":true,"faceMfaStatus":false,)"
                                      R"("smsMfaStatus":false,"emailMfaStatus":false}})"};
    asio::post(ex, [shared, ok] { (*shared)(transport_result(ok)); });
    asio::post(ex, [shared] { (*shared)(transport_result(http_response{500, {}, "again"})); });
  }
  transport_result operator()(http_request const&) const { return make_error_code(transport_errc::setup_failed); }
};
}  // namespace

TEST_CASE("T9 async: a transport that completes twice: the call completes once, the second is shown to the observer") {
  asio::io_context io;
  management_client admin(offline_options(), completes_twice{io.get_executor()});
  event_log log;
  call_options options;
  options.observer = log.observer();
  int completions = 0;
  bool succeeded = false;
  genauth::management::async_get_user_mfa_info(admin, alice, options, [&](result<user_mfa_info> r) {
    ++completions;
    succeeded = r.has_value();
  });
  io.run_for(5s);
  CHECK(completions == 1);
  CHECK(succeeded);
  std::lock_guard const lock(log.mutex);
  REQUIRE(log.events.size() == 3);  // the attempt's start and end, then the second completion
  CHECK(log.events[2].decision == attempt_decision::ignored);
  CHECK(log.events[2].cause == transport_errc::completed_twice);
  CHECK(log.events[2].http_status == 500);
}

TEST_CASE("T11 async: a POST that may not be repeated reaches a server that drops it exactly once") {
  std::string const info = R"({"statusCode":200,"message":"","data":{"totpStatus":true,"faceMfaStatus":false,)"
                           R"("smsMfaStatus":false,"emailMfaStatus":false}})";
  test::dropping_server server(info, R"({"statusCode":200,"message":"","data":{}})", 300ms);
  auto o = test::fixed_options();
  o.nonce = {};
  o.host = server.url();
  o.allow_insecure_http = true;
  o.retry.initial_backoff = 600ms;  // the server is back by then, and would process it again
  o.retry.jitter = [] { return 1.0; };
  asio::io_context io;
  management_client admin(o, beast_transport(io.get_executor(), plain_emulator::http()));
  std::optional<result<void>> imported;
  run(io, [&]() -> awaitable<void> {
    auto info_first = co_await genauth::management::async_get_user_mfa_info(admin, alice, use_awaitable);  // a kept-alive connection
    REQUIRE(info_first.has_value());
    import_otp_request import;
    import.list.push_back({.user_id = "u", .otp = {.secret = "JBSWY3DPEHPK3PXP"}});
    imported = co_await genauth::management::async_import_otp(admin, import, use_awaitable);
  });
  REQUIRE(imported);
  REQUIRE_FALSE(imported->has_value());
  CHECK(imported->error().cause == transport_errc::connection_lost);
  CHECK(imported->error().may_have_been_processed);
  CHECK(imported->error().attempts == 1);
  CHECK(server.posts_processed() == 1);
}

TEST_CASE("async: a stop requested as the call starts ends it before anything is written") {
  plain_emulator e;
  asio::io_context io;
  management_client admin(e.admin_options(), beast_transport(io.get_executor(), plain_emulator::http()));
  import_otp_request import;
  import.list.push_back({.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP"}});
  for (int round = 0; round < 20; ++round) {
    stop_source stop;
    call_options o;
    o.stop = stop.get_token();
    std::optional<result<void>> out;
    genauth::management::async_import_otp(admin, import, o, [&](result<void> r) { out = std::move(r); });
    stop.request_stop();
    io.restart();
    io.run_for(5s);
    REQUIRE(out);
    REQUIRE_FALSE(out->has_value());
    CHECK(out->error().code == errc::cancelled);
  }
  std::this_thread::sleep_for(100ms);
  CHECK(e.server.requests_seen() == 0);
}

TEST_CASE("T33 async: a stop, a cancellation, a deadline or the client's end during a slow name lookup: nothing is sent") {
  // The lookup is answered after 1.5 s; the call must end at once when told, and the POST must
  // never reach the server, even after the lookup's answer came.
  test::check_dns_verdict(test::with_local_dns(1500ms, [] {
    plain_emulator e;
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    auto o = e.admin_options();
    o.host = "http://genauth-slow.test:" + std::to_string(e.server.port());
    auto admin = std::make_unique<management_client<beast_transport>>(o, beast_transport(io.get_executor(), plain_emulator::http()));
    import_otp_request import;
    import.list.push_back({.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP"}});
    char verdict = 'Y';
    auto const ends_soon = [&](call_options options, auto&& interrupt, errc expected) {
      std::promise<std::pair<result<void>, std::chrono::steady_clock::time_point>> done;
      auto const start = std::chrono::steady_clock::now();
      asio::cancellation_signal signal;
      asio::post(io, [&] {
        genauth::management::async_import_otp(*admin, import, options, asio::bind_cancellation_slot(signal.slot(), [&](result<void> r) {
          done.set_value({std::move(r), std::chrono::steady_clock::now()});
        }));
      });
      std::this_thread::sleep_for(100ms);  // the lookup is under way
      auto const told = std::chrono::steady_clock::now();
      interrupt(signal);
      auto f = done.get_future();
      if (f.wait_for(3s) != std::future_status::ready) return 'H';  // never completed
      auto [r, at] = f.get();
      if (r || r.error().code != expected || r.error().may_have_been_processed) return 'E';
      if (expected == errc::cancelled && at - told > 50ms) return 'L';  // not within a few ms of the stop
      if (expected == errc::deadline_exceeded && at - start > 600ms) return 'D';
      return 'Y';
    };
    stop_source stop;
    call_options stoppable;
    stoppable.stop = stop.get_token();
    if (char const v = ends_soon(stoppable, [&](auto&) { stop.request_stop(); }, errc::cancelled); v != 'Y') verdict = v;
    auto const emit = [&](asio::cancellation_signal& s) {
      asio::post(io, [&s] { s.emit(asio::cancellation_type::terminal); });
    };
    if (char const v = ends_soon({}, emit, errc::cancelled); v != 'Y') verdict = v;
    call_options short_deadline;
    short_deadline.deadline = 300ms;
    if (char const v = ends_soon(short_deadline, [](auto&) {}, errc::deadline_exceeded); v != 'Y') verdict = v;
    tally t;
    std::promise<void> started;
    asio::post(io, [&] {
      genauth::management::async_import_otp(*admin, import, t.handler());
      started.set_value();
    });
    started.get_future().wait();  // and so this thread may destroy the client the loop's thread used
    std::this_thread::sleep_for(100ms);
    if (destroyed_in([&] { admin.reset(); }) > 100ms) verdict = 'W';
    if (!t.wait_for(1) || t.cancelled != 1) verdict = 'C';
    std::this_thread::sleep_for(2000ms);  // every lookup has been answered by now
    if (e.server.requests_seen() != 0) verdict = 'S';
    work.reset();
    runner.join();
    return verdict;
  }));
}

TEST_CASE("async: 3 threads start 600 calls with racing stops, cancellations and client destructions: each completes once") {
  plain_emulator e;
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .times = -1, .delay = 20ms});
  asio::io_context io(2);
  auto work = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int i = 0; i < 2; ++i) runners.emplace_back([&] { io.run(); });
  beast_transport const beast(io.get_executor(), plain_emulator::http());
  constexpr int per_thread = 200;
  std::vector<std::atomic<int>> completions(3 * per_thread);
  {
    std::vector<std::thread> callers;
    for (int t = 0; t < 3; ++t)
      callers.emplace_back([&, t] {
        std::mt19937 random(static_cast<unsigned>(t));
        for (int batch = 0; batch < per_thread / 20; ++batch) {
          auto client = std::make_unique<management_client<beast_transport>>(e.admin_options(), beast);
          std::vector<std::shared_ptr<stop_source>> stops;
          for (int i = 0; i < 20; ++i) {
            int const id = t * per_thread + batch * 20 + i;
            auto stop = std::make_shared<stop_source>();
            call_options o;
            o.stop = stop->get_token();
            auto signal = std::make_shared<asio::cancellation_signal>();
            auto const strand = asio::make_strand(io);
            genauth::management::async_get_user_mfa_info(*client, alice, o, asio::bind_cancellation_slot(signal->slot(),
                asio::bind_executor(strand, [&completions, id, signal](result<user_mfa_info> const&) { ++completions[id]; })));
            switch (random() % 4) {
              case 0: stop->request_stop(); break;
              case 1: asio::post(strand, [signal] { signal->emit(asio::cancellation_type::terminal); }); break;
              default: break;
            }
            stops.push_back(std::move(stop));
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(random() % 15));
          for (auto& stop : stops) if (random() % 3 == 0) stop->request_stop();
          client.reset();  // with calls in flight
        }
      });
    for (auto& c : callers) c.join();
  }
  auto const all_done = [&] {
    return std::all_of(completions.begin(), completions.end(), [](auto const& c) { return c.load() != 0; });
  };
  for (int i = 0; i < 1000 && !all_done(); ++i) std::this_thread::sleep_for(10ms);
  work.reset();
  for (auto& r : runners) r.join();
  int once = 0;
  for (auto const& c : completions) once += c.load() == 1 ? 1 : 0;
  CHECK(once == 3 * per_thread);
}

TEST_CASE("T34 async: 1,000 POSTs in flight against a server that takes 256 connections: none fails") {
  raise_open_files();
  plain_emulator e(256);  // at its cap, a new connection closes an idle one, or itself
  std::string const import_path(import_otp_request::path);
  e.server.inject({.path = import_path, .what = genauth_emulator::fault::kind::delay, .times = -1, .delay = 50ms});
  asio::io_context io;
  auto o = e.admin_options();
  o.retry = retry_policy::disabled();  // a failure would show as one
  management_client admin(o, beast_transport(io.get_executor(), plain_emulator::http(60s)));
  constexpr int calls = 1000;
  tally t;
  std::vector<import_otp_request> imports(calls);
  for (int i = 0; i < calls; ++i) {
    imports[i].list.push_back({.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP"}});
    genauth::management::async_import_otp(admin, imports[i], t.handler());
  }
  io.run_for(120s);
  CHECK(t.completions == calls);
  CHECK(t.succeeded == calls);
  CHECK(e.server.nonces_seen(import_path).size() == static_cast<std::size_t>(calls));
}

namespace {
/// The sockets of this process connected to 127.0.0.1:`port`: a client's side of its connections.
int client_sockets_to(unsigned short port) {
  int n = 0;
  for (auto const& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    int const fd = std::atoi(entry.path().filename().c_str());
    sockaddr_in peer{};
    socklen_t size = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) == 0 && peer.sin_family == AF_INET &&
        ntohs(peer.sin_port) == port)
      ++n;
  }
  return n;
}
}  // namespace

TEST_CASE("T34 async: 4 threads share one transport capped at 4 connections; cancelled waiters pass their turn on") {
  test::loopback_server server([](auto const&, auto& res) {
    std::this_thread::sleep_for(5ms);
    res.body() = R"({"statusCode":200,"message":"","data":{}})";
  });
  // What the client has open, sampled while the calls run.
  std::atomic<bool> sampling{true};
  std::atomic<int> most{0};
  std::thread sampler([&] {
    for (int i = 0; i < 20'000 && sampling; ++i) {
      int const now = client_sockets_to(server.port());
      if (now > most) most = now;
      std::this_thread::sleep_for(500us);
    }
  });
  asio::io_context io(4);
  auto work = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) runners.emplace_back([&] { io.run(); });
  auto o = plain_emulator::http();
  o.max_connections_per_host = 4;
  beast_transport const beast(io.get_executor(), o);
  std::atomic<int> answered{0}, cancelled{0}, completions{0};
  {
    std::vector<std::thread> callers;
    for (int c = 0; c < 4; ++c)
      callers.emplace_back([&, c] {
        for (int i = 0; i < 50; ++i) {
          auto signal = std::make_shared<asio::cancellation_signal>();
          http_request request = test::contract::get(server.url() + "/x");
          request.idempotent = (i % 2) == 0;  // half of them need a connection of their own
          auto strand = asio::make_strand(io);
          beast.async_send(request, asio::bind_cancellation_slot(signal->slot(), asio::bind_executor(strand,
              [&, signal](transport_result r) {
                if (!r.error) ++answered;
                else if (r.error == transport_errc::cancelled_before_sending || r.error == transport_errc::cancelled) ++cancelled;
                ++completions;
              })));
          if ((i + c) % 5 == 0)
            asio::post(strand, [signal] { signal->emit(asio::cancellation_type::terminal); });
        }
      });
    for (auto& c : callers) c.join();
    for (int i = 0; i < 1000 && completions < 200; ++i) std::this_thread::sleep_for(10ms);
  }
  work.reset();
  for (auto& r : runners) r.join();
  sampling = false;
  sampler.join();
  CHECK(completions == 200);
  CHECK(answered + cancelled == 200);
  CHECK(answered >= 150);
  CHECK(most.load() <= 4);
  CHECK(most.load() >= 1);  // the sampler saw them
}

TEST_CASE("T35 async: 1,000 calls on one thread with a 150 ms deadline against answers delayed 400 ms") {
  raise_open_files();
  plain_emulator e(1100);
  e.server.inject({.path = mfa_info_path, .what = genauth_emulator::fault::kind::delay, .times = -1, .delay = 400ms});
  asio::io_context io;
  management_client admin(e.admin_options(), beast_transport(io.get_executor(), plain_emulator::http(60s)));
  constexpr int calls = 1000;
  std::vector<double> ended;  // ms after the start
  int deadline_exceeded = 0, succeeded = 0;
  call_options o;
  o.deadline = 150ms;
  auto const start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i)
    genauth::management::async_get_user_mfa_info(admin, alice, o, [&](result<user_mfa_info> r) {
      ended.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      if (r) ++succeeded;
      else if (r.error().code == errc::deadline_exceeded) ++deadline_exceeded;
    });
  io.run_for(30s);
  REQUIRE(ended.size() == static_cast<std::size_t>(calls));
  CHECK(succeeded == 0);
  CHECK(deadline_exceeded == calls);
  std::sort(ended.begin(), ended.end());
  MESSAGE("ended after (ms): min " << ended.front() << ", p50 " << ended[calls / 2] << ", p99 "
                                   << ended[calls * 99 / 100] << ", max " << ended.back());
}

TEST_CASE("async: 4 threads start 100 calls each on an io_context that 4 threads run, both clients") {
  // Plain HTTP: what runs concurrently here is the SDK's, not OpenSSL's (uninstrumented for TSan).
  // Room for all 400 connections: a refused one would be retried, signed afresh, with a new nonce.
  auto plain = quiet();
  plain.max_connections = 512;
  genauth_emulator::server server(plain, genauth_emulator::default_seed());
  asio::io_context io(4);
  auto work = asio::make_work_guard(io);
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) runners.emplace_back([&] { io.run(); });
  std::atomic<int> succeeded{0}, finished{0};
  {
    beast_options http;
    http.allow_insecure_http = true;
    http.timeout = 5s;
    beast_transport const beast(io.get_executor(), http);
    management_options admin_options;
    admin_options.access_key_id = "emulator-access-key-id";
    admin_options.access_key_secret = "emulator-access-key-secret";
    admin_options.host = server.url();
    admin_options.allow_insecure_http = true;
    management_client admin(admin_options, beast);
    authentication_options user_options;
    user_options.app_id = "emulator-app";
    user_options.app_host = server.url();
    user_options.access_token = "alice-access-token";
    user_options.allow_insecure_http = true;
    authentication_client user(user_options, beast);
    std::vector<std::thread> callers;
    for (int t = 0; t < 4; ++t)
      callers.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          auto done = [&](auto const& r) {
            if (r) ++succeeded;
            ++finished;
          };
          if (t % 2 == 0) genauth::management::async_get_user_mfa_info(admin, alice, done);
          else genauth::authentication::async_list_enrolled_factors(user, done);
        }
      });
    for (auto& c : callers) c.join();
    for (int i = 0; i < 600 && finished < 400; ++i) std::this_thread::sleep_for(100ms);
  }  // the clients wait for whatever is still in flight
  work.reset();
  for (auto& r : runners) r.join();
  CHECK(finished == 400);
  CHECK(succeeded == 400);
  auto const nonces = server.nonces_seen(mfa_info_path);
  CHECK(std::set<std::string>(nonces.begin(), nonces.end()).size() == 200);
}

TEST_CASE("async: 1,000 coroutine calls at once on one io_context thread, each with its own verified nonce") {
  raise_open_files();  // both ends of 1,000 connections live in this process
  emulator e(1100);
  asio::io_context io;
  auto patient = trusting();
  patient.timeout = 60s;  // 1,000 TLS handshakes on one thread, under a sanitizer too
  beast_transport const beast(io.get_executor(), patient);
  auto o = e.admin_options();
  o.retry = retry_policy::disabled();  // each call is one request: its nonce
  management_client admin(o, beast);
  constexpr int calls = 1000;
  int succeeded = 0, finished = 0;
  for (int i = 0; i < calls; ++i)
    asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          auto r = co_await genauth::management::async_get_user_mfa_info(admin, bob, use_awaitable);
          if (r) ++succeeded;
          else MESSAGE(why(r));
          ++finished;
        },
        asio::detached);
  io.run_for(120s);
  CHECK(finished == calls);
  CHECK(succeeded == calls);
  auto const nonces = e.server.nonces_seen(mfa_info_path);
  CHECK(nonces.size() == static_cast<std::size_t>(calls));
  CHECK(std::set<std::string>(nonces.begin(), nonces.end()).size() == static_cast<std::size_t>(calls));
}
