#pragma once

// The emulated service: in-memory state and one handler per endpoint, behind one lock. It sees
// requests as plain data (wire.hpp); the HTTP server in server.cpp feeds it.

#include "signature.hpp"
#include "token_keys.hpp"
#include "wire.hpp"

#include <genauth_emulator/server.hpp>

#include <genauth/otp/totp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace genauth_emulator {

using clock = std::chrono::system_clock;

/// A handler's answer: the envelope's data (or a bare object), or a rejection.
struct outcome {
  std::optional<boost::json::value> data;  ///< nothing: an envelope without data (or, bare, an empty body)
  std::optional<rejection> error;
  bool bare = false;  ///< the data is the whole body (MFA token introspection, the key set, OAuth)
  int status = 200;   ///< of a bare answer
  std::vector<std::pair<std::string, std::string>> headers{};  ///< of a bare answer, beside its content type
  std::optional<std::string> text{};  ///< a bare answer in plain text instead (CAS 1.0)
};

/// A handler's failure, or its envelope's data.
inline outcome fail(rejection r) { return {std::nullopt, std::move(r), false}; }
inline outcome ok(boost::json::value v) { return {std::move(v), std::nullopt, false}; }
/// A bare answer: `v` is the whole body.
inline outcome bare(boost::json::value v, int status = 200) { return {std::move(v), std::nullopt, true, status}; }
/// A bare answer with no body: a revocation's, or a redirect's (`location`, status 302).
inline outcome empty_answer(int status = 200, std::vector<std::pair<std::string, std::string>> headers = {}) {
  outcome o{std::nullopt, std::nullopt, true, status};
  o.headers = std::move(headers);
  return o;
}
inline outcome redirect(std::string location) { return empty_answer(302, {{"location", std::move(location)}}); }
/// An OAuth refusal (RFC 6749 5.2): `{"error", "error_description"}` with its HTTP status.
inline outcome oauth_fail(int status, std::string_view code, std::string_view description) {
  return bare(boost::json::object{{"error", code}, {"error_description", description}}, status);
}

class service {
 public:
  service(seed s, options const& o);

  wire_response handle(wire_request const& request);

  void inject(fault f);
  void clear_faults();
  std::vector<std::string> nonces_seen(std::string_view path) const;
  std::optional<std::string> last_code_sent_to(std::string_view destination) const;
  std::string issue_token(boost::json::object const& claims, std::string_view alg) const;
  std::string rotate_keys();
  std::size_t jwks_requests() const;
  std::size_t quirked_answers() const;
  std::string jwks_text() const;

 private:
  struct factor {
    std::string id;
    std::string type;  ///< OTP, SMS, EMAIL, FACE
    boost::json::object profile;
    std::vector<std::uint8_t> otp_secret;
    std::string otp_secret_text;  ///< as imported or generated, Base32
    genauth::otp::totp_settings totp{};  ///< digits and period of its codes
  };
  struct user_state {
    user u;
    std::vector<factor> factors;
    /// The bound factor of `type`, if any (a user binds one of each type).
    [[nodiscard]] factor const* bound(std::string_view type) const {
      for (auto const& f : factors)
        if (f.type == type) return &f;
      return nullptr;
    }
    std::optional<boost::json::object> trigger_data;  ///< as set by set-mfa-status
    std::string mfa_token;
  };
  struct enrollment {
    std::string user_id;
    std::string type;
    boost::json::object profile;
    std::vector<std::uint8_t> otp_secret;
    genauth::otp::totp_settings totp{};
    std::string code;  ///< SMS and EMAIL
    clock::time_point expires;
  };
  struct mfa_token {
    std::string user_id;
    clock::time_point issued;
  };
  struct call {  ///< one request being handled
    wire_request const& request;
    boost::json::object body;  ///< the JSON body, or the decoded form body
    std::map<std::string, std::string> query;
    user_state* user = nullptr;  ///< authentication API: the signed-in user
    app* application = nullptr;  ///< authentication API: the app named by the app id header
    std::string path_app_id{};   ///< the app id a `/cas-idp/{appId}` path names
  };
  using handler = outcome (service::*)(call&);
  /// Who may call an endpoint: a signed management request, an app's signed-in user (or, for
  /// user_or_app, the app itself by its Basic credentials), anyone.
  enum class guard { management, user, user_or_app, none };
  struct route {
    std::string_view method;
    std::string_view path;
    guard who;
    handler h;
  };
  static std::vector<route> const& routes();
  /// The endpoints of the SDK's generated groups, each served from its declaration (generated.cpp);
  /// a handler above serves the ones it names instead.
  static std::vector<route> generated_routes();
  template <class R>
  outcome generated(call& c);
  /// A generated endpoint's answer `data`, through the store of the CRUD families (store.cpp).
  outcome stored(std::string_view path, boost::json::object const& request, boost::json::value data);

  // management API (management.cpp)
  outcome get_user_mfa_info(call& c);
  outcome set_mfa_status(call& c);
  outcome get_mfa_status(call& c);
  outcome get_mfa_trigger_data(call& c);
  outcome import_otp(call& c);
  outcome get_otp_secret_by_user(call& c);
  outcome update_application_mfa_settings(call& c);
  outcome get_global_mfa_settings(call& c);
  outcome update_global_mfa_settings(call& c);
  outcome disable_global_mfa_settings(call& c);

