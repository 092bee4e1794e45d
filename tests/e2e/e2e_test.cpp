// Both clients through the libcurl transport against the emulator on 127.0.0.1 over HTTPS, with
// verification on and the test CA as ca_file: every endpoint, the failure cases, TLS trust,
// retries, and many threads at once.

#include <genauth/genauth.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include "generated_calls.hpp"
#include "quiet.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

// A failed result prints its error in a failed check.
template <class T>
struct doctest::StringMaker<genauth::result<T>> {
  static doctest::String convert(genauth::result<T> const& r) {
    return r ? "a value" : r.error().to_string().c_str();
  }
};

namespace {

using namespace std::chrono_literals;

genauth::curl_options curl_options(std::string const& ca_file = pki().ca) {
  genauth::curl_options o;
  o.ca_file = ca_file;
  o.timeout = 5s;
  return o;
}

/// Emulator options serving HTTPS with `certificate` (the key is the same for all of them).
genauth_emulator::options tls(std::string const& certificate = pki().server) {
  auto o = quiet();
  o.tls_certificate_file = certificate;
  o.tls_key_file = pki().key;
  return o;
}

/// Management options for the emulator's default seed at `url`.
genauth::management_options admin_options_for(std::string const& url) {
  genauth::management_options o;
  o.access_key_id = "emulator-access-key-id";
  o.access_key_secret = "emulator-access-key-secret";
  o.host = url;
  o.retry.sleep = [](std::chrono::milliseconds) {};  // the tests need not wait for backoff
  return o;
}

// One emulator per test, stopped by its destructor also when the test fails.
struct emulator {
  genauth_emulator::server server{tls(), genauth_emulator::default_seed()};
  genauth::curl_transport transport{curl_options()};

  genauth::management_options admin_options() const { return admin_options_for(server.url()); }
  genauth::authentication_options user_options(std::string token = "alice-access-token") const {
    genauth::authentication_options o;
    o.app_id = "emulator-app";
    o.app_host = server.url();
    o.access_token = std::move(token);
    return o;
  }
  auto admin(genauth::management_options o) const { return genauth::management_client(std::move(o), transport); }
  auto admin() const { return admin(admin_options()); }
  auto user(genauth::authentication_options o) const { return genauth::authentication_client(std::move(o), transport); }
  auto user(std::string token = "alice-access-token") const { return user(user_options(std::move(token))); }
};

genauth::result<std::string> current_code(std::string const& uri) {
  auto key = genauth::otp::parse_key_uri(uri);
  if (!key) return key.error();
  return genauth::otp::totp(key->secret, std::chrono::system_clock::now());
}

/// Sends every endpoint of a client's generated groups to the emulator: each is sent, and answered
/// by the endpoint it names (whatever the answer), not refused as unknown.
template <class Client, class... R>
void reach_each(Client& client, genauth_emulator::server const& server, boost::mp11::mp_list<R...>) {
  auto const reach = [&]<class Endpoint>(Endpoint request) {
    CAPTURE(Endpoint::path);
    genauth_test::fill_strings(request);
    auto const seen = server.requests_seen();
    auto const r = client.call(request);
    CHECK(server.requests_seen() == seen + 1);
    if (!r) {
      CHECK(r.error().kind() != genauth::error_kind::invalid_argument);
      CHECK(r.error().message.find("no such endpoint") == std::string::npos);
      CHECK(r.error().http_status != 405);
    }
  };
  (reach(R{}), ...);
}

}  // namespace

TEST_CASE("e2e: every endpoint of the generated groups reaches its emulator endpoint, from the registries") {
  emulator e;
  auto admin = e.admin();
  auto user = e.user();
  reach_each(admin, e.server, genauth::management::mfa_endpoints{});
  reach_each(user, e.server, genauth::authentication::mfa_endpoints{});
  CHECK(e.server.requests_seen() == boost::mp11::mp_size<genauth::management::mfa_endpoints>::value +
                                        boost::mp11::mp_size<genauth::authentication::mfa_endpoints>::value);
}

