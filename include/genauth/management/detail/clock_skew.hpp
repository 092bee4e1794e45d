#pragma once

#include <genauth/config.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The offset a management client adds to its signing clock: the server's time minus the local
/// time, as the last apiCode 1305 answer revealed it. Absolute, never a running sum, so answers
/// that arrive together agree; shared by the calls of one client, which may run in many threads.
class clock_skew {
 public:
  clock_skew() = default;
  clock_skew(clock_skew const& other) noexcept : seconds_(other.seconds_.load(std::memory_order_relaxed)) {}
  clock_skew& operator=(clock_skew const& other) noexcept {
    seconds_.store(other.seconds_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    return *this;
  }
  [[nodiscard]] std::chrono::seconds get() const noexcept {
    return std::chrono::seconds(seconds_.load(std::memory_order_relaxed));
  }
  void set(std::chrono::seconds s) noexcept { seconds_.store(s.count(), std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> seconds_{0};
};

}  // namespace detail
GENAUTH_NAMESPACE_END
