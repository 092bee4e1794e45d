#pragma once

#include <genauth/config.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <version>

#if defined(__cpp_lib_jthread)
#include <stop_token>
#else
#include <atomic>
#include <memory>
#include <utility>
#endif

// How a call is stopped from outside: std::stop_token where the standard library has it, else
// (libc++ before 17, for one) a stand-in with the members the SDK uses.

GENAUTH_NAMESPACE_BEGIN

#if defined(__cpp_lib_jthread)

using stop_token = std::stop_token;    ///< what call_options::stop takes
using stop_source = std::stop_source;  ///< makes stop tokens and requests the stop

namespace detail {
/// Waits `d`, or less when `stop` is requested meanwhile.
inline void wait_unless_stopped(std::chrono::milliseconds d, stop_token const& stop) {
  if (!stop.stop_possible()) {
    std::this_thread::sleep_for(d);
    return;
  }
  std::mutex m;
  std::condition_variable_any wakeup;
  std::unique_lock lock(m);
  wakeup.wait_for(lock, stop, d, [] { return false; });
}
}  // namespace detail

#else

namespace detail {
struct stop_state {
  std::atomic<bool> stopped{false};
  std::mutex m;
  std::condition_variable wakeup;
};
}  // namespace detail

/// The subset of std::stop_token the SDK uses, for standard libraries without it.
class stop_token {
 public:
  stop_token() noexcept = default;
  /// Whether the stop was requested.
  [[nodiscard]] bool stop_requested() const noexcept { return state_ && state_->stopped.load(); }
  /// Whether a stop can ever be requested (a source exists).
  [[nodiscard]] bool stop_possible() const noexcept { return state_ != nullptr; }
  /// The state shared with the source (for the SDK's waits).
  [[nodiscard]] detail::stop_state* state() const noexcept { return state_.get(); }

 private:
  friend class stop_source;
  explicit stop_token(std::shared_ptr<detail::stop_state> s) noexcept : state_(std::move(s)) {}
  std::shared_ptr<detail::stop_state> state_;
};

/// The subset of std::stop_source the SDK uses, for standard libraries without it.
class stop_source {
 public:
  stop_source() : state_(std::make_shared<detail::stop_state>()) {}
  /// A token that sees this source's stop.
  [[nodiscard]] stop_token get_token() const noexcept { return stop_token(state_); }
  /// Requests the stop; true when this call made it.
  bool request_stop() noexcept {
    std::lock_guard const lock(state_->m);
    bool const first = !state_->stopped.exchange(true);
    state_->wakeup.notify_all();
    return first;
  }
  /// Whether the stop was requested.
  [[nodiscard]] bool stop_requested() const noexcept { return state_->stopped.load(); }

 private:
  std::shared_ptr<detail::stop_state> state_;
};

namespace detail {
inline void wait_unless_stopped(std::chrono::milliseconds d, stop_token const& stop) {
  auto* const s = stop.state();
  if (s == nullptr) {
    std::this_thread::sleep_for(d);
    return;
  }
  std::unique_lock lock(s->m);
  s->wakeup.wait_for(lock, d, [s] { return s->stopped.load(); });
}
}  // namespace detail

#endif

GENAUTH_NAMESPACE_END
