#include "service.hpp"

#include "exact_json.hpp"
#include "signature.hpp"

#include <genauth/crypto/random.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace genauth_emulator {

namespace {

constexpr std::size_t nonces_kept_per_path = 10'000;

std::string request_id() {
  std::string const h = random_hex(16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string envelope_error(rejection const& r) {
  boost::json::object o;
  o["statusCode"] = r.status_code;
  if (r.api_code != 0) o["apiCode"] = r.api_code;
  o["message"] = r.message;
  o["requestId"] = request_id();
  return boost::json::serialize(o);
}

char const* fault_name(fault::kind k) {
  switch (k) {
    case fault::kind::html_502: return "html-502";
    case fault::kind::truncated_body: return "truncated-body";
    case fault::kind::delay: return "delay";
    case fault::kind::throttled_429: return "throttled-429";
    case fault::kind::unavailable_503: return "unavailable-503";
    case fault::kind::connection_reset: return "connection-reset";
  }
  return "?";
}

}  // namespace

std::string random_hex(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  if (!genauth::crypto::secure_random(bytes)) throw std::runtime_error("genauth-emulator: no random bytes");
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string string_member(boost::json::object const& o, std::string_view key) {
  auto const* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string app_id_of(wire_request const& request) {
  std::string id = request.header("x-genauth-app-id");
  return id.empty() ? request.header("x-authing-app-id") : id;
}

bool is_factor(std::string_view f) { return f == "OTP" || f == "SMS" || f == "EMAIL" || f == "FACE"; }

service::service(seed s, options const& o) : options_(o), seed_(std::move(s)), global_factors_(seed_.global_factors) {
  for (auto const& u : seed_.users) {
    auto& state = users_[u.id];
    state.u = u;
    state.mfa_token = new_mfa_token(u.id);
  }
}

std::vector<service::route> const& service::routes() {
  static std::vector<route> const r = [] {
    std::vector<route> hand{
      {"GET", "/api/v3/get-user-mfa-info", guard::management, &service::get_user_mfa_info},
      {"POST", "/api/v3/set-mfa-status", guard::management, &service::set_mfa_status},
      {"GET", "/api/v3/get-mfa-status", guard::management, &service::get_mfa_status},
      {"GET", "/api/v3/get-mfa-trigger-data", guard::management, &service::get_mfa_trigger_data},
      {"POST", "/api/v3/import-otp", guard::management, &service::import_otp},
      {"GET", "/api/v3/get-otp-secret-by-user", guard::management, &service::get_otp_secret_by_user},
      {"POST", "/api/v3/update-application-mfa-settings", guard::management, &service::update_application_mfa_settings},
      {"GET", "/api/v3/get-global-mfa-settings", guard::management, &service::get_global_mfa_settings},
      {"POST", "/api/v3/update-global-mfa-settings", guard::management, &service::update_global_mfa_settings},
      {"POST", "/api/v3/disable-global-mfa-settings", guard::management, &service::disable_global_mfa_settings},
      {"POST", "/api/v3/send-enroll-factor-request", guard::user, &service::send_enroll_factor_request},
      {"POST", "/api/v3/enroll-factor", guard::user, &service::enroll_factor},
      {"POST", "/api/v3/reset-factor", guard::user, &service::reset_factor},
      {"GET", "/api/v3/list-enrolled-factors", guard::user, &service::list_enrolled_factors},
      {"GET", "/api/v3/get-factor", guard::user, &service::get_factor},
      {"GET", "/api/v3/list-factors-to-enroll", guard::user, &service::list_factors_to_enroll},
      {"POST", "/api/v3/mfa-totp-verify", guard::user, &service::mfa_totp_verify},
      {"POST", "/mfa/token/introspection", guard::user, &service::introspect_mfa_token},
      {"POST", "/api/v3/webauthn/mfa-bind/initialize", guard::user, &service::webauthn_bind_initialize},
      {"POST", "/api/v3/webauthn/mfa-verify/initialize", guard::user, &service::webauthn_verify_initialize},
      {"GET", jwks_path, guard::none, &service::jwks},
      {"GET", "/oidc/.well-known/openid-configuration", guard::none, &service::discovery},
      {"GET", "/oidc/auth", guard::none, &service::authorize},
      {"POST", "/oidc/token", guard::none, &service::token},
      {"POST", "/oidc/token/revocation", guard::none, &service::revoke},
      {"POST", "/oidc/token/introspection", guard::none, &service::introspect},
      {"GET", "/oidc/me", guard::none, &service::user_info},
      {"POST", "/oidc/me", guard::none, &service::user_info},
      {"POST", "/api/v3/signin", guard::none, &service::sign_in},
      {"POST", "/api/v3/signup", guard::none, &service::sign_up},
      {"GET", "/cas-idp/{appId}", guard::none, &service::cas_login},
      {"GET", "/cas-idp/{appId}/validate", guard::none, &service::cas_validate},
      {"GET", "/cas-idp/{appId}/serviceValidate", guard::none, &service::cas_service_validate},
    };
    for (auto const& g : generated_routes()) {
      auto const same = [&](route const& x) { return x.method == g.method && x.path == g.path && x.who == g.who; };
      if (std::none_of(hand.begin(), hand.end(), same)) hand.push_back(g);
    }
    return hand;
  }();
  return r;
}

namespace {
/// Whether `path` is the route's: the same text, where a `{name}` segment of the route stands for
/// any one segment.
bool on_route(std::string_view route, std::string_view path) {
  if (route.find('{') == std::string_view::npos) return route == path;
  while (!route.empty() && !path.empty()) {
    std::string_view const r = route.substr(0, route.find('/', 1)), p = path.substr(0, path.find('/', 1));
    if (r != p && !(r.starts_with("/{") && r.ends_with("}") && p.size() > 1)) return false;
    route.remove_prefix(r.size());
    path.remove_prefix(p.size());
  }
  return route.empty() && path.empty();
}
}  // namespace

wire_response service::handle(wire_request const& request) {
  std::lock_guard const lock(mutex_);
  auto const plain = [&](int status, std::string body, std::string type = "text/plain") {
    wire_response r;
    r.status = status;
    r.headers = {{"content-type", std::move(type)}};
    r.body = std::move(body);
    log(request.method + " " + std::string(request.path()) + " -> HTTP " + std::to_string(status));
    return r;
  };
  std::string_view const path = request.path();

  if (path.starts_with("/__emulator/")) {
    if (options_.admin_token.empty())
      return plain(404, "the admin endpoints are off: start with --admin-token-file or GENAUTH_EMULATOR_ADMIN_TOKEN\n");
    if (!equal_in_constant_time(request.header("x-emulator-admin-token"), options_.admin_token))
      return plain(403, "x-emulator-admin-token is missing or wrong\n");
    if (path == "/__emulator/faults") {
      if (request.method == "DELETE") {
        faults_.clear();
        return plain(200, "faults cleared\n");
      }
      if (request.method != "POST") return plain(405, "POST a fault, or DELETE them all\n");
      auto f = parse_fault(request.body);
      if (auto const* why = std::get_if<std::string>(&f)) return plain(400, *why + "\n");
      if (faults_.size() >= options_.max_faults) return plain(429, "too many faults held: DELETE them first\n");
      faults_.push_back(std::get<fault>(f));
      return plain(201, "fault injected\n");
    }
    if (path == "/__emulator/rotate-keys") {
      if (request.method != "POST") return plain(405, "POST to rotate the token keys\n");
      return plain(201, token_keys_.rotate() + "\n");
    }
    if (path == "/__emulator/tokens") {
      if (request.method != "POST") return plain(405, "POST the claims of a token to sign\n");
      auto claims = parse_json(request.body);
      auto const alg = form_pairs(request.query());
      std::string a = "RS256";
      if (alg)
        for (auto const& [k, v] : *alg)
          if (k == "alg") a = v;
      if (!claims || !claims->is_object()) return plain(400, "the body is not a JSON object of claims\n");
      auto token = token_keys_.sign(claims->get_object(), a);
      if (token.empty()) return plain(400, "alg is RS256 or ES256\n");
      return plain(201, token + "\n");
    }
    return plain(404, "no such admin endpoint: /__emulator/faults, /__emulator/rotate-keys, /__emulator/tokens\n");
  }

  // `/cas-idp/<app id>/...` is routed as `/cas-idp/{appId}/...`.
  std::string route_path(path);
  std::string path_app_id;
  if (constexpr std::string_view cas = "/cas-idp/"; path.starts_with(cas)) {
    std::string_view rest = path.substr(cas.size());
    path_app_id = rest.substr(0, rest.find('/'));
    route_path = std::string(cas) + "{appId}" + std::string(rest.substr(path_app_id.size()));
  }
  auto const on_path = [&](route const& x) { return on_route(x.path, route_path); };
  auto r = std::find_if(routes().begin(), routes().end(), on_path);
  if (r == routes().end())
    return plain(404, envelope_error({404, 0, "no such endpoint on the emulator"}), "application/json");
  std::string const first_method(r->method);
  while (r != routes().end() && r->method != request.method) r = std::find_if(std::next(r), routes().end(), on_path);
  if (r == routes().end())
    return plain(405, envelope_error({405, 0, "this endpoint takes " + first_method}), "application/json");
  // A path both APIs serve (GET /api/v3/approval): a request the access key did not sign is the
  // end user's.
  if (auto const scheme = request.header("authorization"); !scheme.starts_with("authing ") && !scheme.starts_with("GenAuth "))
    for (auto s = std::next(r); s != routes().end(); ++s)
      if ((s->who == guard::user || s->who == guard::user_or_app) && s->method == request.method && on_path(*s)) {
        r = s;
        break;
      }

  call c{request, {}, {}, nullptr, nullptr, std::move(path_app_id)};
  outcome o;
  bool const form = request.header("content-type").starts_with("application/x-www-form-urlencoded");
  bool const in_query = request.method == "GET" || request.method == "DELETE";
  if (in_query || form) {
    auto pairs = in_query ? query_pairs(request.query()) : form_pairs(request.body);
    if (!pairs)
      o.error = rejection{400, 0, "malformed percent-encoding in the query or form"};
    else
      for (auto& [key, value] : *pairs) {
        if (in_query)
          c.query[key] = std::move(value);
        else
          c.body[key] = value;
      }
  } else if (!request.body.empty()) {
    auto body = parse_json(request.body);
    if (!body || !body->is_object())
      o.error = rejection{400, 0, "the body is not a JSON object"};
    else
      c.body = std::move(body->get_object());
  }

  if (!o.error && r->who == guard::management) o.error = authenticate_management(c);
  if (!o.error && (r->who == guard::user || r->who == guard::user_or_app)) o.error = authenticate_user(c, r->who);
  if (path == jwks_path) ++jwks_requests_;  // faults included: what a client's cache fetches
  std::optional<fault> f;
  if (!o.error) {
    f = take_fault(path);
    bool const answers_instead = f && f->what != fault::kind::delay && f->what != fault::kind::truncated_body;
    if (!answers_instead) o = (this->*(r->h))(c);
  }
  return respond(c, o, f);
}

std::optional<rejection> service::authenticate_management(call& c) {
  auto const now = clock::now();
  auto verdict = verify_signature(
      c.request,
      [&](std::string_view id) -> std::optional<std::string> {
        for (auto const& k : seed_.access_keys)
          if (k.id == id) return k.secret;
        return std::nullopt;
      },
      now, options_.allowed_skew);
  if (auto const* r = std::get_if<rejection>(&verdict)) return *r;
  auto const& by = std::get<signed_by>(verdict);
  // A nonce is remembered as long as a request carrying it could still pass the date check.
  while (!nonce_expiry_.empty() && nonce_expiry_.front().first < now) {
    used_nonces_.erase(nonce_expiry_.front().second);
    nonce_expiry_.pop_front();
  }
  if (!used_nonces_.insert(by.nonce).second) return rejection{401, 1306, "signature already used"};
  nonce_expiry_.emplace_back(now + 2 * options_.allowed_skew, by.nonce);
  auto& seen = nonces_by_path_[std::string(c.request.path())];
  seen.push_back(by.nonce);
  if (seen.size() > nonces_kept_per_path) seen.pop_front();
  return std::nullopt;
}

std::optional<rejection> service::authenticate_user(call& c, guard who) {
  if (c.request.path() == "/mfa/token/introspection") return std::nullopt;  // the MFA token is the credential
  std::string const app_id = app_id_of(c.request);
  if (app_id.empty()) return rejection{400, 0, "the app id header (x-genauth-app-id) is missing"};
  c.application = find_app(app_id);
  if (!c.application) return rejection{404, 2011, "application does not exist"};
  std::string token = c.request.header("authorization");
  // Mobile and QR-code sign-in are for a user not signed in yet: under client_secret_basic the
  // application's Basic credentials stand in the token's place, as the official SDK sends them.
  if (who == guard::user_or_app && token.starts_with("Basic ")) {
    auto const who = authenticate_client(c);
    auto const* by = std::get_if<client>(&who);
    if (!by || !by->with_secret || by->application != c.application)
      return rejection{401, 2020, "the application's Basic credentials are not good"};
    return std::nullopt;
  }
  if (token.size() > 7 && (token.starts_with("Bearer ") || token.starts_with("bearer "))) token.erase(0, 7);
  for (auto& [id, u] : users_)
    if (!token.empty() && u.u.access_token == token) c.user = &u;
  if (!c.user)  // a token the provider issued (sign-in, code exchange) is good too
    if (issued_token const* t = active_token(token, false); t && !t->user_id.empty()) c.user = &users_.at(t->user_id);
  if (!c.user) return rejection{401, 2020, "Not logged in"};
  return std::nullopt;
}

std::optional<fault> service::take_fault(std::string_view path) {
  auto const f = std::find_if(faults_.begin(), faults_.end(), [&](fault const& x) { return x.path == path; });
  if (f == faults_.end()) return std::nullopt;
  fault const hit = *f;
  if (f->times > 0 && --f->times == 0) faults_.erase(f);
  return hit;
}

wire_response service::respond(call const& c, outcome const& o, std::optional<fault> const& f) {
  wire_response w;
  w.headers = {{"content-type", "application/json; charset=utf-8"}};
  std::string note;
  if (f) {
    note = std::string(", fault ") + fault_name(f->what);
    switch (f->what) {
      case fault::kind::html_502:
        w.status = 502;
        w.headers = {{"content-type", "text/html"}};
        w.body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
                 "</center></body></html>\n";
        break;
      case fault::kind::throttled_429:
      case fault::kind::unavailable_503: {
        bool const throttled = f->what == fault::kind::throttled_429;
        w.status = throttled ? 429 : 503;
        w.headers.emplace_back("retry-after", std::to_string(f->retry_after.count()));
        w.body = envelope_error({w.status, 0, throttled ? "too many requests, try again later" : "under maintenance"});
        break;
      }
      case fault::kind::connection_reset: w.how = delivery::reset; break;
      case fault::kind::truncated_body: w.how = delivery::truncated; break;
      case fault::kind::delay: w.delay = f->delay; break;
    }
  }
  if (w.body.empty() && w.how != delivery::reset) {
    if (o.error) {
      w.body = envelope_error(*o.error);
    } else if (o.bare) {
      w.status = o.status;
      for (auto const& h : o.headers) w.headers.push_back(h);
      if (o.data) w.body = boost::json::serialize(*o.data);
      if (o.text) w.headers = {{"content-type", "text/plain; charset=utf-8"}}, w.body = *o.text;
    } else {
      boost::json::object e;
      e["statusCode"] = 200;
      e["message"] = "Operation successful";
      e["requestId"] = request_id();
      if (o.data) e["data"] = *o.data;
      w.body = boost::json::serialize(e);
    }
  }
  std::string line = c.request.method + " " + std::string(c.request.path()) + " -> HTTP " + std::to_string(w.status);
  if (o.bare && o.status >= 400 && o.data && o.data->is_object())
    if (auto const* code = o.data->get_object().if_contains("error"); code && code->is_string())
      line += " (" + std::string(code->get_string()) + ")";
  if (o.error) {
    line += ", statusCode " + std::to_string(o.error->status_code);
    if (o.error->api_code) line += ", apiCode " + std::to_string(o.error->api_code);
    line += " (" + o.error->message + ")";
  }
  log(line + note);
  return w;
}

void service::inject(fault f) {
  std::lock_guard const lock(mutex_);
  faults_.push_back(std::move(f));
}

outcome service::jwks(call&) {
  outcome o = ok(token_keys_.jwks());
  o.bare = true;
  return o;
}

std::string service::issue_token(boost::json::object const& claims, std::string_view alg) const {
  std::lock_guard const lock(mutex_);
  return token_keys_.sign(claims, alg);
}

std::string service::rotate_keys() {
  std::lock_guard const lock(mutex_);
  return token_keys_.rotate();
}

std::string service::jwks_text() const {
  std::lock_guard const lock(mutex_);
  return boost::json::serialize(token_keys_.jwks());
}

std::size_t service::quirked_answers() const {
  std::lock_guard const lock(mutex_);
  return quirked_answers_;
}

quirk service::quirk_of(std::string_view path) const {
  if (auto const q = options_.quirks.find(path); q != options_.quirks.end()) return q->second;
  if (auto const all = options_.quirks.find("*"); all != options_.quirks.end()) return all->second;
  return quirk::none;
}

std::variant<std::pair<std::string, quirk>, std::string> parse_quirk(std::string_view text) {
  auto const eq = text.rfind('=');
  if (eq == std::string_view::npos || !(text.starts_with('/') || text.substr(0, eq) == "*"))
    return std::string("a quirk is PATH=KIND, PATH a path or *");
  std::string_view const kind = text.substr(eq + 1);
  quirk const q = kind == "strings-for-booleans" ? quirk::strings_for_booleans
                  : kind == "object-for-array"   ? quirk::object_for_array
                  : kind == "text-for-array"     ? quirk::text_for_array
                                                 : quirk::none;
  if (q == quirk::none)
    return "unknown quirk " + std::string(kind) + ": strings-for-booleans, object-for-array or text-for-array";
  return std::pair{std::string(text.substr(0, eq)), q};
}

std::size_t service::jwks_requests() const {
  std::lock_guard const lock(mutex_);
  return jwks_requests_;
}

void service::clear_faults() {
  std::lock_guard const lock(mutex_);
  faults_.clear();
}

std::vector<std::string> service::nonces_seen(std::string_view path) const {
  std::lock_guard const lock(mutex_);
  auto const it = nonces_by_path_.find(path);
  return it == nonces_by_path_.end() ? std::vector<std::string>{}
                                     : std::vector<std::string>(it->second.begin(), it->second.end());
}

std::optional<std::string> service::last_code_sent_to(std::string_view destination) const {
  std::lock_guard const lock(mutex_);
  auto const it = last_codes_.find(destination);
  return it == last_codes_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void service::log(std::string const& line) const {
  if (options_.log)
    options_.log(line);
  else
    std::cerr << "genauth-emulator: " << line << '\n';
}

std::variant<service::user_state*, rejection> service::find_user(call const& c, std::string_view id_key,
                                                                 std::string_view type_key, bool from_body) {
  std::string id, type = "user_id";
  if (from_body) {
    auto const* v = c.body.if_contains(id_key);
    if (!v || !v->is_string()) return rejection{400, 0, std::string(id_key) + " is required"};
    id = v->get_string();
    if (auto const* t = c.body.if_contains(type_key); t && !t->is_null()) {
      if (!t->is_string()) return rejection{400, 0, std::string(type_key) + " must be a string"};
      type = t->get_string();
    }
  } else {
    auto const it = c.query.find(std::string(id_key));
    if (it == c.query.end()) return rejection{400, 0, std::string(id_key) + " is required"};
    id = it->second;
    if (auto const t = c.query.find(std::string(type_key)); t != c.query.end()) type = t->second;
  }
  if (id.empty()) return rejection{400, 0, std::string(id_key) + " is required"};
  auto const matches = [&](user const& u) {
    if (type == "user_id") return u.id == id;
    if (type == "username") return u.username == id;
    if (type == "email") return u.email == id;
    if (type == "phone") return u.phone == id;
    return u.external_id == id;
  };
  if (type != "user_id" && type != "username" && type != "email" && type != "phone" && type != "external_id")
    return rejection{400, 0, "userIdType " + type + " is not supported by the emulator"};
  for (auto& [key, u] : users_)
    if (matches(u.u)) return &u;
  return rejection{404, 2004, "User not found"};
}

app* service::find_app(std::string_view id) {
  for (auto& a : seed_.apps)
    if (a.id == id) return &a;
  return nullptr;
}

std::string service::new_mfa_token(std::string const& user_id) {
  std::string token = random_hex(16);
  mfa_tokens_[token] = {user_id, clock::now()};
  return token;
}

}  // namespace genauth_emulator
