#pragma once

#include <genauth/config.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/engine.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

// The driver of the clients' blocking calls: the engine's steps on the calling thread.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Waits `d` (retry_policy::sleep when the policy has one), returning early when `stop` is
/// requested.
inline void blocking_wait(std::chrono::milliseconds d, retry_policy const& policy, std::stop_token const& stop) {
  if (policy.sleep) {
    policy.sleep(d);
  } else if (stop.stop_possible()) {
    std::mutex m;
    std::condition_variable_any wakeup;
    std::unique_lock lock(m);
    wakeup.wait_for(lock, stop, d, [] { return false; });
  } else {
    std::this_thread::sleep_for(d);
  }
}

template <class Engine>
auto run_blocking(Engine& engine, transport_ref transport) {
  retry_policy const& policy = engine.retry();
  auto const now = [&] { return policy.now ? policy.now() : std::chrono::steady_clock::now(); };
  for (engine_step step = engine.next(now());;) {
    switch (step) {
      case engine_step::send: {
        transport_result const sent = transport(engine.request());
        step = engine.receive(sent, now());
        break;
      }
      case engine_step::wait:
        blocking_wait(engine.wait_time(), policy, engine.options().stop);
        step = engine.next(now());
        break;
      case engine_step::done: return engine.take_result();
    }
  }
}

}  // namespace detail
GENAUTH_NAMESPACE_END
