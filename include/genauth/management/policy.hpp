#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/management/options.hpp>
#include <genauth/management/signer.hpp>
#include <genauth/management/detail/clock_skew.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/signing/date.hpp>

#include <chrono>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// What the management API adds to the call engine: every attempt is signed with the access key,
/// with the signing clock corrected by what an apiCode 1305 answer revealed. The correction is
/// the one state it shares between calls (atomic); one policy may serve many engines and threads
/// at once. management_client keeps one; keep your own to drive call_engine from an event loop.
class management_policy {
 public:
  /// What the policy remembers of one attempt: the clock offset its request was signed with.
  struct attempt_state {
    std::chrono::seconds clock_offset{};  ///< added to the local clock for the signed `date`
  };

  /// Checks and prepares `options` (their errors come back from build).
  explicit management_policy(management_options options) : signer_(std::move(options)) {}

  /// Signs a request of endpoint R with the current clock correction.
  template <endpoint R>
  [[nodiscard]] result<http_request> build(R const& request, attempt_state& state) const {
    state.clock_offset = skew_.get();
    return signer_.build(request, state.clock_offset);
  }

  /// Learns from an apiCode 1305 answer (the signing clock is off): the server's `Date` minus
  /// the local time the request was signed at becomes the correction, unless either date is not
  /// a valid IMF-fixdate or the correction exceeds options().max_clock_correction. True when the
  /// correction was made and the request should be signed and sent again at once.
  bool recover(error const& failure, http_request const& sent, attempt_state const& state) {
    if (failure.api_code != 1305) return false;
    auto const server = failure.headers.find("date");
    auto const ours = sent.headers.find("date");
    if (!server || !ours) return false;
    auto const server_time = parse_imf_fixdate(*server);
    auto const signed_time = parse_imf_fixdate(*ours);
    if (!server_time || !signed_time) return false;
    auto const local_time = *signed_time - state.clock_offset;
    auto const offset = std::chrono::duration_cast<std::chrono::seconds>(*server_time - local_time);
    auto const limit = options().max_clock_correction;
    if (offset > limit || offset < -limit) return false;
    skew_.set(offset);
    return true;
  }

  /// The correction the signing clock gets now (zero until a 1305 answer set one).
  [[nodiscard]] std::chrono::seconds clock_offset() const noexcept { return skew_.get(); }
  /// The options it signs with.
  [[nodiscard]] management_options const& options() const noexcept { return signer_.options(); }
  /// The signer of its requests.
  [[nodiscard]] management_signer const& signer() const noexcept { return signer_; }
  /// options().retry.
  [[nodiscard]] retry_policy const& retry() const noexcept { return options().retry; }
  /// options().limits.
  [[nodiscard]] response_limits const& limits() const noexcept { return options().limits; }
  /// The access key secret: redacted from errors like the request's own values.
  [[nodiscard]] std::string_view secret() const noexcept { return options().access_key_secret; }
  /// The signing clock (options().clock, else the system clock), uncorrected.
  [[nodiscard]] std::chrono::system_clock::time_point wall_clock() const {
    return options().clock ? options().clock() : std::chrono::system_clock::now();
  }

 private:
  management_signer signer_;
  detail::clock_skew skew_{};
};

GENAUTH_NAMESPACE_END
