// The token core, without OpenSSL: strict base64url, repeated JSON keys, the P-256 curve check,
// key sets, the compact form, claims, and HS256 (RFC 7515 A.1).

#include "support.hpp"

#include <genauth/jwt.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

using namespace genauth;
using namespace std::chrono_literals;

namespace GENAUTH_UNITY_ID {

std::string const rfc_a1_secret = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
std::string const rfc_a1 =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

jwt::claim_rules at(std::int64_t seconds) {
  jwt::claim_rules r;
  r.clock = [seconds] { return std::chrono::system_clock::time_point(std::chrono::seconds(seconds)); };
  return r;
}

jwt::key_set rfc_secret() {
  auto const bytes = crypto::base64url_decode(rfc_a1_secret);
  REQUIRE(bytes.has_value());
  auto set = jwt::key_set::from_secret(*bytes);
  REQUIRE(set.has_value());
  return *set;
}

/// An HS256 token of `claims` (JSON text) under the RFC's secret, with `header` (JSON text).
std::string hs256(std::string const& claims, std::string const& header = R"({"alg":"HS256"})") {
  auto const secret = crypto::base64url_decode(rfc_a1_secret);
  std::string const input = crypto::base64url_encode(header) + "." + crypto::base64url_encode(claims);
  auto const mac = crypto::hmac_sha256_key(*secret)(input);
  return input + "." + crypto::base64url_encode(mac);
}

TEST_CASE("base64url is read strictly: its alphabet, no padding, no stray bits, every byte string one text") {
  CHECK(crypto::base64url_encode(std::string_view("\xfb\xff", 2)) == "-_8");
  CHECK(crypto::base64url_decode("-_8") == std::vector<std::uint8_t>{0xfb, 0xff});
  CHECK(crypto::base64url_decode("")->empty());
  for (std::string_view bad : {"-_8=", "+/8", "-_9", "A", "AB C", "AB\n", "QQ==", "QR"}) {
    CAPTURE(bad);
    CHECK_FALSE(crypto::base64url_decode(bad).has_value());
  }
  std::mt19937 random(7);
  for (std::size_t n = 0; n < 200; ++n) {
    std::vector<std::uint8_t> bytes(n);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(random());
    CHECK(crypto::base64url_decode(crypto::base64url_encode(bytes)) == bytes);
  }
}

TEST_CASE("a repeated JSON key is seen at any depth, escaped or not, and nothing else is taken for one") {
  auto const repeats = [](std::string_view text) {
    return genauth::detail::repeats_a_key(text, boost::json::parse(text));
  };
  CHECK_FALSE(repeats(R"({"a":1,"b":{"a":2},"c":[{"a":1},{"a":1,"b":[1,2,{}]}],"d":"{,}\"{"})"));
  CHECK_FALSE(repeats(R"([])"));
  CHECK_FALSE(repeats(R"({})"));
  CHECK(repeats(R"({"a":1,"a":2})"));
  CHECK(repeats(R"({"a":1,"\u0061":2})"));
  CHECK(repeats(R"({"x":{"y":[{"k":1,"k":1}]}})"));
  CHECK(repeats(R"({"x":{"a":{},"a":{"b":1}},"y":2})"));
}

TEST_CASE("a P-256 point off the curve or beyond the field is seen") {
  using field = crypto::detail::p256_field;
  auto const bytes = [](std::string_view b64) {
    auto const v = crypto::base64url_decode(b64);
    REQUIRE(v.has_value());
    REQUIRE(v->size() == 32);
    return field::from_bytes(std::span<std::uint8_t const, 32>(v->data(), 32));
  };
  auto const x = bytes("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"), y = bytes("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  CHECK(field::on_curve(x, y));
  auto y1 = y;
  y1[0] ^= 1;
  CHECK_FALSE(field::on_curve(x, y1));
  CHECK_FALSE(field::on_curve(field::p, y));
  CHECK_FALSE(field::on_curve(field::number{}, field::number{}));
}

std::string const rsa_n =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_Yp"
    "RPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZl"
    "xvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
std::string const rsa_key = R"({"kty":"RSA","kid":"r","n":")" + rsa_n + R"(","e":"AQAB"})";
std::string const ec_key =
    R"({"kty":"EC","crv":"P-256","kid":"e","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";

result<jwt::key_set> parse_keys(std::string const& keys) { return jwt::key_set::parse(R"({"keys":[)" + keys + "]}"); }

TEST_CASE("a key set keeps the keys that may verify, and skips the others") {
  auto const set = parse_keys(rsa_key + "," + ec_key + R"(,{"kty":"oct","k":"c2VjcmV0"},{"kty":"OKP","crv":"Ed25519","x":"AA"},)" +
                              R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"},)" + R"({"kty":"RSA","use":"enc","n":"AA","e":"AQAB"},)" +
                              R"({"kty":"RSA","key_ops":["encrypt"],"n":"AA","e":"AQAB"},)" + R"({"kty":"RSA","alg":"RS512","n":"AA","e":"AQAB"})");
  REQUIRE_MESSAGE(set.has_value(), set.error().to_string());
  CHECK(set->keys().size() == 2);  // the rest is skipped: a published secret, other types, curves, uses, algorithms
  CHECK(set->select(jwt::algorithm::rs256, "r").has_value());
  CHECK(set->select(jwt::algorithm::ps256, std::nullopt).has_value());
  CHECK(set->select(jwt::algorithm::es256, std::nullopt).value()->id == "e");
}

TEST_CASE("J7 a kid no key of the set has, or several keys that fit and no kid, is token_key_unknown") {
  auto const set = parse_keys(rsa_key + "," + ec_key);
  REQUIRE(set.has_value());
  CHECK(set->select(jwt::algorithm::es256, "r").error().code == errc::token_key_unknown);  // the kid of an RSA key
  CHECK(set->select(jwt::algorithm::rs256, "x").error().code == errc::token_key_unknown);
  auto const two = parse_keys(rsa_key + "," + R"({"kty":"RSA","kid":"r2","n":")" + rsa_n + R"(","e":"AQAB"})");
  REQUIRE(two.has_value());
  CHECK(two->select(jwt::algorithm::rs256, std::nullopt).error().code == errc::token_key_unknown);  // which one?
  CHECK(two->select(jwt::algorithm::rs256, "r2").has_value());
}

TEST_CASE("J6 a malformed key set, or a key in it that cannot be safe, refuses the set") {
  struct refused {
    std::string keys;
    errc code;
  };
  for (auto const& r : std::vector<refused>{
           {R"({"kty":"RSA","n":"AQAB","e":"AQAB"})", errc::key_unsafe},  // 17 bits
           {R"({"kty":"RSA","n":")" + rsa_n + R"(","e":"AQ"})", errc::key_unsafe},  // exponent 1
           {R"({"kty":"RSA","n":")" + rsa_n + R"(","e":"AQAA"})", errc::key_unsafe},  // even
           {R"({"kty":"RSA","n":")" + rsa_n + R"(","e":"AQAB","d":"AA"})", errc::key_unsafe},  // private
           {R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a4"})", errc::key_unsafe},
           {R"({"kty":"EC","crv":"P-256","x":"AA","y":"AA"})", errc::key_set_malformed},
           {R"({"kty":"RSA","n":"a+b","e":"AQAB"})", errc::key_set_malformed},
           {R"({"kty":"RSA","kid":7,"n":")" + rsa_n + R"(","e":"AQAB"})", errc::key_set_malformed},
           {R"({"kty":"RSA","alg":"ES256","n":")" + rsa_n + R"(","e":"AQAB"})", errc::key_set_malformed},
           {R"(1)", errc::key_set_malformed},
       }) {
    CAPTURE(r.keys);
    auto const s = parse_keys(r.keys);
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == r.code);
  }
  for (std::string_view bad : {"", "[]", R"({"keys":{}})", R"({"keys":[],"keys":[]})", "{\"keys\":["}) {
    CAPTURE(bad);
    CHECK(jwt::key_set::parse(bad).error().code == errc::key_set_malformed);
  }
  CHECK(jwt::key_set::from_secret(std::string(31, 's')).error().code == errc::key_unsafe);
  std::string many = rsa_key;
  for (int i = 0; i < 64; ++i) many += "," + rsa_key;
  CHECK(parse_keys(many).error().code == errc::key_set_malformed);  // 65 usable keys
  CHECK(jwt::key_set::parse(R"({"keys":[],"pad":")" + std::string(1024 * 1024, 'p') + "\"}").error().code ==
        errc::key_set_malformed);
  CHECK(jwt::key_set::parse(std::string(40, '[') + std::string(40, ']')).error().code == errc::key_set_malformed);
}

