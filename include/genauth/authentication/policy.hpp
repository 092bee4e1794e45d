#pragma once

#include <genauth/authentication/build.hpp>
#include <genauth/authentication/options.hpp>
#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <chrono>
#include <string_view>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// What the authentication API adds to the call engine: every attempt carries the end user's
/// token, and no failure teaches it anything. It checks its options once; it never changes, so
/// one policy may serve many engines and threads at once (authentication_client makes a new one
/// when the token changes).
class authentication_policy {
 public:
  /// Nothing is kept of an attempt.
  struct attempt_state {};

  /// Checks and prepares `options` (their errors come back from build).
  explicit authentication_policy(authentication_options options)
      : options_(std::move(options)), context_(detail::prepare_user(options_)) {}

  /// Builds a request of endpoint R with the user's token.
  template <endpoint R>
  [[nodiscard]] result<http_request> build(R const& request, attempt_state&) const {
    if (!context_) return context_.error();
    return detail::build_for_user(*context_, options_.request_limits, request);
  }
  /// Always false: no failure is repaired by the policy itself.
  bool recover(error const&, http_request const&, attempt_state const&) const noexcept { return false; }

  /// The options it acts with.
  [[nodiscard]] authentication_options const& options() const noexcept { return options_; }
  /// options().retry.
  [[nodiscard]] retry_policy const& retry() const noexcept { return options_.retry; }
  /// options().limits.
  [[nodiscard]] response_limits const& limits() const noexcept { return options_.limits; }
  /// The application's secret, redacted with the request's own values (the token is one): HTTP
  /// Basic sends it only encoded.
  [[nodiscard]] std::string_view secret() const noexcept { return options_.app_secret; }
  /// The system clock.
  [[nodiscard]] std::chrono::system_clock::time_point wall_clock() const { return std::chrono::system_clock::now(); }

 private:
  authentication_options options_;
  result<detail::user_context> context_;  // or why the options cannot be used
};

GENAUTH_NAMESPACE_END
