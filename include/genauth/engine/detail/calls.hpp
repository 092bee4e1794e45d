#pragma once

#include <genauth/config.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

// What a client knows of its async calls in flight, so that its destruction can cancel them and
// wait for their completions. The async calls themselves are in genauth/engine/async.hpp.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// How a client starts async calls through a transport of type Transport: defined in
/// genauth/engine/async.hpp, which genauth/transport/beast.hpp includes.
template <class Transport>
struct async_calls;

/// The async calls of one client that have not completed yet.
class call_tracker {
 public:
  /// What the tracker asks of the calls' event loop when the client goes: whether this thread runs
  /// it (then nothing can complete while it waits), and whether it stopped (then nothing will).
  struct loop_probe {
    std::function<bool()> runs_here;
    std::function<bool()> stopped;
  };

  /// Counts a call in; `cancel` stops it (from any thread). `probe()` gives the loop_probe of the
  /// calls' event loop, asked until one is known. False once the client is going.
  template <class Probe>
  bool add(std::uint64_t& id, std::function<void()> cancel, Probe const& probe) {
    std::lock_guard const lock(mutex_);
    if (closed_) return false;
    id = next_++;
    calls_.emplace(id, call{std::move(cancel), {}});
    if (!probe_.runs_here) probe_ = probe();
    return true;
  }

  /// The call's handler is about to run on this thread: a client destroyed by that handler (a
  /// coroutine's own client, say) does not wait for it.
  void completing(std::uint64_t id) {
    std::lock_guard const lock(mutex_);
    if (auto const it = calls_.find(id); it != calls_.end()) it->second.completing_on = std::this_thread::get_id();
  }

  /// Counts a call out: its handler returned, or it was destroyed with its event loop.
  void remove(std::uint64_t id) {
    std::lock_guard const lock(mutex_);
    if (calls_.erase(id) != 0) ended_.notify_all();
  }

  /// Cancels the calls in flight and waits until each handler has returned, unless waiting could
  /// not end: on a thread that runs their event loop or their handler, or once that loop stopped.
  void close() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    if (calls_.empty()) return;
    std::vector<std::function<void()>> cancels;
    for (auto const& [id, c] : calls_) cancels.push_back(c.cancel);
    auto const probe = probe_;
    lock.unlock();
    for (auto const& cancel : cancels) cancel();
    if (probe.runs_here && probe.runs_here()) return;
    auto const here = std::this_thread::get_id();
    auto const over = [&] {
      for (auto const& [id, c] : calls_)
        if (c.completing_on != here) return false;
      return true;
    };
    lock.lock();
    while (!ended_.wait_for(lock, std::chrono::milliseconds(10), over))
      if (probe.stopped && probe.stopped()) return;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ended_;
  struct call {
    std::function<void()> cancel;
    std::thread::id completing_on;
  };

  std::map<std::uint64_t, call> calls_;
  std::uint64_t next_ = 0;
  bool closed_ = false;
  loop_probe probe_;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
