// The key cache against the emulator's published keys, over a real loopback connection: one
// fetch serves every token, a rotated key verifies after one refresh, a flood of unknown key ids
// from many threads costs one fetch per interval (counted at the emulator), failed fetches keep
// the keys held, and the async driver shares fetches too.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "../e2e/quiet.hpp"
#include "../e2e/test_pki.hpp"

#include <genauth/crypto/base64.hpp>
#include <genauth/jwt/async.hpp>
#include <genauth/jwt/key_cache.hpp>
#include <genauth/transport/beast.hpp>

#include <genauth_emulator/server.hpp>

#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace genauth;
using namespace std::chrono_literals;

namespace {

/// A steady clock the test moves by hand.
struct manual_clock {
  std::shared_ptr<std::atomic<std::int64_t>> seconds = std::make_shared<std::atomic<std::int64_t>>(0);
  std::chrono::steady_clock::time_point const base = std::chrono::steady_clock::now();
  void advance(std::chrono::seconds s) const { *seconds += s.count(); }
  [[nodiscard]] std::function<std::chrono::steady_clock::time_point()> function() const {
    return [s = seconds, b = base] { return b + std::chrono::seconds(s->load()); };
  }
};

/// The emulator, over HTTPS (the test CA) or plain HTTP (where the threads TSan sees are the
/// SDK's, not OpenSSL's).
struct provider {
  explicit provider(bool tls = true)
      : server([&] {
          auto o = quiet();
          if (tls) {
            o.tls_certificate_file = pki().server;
            o.tls_key_file = pki().key;
          }
          return o;
        }(), genauth_emulator::default_seed()),
        transport([&] {
          beast_options o;
          o.ca_file = pki().ca;
          o.allow_insecure_http = !tls;
          o.timeout = 5s;
          return o;
        }()) {}

  [[nodiscard]] jwt::key_cache cache(manual_clock const& clock, std::chrono::seconds max_age = 1h) const {
    auto c = jwt::key_cache::create({.jwks_url = server.url() + "/oidc/.well-known/jwks.json",
                                     .min_interval = 30s,
                                     .max_age = max_age,
                                     .clock = clock.function()});
    REQUIRE(c.has_value());
    return *c;
  }
  [[nodiscard]] std::string token(std::string_view alg = "RS256") const {
    auto t = server.issue_token(R"({"iss":"https://emulator","sub":"user-alice","aud":"emulator-app"})", alg);
    REQUIRE_FALSE(t.empty());
    return t;
  }

  genauth_emulator::server server;
  beast_transport transport;
};

jwt::claim_rules const rules{.issuers = {"https://emulator"}, .audiences = {"emulator-app"}};

/// `token` with its header's kid changed: a key the provider never published.
std::string with_kid(std::string const& token, std::string const& kid) {
  return crypto::base64url_encode(R"({"alg":"RS256","kid":")" + kid + R"("})") + token.substr(token.find('.'));
}

}  // namespace

TEST_CASE("the first verification fetches the key set, and every later one uses it") {
  provider p;
  manual_clock clock;
  auto const cache = p.cache(clock);
  for (auto const* alg : {"RS256", "ES256"}) {
    auto const t = p.token(alg);
    for (int i = 0; i < 50; ++i) {
      auto const r = cache.verify(t, rules, p.transport);
      REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
      CHECK(r->string_claim("sub") == "user-alice");
    }
  }
  CHECK(p.server.jwks_requests() == 1);
  CHECK(cache.fetches() == 1);
  auto const other_audience = cache.verify(p.token(), jwt::claim_rules{.audiences = {"another-app"}}, p.transport);
  CHECK(other_audience.error().code == errc::token_claim_refused);
}

TEST_CASE("a token signed with a rotated key verifies after one refresh, and the old key's tokens still do") {
  provider p;
  manual_clock clock;
  auto const cache = p.cache(clock);
  auto const before = p.token();
  REQUIRE(cache.verify(before, rules, p.transport).has_value());
  clock.advance(30s);  // fetches start at most once per min_interval
  auto const kid = p.server.rotate_keys();
  auto const after = p.token();
  CHECK(jwt::decode_unverified(after)->kid == kid);
  auto const r = cache.verify(after, rules, p.transport);
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  CHECK(cache.verify(before, rules, p.transport).has_value());
  CHECK(cache.verify(p.token("ES256"), rules, p.transport).has_value());
  CHECK(p.server.jwks_requests() == 2);
}

TEST_CASE("J8 a flood of unknown key ids from 8 threads costs one fetch per interval, counted at the emulator") {
  provider p(false);
  p.server.inject({.path = "/oidc/.well-known/jwks.json", .what = genauth_emulator::fault::kind::delay,
                   .times = -1, .delay = 50ms});  // fetches overlap the threads' verifications
  manual_clock clock;
  auto const cache = p.cache(clock);
  auto const good = p.token();
  REQUIRE(cache.verify(good, rules, p.transport).has_value());
  REQUIRE(p.server.jwks_requests() == 1);
  clock.advance(30s);

  auto const flood = [&](int round) {
    std::atomic<int> unknown{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          auto const r = cache.verify(with_kid(good, "forged-" + std::to_string(round * 1000 + t * 100 + i)), rules,
                                      p.transport);
          (!r && r.error().code == errc::token_key_unknown ? unknown : other)++;
        }
      });
    for (auto& t : threads) t.join();
    CHECK(unknown == 800);
    CHECK(other == 0);
  };
  flood(1);
  CHECK(p.server.jwks_requests() == 2);  // one refresh for 800 unknown ids
  flood(2);
  CHECK(p.server.jwks_requests() == 2);  // the interval has not passed
  clock.advance(30s);
  flood(3);
  CHECK(p.server.jwks_requests() == 3);

  // A rotation while 8 threads verify tokens of the new key: each waits for the one fetch.
  clock.advance(30s);
  p.server.rotate_keys();
  auto const rotated = p.token();
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) verified += cache.verify(rotated, rules, p.transport).has_value() ? 1 : 0;
    });
  for (auto& t : threads) t.join();
  CHECK(verified == 160);
  CHECK(p.server.jwks_requests() == 4);
}