TEST_CASE("RFC 7515 A.1 (HS256) verifies") {
  auto const t = jwt::verify(rfc_a1, rfc_secret(), at(1300819000));
  REQUIRE_MESSAGE(t.has_value(), t.error().to_string());
  CHECK(t->alg == jwt::algorithm::hs256);
  CHECK(t->string_claim("iss") == "joe");
  CHECK(t->header.at("typ") == "JWT");
}

TEST_CASE("J2 alg none, an algorithm not verified here, or one no key allows (algorithm confusion) is refused") {
  auto const keys = rfc_secret();
  for (auto const* header : {R"({"alg":"none"})", R"({"alg":"HS512"})", R"({"alg":"hs256"})", R"({"alg":"EdDSA"})"}) {
    CAPTURE(header);
    CHECK(jwt::verify(hs256(R"({"sub":"u"})", header), keys).error().code == errc::token_algorithm_refused);
  }
  // An RS256 token against a secret, and an HS256 token against public keys (whose bytes an
  // attacker could use as the HMAC secret): no key allows it.
  auto const rs256 = "eyJhbGciOiJSUzI1NiJ9." + rfc_a1.substr(rfc_a1.find('.') + 1);
  CHECK(jwt::verify(rs256, keys, at(1300819000)).error().code == errc::token_key_unknown);
  auto const public_keys = parse_keys(rsa_key + "," + ec_key);
  REQUIRE(public_keys.has_value());
  CHECK(jwt::verify(hs256(R"({"sub":"u"})"), *public_keys).error().code == errc::token_key_unknown);
  CHECK(jwt::verify(hs256(R"({"sub":"u"})", R"({"alg":"HS256","kid":"r"})"), *public_keys).error().code ==
        errc::token_key_unknown);
  // Public-key algorithms need the OpenSSL verifier, even against a set that holds their key.
  auto const signed_rs256 = "eyJhbGciOiJSUzI1NiIsImtpZCI6InIifQ." + rfc_a1.substr(rfc_a1.find('.') + 1);
  CHECK(jwt::verify(signed_rs256, *public_keys, at(1300819000)).error().code == errc::token_algorithm_refused);
}

