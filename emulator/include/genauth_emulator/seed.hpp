#pragma once

// What the emulator knows when it starts: the user pool's access keys, applications and users.
// A seed file is JSON with the same names in camelCase (README, "The emulator").

#include <boost/describe/class.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace genauth_emulator {

struct access_key {
  std::string id;
  std::string secret;
};
BOOST_DESCRIBE_STRUCT(access_key, (), (id, secret))

struct app {
  std::string id;
  std::string name;
  /// Factors this application offers its users: "OTP", "SMS", "EMAIL", "FACE".
  std::vector<std::string> enabled_factors;
  /// Seconds an OTP code lasts, 1 to 3600 (30 when not given); codes have six digits, as the
  /// service's do.
  std::optional<int> otp_period;
  /// The app's secret for the OAuth endpoints (client_secret_post, client_secret_basic); without
  /// one it is a public client: its codes need PKCE and it gets no client-credentials token.
  std::optional<std::string> secret;
  /// Where /oidc/auth may send a code; a request naming another URI is refused.
  std::optional<std::vector<std::string>> redirect_uris;
};
BOOST_DESCRIBE_STRUCT(app, (), (id, name, enabled_factors, otp_period, secret, redirect_uris))

struct user {
  std::string id;
  std::string username;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> external_id;
  /// The token the user's app sends as `authorization` on authentication API calls.
  std::string access_token;
  /// For sign-in with a password (/api/v3/signin); without one the user cannot sign in so.
  std::optional<std::string> password;
};
BOOST_DESCRIBE_STRUCT(user, (), (id, username, email, phone, external_id, access_token, password))

struct seed {
  std::string user_pool_id;
  std::vector<access_key> access_keys;
  std::vector<app> apps;
  std::vector<user> users;
  /// Factors enabled user-pool wide (get-global-mfa-settings).
  std::vector<std::string> global_factors;
};
BOOST_DESCRIBE_STRUCT(seed, (), (user_pool_id, access_keys, apps, users, global_factors))

/// One access key, one application offering OTP, SMS and EMAIL (secret `emulator-app-secret`,
/// redirect URI `http://localhost/callback`), and two users (alice and bob, passwords
/// `alice-password` and `bob-password`).
seed default_seed();

/// Reads a seed file's text; on failure, why (no secret is quoted).
std::variant<seed, std::string> parse_seed(std::string_view json);

/// What a person needs to call the emulator: the key pair, app ids and user tokens.
std::string describe(seed const& s);

}  // namespace genauth_emulator
