// The authentication API's MFA endpoints (A1-A10), for the user the access token names.

#include "qr_png.hpp"
#include "service.hpp"

#include <genauth/crypto/base64.hpp>
#include <genauth/otp/base32.hpp>
#include <genauth/otp/otpauth.hpp>
#include <genauth/otp/totp.hpp>

#include <boost/json/array.hpp>

#include <algorithm>

namespace genauth_emulator {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string six_digits() {
  std::string const h = random_hex(8);
  return std::to_string(100000 + std::stoull(h, nullptr, 16) % 900000);
}

std::string base64url(std::string_view hex_text) {
  std::string b = genauth::crypto::base64_encode(hex_text);
  for (char& ch : b) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  while (!b.empty() && b.back() == '=') b.pop_back();
  return b;
}

}  // namespace

outcome service::send_enroll_factor_request(call& c) {
  std::string const type = string_member(c.body, "factorType");
  if (!is_factor(type)) return fail({400, 0, "factorType must be OTP, SMS, EMAIL or FACE"});
  if (std::find(c.application->enabled_factors.begin(), c.application->enabled_factors.end(), type) ==
      c.application->enabled_factors.end())
    return fail({400, 0, type + " is not enabled for this application"});
  if (c.user->bound(type)) return fail({422, type == "FACE" ? 1706 : 0, type + " is already bound"});
  auto const* p = c.body.if_contains("profile");
  boost::json::object const profile = p && p->is_object() ? p->get_object() : boost::json::object{};

  enrollment e{c.user->u.id, type, {}, {}, {}, {}, clock::now() + options_.enrollment_lifetime};
  boost::json::object data;
  if (type == "OTP") {
    auto secret = genauth::otp::generate_secret();
    if (!secret) return fail({500, 0, "no random bytes"});
    e.totp.period = std::chrono::seconds(c.application->otp_period.value_or(30));
    auto uri = genauth::otp::build_key_uri({.issuer = c.application->name,
                                            .account = c.user->u.username,
                                            .secret = *secret,
                                            .digits = e.totp.digits,
                                            .period = e.totp.period});
    if (!uri) return fail({500, 0, "cannot build the key URI"});
    e.otp_secret = std::move(*secret);
    std::string const r = random_hex(12);
    data["otpData"] = {{"qrCodeUri", *uri},
                       {"qrCodeDataUrl", qr_png_data_url(*uri)},
                       {"recoveryCode", r.substr(0, 4) + "-" + r.substr(4, 4) + "-" + r.substr(8, 4) + "-" +
                                            r.substr(12, 4) + "-" + r.substr(16, 4) + "-" + r.substr(20, 4)}};
  } else if (type == "SMS" || type == "EMAIL") {
    std::string const to = string_member(profile, type == "SMS" ? "phoneNumber" : "email");
    if (to.empty()) return fail({400, 0, type == "SMS" ? "profile.phoneNumber is required" : "profile.email is required"});
    e.code = six_digits();
    if (type == "SMS") {
      std::string const country = string_member(profile, "phoneCountryCode");
      e.profile = {{"phoneNumber", to}, {"phoneCountryCode", country.empty() ? "+86" : country}};
    } else {
      e.profile = {{"email", to}};
    }
    last_codes_[to] = e.code;
    log((type == "SMS" ? "SMS to " : "email to ") + to + ": enrolment code " + e.code);
  }
  std::string const token = random_hex(16);
  data["enrollmentToken"] = token;
  std::erase_if(enrollments_, [](auto const& x) { return x.second.expires < clock::now(); });
  enrollments_[token] = std::move(e);
  return ok(std::move(data));
}

