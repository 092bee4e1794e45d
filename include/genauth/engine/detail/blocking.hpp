#pragma once

#include <genauth/config.hpp>
#include <genauth/core/stop.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/engine.hpp>

#include <chrono>

// The driver of the clients' blocking calls: the engine's steps on the calling thread.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// Waits `d` (with retry_policy::sleep when the policy has one), less when `stop` is requested.
inline void blocking_wait(std::chrono::milliseconds d, retry_policy const& policy, stop_token const& stop) {
  if (policy.sleep)
    policy.sleep(d);
  else
    wait_unless_stopped(d, stop);
}

template <class Engine>
auto run_blocking(Engine& engine, transport_ref transport) {
  retry_policy const& policy = engine.retry();
  auto const now = [&] { return policy.now ? policy.now() : std::chrono::steady_clock::now(); };
  for (engine_step step = engine.next(now());;) {
    switch (step) {
      case engine_step::send: {
        transport_result const sent = transport(engine.request());
        step = engine.receive(sent, now);
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
