#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/crypto/random.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/signing/date.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

// The rules of core/retry.hpp as plain functions of their inputs: the call engine applies them,
// the same for every endpoint.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// The wait a `Retry-After` header asks for: delta-seconds, or an IMF-fixdate taken relative to
/// the response's own `Date` when it has one (immune to our clock's error), else to `now`.
/// Anything else is ignored (nullopt).
inline std::optional<std::chrono::milliseconds> retry_after(http_headers const& headers,
                                                            std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  auto const header = headers.find("retry-after");
  if (!header) return std::nullopt;
  std::string_view v = *header;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  if (v.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t seconds_value = 0;
    for (char c : v) {
      seconds_value = seconds_value * 10 + (c - '0');
      if (seconds_value > 86'400) return hours(24);  // far beyond any clamp; avoids overflow
    }
    return seconds(seconds_value);
  }
  auto const at = parse_imf_fixdate(v);
  if (!at) return std::nullopt;
  if (auto const date = headers.find("date"))
    if (auto const server_now = parse_imf_fixdate(*date)) now = *server_now;
  if (*at <= now) return milliseconds(0);
  return duration_cast<milliseconds>(*at - now);
}

/// A number in [0, 1) from the OS CSPRNG (0.5 if it fails: a retry needs no secret).
inline double random_unit() {
  std::array<std::uint8_t, 8> bytes{};
  if (!crypto::secure_random(bytes)) return 0.5;
  std::uint64_t bits = 0;
  for (auto b : bytes) bits = (bits << 8) | b;
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

/// Full jitter: uniform in [0, min(max_backoff, initial_backoff * 2^(attempt-1))).
inline std::chrono::milliseconds backoff(retry_policy const& policy, std::uint32_t attempt) {
  auto ceiling = policy.initial_backoff;
  for (std::uint32_t i = 1; i < attempt && ceiling < policy.max_backoff; ++i)
    ceiling = ceiling > policy.max_backoff / 2 ? policy.max_backoff : ceiling * 2;
  if (ceiling > policy.max_backoff) ceiling = policy.max_backoff;
  double scale = policy.jitter ? policy.jitter() : random_unit();
  if (!(scale >= 0.0)) scale = 0.0;  // also NaN
  if (scale > 1.0) scale = 1.0;
  return std::chrono::milliseconds(
      static_cast<std::chrono::milliseconds::rep>(static_cast<double>(ceiling.count()) * scale));
}

inline error transport_failure(std::error_code cause) {
  error e = make_error(errc::transport_failed, cause == transport_errc::transport_threw
                                                   ? "the transport threw an exception"
                                                   : "the transport reported an I/O error");
  e.cause = cause;
  return e;
}

/// What one failed attempt leads to, the policy's own recovery (the 1305 clock correction) aside.
struct retry_inputs {
  error const& failure;             // the attempt's error, redacted
  std::error_code transport_error;  // set when the transport failed
  bool idempotent = false;
  bool send_again_now = false;  // the client's policy asked for an immediate second attempt
  std::uint32_t attempt = 0;
  std::chrono::steady_clock::duration elapsed{};              // since the call started
  std::optional<std::chrono::steady_clock::duration> left{};  // of the call's deadline, above zero
  std::chrono::system_clock::time_point wall_now{};           // for a Retry-After date
};

/// The wait before the next attempt, or nullopt when the call ends with this failure.
inline std::optional<std::chrono::milliseconds> next_wait(retry_policy const& policy, retry_inputs const& in) {
  using namespace std::chrono;
  if (in.attempt >= policy.max_attempts) return std::nullopt;
  std::optional<milliseconds> wait;
  if (in.send_again_now) {
    wait = milliseconds(0);
  } else {
    bool const again = in.transport_error ? (in.idempotent || request_not_sent(in.transport_error))
                                          : (in.idempotent && in.failure.is_retryable());
    if (!again) return std::nullopt;
    if (auto const asked = retry_after(in.failure.headers, in.wall_now))
      wait = *asked < policy.max_retry_after ? *asked : policy.max_retry_after;
    else
      wait = backoff(policy, in.attempt);
  }
  // Compared in milliseconds, each side below any limit a user may set (milliseconds::max()).
  auto const elapsed = (std::max)(ceil<milliseconds>(in.elapsed), milliseconds::zero());
  if (elapsed >= policy.deadline || *wait > policy.deadline - elapsed) return std::nullopt;
  if (in.left && *wait >= ceil<milliseconds>(*in.left)) return std::nullopt;
  return wait;
}

/// `t + d`, or the clock's last (first) time point where that would overflow: a deadline of
/// milliseconds::max() is "never".
inline std::chrono::steady_clock::time_point saturating_add(std::chrono::steady_clock::time_point t,
                                                            std::chrono::milliseconds d) {
  using time_point = std::chrono::steady_clock::time_point;
  using ticks = time_point::duration;
  auto constexpr most = std::chrono::duration_cast<std::chrono::milliseconds>((ticks::max)());
  if (d >= most) return (time_point::max)();
  if (d <= -most) return (time_point::min)();
  auto const step = std::chrono::duration_cast<ticks>(d);
  if (step > ticks::zero() && t > (time_point::max)() - step) return (time_point::max)();
  if (step < ticks::zero() && t < (time_point::min)() - step) return (time_point::min)();
  return t + step;
}

/// Hands `event` to the observer; what the observer throws stays with it.
inline void notify(attempt_observer const& observer, attempt_event const& event) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
  try {
    observer(event);
  } catch (...) {
  }
#else
  observer(event);
#endif
}

}  // namespace detail
GENAUTH_NAMESPACE_END
