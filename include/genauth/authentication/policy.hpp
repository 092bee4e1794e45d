#pragma once

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

GENAUTH_NAMESPACE_BEGIN

template <endpoint R>
[[nodiscard]] result<http_request> build(authentication_options const& o, R const& request);

/// What the authentication API adds to the call engine: every attempt carries the end user's
/// token, and no failure teaches it anything. It refers to `options`, which must outlive it.
class authentication_policy {
 public:
  /// Nothing is kept of an attempt.
  struct attempt_state {};

  /// A policy acting with `options`.
  explicit authentication_policy(authentication_options const& options) noexcept : options_(&options) {}

  /// Builds a request of endpoint R with the user's token.
  template <endpoint R>
  [[nodiscard]] result<http_request> build(R const& request, attempt_state&) const {
    return genauth::build(*options_, request);
  }
  /// Always false: no failure is repaired by the policy itself.
  bool recover(error const&, http_request const&, attempt_state const&) noexcept { return false; }

  /// The options it acts with.
  [[nodiscard]] authentication_options const& options() const noexcept { return *options_; }
  /// options().retry.
  [[nodiscard]] retry_policy const& retry() const noexcept { return options_->retry; }
  /// options().limits.
  [[nodiscard]] response_limits const& limits() const noexcept { return options_->limits; }
  /// Nothing beyond the request's own values (the token is one) needs redacting.
  [[nodiscard]] std::string_view secret() const noexcept { return {}; }
  /// The system clock.
  [[nodiscard]] std::chrono::system_clock::time_point wall_clock() const { return std::chrono::system_clock::now(); }

 private:
  authentication_options const* options_;
};

GENAUTH_NAMESPACE_END
