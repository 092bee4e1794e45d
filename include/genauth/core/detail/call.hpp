#pragma once

#include <genauth/config.hpp>
#include <genauth/core/endpoint.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/parse.hpp>
#include <genauth/core/redact.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/detail/clock_skew.hpp>
#include <genauth/crypto/random.hpp>
#include <genauth/signing/date.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <thread>

// The one path every call of both clients takes: build, send, parse, and the retry policy of
// core/retry.hpp around them.

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
  for (std::uint32_t i = 1; i < attempt && ceiling < policy.max_backoff; ++i) ceiling *= 2;
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

/// The skew a 1305 answer reveals: the server's Date minus the date the request was signed with.
inline std::optional<std::chrono::seconds> measured_skew(error const& e, http_request const& request) {
  if (e.api_code != 1305) return std::nullopt;
  auto const server = e.headers.find("date");
  auto const ours = request.headers.find("date");
  if (!server || !ours) return std::nullopt;
  auto const server_time = parse_imf_fixdate(*server);
  auto const our_time = parse_imf_fixdate(*ours);
  if (!server_time || !our_time) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(*server_time - *our_time);
}

/// build → transport → parse, attempted as `policy` allows. `build()` is called for every
/// attempt, so a signed request gets a fresh nonce and date each time; `skew` is null for
/// requests that are not signed.
template <endpoint R, class Transport, class Build>
result<typename R::response_type> call_endpoint(Transport& transport, Build const& build,
                                                response_limits const& limits, retry_policy const& policy,
                                                clock_skew* skew, std::string_view secret) {
  using namespace std::chrono;
  using T = typename R::response_type;
  auto const now = [&] { return policy.now ? policy.now() : steady_clock::now(); };
  auto const start = now();
  bool skew_corrected = false;
  for (std::uint32_t attempt = 1;; ++attempt) {
    auto request = build();
    if (!request) {
      error e = request.error();
      e.attempts = attempt - 1;
      return e;
    }
    transport_result const sent = send(transport, *request);
    result<T> out = sent.error ? result<T>(transport_failure(sent.error)) : parse<R>(sent.response, limits);
    if (out) return out;
    error e = redact_request_values(out.error(), *request, secret);
    e.attempts = attempt;
    // The clock correction is kept for later calls even when this one may not try again.
    std::optional<milliseconds> wait;
    if (skew && !skew_corrected) {
      if (auto const measured = measured_skew(e, *request)) {
        skew->set(skew->get() + *measured);
        skew_corrected = true;
        wait = milliseconds(0);
      }
    }
    if (attempt >= policy.max_attempts) return e;
    if (!wait) {
      bool const again = sent.error ? (is_idempotent_v<R> || request_not_sent(sent.error))
                                    : (is_idempotent_v<R> && e.is_retryable());
      if (!again) return e;
      if (auto const asked = retry_after(e.headers, system_clock::now()))
        wait = *asked < policy.max_retry_after ? *asked : policy.max_retry_after;
      else
        wait = backoff(policy, attempt);
    }
    if (now() - start + *wait > policy.deadline) return e;
    if (wait->count() > 0) {
      if (policy.sleep)
        policy.sleep(*wait);
      else
        std::this_thread::sleep_for(*wait);
    }
  }
}

}  // namespace detail
GENAUTH_NAMESPACE_END
