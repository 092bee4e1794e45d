// Token verification with public keys: RFC 7515's examples, agreement with jose (npm) on tokens
// it signed and hostile edits of them (tests/data/jwt/jose.json, made by tools/jose_vectors.sh),
// and many threads on one verifier.

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <genauth/jwt/openssl.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace genauth;

namespace {

std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string const rfc_payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
std::string const rfc_keys =
    R"({"keys":[{"kty":"RSA","kid":"a2","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"},)"
    R"({"kty":"EC","crv":"P-256","kid":"a3","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})";
std::string const rfc_a2 =
    "eyJhbGciOiJSUzI1NiJ9." + rfc_payload +
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZ"
    "cAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-e"
    "OkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
std::string const rfc_a3 = "eyJhbGciOiJFUzI1NiJ9." + rfc_payload +
                           ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

/// The RFC's examples expire at 1300819380 (2011): a clock just before.
jwt::claim_rules in_2011() {
  jwt::claim_rules r;
  r.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1300819000)); };
  return r;
}

}  // namespace

TEST_CASE("RFC 7515 A.2 (RS256) and A.3 (ES256) verify, and a changed byte does not") {
  auto const keys = jwt::key_set::parse(rfc_keys);
  REQUIRE_MESSAGE(keys.has_value(), keys.error().to_string());
  auto const verifier = jwt::openssl_verifier::create(*keys);
  REQUIRE(verifier.has_value());
  for (auto const& token : {rfc_a2, rfc_a3}) {
    auto const t = verifier->verify(token, in_2011());
    REQUIRE_MESSAGE(t.has_value(), t.error().to_string());
    CHECK(t->string_claim("iss") == "joe");
    CHECK(t->claims.at("http://example.com/is_root") == true);
    for (std::size_t at : {std::size_t{5}, token.size() / 2, token.size() - 2}) {
      std::string changed = token;
      changed[at] = changed[at] == 'A' ? 'B' : 'A';
      CHECK_FALSE(verifier->verify(changed, in_2011()).has_value());
    }
    auto const expired = verifier->verify(token);  // today
    REQUIRE_FALSE(expired.has_value());
    CHECK(expired.error().code == errc::token_expired);
  }
}

TEST_CASE("a key OpenSSL refuses refuses the set, and the core's checks come first") {
  // The P-256 generator with y changed: the core refuses it when the set is read.
  auto const off_curve = jwt::key_set::parse(
      R"({"keys":[{"kty":"EC","crv":"P-256","x":"axfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpY","y":"T-NC4v4af5uO5-tKfA-eFivOM1drMV7Oy7ZAaDe_UfQ"}]})");
  REQUIRE_FALSE(off_curve.has_value());
  CHECK(off_curve.error().code == errc::key_unsafe);
}

TEST_CASE("the SDK's verdict is jose's on every token jose signed and every hostile edit, but for the differences named") {
  auto const doc = boost::json::parse(read_file(GENAUTH_TEST_DATA "/jwt/jose.json")).as_object();
  auto const keys = jwt::key_set::parse(boost::json::serialize(doc.at("jwks")));
  REQUIRE_MESSAGE(keys.has_value(), keys.error().to_string());
  auto const verifier = jwt::openssl_verifier::create(*keys);
  REQUIRE(verifier.has_value());
  auto const secret = crypto::base64url_decode(doc.at("secret").as_string());
  REQUIRE(secret.has_value());
  auto const shared = jwt::key_set::from_secret(*secret);
  REQUIRE(shared.has_value());
  auto const shared_verifier = jwt::openssl_verifier::create(*shared);
  REQUIRE(shared_verifier.has_value());
  // Where jose accepts and this SDK refuses, on purpose.
  std::map<std::string, std::string, std::less<>> const differences = {
      {"padding on the signature", "RFC 7515 §2 writes base64url without padding: read strictly"},
      {"a trailing newline", "a compact JWS holds no whitespace: read strictly"},
      {"duplicate claim", "a repeated key is refused (RFC 7515 §5.2): two readers keeping different ones disagree"},
      {"duplicate header member", "a repeated key is refused, in the header too"},
      {"a 70 kB claim", "a token over jwt::max_token_size (64 KiB) is refused before it is decoded"},
      {"kid as a number", "a kid that is not a string (RFC 7515 §4.1.4) refuses the token, even with a lone secret"},
  };
  auto const strings = [](boost::json::value const& v) {
    std::vector<std::string> out;
    if (v.is_string()) out.emplace_back(v.as_string());
    else if (v.is_array())
      for (auto const& s : v.as_array()) out.emplace_back(s.as_string());
    return out;
  };
  std::map<std::string, int> verdicts;
  int compared = 0, differing = 0;
  for (auto const& item : doc.at("cases").as_array()) {
    auto const& c = item.as_object();
    std::string const name(c.at("name").as_string());
    std::string const token(c.at("token").as_string());
    auto const& o = c.at("options").as_object();
    jwt::claim_rules rules;
    auto const now = o.at("currentDate").to_number<std::int64_t>();
    rules.clock = [now] { return std::chrono::system_clock::time_point(std::chrono::seconds(now)); };
    if (auto const* v = o.if_contains("issuer")) rules.issuers = strings(*v);
    if (auto const* v = o.if_contains("audience")) rules.audiences = strings(*v);
    if (auto const* v = o.if_contains("clockTolerance")) rules.leeway = std::chrono::seconds(v->to_number<std::int64_t>());
    if (auto const* v = o.if_contains("maxTokenAge")) rules.max_age = std::chrono::seconds(v->to_number<std::int64_t>());
    if (auto const* v = o.if_contains("requiredClaims")) rules.required = strings(*v);
    if (auto const* v = o.if_contains("typ")) rules.type = std::string(v->as_string());
    auto const ours = (c.at("secret").as_bool() ? *shared_verifier : *verifier).verify(token, rules);
    bool const jose_accepts = c.at("jose").as_string() == "ok";
    CAPTURE(name);
    CAPTURE(c.at("jose").as_string());
    if (!ours) {
      CAPTURE(ours.error().to_string());
      ++verdicts[std::string(describe(ours.error().code))];
      // No error shows the token or anything of it.
      if (auto const signature = token.substr(token.rfind('.') + 1); signature.size() >= 8)
        CHECK(ours.error().to_string().find(signature) == std::string::npos);
      CHECK(ours.error().to_string().find("user-1") == std::string::npos);
    }
    auto const difference = std::find_if(differences.begin(), differences.end(),
                                         [&](auto const& d) { return name.ends_with(d.first); });
    if (difference != differences.end() && jose_accepts) {
      CHECK_FALSE(ours.has_value());
      ++differing;
    } else {
      CHECK(ours.has_value() == jose_accepts);
      ++compared;
    }
  }
  MESSAGE(compared << " cases agree with jose " << doc.at("jose").as_string() << ", " << differing
                   << " differ as named");
  for (auto const& [why, n] : verdicts) MESSAGE(n << " refused: " << why);
  CHECK(compared > 200);
}

TEST_CASE("8 threads verify with one verifier at once") {
  auto const keys = jwt::key_set::parse(rfc_keys);
  REQUIRE(keys.has_value());
  auto const verifier = jwt::openssl_verifier::create(*keys);
  REQUIRE(verifier.has_value());
  std::atomic<int> verified{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      auto const copy = *verifier;  // copies share the keys
      for (int i = 0; i < 50; ++i)
        if (copy.verify((t + i) % 2 ? rfc_a2 : rfc_a3, in_2011())) ++verified;
    });
  for (auto& t : threads) t.join();
  CHECK(verified == 400);
}
