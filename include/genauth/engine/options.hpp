#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/core/stop.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <system_error>

GENAUTH_NAMESPACE_BEGIN

/// What the call engine decided once an attempt's answer was read.
enum class attempt_decision : std::uint8_t {
  none,   ///< not decided yet: the event reports an attempt's start
  retry,  ///< another attempt follows after attempt_event::retry_in
  done,   ///< the call ends with this attempt's outcome (or `cancelled`)
  /// An async transport completed an attempt once more, after its first completion: the
  /// completion is ignored (`cause` is transport_errc::completed_twice), the call is not affected.
  ignored,
};

/// One attempt of a call, as an observer sees it. It holds only values that cannot carry a
/// secret: no header value, no body, no query; the request id is redacted like an error's.
struct attempt_event {
  bool ended = false;                                  ///< false: the attempt starts; true: its answer was read
  http_method method = http_method::get;               ///< the endpoint's method
  std::string_view path{};                             ///< the endpoint's path, without query
  std::uint32_t attempt = 0;                           ///< 1 for the first attempt
  std::chrono::microseconds duration{};                ///< from handing the request over to the answer (end)
  int http_status = 0;                                 ///< 0 when no response came back (end)
  std::optional<std::int64_t> status_code{};           ///< envelope statusCode (end)
  std::optional<std::int64_t> api_code{};              ///< envelope apiCode (end)
  std::string_view request_id{};                       ///< envelope requestId, success included (end)
  errc error = errc::none;                             ///< what failed; none on success (end)
  std::error_code cause{};                             ///< the transport's error, for transport_failed (end)
  attempt_decision decision = attempt_decision::none;  ///< what follows (end)
  std::chrono::milliseconds retry_in{};                ///< the wait before the next attempt (retry)
};

/// Called at each attempt's start and end (and for a completion an async transport delivered
/// twice), on the thread driving the call. It must not throw
/// (whatever it throws is swallowed) and should return quickly: the call waits for it.
using attempt_observer = std::function<void(attempt_event const&)>;

/// Settings of one call, on top of its client's options. The default changes nothing.
struct call_options {
  /// The whole call's budget, from its start: no attempt starts and no wait lasts past it, and
  /// each request carries what is left (http_request::timeout) for the transport to honour.
  std::optional<std::chrono::milliseconds> deadline{};
  std::optional<retry_policy> retry{};  ///< replaces the client's retry policy for this call
  /// Stops the call: no new attempt starts, a wait between attempts ends at once, and the call
  /// returns errc::cancelled (not retryable). A blocking call's attempt in flight runs to its
  /// end; an async call's is abandoned (its transport's exchange cancelled). This is
  /// std::stop_token where the standard library has it.
  stop_token stop{};
  attempt_observer observer{};  ///< sees every attempt; empty: nobody watches
};

GENAUTH_NAMESPACE_END