TEST_CASE("e2e: a request its generated declaration refuses gets the service's 400 envelope from the emulator") {
  emulator e;
  auto const refusal = [&](std::string_view path, boost::json::object const& body) {
    auto const s = genauth::sign_request(e.admin_options(), genauth::http_method::post, path, body);
    REQUIRE(s);
    auto const sent = e.transport(s->request);
    REQUIRE_FALSE(sent.error);
    auto const r = genauth::parse_enveloped<boost::json::value>(sent.response);
    REQUIRE_FALSE(r);
    CHECK(r.error().status_code == 400);
    return r.error().message;
  };
  boost::json::array const no_apps;
  CHECK(refusal("/api/v3/kick-users", {{"appIds", no_apps}}).find("userId") != std::string::npos);  // missing
  CHECK(refusal("/api/v3/kick-users", {{"appIds", no_apps}, {"userId", 7}}).find("userId") != std::string::npos);
  CHECK(refusal("/api/v3/create-user", {{"status", "Sleeping"}}).find("status") != std::string::npos);
  auto const fine = genauth::management::kick_users(e.admin(), {.app_ids = {}, .user_id = "user-alice"});
  CHECK(fine);
}

TEST_CASE("e2e: every management endpoint succeeds through curl against the emulator") {
  emulator e;
  auto admin = e.admin();

  auto info = genauth::management::get_user_mfa_info(admin, {.user_id = "user-alice"});
  REQUIRE(info);
  CHECK_FALSE(info->totp_status);

  REQUIRE(genauth::management::import_otp(admin, {.list = {{.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP", .recovery_code = "r1"}}}}));
  auto secret = genauth::management::get_otp_secret_by_user(admin, {.user_id = "alice", .user_id_type = genauth::user_id_type::username});
  REQUIRE(secret);
  CHECK(secret->secret == "JBSWY3DPEHPK3PXP");
  info = genauth::management::get_user_mfa_info(admin, {.user_id = "alice@example.com", .user_id_type = genauth::user_id_type::email});
  REQUIRE(info);
  CHECK(info->totp_status);

  auto status = genauth::management::get_user_mfa_status(admin, {.user_id = "user-alice"});
  REQUIRE(status);
  CHECK(status->totp_mfa_enabled == true);
  CHECK(status->username == "alice");
  CHECK(status->application_mfa.size() == 4);

  genauth::mfa_trigger_data data;
  data.mfa_token = "token-set-by-admin";
  data.mfa_phone = "13800138000";
  data.application_mfa = {{.mfa_policy = genauth::factor_type::sms, .status = 1, .sort = 0}};
  auto set = genauth::management::set_users_mfa_status(admin, {.user_id = "user-alice", .mfa_trigger_data = data});
  REQUIRE(set);
  CHECK(set->success);
  status = genauth::management::get_user_mfa_status(admin, {.user_id = "user-alice"});
  REQUIRE(status);
  CHECK(status->mfa_token == "token-set-by-admin");
  CHECK(status->mfa_phone == "13800138000");

  auto trigger = genauth::management::get_mfa_trigger_data(admin, {.app_id = "emulator-app", .user_id = "user-bob"});
  REQUIRE(trigger);
  CHECK(trigger->application_mfa.size() == 3);

  auto app = genauth::management::update_application_mfa_settings(admin, 
      {.app_id = "emulator-app", .enabled_factors = {{genauth::factor_type::face}}, .disabled_factors = {{genauth::factor_type::sms}}});
  REQUIRE(app);
  CHECK(app->enabled_factors.size() == 3);  // OTP, EMAIL, FACE

  auto global = genauth::management::get_global_mfa_settings(admin);
  REQUIRE(global);
  CHECK(global->enabled_factors.size() == 4);
  global = genauth::management::update_global_mfa_settings(admin, {.enabled_factors = {genauth::factor_type::otp, genauth::factor_type::sms}});
  REQUIRE(global);
  CHECK(global->enabled_factors.size() == 2);
  global = genauth::management::close_global_mfa_settings(admin, {.disable_factors = {genauth::factor_type::sms}});
  REQUIRE(global);
  REQUIRE(global->enabled_factors.size() == 1);
  CHECK(global->enabled_factors[0] == genauth::factor_type::otp);
}

TEST_CASE("e2e: the Authing brand's headers and scheme are accepted too") {
  emulator e;
  auto options = e.admin_options();
  options.brand = genauth::authing_brand;
  auto admin = e.admin(options);
  CHECK(genauth::management::get_global_mfa_settings(admin));
  auto user_options = e.user_options();
  user_options.brand = genauth::authing_brand;
  auto user = e.user(user_options);
  CHECK(genauth::authentication::list_enrolled_factors(user));
}

TEST_CASE("e2e: the end user enrols OTP, SMS and EMAIL, verifies, lists and removes factors") {
  emulator e;
  auto user = e.user();

  auto to_enroll = genauth::authentication::list_factors_to_enroll(user);
  REQUIRE(to_enroll);
  CHECK(to_enroll->size() == 3);

  auto started = genauth::authentication::send_enroll_factor_request(user, {.factor_type = genauth::factor_type::otp});
  REQUIRE(started);
  REQUIRE(started->otp_data);
  CHECK(started->otp_data->qr_code_data_url.starts_with("data:image/png;base64,iVBORw0KGgo"));
  auto code = current_code(started->otp_data->qr_code_uri);
  REQUIRE(code);
  REQUIRE(genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *code},
                              .enrollment_token = started->enrollment_token,
                              .factor_type = genauth::factor_type::otp}));
  // An enrollment token is good for one enrolment.
  auto again = genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *code},
                                   .enrollment_token = started->enrollment_token,
                                   .factor_type = genauth::factor_type::otp});
  REQUIRE_FALSE(again);
  CHECK(again.error().status_code == 400);

  auto verified = genauth::authentication::mfa_otp_verify(user, {.totp = *code});
  REQUIRE(verified);
  CHECK(verified->verified);
  std::string const wrong = *code == "000000" ? "000001" : "000000";
  verified = genauth::authentication::mfa_otp_verify(user, {.totp = wrong});
  REQUIRE(verified);  // apiCode 6001 reads as "not verified"
  CHECK_FALSE(verified->verified);

  started = genauth::authentication::send_enroll_factor_request(user, 
      {.factor_type = genauth::factor_type::sms, .profile = {.phone_number = "13800138000"}});
  REQUIRE(started);
  auto const sms_code = e.server.last_code_sent_to("13800138000");
  REQUIRE(sms_code);
  auto const wrong_sms = *sms_code == "123456" ? "654321" : "123456";
  auto bad = genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = wrong_sms},
                                 .enrollment_token = started->enrollment_token,
                                 .factor_type = genauth::factor_type::sms});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind() == genauth::error_kind::api);
  REQUIRE(genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *sms_code},
                              .enrollment_token = started->enrollment_token,
                              .factor_type = genauth::factor_type::sms}));

  started = genauth::authentication::send_enroll_factor_request(user, 
      {.factor_type = genauth::factor_type::email, .profile = {.email = "alice@example.com"}});
  REQUIRE(started);
  auto const mail_code = e.server.last_code_sent_to("alice@example.com");
  REQUIRE(mail_code);
  REQUIRE(genauth::authentication::enroll_factor(user, {.enrollment_data = {.pass_code = *mail_code},
                              .enrollment_token = started->enrollment_token,
                              .factor_type = genauth::factor_type::email}));

  auto enrolled = genauth::authentication::list_enrolled_factors(user);
  REQUIRE(enrolled);
  REQUIRE(enrolled->size() == 3);
  auto sms = genauth::authentication::get_factor(user, {.factor_id = "user-alice|sms"});
  REQUIRE(sms);
  REQUIRE(sms->sms());
  CHECK(sms->sms()->phone_number == "13800138000");
  to_enroll = genauth::authentication::list_factors_to_enroll(user);
  REQUIRE(to_enroll);
  CHECK(to_enroll->empty());

  REQUIRE(genauth::authentication::reset_factor(user, {.factor_id = "user-alice|sms"}));
  enrolled = genauth::authentication::list_enrolled_factors(user);
  REQUIRE(enrolled);
  CHECK(enrolled->size() == 2);
  auto gone = genauth::authentication::get_factor(user, {.factor_id = "user-alice|sms"});
  REQUIRE_FALSE(gone);
  CHECK(gone.error().status_code == 404);

  // What the user did, the administrator sees.
  auto info = genauth::management::get_user_mfa_info(e.admin(), {.user_id = "user-alice"});
  REQUIRE(info);
  CHECK(info->totp_status);
  CHECK(info->email_mfa_status);
  CHECK_FALSE(info->sms_mfa_status);
}

