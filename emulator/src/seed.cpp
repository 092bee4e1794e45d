#include <genauth_emulator/seed.hpp>

#include "exact_json.hpp"

#include <genauth/json/codec.hpp>

#include <algorithm>
#include <set>

namespace genauth_emulator {

seed default_seed() {
  seed s;
  s.user_pool_id = "emulator-user-pool";
  s.access_keys = {{"emulator-access-key-id", "emulator-access-key-secret"}};
  s.apps = {{"emulator-app", "Emulator App", {"OTP", "SMS", "EMAIL"}, std::nullopt, "emulator-app-secret",
             std::vector<std::string>{"http://localhost/callback"}}};
  s.users = {
      {"user-alice", "alice", "alice@example.com", "13800138000", "ext-alice", "alice-access-token", "alice-password"},
      {"user-bob", "bob", "bob@example.com", "13900139000", std::nullopt, "bob-access-token", "bob-password"},
  };
  s.global_factors = {"OTP", "SMS", "EMAIL", "FACE"};
  return s;
}

std::variant<seed, std::string> parse_seed(std::string_view json) {
  auto value = parse_json(json);
  if (!value) return std::string("the seed is not JSON");
  auto s = genauth::from_json<seed>(*value);
  if (!s) return "the seed does not fit: " + s.error().to_string();
  static constexpr std::string_view factors[] = {"OTP", "SMS", "EMAIL", "FACE"};
  auto const known = [](std::vector<std::string> const& list) {
    return std::all_of(list.begin(), list.end(), [](std::string const& f) {
      return std::find(std::begin(factors), std::end(factors), f) != std::end(factors);
    });
  };
  if (!known(s->global_factors)) return std::string("globalFactors: a factor is not one of OTP, SMS, EMAIL, FACE");
  std::set<std::string> ids, tokens;
  for (auto const& a : s->apps) {
    if (a.id.empty() || !ids.insert("app:" + a.id).second) return "apps: empty or repeated id";
    if (!known(a.enabled_factors)) return "apps: a factor is not one of OTP, SMS, EMAIL, FACE";
    if (a.otp_period && (*a.otp_period < 1 || *a.otp_period > 3600)) return "apps: otpPeriod must be 1 to 3600";
    if (a.secret && a.secret->empty()) return "apps: an empty secret (leave it out for a public client)";
  }
  for (auto const& u : s->users) {
    if (u.id.empty() || !ids.insert("user:" + u.id).second) return std::string("users: empty or repeated id");
    if (u.access_token.empty() || !tokens.insert(u.access_token).second)
      return std::string("users: empty or repeated access token");
  }
  for (auto const& k : s->access_keys)
    if (k.id.empty() || k.secret.empty() || !ids.insert("key:" + k.id).second)
      return std::string("accessKeys: empty or repeated id, or empty secret");
  return std::move(*s);
}

std::string describe(seed const& s) {
  std::string out = "user pool " + s.user_pool_id + "\n";
  for (auto const& k : s.access_keys) out += "access key id " + k.id + ", secret " + k.secret + "\n";
  for (auto const& a : s.apps)
    out += "app " + a.id + " (" + a.name + ")" + (a.secret ? ", secret " + *a.secret : std::string(", public")) + "\n";
  for (auto const& u : s.users)
    out += "user " + u.id + " (" + u.username + "), access token " + u.access_token +
           (u.password ? ", password " + *u.password : std::string()) + "\n";
  return out;
}

}  // namespace genauth_emulator
