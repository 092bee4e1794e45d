// The OpenID Connect provider: discovery, the authorization endpoint (a code for a seeded user,
// no browser), the token endpoint (authorization code with PKCE, refresh token, client
// credentials), revocation, introspection, user info, and password sign-in. Tokens are JWTs
// signed with the published keys; what was issued is remembered, so revocation takes effect.

#include "service.hpp"

#include <genauth/crypto/base64.hpp>
#include <genauth/crypto/sha256.hpp>

#include <algorithm>

namespace genauth_emulator {

namespace {

std::string query_of(std::map<std::string, std::string> const& q, std::string const& key) {
  auto const it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

bool has_word(std::string_view words, std::string_view word) {
  while (!words.empty()) {
    std::string_view const w = words.substr(0, words.find(' '));
    if (w == word) return true;
    words.remove_prefix(w.size() == words.size() ? words.size() : w.size() + 1);
  }
  return false;
}

std::int64_t seconds(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string s256(std::string_view verifier) {
  auto const d = genauth::crypto::sha256::hash(verifier);
  return genauth::crypto::base64url_encode(std::span<std::uint8_t const>(d.data(), d.size()));
}

/// The part of a URL before its query, for a redirect that adds one.
std::string with_query(std::string const& uri, std::string_view pairs) {
  return uri + (uri.find('?') == std::string::npos ? "?" : "&") + std::string(pairs);
}

std::string form_component(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto const c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || ch == '-' || ch == '.' || ch == '_' || ch == '*')
      out += ch;
    else if (ch == ' ')
      out += '+';
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

std::string service::issuer(call const& c) const {
  bool const tls = !options_.tls_certificate_file.empty();
  return std::string(tls ? "https://" : "http://") + c.request.header("host") + "/oidc";
}

outcome service::discovery(call& c) {
  std::string const iss = issuer(c);
  boost::json::array methods{"client_secret_post", "client_secret_basic", "none"};
  return bare(boost::json::object{
      {"issuer", iss},
      {"authorization_endpoint", iss + "/auth"},
      {"token_endpoint", iss + "/token"},
      {"userinfo_endpoint", iss + "/me"},
      {"jwks_uri", iss + "/.well-known/jwks.json"},
      {"revocation_endpoint", iss + "/token/revocation"},
      {"introspection_endpoint", iss + "/token/introspection"},
      {"end_session_endpoint", iss + "/session/end"},
      {"response_types_supported", boost::json::array{"code"}},
      {"grant_types_supported", boost::json::array{"authorization_code", "refresh_token", "client_credentials"}},
      {"subject_types_supported", boost::json::array{"public"}},
      {"id_token_signing_alg_values_supported", boost::json::array{"RS256"}},
      {"code_challenge_methods_supported", boost::json::array{"S256", "plain"}},
      {"scopes_supported", boost::json::array{"openid", "profile", "email", "phone", "offline_access"}},
      {"token_endpoint_auth_methods_supported", methods},
      {"revocation_endpoint_auth_methods_supported", methods},
      {"introspection_endpoint_auth_methods_supported", methods},
  });
}

outcome service::authorize(call& c) {
  app* a = find_app(query_of(c.query, "client_id"));
  if (!a) return oauth_fail(400, "invalid_client", "no application has this client_id");
  std::string const redirect = query_of(c.query, "redirect_uri");
  auto const& allowed = a->redirect_uris.value_or(std::vector<std::string>{});
  // An unregistered redirect URI is never redirected to (RFC 6749 4.1.2.1).
  if (std::find(allowed.begin(), allowed.end(), redirect) == allowed.end())
    return oauth_fail(400, "invalid_request", "redirect_uri is not registered for the application");
  std::string const state = query_of(c.query, "state");
  auto const refuse = [&](std::string_view code, std::string_view why) {
    std::string q = "error=" + std::string(code) + "&error_description=" + form_component(why);
    if (!state.empty()) q += "&state=" + form_component(state);
    return genauth_emulator::redirect(with_query(redirect, q));
  };
  if (query_of(c.query, "response_type") != "code") return refuse("unsupported_response_type", "response_type must be code");
  std::string const scope = query_of(c.query, "scope");
  if (!has_word(scope, "openid")) return refuse("invalid_scope", "scope must include openid");
  std::string const method = c.query.contains("code_challenge_method") ? query_of(c.query, "code_challenge_method") : "plain";
  std::string const challenge = query_of(c.query, "code_challenge");
  if (!challenge.empty() && method != "S256" && method != "plain")
    return refuse("invalid_request", "code_challenge_method must be S256 or plain");
  if (!a->secret && challenge.empty()) return refuse("invalid_request", "a public client must send a PKCE code_challenge");
  user_state* const u = user_named(query_of(c.query, "login_hint"));  // no browser: the hint signs in
  if (!u) return refuse("access_denied", "no user matches login_hint");
  std::string const code = random_hex(16);
  std::erase_if(codes_, [](auto const& x) { return x.second.expires < clock::now(); });
  codes_[code] = {a->id, u->u.id, redirect, scope, query_of(c.query, "nonce"), challenge, method,
                  clock::now() + code_lifetime};
  std::string q = "code=" + code;
  if (!state.empty()) q += "&state=" + form_component(state);
  return genauth_emulator::redirect(with_query(redirect, q));
}

service::user_state* service::user_named(std::string_view hint) {
  if (hint.empty()) return seed_.users.empty() ? nullptr : &users_.at(seed_.users.front().id);
  for (auto& [id, s] : users_)
    if (s.u.username == hint || (s.u.email && *s.u.email == hint)) return &s;
  return nullptr;
}

std::variant<service::client, outcome> service::authenticate_client(call const& c) {
  std::string id, secret;
  bool with_secret = false;
  std::string const header = c.request.header("authorization");
  if (header.starts_with("Basic ")) {
    std::string b = header.substr(6);
    for (char& ch : b) ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
    while (!b.empty() && b.back() == '=') b.pop_back();
    auto const decoded = genauth::crypto::base64url_decode(b);
    std::string const pair = decoded ? std::string(decoded->begin(), decoded->end()) : std::string();
    auto const colon = pair.find(':');
    // The id and the secret are form-encoded before Basic (RFC 6749 2.3.1).
    auto const raw_id = form_decode(pair.substr(0, colon));
    auto const raw_secret = colon == std::string::npos ? std::nullopt : form_decode(pair.substr(colon + 1));
    if (!raw_id || !raw_secret) return oauth_fail(401, "invalid_client", "malformed Basic credentials");
    if (c.body.contains("client_secret"))
      return oauth_fail(400, "invalid_request", "client authenticated by more than one method");
    id = *raw_id, secret = *raw_secret, with_secret = true;
  } else {
    id = string_member(c.body, "client_id");
    with_secret = c.body.contains("client_secret");
    secret = string_member(c.body, "client_secret");
  }
  app* a = find_app(id);
  if (!a) return oauth_fail(401, "invalid_client", "no application has this client_id");
  if (with_secret && (!a->secret || !equal_in_constant_time(secret, *a->secret)))
    return oauth_fail(401, "invalid_client", "client authentication failed");
  return client{a, with_secret};
}

boost::json::object service::issue_tokens(call const& c, client const& by, user_state const* u,
                                          std::string const& scope, std::string const& nonce) {
  auto const now = clock::now();
  std::string const iss = issuer(c);
  std::string const jti = random_hex(12);
  boost::json::object access{{"jti", jti},
                             {"sub", u ? u->u.id : by.application->id},
                             {"iat", seconds(now)},
                             {"exp", seconds(now + access_token_lifetime)},
                             {"scope", scope},
                             {"iss", iss},
                             {"aud", by.application->id}};
  std::string const access_token = token_keys_.sign(access, "RS256");
  std::string const user_id = u ? u->u.id : std::string();
  issued_[access_token] = {false, by.application->id, user_id, scope, now + access_token_lifetime, seconds(now), false,
                           !by.with_secret};
  boost::json::object out{{"access_token", access_token},
                          {"expires_in", access_token_lifetime.count()},
                          {"token_type", "Bearer"},
                          {"scope", scope}};
  if (u && has_word(scope, "openid")) {
    boost::json::object id{{"sub", u->u.id},          {"aud", by.application->id}, {"iss", iss},
                           {"iat", seconds(now)},     {"exp", seconds(now + access_token_lifetime)},
                           {"azp", by.application->id}};
    if (!nonce.empty()) id["nonce"] = nonce;
    if (has_word(scope, "profile")) id["preferred_username"] = u->u.username;
    if (has_word(scope, "email") && u->u.email) id["email"] = *u->u.email;
    out["id_token"] = token_keys_.sign(id, "RS256");
  }
  if (u && has_word(scope, "offline_access")) {
    std::string const refresh = random_hex(24);
    issued_[refresh] = {true, by.application->id, user_id, scope, now + refresh_token_lifetime, seconds(now), false,
                        !by.with_secret};
    out["refresh_token"] = refresh;
  }
  return out;
}

service::issued_token const* service::active_token(std::string const& text, bool refresh) {
  auto const it = issued_.find(text);
  if (it == issued_.end() || it->second.revoked || it->second.refresh != refresh || it->second.expires < clock::now())
    return nullptr;
  return &it->second;
}

outcome service::token(call& c) {
  auto who = authenticate_client(c);
  if (auto* refused = std::get_if<outcome>(&who)) return std::move(*refused);
  client const by = std::get<client>(who);
  std::string const grant = string_member(c.body, "grant_type");
  if (grant == "authorization_code") {
    auto const it = codes_.find(string_member(c.body, "code"));
    if (it == codes_.end() || it->second.expires < clock::now())
      return oauth_fail(400, "invalid_grant", "the code is invalid, expired or used");
    authorization_code const code = it->second;
    codes_.erase(it);  // good once, whatever follows
    if (code.app_id != by.application->id) return oauth_fail(400, "invalid_grant", "the code was issued to another client");
    if (c.body.contains("redirect_uri") ? string_member(c.body, "redirect_uri") != code.redirect_uri : !code.redirect_uri.empty())
      return oauth_fail(400, "invalid_grant", "redirect_uri differs from the authorization request's");
    std::string const verifier = string_member(c.body, "code_verifier");
    if (!code.challenge.empty()) {
      if (verifier.empty()) return oauth_fail(400, "invalid_grant", "code_verifier is required");
      if ((code.challenge_method == "S256" ? s256(verifier) : verifier) != code.challenge)
        return oauth_fail(400, "invalid_grant", "PKCE verification failed");
    } else if (c.body.contains("code_verifier")) {
      return oauth_fail(400, "invalid_grant", "code_verifier without a code_challenge");
    }
    if (!by.with_secret && code.challenge.empty())
      return oauth_fail(401, "invalid_client", "a client without a secret needs PKCE");
    return bare(issue_tokens(c, by, &users_.at(code.user_id), code.scope, code.nonce));
  }
  if (grant == "refresh_token") {
    std::string const text = string_member(c.body, "refresh_token");
    issued_token const* t = active_token(text, true);
    if (!t || t->app_id != by.application->id) return oauth_fail(400, "invalid_grant", "the refresh token is invalid");
    if (!by.with_secret && !t->public_client) return oauth_fail(401, "invalid_client", "client authentication failed");
    std::string const user = t->user_id, scope = t->scope;
    issued_[text].revoked = true;  // rotated: the old one is good once
    return bare(issue_tokens(c, by, &users_.at(user), scope, ""));
  }
  if (grant == "client_credentials") {
    if (!by.with_secret) return oauth_fail(401, "invalid_client", "client credentials need the client's secret");
    return bare(issue_tokens(c, by, nullptr, string_member(c.body, "scope"), ""));
  }
  return oauth_fail(400, "unsupported_grant_type", "grant_type is authorization_code, refresh_token or client_credentials");
}

outcome service::revoke(call& c) {
  auto who = authenticate_client(c);
  if (auto* refused = std::get_if<outcome>(&who)) return std::move(*refused);
  auto const it = issued_.find(string_member(c.body, "token"));
  if (it != issued_.end() && it->second.app_id == std::get<client>(who).application->id) it->second.revoked = true;
  return empty_answer();  // RFC 7009 2.2: 200 whether or not the token was valid
}

outcome service::introspect(call& c) {
  auto who = authenticate_client(c);
  if (auto* refused = std::get_if<outcome>(&who)) return std::move(*refused);
  std::string const text = string_member(c.body, "token");
  issued_token const* t = active_token(text, false);
  if (!t) t = active_token(text, true);
  if (!t || t->app_id != std::get<client>(who).application->id) return bare(boost::json::object{{"active", false}});
  return bare(boost::json::object{{"active", true},
                                  {"sub", t->user_id.empty() ? t->app_id : t->user_id},
                                  {"client_id", t->app_id},
                                  {"scope", t->scope},
                                  {"token_type", t->refresh ? "refresh_token" : "Bearer"},
                                  {"iss", issuer(c)},
                                  {"exp", seconds(t->expires)},
                                  {"iat", t->issued_at}});
}

outcome service::user_info(call& c) {
  std::string token = c.request.header("authorization");
  if (token.starts_with("Bearer "))
    token.erase(0, 7);
  else if (!token.empty())
    token.clear();  // another scheme is no bearer token
  if (token.empty()) token = query_of(c.query, "access_token");
  if (token.empty()) token = string_member(c.body, "access_token");
  issued_token const* t = active_token(token, false);
  if (!t || t->user_id.empty()) {
    outcome o = oauth_fail(401, "invalid_token", "the access token is invalid, expired or revoked");
    o.headers = {{"www-authenticate", R"(Bearer error="invalid_token")"}};
    return o;
  }
  user const& u = users_.at(t->user_id).u;
  boost::json::object claims{{"sub", u.id}};
  if (has_word(t->scope, "profile")) claims["preferred_username"] = u.username, claims["name"] = u.username;
  if (has_word(t->scope, "email") && u.email) claims["email"] = *u.email, claims["email_verified"] = true;
  if (has_word(t->scope, "phone") && u.phone) claims["phone_number"] = *u.phone, claims["phone_number_verified"] = true;
  return bare(std::move(claims));
}

outcome service::sign_in(call& c) {
  app* a = find_app(app_id_of(c.request));
  if (!a) return fail({400, 2011, "application does not exist"});
  client by{a, false};
  if (c.request.header("authorization").starts_with("Basic ") || c.body.contains("client_secret")) {
    auto who = authenticate_client(c);
    if (std::holds_alternative<outcome>(who) || std::get<client>(who).application != a)
      return fail({401, 0, "client authentication failed"});
    by = std::get<client>(who);
  }
  if (string_member(c.body, "connection") != "PASSWORD") return fail({400, 0, "the emulator signs in with PASSWORD only"});
  auto const* p = c.body.if_contains("passwordPayload");
  boost::json::object const payload = p && p->is_object() ? p->get_object() : boost::json::object{};
  std::string const password = string_member(payload, "password");
  user_state* u = nullptr;
  for (auto& [id, s] : users_) {
    bool const named = (payload.contains("username") && string_member(payload, "username") == s.u.username) ||
                       (payload.contains("email") && s.u.email && string_member(payload, "email") == *s.u.email) ||
                       (payload.contains("phone") && s.u.phone && string_member(payload, "phone") == *s.u.phone) ||
                       (payload.contains("account") &&
                        (string_member(payload, "account") == s.u.username ||
                         (s.u.email && string_member(payload, "account") == *s.u.email) ||
                         (s.u.phone && string_member(payload, "account") == *s.u.phone)));
    if (named) u = &s;
  }
  if (!u || !u->u.password || !equal_in_constant_time(password, *u->u.password))
    return fail({400, 2333, "account or password is wrong"});
  auto const* o = c.body.if_contains("options");
  std::string scope = o && o->is_object() ? string_member(o->get_object(), "scope") : std::string();
  if (scope.empty()) scope = "openid profile";
  auto tokens = issue_tokens(c, by, u, scope, "");
  tokens["expire_in"] = tokens["expires_in"];
  tokens.erase("expires_in");
  return ok(std::move(tokens));
}

outcome service::sign_up(call& c) {
  if (!find_app(app_id_of(c.request))) return fail({400, 2011, "application does not exist"});
  if (string_member(c.body, "connection") != "PASSWORD") return fail({400, 0, "the emulator signs up with PASSWORD only"});
  auto const* p = c.body.if_contains("passwordPayload");
  boost::json::object const payload = p && p->is_object() ? p->get_object() : boost::json::object{};
  std::string const password = string_member(payload, "password"), email = string_member(payload, "email"),
                    username = string_member(payload, "username");
  if (password.empty() || (email.empty() == username.empty()))
    return fail({400, 0, "passwordPayload needs a password and an email or a username"});
  for (auto const& [id, s] : users_)
    if ((!email.empty() && s.u.email == email) || (!username.empty() && s.u.username == username))
      return fail({400, 2026, "the account already exists"});
  user u;
  u.id = "user-" + random_hex(8);
  u.username = username;
  if (!email.empty()) u.email = email;
  u.access_token = random_hex(16);
  u.password = password;
  auto& state = users_[u.id];
  state.u = u;
  state.mfa_token = new_mfa_token(u.id);
  boost::json::object data{{"userId", u.id}, {"status", "Activated"}};
  if (!username.empty()) data["username"] = username;
  if (!email.empty()) data["email"] = email;
  return ok(std::move(data));
}

outcome service::cas_login(call& c) {
  app* a = find_app(c.path_app_id);
  std::string const service_url = query_of(c.query, "service");
  if (!a || service_url.empty()) return fail({400, 0, "an app id in the path and a service are required"});
  user_state* const u = user_named(query_of(c.query, "login_hint"));
  if (!u) return fail({404, 2004, "no user matches login_hint"});
  std::string const ticket = "ST-" + random_hex(16);
  std::erase_if(cas_tickets_, [](auto const& x) { return x.second.expires < clock::now(); });
  cas_tickets_[ticket] = {a->id, service_url, u->u.id, clock::now() + code_lifetime};
  return redirect(with_query(service_url, "ticket=" + ticket));
}

std::optional<service::cas_ticket> service::take_cas_ticket(call const& c) {
  auto const it = cas_tickets_.find(query_of(c.query, "ticket"));
  if (it == cas_tickets_.end()) return std::nullopt;
  cas_ticket const t = it->second;
  cas_tickets_.erase(it);  // good once
  if (t.expires < clock::now() || t.app_id != c.path_app_id || t.service != query_of(c.query, "service"))
    return std::nullopt;
  return t;
}

outcome service::cas_validate(call& c) {
  auto const t = take_cas_ticket(c);
  outcome o = empty_answer();
  o.text = t ? "yes\n" + users_.at(t->user_id).u.username + "\n" : std::string("no\n\n");
  return o;
}

outcome service::cas_service_validate(call& c) {
  auto const t = take_cas_ticket(c);
  if (!t)
    return bare(boost::json::object{
        {"serviceResponse",
         {{"authenticationFailure", {{"code", "INVALID_TICKET"}, {"description", "the ticket is invalid or used"}}}}}});
  user const& u = users_.at(t->user_id).u;
  boost::json::object attributes{{"sub", u.id}, {"preferred_username", u.username}};
  if (u.email) attributes["email"] = *u.email;
  return bare(boost::json::object{
      {"serviceResponse", {{"authenticationSuccess", {{"user", u.username}, {"attributes", std::move(attributes)}}}}}});
}

}  // namespace genauth_emulator