outcome service::enroll_factor(call& c) {
  std::string const token = string_member(c.body, "enrollmentToken");
  std::string const type = string_member(c.body, "factorType");
  auto const it = enrollments_.find(token);
  if (it == enrollments_.end() || it->second.user_id != c.user->u.id || it->second.expires < clock::now() ||
      it->second.type != type)
    return fail({400, 0, "the enrollment token is invalid or has expired"});
  auto const* d = c.body.if_contains("enrollmentData");
  boost::json::object const data = d && d->is_object() ? d->get_object() : boost::json::object{};
  std::string const code = string_member(data, "passCode");
  enrollment& e = it->second;
  factor f{c.user->u.id + "|" + lower(type), type, e.profile, {}, {}, {}};
  if (type == "OTP") {
    if (code.empty()) return fail({400, 6003, "TOTP code not supplied"});
    auto good = genauth::otp::verify_totp(e.otp_secret, code, clock::now(), e.totp);
    if (!good || !*good) return fail({400, 6001, "Invalid TOTP code"});
    f.totp = e.totp;
    f.otp_secret_text = genauth::otp::base32_encode(e.otp_secret, false);
    f.otp_secret = std::move(e.otp_secret);
  } else if (type == "FACE") {
    std::string const photo = string_member(data, "photo");
    if (photo.empty()) return fail({400, 1700, "no photo uploaded"});
    f.profile = {{"photo", photo}};
  } else if (code.empty() || code != e.code) {
    return fail({400, 0, "wrong verification code"});
  }
  enrollments_.erase(it);
  c.user->factors.push_back(std::move(f));
  return {};
}

outcome service::reset_factor(call& c) {
  std::string const id = string_member(c.body, "factorId");
  auto const n = std::erase_if(c.user->factors, [&](factor const& f) { return f.id == id; });
  if (n == 0) return fail({404, 0, "factor not found"});
  return {};
}

outcome service::list_enrolled_factors(call& c) {
  boost::json::array list;
  for (auto const& f : c.user->factors)
    list.push_back(boost::json::object{{"factorId", f.id}, {"factorType", f.type}, {"profile", f.profile}});
  return ok(std::move(list));
}

outcome service::get_factor(call& c) {
  auto const id = c.query.find("factorId");
  if (id == c.query.end() || id->second.empty()) return fail({400, 0, "factorId is required"});
  for (auto const& f : c.user->factors)
    if (f.id == id->second)
      return ok(boost::json::object{{"factorId", f.id}, {"factorType", f.type}, {"profile", f.profile}});
  return fail({404, 0, "factor not found"});
}

outcome service::list_factors_to_enroll(call& c) {
  boost::json::array list;
  for (auto const& type : c.application->enabled_factors) {
    bool const global = std::find(global_factors_.begin(), global_factors_.end(), type) != global_factors_.end();
    if (global && !c.user->bound(type)) list.push_back(boost::json::object{{"factorType", type}});
  }
  return ok(std::move(list));
}

outcome service::mfa_totp_verify(call& c) {
  std::string const code = string_member(c.body, "totp");
  if (code.empty()) return fail({400, 6003, "TOTP code not supplied"});
  factor const* f = c.user->bound("OTP");
  if (!f) return fail({400, 0, "the user has no OTP factor"});
  auto good = genauth::otp::verify_totp(f->otp_secret, code, clock::now(), f->totp);
  if (!good || !*good) return fail({400, 6001, "Invalid TOTP code"});
  return ok(boost::json::object{{"verified", true}});
}

outcome service::introspect_mfa_token(call& c) {
  constexpr auto lifetime = std::chrono::minutes(10);
  auto const it = mfa_tokens_.find(string_member(c.body, "token"));
  auto const now = clock::now();
  if (it == mfa_tokens_.end() || it->second.issued + lifetime < now)
    return {boost::json::object{{"active", false}}, std::nullopt, true};
  auto const seconds = [](clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  return {boost::json::object{{"active", true},
                              {"userPoolId", seed_.user_pool_id},
                              {"userId", it->second.user_id},
                              {"exp", seconds(it->second.issued + lifetime)},
                              {"iat", seconds(it->second.issued)}},
          std::nullopt, true};
}

outcome service::webauthn_bind_initialize(call& c) {
  boost::json::array params;
  for (int alg : {-7, -257}) params.push_back(boost::json::object{{"type", "public-key"}, {"alg", alg}});
  return ok(boost::json::object{
      {"challenge", base64url(random_hex(32))},
      {"rp", {{"name", c.application->name}, {"id", "localhost"}}},
      {"user", {{"id", base64url(c.user->u.id)}, {"name", c.user->u.username}, {"displayName", c.user->u.username}}},
      {"pubKeyCredParams", std::move(params)},
      {"timeout", 60000},
      {"attestation", "none"}});
}

outcome service::webauthn_verify_initialize(call&) {
  return ok(boost::json::object{{"challenge", base64url(random_hex(32))},
                                {"timeout", 60000},
                                {"rpId", "localhost"},
                                {"allowCredentials", boost::json::array{}},
                                {"userVerification", "preferred"},
                                {"ticket", random_hex(16)}});
}

}  // namespace genauth_emulator
