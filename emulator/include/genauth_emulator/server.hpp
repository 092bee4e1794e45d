#pragma once

// A local GenAuth MFA service on real HTTP, for tests and development without a tenant.

#include <genauth_emulator/seed.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace genauth_emulator {

/// A failure the emulator plays instead of (or before) answering requests to one path.
struct fault {
  enum class kind {
    html_502,        ///< HTTP 502 with an HTML page, as a gateway sends it
    truncated_body,  ///< the real answer, cut in the middle of its promised length
    delay,           ///< the real answer, after `delay`
    throttled_429,   ///< HTTP 429, envelope statusCode 429, `Retry-After: retry_after`
    unavailable_503, ///< HTTP 503, envelope statusCode 503, `Retry-After: retry_after`
    connection_reset ///< the connection is reset without an answer
  };
  std::string path;  ///< e.g. /api/v3/get-user-mfa-info
  kind what = kind::html_502;
  int times = 1;  ///< how many requests it hits; negative: all of them
  std::chrono::milliseconds delay{0};
  std::chrono::seconds retry_after{1};
};

/// Parses `PATH=KIND[:ARG][*TIMES]`, the form of the program's --fault option and of the
/// admin endpoint: KIND is html-502, truncated-body, delay (ARG: milliseconds), throttled-429 or
/// unavailable-503 (ARG: Retry-After seconds), connection-reset; TIMES is a count or `*` for always.
/// A delay or Retry-After is at most max_fault_wait.
std::variant<fault, std::string> parse_fault(std::string_view text);

inline constexpr std::chrono::seconds max_fault_wait{60};

/// How an answer served from its endpoint's declaration breaks its documented shape, as the live
/// service's answers do (docs/quirks.md); the SDK reads each as the documented one.
enum class quirk {
  none,
  strings_for_booleans,  ///< a boolean as "enabled" or "disabled"
  object_for_array,      ///< an array of one object as that object
  text_for_array,        ///< an array as a string holding its JSON text
};

/// Parses `PATH=KIND`, the form of the program's --quirk option: KIND one of strings-for-booleans,
/// object-for-array, text-for-array; PATH `*` for every endpoint served from its declaration.
std::variant<std::pair<std::string, quirk>, std::string> parse_quirk(std::string_view text);

struct options {
  std::string address = "127.0.0.1";  ///< loopback unless told otherwise
  std::uint16_t port = 0;             ///< 0: an ephemeral port
  unsigned threads = 2;
  std::size_t max_body_size = 1024 * 1024;        ///< larger requests get 413
  /// At the cap, a new connection closes the connection idle for longest (between requests);
  /// when none is idle, the new one is closed at once.
  std::size_t max_connections = 256;
  std::chrono::milliseconds idle_timeout{15'000};  ///< a connection that sends nothing for this long is closed
  std::chrono::seconds allowed_skew{15 * 60};     ///< how far a signed date may be from the clock
  std::chrono::seconds enrollment_lifetime{60};   ///< how long an enrollment token is good for
  /// The token a request to the admin endpoints (/__emulator/faults, /__emulator/rotate-keys,
  /// /__emulator/tokens) must carry in `x-emulator-admin-token`; empty: they are off (404),
  /// since anything that reaches the port could use them.
  std::string admin_token{};
  std::size_t max_faults = 64;  ///< faults held at once; more are refused
  /// The quirk of each endpoint served from its declaration, by path; `*` for all of them.
  std::map<std::string, quirk, std::less<>> quirks{};
  /// PEM certificate chain and private key: set both to serve HTTPS only (TLS 1.2 and later).
  std::string tls_certificate_file{};
  std::string tls_key_file{};
  /// Receives one line per event (requests, SMS and email codes, faults); empty: standard error.
  std::function<void(std::string_view)> log{};
};

/// The emulator: listens from construction until stop() or destruction; every member function
/// may be called from any thread.
class server {
 public:
  /// Binds and starts serving; throws std::system_error when the address cannot be bound or the
  /// TLS certificate or key cannot be read.
  server(options o, seed s);
  ~server();
  server(server const&) = delete;
  server& operator=(server const&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept;
  /// `http://<address>:<port>`, or `https://` when serving TLS
  [[nodiscard]] std::string url() const;
  /// Stops listening, closes every connection and joins the threads. Idempotent.
  void stop();

  void inject(fault f);
  void clear_faults();

  /// The signature nonces of the well-signed management requests to `path`, in arrival order,
  /// including those answered with a fault.
  [[nodiscard]] std::vector<std::string> nonces_seen(std::string_view path) const;
  /// The last SMS or email code sent to a phone number or address (the log shows it too).
  [[nodiscard]] std::optional<std::string> last_code_sent_to(std::string_view destination) const;
  /// How many requests arrived, well-formed or not.
  [[nodiscard]] std::size_t requests_seen() const;
  /// How many answers a quirk (options::quirks) changed.
  [[nodiscard]] std::size_t quirked_answers() const;

  /// A token the emulator signed: the claims given (JSON object text), with the current key
  /// for `alg` (RS256 or ES256); empty for another algorithm or claims that are not an object.
  [[nodiscard]] std::string issue_token(std::string_view claims, std::string_view alg = "RS256") const;
  /// Rotates the token keys: a new RSA and P-256 key sign from now on, the ones before stay
  /// published. Returns the new RSA key's id.
  std::string rotate_keys();
  /// The key set it publishes, as JSON text (not counted as a fetch).
  [[nodiscard]] std::string jwks() const;
  /// How many times the key set (/oidc/.well-known/jwks.json) was fetched.
  [[nodiscard]] std::size_t jwks_requests() const;

  struct impl;  ///< opaque

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace genauth_emulator
