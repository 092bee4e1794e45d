// The MFA story over real HTTP: an administrator and an end user, through the libcurl transport,
// against the service named by GENAUTH_HOST (tools/demo.sh points it at a local emulator).
// Credentials come from the environment, as for genauth-mfa; GENAUTH_CA_FILE names the CA to trust
// instead of the system's (the emulator's throwaway certificate, say).

#include <genauth/genauth.hpp>
#include <genauth/transport/curl.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

std::string env(char const* name) {
  char const* v = std::getenv(name);
  return v ? v : "";
}

bool allow_http() { return env("GENAUTH_HOST").starts_with("http://") && env("GENAUTH_ALLOW_HTTP") == "1"; }

// Prints one step; false when it failed.
template <class T, class Show>
bool step(std::string_view title, genauth::result<T> const& r, Show show) {
  std::cout << "  " << title << "\n    ";
  if (!r) {
    std::cout << "FAILED: " << r.error().to_string() << "\n";
    return false;
  }
  show(r);
  std::cout << "\n";
  return true;
}

std::string factors(std::vector<genauth::open_enum<genauth::factor_type>> const& list) {
  std::string out;
  for (auto const& f : list) out += (out.empty() ? "" : ", ") + std::string(f.raw());
  return out.empty() ? "none" : out;
}

}  // namespace

int main() {
  using namespace genauth;
  curl_options transport_options;
  transport_options.allow_insecure_http = allow_http();
  transport_options.ca_file = env("GENAUTH_CA_FILE");
  curl_transport transport(transport_options);

  management_options admin_options;
  admin_options.access_key_id = env("GENAUTH_ACCESS_KEY_ID");
  admin_options.access_key_secret = env("GENAUTH_ACCESS_KEY_SECRET");
  admin_options.host = env("GENAUTH_HOST");
  admin_options.allow_insecure_http = allow_http();
  management_client admin(admin_options, transport);

  authentication_options user_options;
  user_options.app_id = env("GENAUTH_APP_ID");
  user_options.app_host = env("GENAUTH_HOST");
  user_options.allow_insecure_http = allow_http();
  user_options.access_token = env("GENAUTH_ACCESS_TOKEN");
  authentication_client user(user_options, transport);
  std::string const user_id = env("GENAUTH_USER_ID");
  bool ok = true;

  std::cout << "1. The administrator looks at " << user_id << "\n";
  ok &= step("get_user_mfa_info", genauth::management::get_user_mfa_info(admin, {.user_id = user_id}), [](auto const& r) {
    std::cout << "TOTP " << (r->totp_status ? "bound" : "not bound") << ", SMS " << (r->sms_mfa_status ? "bound" : "not bound")
              << ", email " << (r->email_mfa_status ? "bound" : "not bound");
  });
  ok &= step("get_user_mfa_status", genauth::management::get_user_mfa_status(admin, {.user_id = user_id}), [](auto const& r) {
    std::cout << "username " << r->username.value_or("-") << ", " << r->application_mfa.size() << " MFA policies";
  });

  std::cout << "2. The user enrols an authenticator app\n";
  ok &= step("list_factors_to_enroll", genauth::authentication::list_factors_to_enroll(user), [](auto const& r) {
    std::vector<open_enum<factor_type>> types;
    for (auto const& f : *r) types.push_back(f.factor_type);
    std::cout << "may enrol: " << factors(types);
  });
  auto started = genauth::authentication::send_enroll_factor_request(user, {.factor_type = factor_type::otp});
  ok &= step("send_enroll_factor_request (OTP)", started, [](auto const& r) {
    std::cout << "enrollment token received; the app scans the QR code ("
              << (r->otp_data ? r->otp_data->qr_code_data_url.size() : 0) << " bytes of PNG data URL)";
  });
  if (!started || !started->otp_data) return 1;
  auto const key = otp::parse_key_uri(started->otp_data->qr_code_uri);
  if (!key) return 1;
  std::cout << "    the app shows \"" << key->issuer << ": " << key->account << "\", a new code every "
            << key->period.count() << " s\n";
  auto const code = otp::totp(key->secret, std::chrono::system_clock::now(),
                               {.digits = key->digits, .period = key->period});
  if (!code) return 1;
  ok &= step("enroll_factor with the app's current code",
             genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *code},
                                 .enrollment_token = started->enrollment_token,
                                 .factor_type = factor_type::otp}),
             [](auto const&) { std::cout << "enrolled"; });
  ok &= step("mfa_otp_verify with the same code", genauth::authentication::mfa_otp_verify(user, {.totp = *code}),
             [](auto const& r) { std::cout << (r->verified ? "verified" : "NOT verified"); });
  std::string const wrong = *code == "000000" ? "111111" : "000000";
  ok &= step("mfa_otp_verify with a wrong code", genauth::authentication::mfa_otp_verify(user, {.totp = wrong}),
             [](auto const& r) { std::cout << (r->verified ? "verified (unexpected)" : "refused, as it should be"); });
  std::string factor_id;
  ok &= step("list_enrolled_factors", genauth::authentication::list_enrolled_factors(user), [&](auto const& r) {
    for (auto const& f : *r) {
      std::cout << f.factor_type.raw() << " as " << f.factor_id << " ";
      if (f.factor_type == factor_type::otp) factor_id = f.factor_id;
    }
  });
  ok &= step("get_user_mfa_info, as the administrator", genauth::management::get_user_mfa_info(admin, {.user_id = user_id}),
             [](auto const& r) { std::cout << "TOTP " << (r->totp_status ? "bound" : "not bound"); });
  ok &= step("reset_factor", genauth::authentication::reset_factor(user, {.factor_id = factor_id}), [](auto const&) { std::cout << "removed"; });
  ok &= step("list_enrolled_factors", genauth::authentication::list_enrolled_factors(user),
             [](auto const& r) { std::cout << r->size() << " factors left"; });

  std::cout << "3. The administrator sets the user's MFA trigger data and reads it back\n";
  mfa_trigger_data data;
  data.mfa_token = "story-mfa-token";
  data.mfa_email = "alice@example.com";
  data.application_mfa = {{.mfa_policy = factor_type::email, .status = 1, .sort = 0}};
  ok &= step("set_users_mfa_status", genauth::management::set_users_mfa_status(admin, {.user_id = user_id, .mfa_trigger_data = data}),
             [](auto const& r) { std::cout << (r->success ? "saved" : "not saved"); });
  ok &= step("get_user_mfa_status", genauth::management::get_user_mfa_status(admin, {.user_id = user_id}), [](auto const& r) {
    std::cout << "MFA email " << r->mfa_email.value_or("-") << ", first policy "
              << (r->application_mfa.empty() ? std::string("-") : std::string(r->application_mfa[0].mfa_policy.raw()));
  });
  ok &= step("get_global_mfa_settings", genauth::management::get_global_mfa_settings(admin),
             [](auto const& r) { std::cout << "enabled user-pool wide: " << factors(r->enabled_factors); });

  std::cout << (ok ? "Every step succeeded.\n" : "Some step failed.\n");
  return ok ? 0 : 1;
}
