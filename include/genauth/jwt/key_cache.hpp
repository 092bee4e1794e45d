#pragma once

// The provider's key set, fetched from its JWKS URL and kept: tokens are verified locally, and
// the set is fetched again when it is older than its maximum age or a token names a key it does
// not hold (a rotation), at most once per interval however many tokens ask.

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/jwt/claims.hpp>
#include <genauth/jwt/key_set.hpp>
#include <genauth/jwt/openssl.hpp>
#include <genauth/jwt/token.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {

/// Where a key_cache fetches its keys and how often.
struct key_cache_options {
  /// The JWKS document, e.g. `https://<app host>/oidc/.well-known/jwks.json`. Plain `http://`
  /// passes only through a transport that allows it.
  std::string jwks_url{};
  /// Fetches start at most this often, whatever asks for them: a flood of tokens naming
  /// unknown keys costs the provider one request per interval.
  std::chrono::seconds min_interval{30};
  /// Keys older than this are fetched again (by the first verification that finds them so; the
  /// others go on with the keys held).
  std::chrono::seconds max_age{std::chrono::hours(1)};
  /// The fetch's timeout, handed to the transport.
  std::chrono::milliseconds fetch_timeout{5000};
  /// The time the intervals are measured in; empty: std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> clock{};
};

/// A JWKS URL's keys, kept and refreshed. Copies share one cache; every member function may be
/// called from any thread at once. verify() fetches through a blocking transport; an event loop
/// drives the same cache with start_refresh(), finish_refresh() and when_refreshed() (see
/// jwt::async_verify in genauth/jwt/async.hpp).
class key_cache {
 public:
  /// A cache for `o.jwks_url`, holding no keys yet. The URL must be absolute http(s), without
  /// spaces or control characters.
  [[nodiscard]] static result<key_cache> create(key_cache_options o) {
    std::string_view const url = o.jwks_url;
    bool const scheme = url.starts_with("https://") || url.starts_with("http://");
    bool clean = !url.empty();
    for (char const c : url) clean = clean && static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
    if (!scheme || !clean || url.find('#') != std::string_view::npos)
      return genauth::detail::make_error(errc::malformed_host, "the JWKS URL is not an absolute http(s) URL");
    key_cache c;
    c.state_ = std::make_shared<state>(std::move(o));
    return c;
  }

  /// Verifies a token with the keys held, fetching them through `transport` first when none
  /// are held yet or they are older than max_age, and again when no key fits the token (it may
  /// have been signed with a new key), each within min_interval. While another thread fetches,
  /// a token the held keys cannot decide waits for that fetch (at most fetch_timeout). A failed
  /// fetch keeps the keys held; with none, it is the error.
  template <class Transport>
    requires genauth::transport<Transport>
  [[nodiscard]] result<token> verify(std::string_view text, claim_rules const& rules, Transport& transport) const {
    if (auto request = start_refresh(false)) finish_refresh(genauth::detail::send(transport, *request));
    auto r = verify_cached(text, rules);
    if (r || !needs_keys(r.error())) return r;
    if (auto request = start_refresh(true)) {
      finish_refresh(genauth::detail::send(transport, *request));
    } else if (!wait_for_refresh()) {
      return r;
    }
    return verify_cached(text, rules);
  }

  /// Verifies with the keys held, never fetching: token_key_unknown when no key fits, the last
  /// fetch's error when none are held.
  [[nodiscard]] result<token> verify_cached(std::string_view text, claim_rules const& rules) const {
    std::shared_ptr<openssl_verifier const> keys;
    error last;
    {
      std::lock_guard const lock(state_->mutex);
      keys = state_->verifier;
      last = state_->last_error;
    }
    if (keys) return keys->verify(text, rules);
    if (last.code != errc::none) return last;
    return genauth::detail::make_error(errc::token_key_unknown, "the key cache holds no keys yet");
  }