TEST_CASE("e2e: what the administrator changes, the end user sees") {
  emulator e;
  auto admin = e.admin();
  auto user = e.user();
  REQUIRE(genauth::management::update_application_mfa_settings(admin, {.app_id = "emulator-app", .disabled_factors = {{genauth::factor_type::sms}}}));
  auto to_enroll = genauth::authentication::list_factors_to_enroll(user);
  REQUIRE(to_enroll);
  CHECK(to_enroll->size() == 2);  // OTP and EMAIL
  REQUIRE(genauth::management::close_global_mfa_settings(admin, {.disable_factors = {genauth::factor_type::email}}));
  to_enroll = genauth::authentication::list_factors_to_enroll(user);
  REQUIRE(to_enroll);
  REQUIRE(to_enroll->size() == 1);
  CHECK((*to_enroll)[0].factor_type == genauth::factor_type::otp);

  // An imported secret is the one the user's codes are checked against.
  REQUIRE(genauth::management::import_otp(admin, {.list = {{.user_id = "user-alice", .otp = {.secret = "JBSWY3DPEHPK3PXP"}}}}));
  auto const key = genauth::otp::base32_decode("JBSWY3DPEHPK3PXP");
  REQUIRE(key);
  auto const code = genauth::otp::totp(*key, std::chrono::system_clock::now());
  REQUIRE(code);
  auto verified = genauth::authentication::mfa_otp_verify(user, {.totp = *code});
  REQUIRE(verified);
  CHECK(verified->verified);
  auto enrolled = genauth::authentication::list_enrolled_factors(user);
  REQUIRE(enrolled);
  REQUIRE(enrolled->size() == 1);
  CHECK((*enrolled)[0].factor_type == genauth::factor_type::otp);
}

