// The management API's MFA endpoints (M1-M10).

#include "service.hpp"

#include <genauth/otp/base32.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace genauth_emulator {

namespace {

bool has_factor(std::vector<std::string> const& list, std::string_view f) {
  return std::find(list.begin(), list.end(), f) != list.end();
}

// A list of factor names from a body member; nothing when it is not one.
std::optional<std::vector<std::string>> factor_list(boost::json::value const* v) {
  if (!v || !v->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (auto const& e : v->get_array()) {
    if (!e.is_string() || !is_factor(e.get_string())) return std::nullopt;
    if (!has_factor(out, e.get_string())) out.emplace_back(e.get_string());
  }
  return out;
}

// The documented samples carry enabledFactors as a string of JSON text; so does the emulator.
outcome settings(std::vector<std::string> const& factors) {
  boost::json::array a;
  for (auto const& f : factors) a.emplace_back(f);
  return ok(boost::json::object{{"enabledFactors", boost::json::serialize(a)}});
}

}  // namespace

boost::json::object service::trigger_data_of(user_state const& u, std::vector<std::string> const& factors) const {
  if (u.trigger_data) return *u.trigger_data;
  auto const optional = [](std::optional<std::string> const& s) -> boost::json::value {
    return s ? boost::json::value(*s) : boost::json::value(nullptr);
  };
  boost::json::array policies;
  for (std::size_t i = 0; i < factors.size(); ++i)
    policies.push_back(boost::json::object{{"mfaPolicy", factors[i]}, {"status", 1}, {"sort", i}});
  return {{"mfaToken", u.mfa_token},
          {"mfaPhone", optional(u.u.phone)},
          {"mfaPhoneCountryCode", u.u.phone ? boost::json::value("+86") : boost::json::value(nullptr)},
          {"mfaEmail", optional(u.u.email)},
          {"nickname", nullptr},
          {"username", u.u.username},
          {"phone", optional(u.u.phone)},
          {"phoneCountryCode", u.u.phone ? boost::json::value("+86") : boost::json::value(nullptr)},
          {"faceMfaEnabled", u.bound("FACE") != nullptr},
          {"totpMfaEnabled", u.bound("OTP") != nullptr},
          {"applicationMfa", std::move(policies)}};
}

outcome service::get_user_mfa_info(call& c) {
  auto found = find_user(c, "userId", "userIdType", false);
  if (auto const* r = std::get_if<rejection>(&found)) return fail(*r);
  auto const& u = *std::get<user_state*>(found);
  return ok(boost::json::object{{"totpStatus", u.bound("OTP") != nullptr},
                                 {"faceMfaStatus", u.bound("FACE") != nullptr},
                                 {"smsMfaStatus", u.bound("SMS") != nullptr},
                                 {"emailMfaStatus", u.bound("EMAIL") != nullptr}});
}

outcome service::set_mfa_status(call& c) {
  auto found = find_user(c, "userId", "userIdType", true);
  if (auto const* r = std::get_if<rejection>(&found)) return fail(*r);
  auto* data = c.body.if_contains("mfaTriggerData");
  if (!data || !data->is_object()) return fail({400, 0, "mfaTriggerData must be an object"});
  auto const* token = data->get_object().if_contains("mfaToken");
  if (!token || !token->is_string() || token->get_string().empty())
    return fail({400, 0, "mfaTriggerData.mfaToken is required"});
  auto& u = *std::get<user_state*>(found);
  u.trigger_data = data->get_object();
  u.mfa_token = std::string(token->get_string());
  mfa_tokens_[u.mfa_token] = {u.u.id, clock::now()};
  return ok(boost::json::object{{"success", true}});
}

outcome service::get_mfa_status(call& c) {
  auto found = find_user(c, "userId", "userIdType", false);
  if (auto const* r = std::get_if<rejection>(&found)) return fail(*r);
  return ok(trigger_data_of(*std::get<user_state*>(found), global_factors_));
}

outcome service::get_mfa_trigger_data(call& c) {
  auto const app_id = c.query.find("appId");
  if (app_id == c.query.end() || app_id->second.empty()) return fail({400, 0, "appId is required"});
  app const* a = find_app(app_id->second);
  if (!a) return fail({404, 2011, "application does not exist"});
  auto found = find_user(c, "userId", "userIdType", false);
  if (auto const* r = std::get_if<rejection>(&found)) return fail(*r);
  return ok(trigger_data_of(*std::get<user_state*>(found), a->enabled_factors));
}

outcome service::import_otp(call& c) {
  auto const* list = c.body.if_contains("list");
  if (!list || !list->is_array()) return fail({400, 0, "list must be an array"});
  struct item {
    user_state* user;
    std::string secret_text;
    std::vector<std::uint8_t> secret;
  };
  std::vector<item> items;  // all checked before any is imported
  for (auto const& e : list->get_array()) {
    auto const* o = e.if_object();
    auto const* id = o ? o->if_contains("userId") : nullptr;
    auto const* otp = o ? o->if_contains("otp") : nullptr;
    auto const* secret = otp && otp->is_object() ? otp->get_object().if_contains("secret") : nullptr;
    if (!id || !id->is_string() || !secret || !secret->is_string())
      return fail({400, 0, "each item needs userId and otp.secret"});
    auto const it = users_.find(std::string(id->get_string()));
    if (it == users_.end()) return fail({404, 2004, "User not found"});
    auto bytes = genauth::otp::base32_decode(secret->get_string());
    if (!bytes || bytes->empty()) return fail({400, 0, "otp.secret is not Base32"});
    items.push_back({&it->second, std::string(secret->get_string()), std::move(*bytes)});
  }
  for (auto& i : items) {
    std::erase_if(i.user->factors, [](factor const& f) { return f.type == "OTP"; });
    i.user->factors.push_back({i.user->u.id + "|otp", "OTP", {}, std::move(i.secret), std::move(i.secret_text), {}});
  }
  return {};
}

outcome service::get_otp_secret_by_user(call& c) {
  auto found = find_user(c, "userId", "userIdType", false);
  if (auto const* r = std::get_if<rejection>(&found)) return fail(*r);
  if (factor const* f = std::get<user_state*>(found)->bound("OTP"))
    return ok(boost::json::object{{"secret", f->otp_secret_text}});
  return fail({404, 0, "the user has no OTP factor"});
}

outcome service::update_application_mfa_settings(call& c) {
  auto const* id = c.body.if_contains("appId");
  if (!id || !id->is_string()) return fail({400, 0, "appId is required"});
  app* a = find_app(id->get_string());
  if (!a) return fail({404, 2011, "application does not exist"});
  auto const* enable = c.body.if_contains("enabledFactors");
  auto const* disable = c.body.if_contains("disabledFactors");
  auto const on = enable ? factor_list(enable) : std::vector<std::string>{};
  auto const off = disable ? factor_list(disable) : std::vector<std::string>{};
  if (!on || !off) return fail({400, 0, "enabledFactors and disabledFactors take OTP, SMS, EMAIL, FACE"});
  for (auto const& f : *on)
    if (!has_factor(a->enabled_factors, f)) a->enabled_factors.push_back(f);
  std::erase_if(a->enabled_factors, [&](std::string const& f) { return has_factor(*off, f); });
  return settings(a->enabled_factors);
}

outcome service::get_global_mfa_settings(call&) { return settings(global_factors_); }

outcome service::update_global_mfa_settings(call& c) {
  auto list = factor_list(c.body.if_contains("enabledFactors"));
  if (!list) return fail({400, 0, "enabledFactors takes OTP, SMS, EMAIL, FACE"});
  global_factors_ = std::move(*list);
  return settings(global_factors_);
}

outcome service::disable_global_mfa_settings(call& c) {
  auto list = factor_list(c.body.if_contains("disableFactors"));
  if (!list) return fail({400, 0, "disableFactors takes OTP, SMS, EMAIL, FACE"});
  std::erase_if(global_factors_, [&](std::string const& f) { return has_factor(*list, f); });
  return settings(global_factors_);
}

}  // namespace genauth_emulator