  /// The request to fetch the keys with, when a fetch should start now: none held, held longer
  /// than max_age, or `key_unknown` (a token fits no key held); and none in flight, and none
  /// started within min_interval. The caller then sends it and hands the result to
  /// finish_refresh(), exactly once.
  [[nodiscard]] std::optional<http_request> start_refresh(bool key_unknown) const {
    auto const now = state_->now();
    std::lock_guard const lock(state_->mutex);
    auto& s = *state_;
    bool const stale = !s.verifier || now - s.fetched_at >= s.options.max_age;
    if (!(stale || key_unknown) || s.in_flight) return std::nullopt;
    if (s.last_start && now - *s.last_start < s.options.min_interval) return std::nullopt;
    s.in_flight = true;
    s.last_start = now;
    http_request request;
    request.method = http_method::get;
    request.url = s.options.jwks_url;
    request.headers.add("Accept", "application/json");
    request.idempotent = true;
    request.timeout = s.options.fetch_timeout;
    return request;
  }

  /// Ends the fetch start_refresh() began: a 200 answer holding a key set the SDK accepts
  /// replaces the keys held; anything else keeps them and is remembered as the last error.
  /// Wakes what waits for the fetch.
  void finish_refresh(transport_result const& fetched) const {
    std::shared_ptr<openssl_verifier const> verifier;
    error failure;
    if (fetched.error) {
      failure = genauth::detail::make_error(errc::transport_failed, "the key set could not be fetched");
      failure.cause = fetched.error;
    } else if (fetched.response.status != 200) {
      failure = genauth::detail::make_error(errc::http_status, "the key set's URL answered HTTP " +
                                                                   std::to_string(fetched.response.status));
      failure.http_status = fetched.response.status;
      failure.body_size = fetched.response.body.size();
    } else if (auto set = key_set::parse(fetched.response.body); !set) {
      failure = std::move(set).error();
    } else if (auto v = openssl_verifier::create(std::move(*set)); !v) {
      failure = std::move(v).error();
    } else {
      verifier = std::make_shared<openssl_verifier const>(std::move(*v));
    }
    auto const now = state_->now();
    std::vector<std::function<void()>> waiters;
    {
      std::lock_guard const lock(state_->mutex);
      auto& s = *state_;
      if (verifier) {
        s.verifier = std::move(verifier);
        s.fetched_at = now;
        s.last_error = {};
      } else {
        s.last_error = std::move(failure);
      }
      s.in_flight = false;
      ++s.fetches;
      waiters.swap(s.waiters);
    }
    state_->refreshed.notify_all();
    for (auto& w : waiters) w();
  }

  /// Runs `f` once the fetch in flight ends, on the thread that ends it; at once, on this
  /// thread, when none is in flight. Returns whether a fetch was in flight.
  bool when_refreshed(std::function<void()> f) const {
    {
      std::lock_guard const lock(state_->mutex);
      if (state_->in_flight) {
        state_->waiters.push_back(std::move(f));
        return true;
      }
    }
    f();
    return false;
  }

  /// How many fetches have ended, well or not.
  [[nodiscard]] std::uint64_t fetches() const {
    std::lock_guard const lock(state_->mutex);
    return state_->fetches;
  }

  /// Whether `e` is an error fetched keys may change: no key fits, or none are held.
  [[nodiscard]] static bool needs_keys(error const& e) noexcept {
    return e.code == errc::token_key_unknown || e.kind() == error_kind::transport || e.kind() == error_kind::http;
  }

 private:
  struct state {
    explicit state(key_cache_options o) : options(std::move(o)) {}
    std::chrono::steady_clock::time_point now() const {
      return options.clock ? options.clock() : std::chrono::steady_clock::now();
    }
    key_cache_options const options;
    mutable std::mutex mutex;
    std::condition_variable refreshed;
    std::shared_ptr<openssl_verifier const> verifier;  // null until a fetch succeeds
    std::chrono::steady_clock::time_point fetched_at{};
    std::optional<std::chrono::steady_clock::time_point> last_start{};
    bool in_flight = false;
    std::uint64_t fetches = 0;
    error last_error{};
    std::vector<std::function<void()>> waiters;
  };

  key_cache() = default;

  /// Waits for the fetch in flight, if any, to end (at most its timeout and a second);
  /// whether one was in flight and ended.
  bool wait_for_refresh() const {
    std::unique_lock lock(state_->mutex);
    if (!state_->in_flight) return false;
    auto const ended = state_->fetches;
    return state_->refreshed.wait_for(lock, state_->options.fetch_timeout + std::chrono::seconds(1),
                                      [&] { return state_->fetches != ended; });
  }

  std::shared_ptr<state> state_;
};

}  // namespace jwt
GENAUTH_NAMESPACE_END