TEST_CASE("e2e: MFA token introspection and the WebAuthn starts") {
  emulator e;
  auto status = genauth::management::get_user_mfa_status(e.admin(), {.user_id = "user-bob"});
  REQUIRE(status);
  auto user = e.user("bob-access-token");
  auto active = genauth::authentication::verify_mfa_token(user, {.token = status->mfa_token});
  REQUIRE(active);
  CHECK(active->active);
  CHECK(active->user_id == "user-bob");
  CHECK(active->user_pool_id == "emulator-user-pool");
  REQUIRE(active->exp);
  REQUIRE(active->iat);
  CHECK(*active->exp > *active->iat);
  auto inactive = genauth::authentication::verify_mfa_token(user, {.token = "not-a-token"});
  REQUIRE(inactive);
  CHECK_FALSE(inactive->active);

  auto bind = genauth::authentication::web_authn_mfa_bind_initialize(user);
  REQUIRE(bind);
  CHECK(bind->at("challenge").is_string());
  auto verify = genauth::authentication::web_authn_mfa_verify_initialize(user);
  REQUIRE(verify);
  CHECK(verify->at("ticket").is_string());
}

TEST_CASE("e2e: the emulator rejects what the service rejects") {
  emulator e;
  genauth::get_user_mfa_info_request const call{.user_id = "user-alice"};

  SUBCASE("a wrong secret") {
    auto o = e.admin_options();
    o.access_key_secret = "not-the-secret";
    auto r = genauth::management::get_user_mfa_info(e.admin(o), call);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == genauth::error_kind::api);
    CHECK(r.error().api_code == 1300);
  }
  SUBCASE("an unknown access key") {
    auto o = e.admin_options();
    o.access_key_id = "nobody";
    auto r = genauth::management::get_user_mfa_info(e.admin(o), call);
    REQUIRE_FALSE(r);
    CHECK(r.error().api_code == 1300);
  }
  SUBCASE("a date 20 minutes off, with retries off") {
    auto o = e.admin_options();
    o.retry = genauth::retry_policy::disabled();
    o.clock = [] { return std::chrono::system_clock::now() - 20min; };
    auto r = genauth::management::get_user_mfa_info(e.admin(o), call);
    REQUIRE_FALSE(r);
    CHECK(r.error().api_code == 1305);
    CHECK(r.error().status_code == 401);
  }
  SUBCASE("a date 20 minutes off is corrected from the server's Date, with retries on") {
    auto o = e.admin_options();
    o.clock = [] { return std::chrono::system_clock::now() + 20min; };
    auto r = genauth::management::get_user_mfa_info(e.admin(o), call);
    CHECK(r);
    CHECK(e.server.nonces_seen("/api/v3/get-user-mfa-info").size() == 1);  // the first was not signed in time
  }
  SUBCASE("a replayed nonce") {
    auto o = e.admin_options();
    o.nonce = [] { return std::string("0123456789abcdef0123456789abcdef"); };
    auto admin = e.admin(o);
    REQUIRE(genauth::management::get_user_mfa_info(admin, call));
    auto r = genauth::management::get_user_mfa_info(admin, call);
    REQUIRE_FALSE(r);
    CHECK(r.error().api_code == 1306);
  }
  SUBCASE("a body altered after signing") {
    auto built = genauth::build(e.admin_options(),
                                genauth::update_global_mfa_settings_request{.enabled_factors = {genauth::factor_type::otp}});
    REQUIRE(built);
    auto request = *built;
    auto const at = request.body.find("OTP");
    REQUIRE(at != std::string::npos);
    request.body.replace(at, 3, "SMS");
    auto answer = e.transport(request);
    REQUIRE_FALSE(answer.error);
    auto r = genauth::parse<genauth::update_global_mfa_settings_request>(answer.response);
    REQUIRE_FALSE(r);
    CHECK(r.error().api_code == 1300);
    // The same request unaltered is accepted.
    auto fresh = genauth::build(e.admin_options(),
                                genauth::update_global_mfa_settings_request{.enabled_factors = {genauth::factor_type::otp}});
    REQUIRE(fresh);
    auto good = e.transport(*fresh);
    REQUIRE_FALSE(good.error);
    CHECK(genauth::parse<genauth::update_global_mfa_settings_request>(good.response));
  }
  SUBCASE("an unknown user") {
    auto r = genauth::management::get_user_mfa_info(e.admin(), {.user_id = "nobody"});
    REQUIRE_FALSE(r);
    CHECK(r.error().status_code == 404);
    CHECK(r.error().api_code == 2004);
  }
  SUBCASE("an end user without a valid token") {
    auto r = genauth::authentication::list_enrolled_factors(e.user("stolen-token"));
    REQUIRE_FALSE(r);
    CHECK(r.error().api_code == 2020);
  }
}

