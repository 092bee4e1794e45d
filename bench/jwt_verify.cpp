// Token verifications per second with a cached key: an RS256 and an ES256 token the emulator
// signed, verified through jwt::key_cache (the key set fetched once from the emulator), against
// the floor: OpenSSL's EVP verification of the same signing input and signature alone. On 1 and
// 8 threads, SECONDS each. Prints one JSON line per algorithm and thread count; with a FILE, also
// writes the key set and the tokens there, for bench/node/jwt.mjs to verify the same bytes.
// Usage: genauth_jwt_bench <seconds> [FILE]

#include <genauth/jwt/key_cache.hpp>
#include <genauth/transport/beast.hpp>

#include <genauth_emulator/server.hpp>

#include <boost/json/serialize.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

/// Calls `verify` from `threads` threads for `seconds`; verifications per second, or -1 when one
/// failed.
double rate(int threads, double seconds, std::function<bool()> const& verify) {
  std::atomic<long> done{0};
  std::atomic<bool> failed{false};
  auto const start = std::chrono::steady_clock::now();
  auto const until = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      long mine = 0;
      while (std::chrono::steady_clock::now() < until) {
        for (int i = 0; i < 16; ++i) failed = failed || !verify();
        mine += 16;
      }
      done += mine;
    });
  for (auto& w : workers) w.join();
  double const elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return failed ? -1 : static_cast<double>(done) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: genauth_jwt_bench <seconds> [FILE]\n");
    return 2;
  }
  double const seconds = std::atof(argv[1]);
  genauth_emulator::options o;
  o.log = [](std::string_view) {};
  genauth_emulator::server emulator(o, genauth_emulator::default_seed());
  genauth::beast_options transport_options;
  transport_options.allow_insecure_http = true;
  genauth::beast_transport transport(transport_options);
  std::string const jwks_url = emulator.url() + "/oidc/.well-known/jwks.json";
  auto cache = genauth::jwt::key_cache::create({.jwks_url = jwks_url});
  auto const exp = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch() + std::chrono::hours(2)).count();
  std::string const claims = R"({"iss":"https://emulator/oidc","aud":"emulator-app","sub":"user-alice","exp":)" +
                             std::to_string(exp) + "}";
  genauth::jwt::claim_rules const rules{.issuers = {"https://emulator/oidc"}, .audiences = {"emulator-app"}};

  boost::json::object written;
  for (auto const* alg : {"RS256", "ES256"}) {
    std::string const token = emulator.issue_token(claims, alg);
    written[alg] = token;
    if (!cache->verify(token, rules, transport)) return 1;  // fetches the key set
    // The floor: the same key, input and signature through EVP alone.
    auto const parts = genauth::jwt::detail::parse_compact(token);
    auto const set = genauth::jwt::key_set::parse(transport({.url = jwks_url}).response.body);
    auto const pkey = genauth::jwt::detail::public_key(**set->select(parts->decoded.alg, parts->decoded.kid));
    std::vector<unsigned char> signature(parts->signature.begin(), parts->signature.end());
    if (parts->decoded.alg == genauth::jwt::algorithm::es256) signature = genauth::jwt::detail::es256_der(parts->signature);
    std::string const input(parts->signing_input);
    auto const floor = [&] {
      EVP_MD_CTX* md = EVP_MD_CTX_new();
      bool const ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pkey.get()) == 1 &&
                      EVP_DigestVerify(md, signature.data(), signature.size(),
                                       reinterpret_cast<unsigned char const*>(input.data()), input.size()) == 1;
      EVP_MD_CTX_free(md);
      return ok;
    };
    auto const ours = [&] { return cache->verify(token, rules, transport).has_value(); };
    for (int threads : {1, 8}) {
      double const floor_rate = rate(threads, seconds, floor);
      double const our_rate = rate(threads, seconds, ours);
      std::printf("{\"alg\":\"%s\",\"threads\":%d,\"ours\":%.0f,\"floor\":%.0f}\n", alg, threads, our_rate, floor_rate);
    }
  }
  if (cache->fetches() != 1) return 1;
  if (argc == 3) {
    written["jwks"] = boost::json::parse(transport({.url = jwks_url}).response.body);
    written["issuer"] = "https://emulator/oidc";
    written["audience"] = "emulator-app";
    std::ofstream(argv[2]) << boost::json::serialize(written);
  }
  return 0;
}
