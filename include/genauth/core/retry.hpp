#pragma once

#include <genauth/config.hpp>

#include <chrono>
#include <cstdint>
#include <functional>

GENAUTH_NAMESPACE_BEGIN

/// When and how a client sends a call again. Every attempt is built and signed afresh (new nonce,
/// new date). Retried:
/// - a transport failure that proves nothing was sent (request_not_sent()), for every call;
/// - for idempotent calls only: whatever error::is_retryable() calls transient (any other
///   transport failure, a body cut short, HTTP 408/429/500/502/503/504, envelope statusCode 429
///   or 5xx).
/// The wait before attempt n+1 is the server's Retry-After (delta-seconds or an IMF-fixdate,
/// clamped to max_retry_after; other values are ignored), else a random duration between zero
/// and min(max_backoff, initial_backoff * 2^(n-1)) ("full jitter"). No attempt starts after the
/// deadline. Independently, a management call rejected for clock skew (apiCode 1305) is sent
/// once more with the signing clock corrected by the server's Date, within max_attempts.
struct retry_policy {
  std::uint32_t max_attempts = 3;  ///< the first attempt included; 1 turns retries off
  std::chrono::milliseconds initial_backoff{200};     ///< the backoff ceiling before the second attempt
  std::chrono::milliseconds max_backoff{5'000};       ///< the backoff ceiling never grows past this
  std::chrono::milliseconds max_retry_after{30'000};  ///< a longer Retry-After is cut to this
  std::chrono::milliseconds deadline{60'000};  ///< from the start of the call to the last attempt's start
  std::function<void(std::chrono::milliseconds)> sleep{};  ///< waits between attempts; empty: std::this_thread::sleep_for
  /// Time source for the deadline; empty: std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> now{};
  /// A number in [0, 1) that scales the backoff; empty: drawn from the OS CSPRNG.
  std::function<double()> jitter{};

  /// One attempt per call.
  [[nodiscard]] static retry_policy disabled() {
    retry_policy p;
    p.max_attempts = 1;
    return p;
  }
};

GENAUTH_NAMESPACE_END