TEST_CASE("e2e: faults and I/O failures come back as typed errors") {
  emulator e;
  auto o = e.admin_options();
  o.retry = genauth::retry_policy::disabled();
  auto admin = e.admin(o);
  genauth::get_user_mfa_info_request const call{.user_id = "user-alice"};
  std::string const path(genauth::get_user_mfa_info_request::path);

  SUBCASE("an HTML 502 page") {
    e.server.inject({.path = path, .what = genauth_emulator::fault::kind::html_502});
    auto r = genauth::management::get_user_mfa_info(admin, call);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == genauth::error_kind::http);
    CHECK(r.error().http_status == 502);
  }
  SUBCASE("a body cut short: curl sees the missing bytes") {
    e.server.inject({.path = path, .what = genauth_emulator::fault::kind::truncated_body});
    auto r = genauth::management::get_user_mfa_info(admin, call);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind() == genauth::error_kind::transport);
    CHECK(r.error().cause == genauth::transport_errc::connection_lost);
  }
  SUBCASE("a connection reset") {
    e.server.inject({.path = path, .what = genauth_emulator::fault::kind::connection_reset});
    auto r = genauth::management::get_user_mfa_info(admin, call);
    REQUIRE_FALSE(r);
    CHECK(r.error().cause == genauth::transport_errc::connection_lost);
  }
  SUBCASE("an answer slower than the transport's timeout") {
    e.server.inject({.path = path, .what = genauth_emulator::fault::kind::delay, .delay = 1500ms});
    auto fast = curl_options();
    fast.timeout = 300ms;
    genauth::management_client impatient(o, genauth::curl_transport(fast));
    auto r = genauth::management::get_user_mfa_info(impatient, call);
    REQUIRE_FALSE(r);
    CHECK(r.error().cause == genauth::transport_errc::timed_out);
  }
  SUBCASE("a refused connection") {
    auto closed = o;
    {
      genauth_emulator::server gone(tls(), genauth_emulator::default_seed());
      closed.host = gone.url();
    }
    auto r = genauth::management::get_user_mfa_info(e.admin(closed), call);
    REQUIRE_FALSE(r);
    CHECK(r.error().cause == genauth::transport_errc::connect_failed);
  }
}

