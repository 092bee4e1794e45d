#pragma once

#include <genauth/config.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/signing/brand.hpp>

#include <string>

GENAUTH_NAMESPACE_BEGIN

/// Settings of the authentication client, which acts for one signed-in end user.
struct authentication_options {
  std::string app_id{};        ///< required; sent as `x-<brand>-app-id` on every request
  std::string app_host{};      ///< required: the application's domain, e.g. `https://example.genauth.ai`
  bool allow_insecure_http = false;  ///< accept an http:// app host (a local emulator); https only otherwise
  std::string access_token{};  ///< the user's access token; also settable on the client later
  std::string lang{};          ///< sent as `x-<brand>-lang` when given; empty: not sent
  genauth::brand brand = genauth_brand;       ///< GenAuth (default) or Authing headers
  response_limits limits{};                   ///< what a response may be
  genauth::request_limits request_limits{};   ///< what a request value may be
  retry_policy retry{};  ///< retry_policy::disabled() turns retries off
};

GENAUTH_NAMESPACE_END