  // authentication API (authentication.cpp)
  outcome send_enroll_factor_request(call& c);
  outcome enroll_factor(call& c);
  outcome reset_factor(call& c);
  outcome list_enrolled_factors(call& c);
  outcome get_factor(call& c);
  outcome list_factors_to_enroll(call& c);
  outcome mfa_totp_verify(call& c);
  outcome introspect_mfa_token(call& c);
  outcome webauthn_bind_initialize(call& c);
  outcome webauthn_verify_initialize(call& c);

  // what an OpenID provider publishes (service.cpp) and does (oidc.cpp)
  outcome jwks(call& c);
  outcome discovery(call& c);
  outcome authorize(call& c);
  outcome token(call& c);
  outcome revoke(call& c);
  outcome introspect(call& c);
  outcome user_info(call& c);
  outcome sign_in(call& c);
  outcome sign_up(call& c);
  outcome cas_login(call& c);
  outcome cas_validate(call& c);
  outcome cas_service_validate(call& c);

  // shared by the handlers
  std::variant<user_state*, rejection> find_user(call const& c, std::string_view id_key, std::string_view type_key,
                                                 bool from_body);
  app* find_app(std::string_view id);
  boost::json::object trigger_data_of(user_state const& u, std::vector<std::string> const& factors) const;
  std::string new_mfa_token(std::string const& user_id);
  void log(std::string const& line) const;

  struct authorization_code {
    std::string app_id, user_id, redirect_uri, scope, nonce, challenge, challenge_method;
    clock::time_point expires;
  };
  struct issued_token {  ///< an access or refresh token the provider issued
    bool refresh = false;
    std::string app_id, user_id, scope;  ///< user_id empty: a client-credentials token
    clock::time_point expires;
    std::int64_t issued_at = 0;
    bool revoked = false;
    bool public_client = false;  ///< issued without a client secret
  };
  struct client {  ///< the application an OAuth request authenticated as
    app* application = nullptr;
    bool with_secret = false;
  };
  std::variant<client, outcome> authenticate_client(call const& c);
  /// The user `hint` names by user name or email address; the seed's first when it is empty.
  user_state* user_named(std::string_view hint);
  boost::json::object issue_tokens(call const& c, client const& by, user_state const* u, std::string const& scope,
                                   std::string const& nonce);
  std::string issuer(call const& c) const;
  issued_token const* active_token(std::string const& text, bool refresh);

  std::optional<rejection> authenticate_management(call& c);
  std::optional<rejection> authenticate_user(call& c, guard who);
  std::optional<fault> take_fault(std::string_view path);
  wire_response respond(call const& c, outcome const& o, std::optional<fault> const& f);

  mutable std::mutex mutex_;
  options const& options_;
  seed seed_;
  std::map<std::string, user_state> users_;  ///< by id
  std::vector<std::string> global_factors_;
  std::map<std::string, enrollment> enrollments_;  ///< by token
  std::map<std::string, mfa_token> mfa_tokens_;
  std::unordered_set<std::string> used_nonces_;
  std::deque<std::pair<clock::time_point, std::string>> nonce_expiry_;  ///< in arrival order, so expiry order
  std::map<std::string, std::deque<std::string>, std::less<>> nonces_by_path_;
  std::map<std::string, std::string, std::less<>> last_codes_;
  std::vector<fault> faults_;
  std::map<std::string, authorization_code, std::less<>> codes_;
  std::map<std::string, issued_token, std::less<>> issued_;  ///< by the token's text
  struct cas_ticket {
    std::string app_id, service, user_id;
    clock::time_point expires;
  };
  std::map<std::string, cas_ticket, std::less<>> cas_tickets_;
  std::optional<cas_ticket> take_cas_ticket(call const& c);
  token_keys token_keys_;
  std::size_t jwks_requests_ = 0;
  std::size_t quirked_answers_ = 0;
  /// The quirk options give the endpoint at `path`.
  quirk quirk_of(std::string_view path) const;
  /// The CRUD families' records, by family and key, and the keys deleted (store.cpp).
  std::map<std::string, std::map<std::string, boost::json::object>, std::less<>> records_;
  std::map<std::string, std::set<std::string>, std::less<>> removed_;
};

/// Where the key set is published, as the service publishes it.
inline constexpr std::string_view jwks_path = "/oidc/.well-known/jwks.json";
/// How long what the provider issues lasts.
inline constexpr std::chrono::seconds access_token_lifetime{3600};
inline constexpr std::chrono::seconds code_lifetime{60};
inline constexpr std::chrono::hours refresh_token_lifetime{24 * 30};

/// Random text for tokens and ids: `n` bytes of the OS CSPRNG as lower-case hex.
std::string random_hex(std::size_t n);

/// The member `key` of `o` if it is a string, else empty.
std::string string_member(boost::json::object const& o, std::string_view key);

/// The app id header of either brand; empty when there is none.
std::string app_id_of(wire_request const& request);

/// Factor names in the order the service lists them.
bool is_factor(std::string_view f);

}  // namespace genauth_emulator