TEST_CASE("e2e: a 503 or 429 on an idempotent call is retried, signed afresh") {
  emulator e;
  auto admin = e.admin();
  std::string const path(genauth::get_user_mfa_info_request::path);
  for (auto kind : {genauth_emulator::fault::kind::unavailable_503, genauth_emulator::fault::kind::throttled_429}) {
    e.server.inject({.path = path, .what = kind, .retry_after = 0s});
    auto const before = e.server.nonces_seen(path).size();
    auto r = genauth::management::get_user_mfa_info(admin, {.user_id = "user-alice"});
    REQUIRE(r);
    auto const nonces = e.server.nonces_seen(path);
    REQUIRE(nonces.size() == before + 2);
    CHECK(nonces[before] != nonces[before + 1]);
  }
}

TEST_CASE("e2e: 8 threads x 500 calls through one curl transport, every signature verified") {
  emulator e;
  auto admin = e.admin();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i)
        if (!genauth::management::get_user_mfa_info(admin, {.user_id = "user-bob"})) ++failures;
    });
  for (auto& t : threads) t.join();
  CHECK(failures == 0);
  auto const nonces = e.server.nonces_seen("/api/v3/get-user-mfa-info");
  CHECK(nonces.size() == 4000);
  CHECK(std::set<std::string>(nonces.begin(), nonces.end()).size() == 4000);
}

TEST_CASE("T21 e2e: the emulator serves HTTPS, and a certificate the transport must not trust is refused") {
  SUBCASE("the URL is https, and calls succeed with the test CA as ca_file") {
    emulator e;
    CHECK(e.server.url().starts_with("https://127.0.0.1:"));
    CHECK(genauth::management::get_user_mfa_info(e.admin(), {.user_id = "user-alice"}));
  }
  SUBCASE("a CA that did not sign the server's certificate: refused, and retried as nothing was sent") {
    emulator e;
    genauth::management_client admin(e.admin_options(), genauth::curl_transport(curl_options(pki().other_ca)));
    auto const r = genauth::management::get_user_mfa_info(admin, {.user_id = "user-alice"});
    REQUIRE_FALSE(r);
    CHECK(r.error().cause == genauth::transport_errc::tls_handshake_failed);
    CHECK(genauth::request_not_sent(r.error().cause));
    CHECK(r.error().attempts == 3);
    CHECK(e.server.requests_seen() == 0);
  }
  SUBCASE("a certificate for another host name, and an expired one") {
    for (auto const& certificate : {pki().other_host, pki().expired}) {
      CAPTURE(certificate);
      genauth_emulator::server wrong(tls(certificate), genauth_emulator::default_seed());
      auto o = admin_options_for(wrong.url());
      o.retry = genauth::retry_policy::disabled();
      auto const r = genauth::management::get_user_mfa_info(genauth::management_client(o, genauth::curl_transport(curl_options())), {.user_id = "user-alice"});
      REQUIRE_FALSE(r);
      CHECK(r.error().cause == genauth::transport_errc::tls_handshake_failed);
      CHECK(wrong.requests_seen() == 0);
    }
  }
  SUBCASE("plain HTTP to the HTTPS port is not answered as a request") {
    emulator e;
    auto o = e.admin_options();
    o.host = "http://127.0.0.1:" + std::to_string(e.server.port());
    o.allow_insecure_http = true;
    o.retry = genauth::retry_policy::disabled();
    auto plain = curl_options();
    plain.allow_insecure_http = true;
    CHECK_FALSE(genauth::management::get_user_mfa_info(genauth::management_client(o, genauth::curl_transport(plain)), {.user_id = "user-alice"}));
    CHECK(e.server.requests_seen() == 0);
  }
}
