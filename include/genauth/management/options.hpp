#pragma once

#include <genauth/config.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/signing/brand.hpp>

#include <chrono>
#include <functional>
#include <string>

GENAUTH_NAMESPACE_BEGIN

/// Settings of the management client. Only the access key pair is required.
struct management_options {
  std::string access_key_id{};      ///< required: the access key's id
  std::string access_key_secret{};  ///< required: the access key's secret (signs, never sent)
  std::string host{};       ///< base URL; empty: the brand's default host
  bool allow_insecure_http = false;  ///< accept an http:// host (a local emulator); https only otherwise
  std::string tenant_id{};  ///< sent (and signed) as `x-<brand>-app-id`; empty: not sent
  std::string lang{};       ///< `zh-CN` or `en-US`; empty or blank: `zh-CN`
  genauth::brand brand = genauth_brand;  ///< GenAuth (default) or Authing headers and host
  /// Value of the signed `x-<brand>-sdk-version` header; empty or blank: `genauth-cpp:<version>`.
  std::string sdk_version{};
  /// Time source for the signed `date` header; empty: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock{};
  /// The largest clock correction an apiCode 1305 answer may set: a server `Date` further than
  /// this from the local clock is not believed, and the call returns the 1305 error.
  std::chrono::seconds max_clock_correction{std::chrono::hours(24)};
  /// Source of signature nonces; empty: 32 hex digits from the system CSPRNG.
  std::function<std::string()> nonce{};
  response_limits limits{};                  ///< what a response may be
  genauth::request_limits request_limits{};  ///< what a request value may be
  retry_policy retry{};  ///< retry_policy::disabled() turns retries off
};

GENAUTH_NAMESPACE_END