TEST_CASE("J3 a signature changed in one bit, or made with another secret, is token_signature_invalid") {
  auto const keys = rfc_secret();
  auto const dot = rfc_a1.rfind('.');
  auto signature = *crypto::base64url_decode(rfc_a1.substr(dot + 1));
  for (std::size_t bit = 0; bit < signature.size() * 8; bit += 7) {
    signature[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto const changed = rfc_a1.substr(0, dot + 1) + crypto::base64url_encode(signature);
    signature[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    CAPTURE(bit);
    CHECK(jwt::verify(changed, keys, at(1300819000)).error().code == errc::token_signature_invalid);
  }
  CHECK(jwt::verify(rfc_a1.substr(0, dot + 1) + "AAAA", keys, at(1300819000)).error().code == errc::token_signature_invalid);
  auto const other = jwt::key_set::from_secret(std::string(32, 'k'));
  CHECK(jwt::verify(rfc_a1, *other, at(1300819000)).error().code == errc::token_signature_invalid);
}

TEST_CASE("J1 a token that is not a compact JWS of base64url JSON objects, or breaks its rules, is token_malformed") {
  auto const keys = rfc_secret();
  std::string const good = hs256(R"({"sub":"u"})");
  REQUIRE(jwt::verify(good, keys).has_value());
  auto const [h, rest] = std::pair(good.substr(0, good.find('.')), good.substr(good.find('.') + 1));
  struct hostile {
    std::string token;
    errc code;
  };
  for (auto const& c : std::vector<hostile>{
           {"", errc::token_malformed},
           {good + ".", errc::token_malformed},
           {h + "." + rest.substr(0, rest.find('.')), errc::token_malformed},
           {h + "=." + rest, errc::token_malformed},
           {good + "=", errc::token_malformed},
           {" " + good, errc::token_malformed},
           {rfc_a1.substr(0, rfc_a1.size() - 1) + "l", errc::token_malformed},  // 'k' with a stray bit set
           {hs256(R"({"sub":"u"})", R"({"typ":"JWT"})"), errc::token_malformed},
           {hs256(R"({"sub":"u"})", R"({"alg":"HS256","crit":["exp"],"exp":1})"), errc::token_malformed},
           {hs256(R"({"sub":"u"})", R"({"alg":"HS256","kid":1})"), errc::token_malformed},
           {hs256(R"({"sub":"u"})", R"({"alg":"HS256","alg":"HS256"})"), errc::token_malformed},
           {hs256(R"({"sub":"u","sub":"admin"})"), errc::token_malformed},
           {hs256(R"(["sub"])"), errc::token_malformed},
           {hs256(R"({"sub":)"), errc::token_malformed},
           {hs256("{\"s\":\"\xff\"}"), errc::token_malformed},  // not UTF-8
           {hs256(R"({"blob":")" + std::string(70000, 'x') + R"("})"), errc::token_malformed},
       }) {
    CAPTURE(c.token.substr(0, 80));
    auto const r = jwt::verify(c.token, keys);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == c.code);
    CHECK(r.error().kind() == error_kind::token);
  }
}

std::int64_t const now = 1767225600;

/// What verifying an HS256 token of `claims` under `rules` gives, at `now` unless the rules
/// have a clock.
errc check(std::string const& claims, jwt::claim_rules rules) {
  if (!rules.clock) rules.clock = at(now).clock;
  auto const r = jwt::verify(hs256(claims), rfc_secret(), rules);
  return r ? errc::none : r.error().code;
}

std::string t(std::int64_t v) { return std::to_string(v); }

TEST_CASE("J4 a token used after exp, before nbf or beyond its maximum age is refused, at the edges too") {
  CHECK(check(R"({"exp":)" + t(now) + "}", {}) == errc::token_expired);
  CHECK(check(R"({"exp":)" + t(now + 1) + "}", {}) == errc::none);
  CHECK(check(R"({"exp":)" + t(now) + ".5}", {}) == errc::none);
  auto lenient = at(now);
  lenient.leeway = 2s;
  CHECK(check(R"({"exp":)" + t(now - 1) + "}", lenient) == errc::none);
  CHECK(check(R"({"nbf":)" + t(now + 1) + "}", {}) == errc::token_not_yet_valid);
  CHECK(check(R"({"nbf":)" + t(now + 1) + "}", lenient) == errc::none);
  CHECK(check(R"({"nbf":)" + t(now) + "}", {}) == errc::none);
  CHECK(check(R"({"exp":"tomorrow"})", {}) == errc::token_claim_refused);
  CHECK(check(R"({"iat":null})", {}) == errc::token_claim_refused);
  jwt::claim_rules fresh;
  fresh.max_age = 600s;
  CHECK(check(R"({"iat":)" + t(now - 100) + "}", fresh) == errc::none);
  CHECK(check(R"({"iat":)" + t(now - 601) + "}", fresh) == errc::token_expired);
  CHECK(check(R"({"iat":)" + t(now + 5) + "}", fresh) == errc::token_claim_refused);
  CHECK(check(R"({})", fresh) == errc::token_claim_missing);
}

TEST_CASE("J5 a claim missing or not the one expected is refused, and the error names the claim, never its value") {
  auto const keys = rfc_secret();
  jwt::claim_rules issuer;
  issuer.issuers = {"https://a.example", "https://b.example"};
  CHECK(check(R"({"iss":"https://b.example"})", issuer) == errc::none);
  CHECK(check(R"({"iss":"https://c.example"})", issuer) == errc::token_claim_refused);
  CHECK(check(R"({"iss":7})", issuer) == errc::token_claim_refused);
  CHECK(check(R"({})", issuer) == errc::token_claim_missing);
  jwt::claim_rules audience;
  audience.audiences = {"api"};
  CHECK(check(R"({"aud":"api"})", audience) == errc::none);
  CHECK(check(R"({"aud":["web",7,"api"]})", audience) == errc::none);
  CHECK(check(R"({"aud":["web"]})", audience) == errc::token_claim_refused);
  CHECK(check(R"({"aud":{"api":1}})", audience) == errc::token_claim_refused);
  CHECK(check(R"({})", audience) == errc::token_claim_missing);
  jwt::claim_rules id_token;
  id_token.nonce = "n-0S6";
  id_token.authorized_party = "client-1";
  CHECK(check(R"({"nonce":"n-0S6","aud":"client-1"})", id_token) == errc::none);
  CHECK(check(R"({"nonce":"n-0S6","aud":["client-1","other"]})", id_token) == errc::token_claim_refused);
  CHECK(check(R"({"nonce":"n-0S6","aud":["client-1","other"],"azp":"client-1"})", id_token) == errc::none);
  CHECK(check(R"({"nonce":"n-0S6","azp":"other"})", id_token) == errc::token_claim_refused);
  CHECK(check(R"({"nonce":"stolen"})", id_token) == errc::token_claim_refused);
  CHECK(check(R"({})", id_token) == errc::token_claim_missing);
  jwt::claim_rules required;
  required.required = {"sub", "jti"};
  CHECK(check(R"({"sub":"u","jti":null})", required) == errc::none);
  CHECK(check(R"({"sub":"u"})", required) == errc::token_claim_missing);
  jwt::claim_rules typed;
  typed.type = "application/at+JWT";
  CHECK(jwt::verify(hs256("{}", R"({"alg":"HS256","typ":"at+jwt"})"), keys, typed).has_value());
  CHECK(jwt::verify(hs256("{}", R"({"alg":"HS256","typ":"JWT"})"), keys, typed).error().code == errc::token_claim_refused);
  // An error names the claim, never its value.
  auto const r = jwt::verify(hs256(R"({"iss":"https://secret-issuer.example"})"), keys, issuer);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().json_path == "iss");
  CHECK(r.error().to_string().find("secret-issuer") == std::string::npos);
}

TEST_CASE("decode_unverified reads what verify reads, and checks nothing else") {
  auto const t = jwt::decode_unverified(hs256(R"({"sub":"u","exp":1})"));
  REQUIRE(t.has_value());
  CHECK(t->string_claim("sub") == "u");
  CHECK_FALSE(t->string_claim("exp").has_value());
  CHECK_FALSE(jwt::decode_unverified("a.b").has_value());
}

}  // namespace GENAUTH_UNITY_ID