TEST_CASE("J9 a failed fetch keeps the keys held; with none held, its error is the answer until the next interval") {
  provider p;
  manual_clock clock;
  auto const cache = p.cache(clock);
  p.server.inject({.path = "/oidc/.well-known/jwks.json", .what = genauth_emulator::fault::kind::html_502});
  auto const t = p.token();
  auto const failed = cache.verify(t, rules, p.transport);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().kind() == error_kind::http);
  CHECK(failed.error().http_status == 502);
  CHECK(cache.verify(t, rules, p.transport).error().http_status == 502);  // not fetched again yet
  CHECK(p.server.jwks_requests() == 1);
  clock.advance(30s);
  REQUIRE(cache.verify(t, rules, p.transport).has_value());
  CHECK(p.server.jwks_requests() == 2);

  clock.advance(30s);
  p.server.rotate_keys();
  p.server.inject({.path = "/oidc/.well-known/jwks.json", .what = genauth_emulator::fault::kind::connection_reset,
                   .times = -1});
  CHECK(cache.verify(p.token(), rules, p.transport).error().code == errc::token_key_unknown);
  CHECK(cache.verify(t, rules, p.transport).has_value());  // the keys held still serve
  CHECK(cache.fetches() == 3);
  p.server.clear_faults();
}

TEST_CASE("keys older than max_age are fetched again by one verification") {
  provider p;
  manual_clock clock;
  auto const cache = p.cache(clock, 600s);
  auto const t = p.token();
  REQUIRE(cache.verify(t, rules, p.transport).has_value());
  clock.advance(599s);
  REQUIRE(cache.verify(t, rules, p.transport).has_value());
  CHECK(p.server.jwks_requests() == 1);
  clock.advance(1s);
  REQUIRE(cache.verify(t, rules, p.transport).has_value());
  REQUIRE(cache.verify(t, rules, p.transport).has_value());
  CHECK(p.server.jwks_requests() == 2);
}

TEST_CASE("async: verifications on an event loop share one fetch, and one waits for another's") {
  provider p;
  p.server.inject({.path = "/oidc/.well-known/jwks.json", .what = genauth_emulator::fault::kind::delay,
                   .times = -1, .delay = 100ms});
  boost::asio::io_context loop;
  beast_options o;
  o.ca_file = pki().ca;
  beast_transport const transport(loop.get_executor(), o);
  manual_clock clock;
  auto const cache = p.cache(clock);
  auto const first = p.token();
  std::vector<std::string> outcomes;
  auto const record = [&](result<jwt::token> r) {
    outcomes.push_back(r ? std::string(*r->string_claim("sub")) : r.error().to_string());
  };
  for (int i = 0; i < 3; ++i) jwt::async_verify(cache, first, rules, transport, record);
  CHECK(outcomes.empty());  // never inline
  loop.run();
  CHECK(outcomes == std::vector<std::string>(3, "user-alice"));
  CHECK(p.server.jwks_requests() == 1);

  clock.advance(30s);
  p.server.rotate_keys();
  auto const rotated = p.token();
  outcomes.clear();
  for (int i = 0; i < 3; ++i) jwt::async_verify(cache, rotated, rules, transport, record);
  jwt::async_verify(cache, with_kid(rotated, "forged"), rules, transport, record);
  loop.restart();
  loop.run();
  REQUIRE(outcomes.size() == 4);
  CHECK(std::count(outcomes.begin(), outcomes.end(), "user-alice") == 3);
  CHECK(std::count(outcomes.begin(), outcomes.end(), "token refused: no key of the set fits the token") == 1);
  CHECK(p.server.jwks_requests() == 2);
}

TEST_CASE("a JWKS URL that is not absolute http(s) is refused when the cache is made") {
  for (auto const* url : {"", "ftp://example.com/jwks", "https://exa mple.com/jwks", "https://example.com/\x01",
                          "//example.com/jwks", "https://example.com/jwks#frag"}) {
    CAPTURE(url);
    auto const c = jwt::key_cache::create({.jwks_url = url});
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().code == errc::malformed_host);
  }
}
