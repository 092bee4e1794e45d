#include "support.hpp"

#include <doctest/doctest.h>

using namespace genauth;
using namespace std::chrono;

namespace GENAUTH_UNITY_ID {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::string str(std::vector<std::uint8_t> const& b) { return {b.begin(), b.end()}; }


TEST_CASE("Base32 matches the RFC 4648 section 10 vectors") {
  std::vector<std::pair<std::string, std::string>> const rows = {
      {"", ""},           {"f", "MY======"},         {"fo", "MZXQ===="},
      {"foo", "MZXW6==="}, {"foob", "MZXW6YQ="},     {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI======"}};
  for (auto const& [plain, encoded] : rows) {
    CHECK(otp::base32_encode(bytes(plain)) == encoded);
    CHECK(str(*otp::base32_decode(encoded)) == plain);
    // Unpadded, as otpauth URIs carry it.
    std::string const bare = encoded.substr(0, encoded.find('='));
    CHECK(otp::base32_encode(bytes(plain), false) == bare);
    CHECK(str(*otp::base32_decode(bare)) == plain);
  }
}

TEST_CASE("Base32 decoding is strict and says what is wrong") {
  struct row {
    std::string text, message;
  };
  for (auto const& r : std::vector<row>{
           {"MZXW6YT1", "invalid Base32 character at position 7"},
           {"mzxw6ytb", "invalid Base32 character at position 0"},
           {"MZXW 6YTB", "invalid Base32 character at position 4"},
           {"MZXW6YTBO", "Base32 text of 9 characters cannot be complete"},
           {"MZX", "Base32 text of 3 characters cannot be complete"},
           {"MZXQ==", "Base32 padding does not exactly complete the last group of 8"},
           {"MY=====", "Base32 padding does not exactly complete the last group of 8"},
       }) {
    CAPTURE(r.text);
    auto d = otp::base32_decode(r.text);
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().code == errc::malformed_base32);
    CHECK(d.error().kind() == error_kind::invalid_argument);
    CHECK(d.error().message == r.message);
  }
}

TEST_CASE("HOTP matches RFC 4226 appendix D") {
  auto const key = bytes("12345678901234567890");
  std::vector<std::string> const expected = {"755224", "287082", "359152", "969429", "338314",
                                             "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < expected.size(); ++counter)
    CHECK(*otp::hotp(key, counter) == expected[counter]);
}

TEST_CASE("TOTP matches the SHA-1 rows of RFC 6238 appendix B") {
  auto const key = bytes("12345678901234567890");
  std::vector<std::pair<std::int64_t, std::string>> const rows = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (auto const& row : rows) {
    CAPTURE(row.first);
    CHECK(*otp::totp(key, sys_seconds(seconds(row.first)), {.digits = 8}) == row.second);
  }
}

TEST_CASE("TOTP parameters: digits, period, epoch") {
  auto const key = bytes("12345678901234567890");
  CHECK(otp::totp(key, sys_seconds(seconds(59)), {.digits = 5}).error().code == errc::invalid_otp_parameters);
  CHECK(otp::totp(key, sys_seconds(seconds(59)), {.digits = 9}).error().code == errc::invalid_otp_parameters);
  CHECK(otp::totp(key, sys_seconds(seconds(59)), {.period = seconds(0)}).error().code == errc::invalid_otp_parameters);
  CHECK(otp::totp(key, sys_seconds(seconds(59)), {.epoch = sys_seconds(seconds(60))}).error().code ==
        errc::invalid_otp_parameters);
  // A 60 s period at t=119 is step 1, like a 30 s period at t=59.
  CHECK(*otp::totp(key, sys_seconds(seconds(119)), {.digits = 8, .period = seconds(60)}) == "94287082");
  CHECK(*otp::totp(key, sys_seconds(seconds(159)), {.digits = 8, .epoch = sys_seconds(seconds(100))}) == "94287082");
  CHECK(otp::totp(key, system_clock::now())->size() == 6);
}

TEST_CASE("a generated secret's code verifies, and codes outside the window do not") {
  auto const key = otp::generate_secret();
  REQUIRE(key.has_value());
  CHECK(key->size() == 20);
  auto const now = sys_seconds(seconds(1767225000));
  auto const code = *otp::totp(*key, now);
  CHECK(*otp::verify_totp(*key, code, now));
  CHECK(*otp::verify_totp(*key, *otp::totp(*key, now - seconds(30)), now));        // drift within window 1
  CHECK(*otp::verify_totp(*key, *otp::totp(*key, now + seconds(30)), now));
  CHECK_FALSE(*otp::verify_totp(*key, *otp::totp(*key, now - seconds(60)), now));  // outside window 1
  CHECK(*otp::verify_totp(*key, *otp::totp(*key, now - seconds(60)), now, {}, 2));
  CHECK_FALSE(*otp::verify_totp(*key, *otp::totp(*key, now), now + seconds(90), {}, 0));
  CHECK_FALSE(*otp::verify_totp(*key, "12345", now));
  CHECK_FALSE(*otp::verify_totp(*key, "", now));
  CHECK(otp::generate_secret(8).error().code == errc::invalid_otp_parameters);
  CHECK(*otp::generate_secret() != *key);
}

TEST_CASE("otpauth URIs round-trip, labels with spaces, colons and non-ASCII included") {
  otp::key_uri const k{.issuer = "Acme: Corp 株式会社", .account = "alice smith@example.com",
                       .secret = bytes("12345678901234567890"), .digits = 8, .period = seconds(60)};
  auto const uri = otp::build_key_uri(k);
  REQUIRE(uri.has_value());
  CHECK(*uri ==
        "otpauth://totp/Acme%3A%20Corp%20%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE:alice%20smith%40example.com"
        "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%3A%20Corp%20%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE"
        "&algorithm=SHA1&digits=8&period=60");
  auto const back = otp::parse_key_uri(*uri);
  REQUIRE(back.has_value());
  CHECK(back->issuer == k.issuer);
  CHECK(back->account == k.account);
  CHECK(back->secret == k.secret);
  CHECK(back->digits == 8);
  CHECK(back->period == seconds(60));
}

TEST_CASE("the qrCodeUri of an OTP enrolment gives back its secret and settings") {
  auto const body = test::read_json("fixtures/send-enroll-factor-request.success.otp.json");
  auto const k = otp::parse_key_uri(body.at("data").at("otpData").at("qrCodeUri").as_string());
  REQUIRE(k.has_value());
  CHECK(k->issuer == "userPoolName");
  CHECK(k->account == "test");
  CHECK(k->secret == *otp::base32_decode("XXXX"));  // the documented sample's placeholder
  CHECK(k->digits == 6);
  CHECK(k->period == seconds(30));
  // Google-style labels: no issuer prefix, lower-case secret, defaults.
  auto const plain = otp::parse_key_uri("otpauth://totp/alice?secret=jbswy3dpehpk3pxp");
  REQUIRE(plain.has_value());
  CHECK(plain->issuer.empty());
  CHECK(str(plain->secret) == "Hello!\xde\xad\xbe\xef");
  auto const spaced = otp::parse_key_uri("otpauth://totp/Example:%20alice?secret=JBSWY3DPEHPK3PXP&issuer=Example");
  REQUIRE(spaced.has_value());
  CHECK(spaced->account == "alice");
}

TEST_CASE("malformed otpauth URIs are typed errors") {
  struct row {
    std::string uri;
    errc code;
    std::string message;
  };
  for (auto const& r : std::vector<row>{
           {"https://totp/a?secret=JBSWY3DP", errc::malformed_otpauth_uri, "URI does not start with otpauth://"},
           {"otpauth://hotp/a?secret=JBSWY3DP&counter=1", errc::malformed_otpauth_uri, "only totp URIs are supported"},
           {"otpauth://totp", errc::malformed_otpauth_uri, "URI has no label"},
           {"otpauth://totp/a", errc::malformed_otpauth_uri, "URI has no parameters"},
           {"otpauth://totp/a?issuer=x", errc::malformed_otpauth_uri, "URI has no secret"},
           {"otpauth://totp/?secret=JBSWY3DP", errc::malformed_otpauth_uri, "label has no account name"},
           {"otpauth://totp/a%2?secret=JBSWY3DP", errc::malformed_otpauth_uri, "label has a malformed percent escape"},
           {"otpauth://totp/a%FF?secret=JBSWY3DP", errc::malformed_otpauth_uri, "label is not valid UTF-8"},
           {"otpauth://totp/a?secret=JBSWY3D1", errc::malformed_base32, "invalid Base32 character at position 7"},
           {"otpauth://totp/a?secret=", errc::malformed_otpauth_uri, "secret is empty"},
           {"otpauth://totp/a?secret=JBSWY3DP&algorithm=SHA256", errc::malformed_otpauth_uri,
            "only the SHA1 algorithm is supported"},
           {"otpauth://totp/a?secret=JBSWY3DP&digits=six", errc::malformed_otpauth_uri, "digits is not a number"},
           {"otpauth://totp/a?secret=JBSWY3DP&digits=4", errc::invalid_otp_parameters, "digits must be 6, 7 or 8"},
           {"otpauth://totp/a?secret=JBSWY3DP&period=0", errc::invalid_otp_parameters, "period must be positive"},
           {"otpauth://totp/A:b?secret=JBSWY3DP&issuer=B", errc::malformed_otpauth_uri,
            "issuer parameter differs from the label's issuer"},
       }) {
    CAPTURE(r.uri);
    auto k = otp::parse_key_uri(r.uri);
    REQUIRE_FALSE(k.has_value());
    CHECK(k.error().code == r.code);
    CHECK(k.error().message == r.message);
  }
  CHECK(otp::build_key_uri({.account = "a"}).error().code == errc::empty_argument);
  CHECK(otp::build_key_uri({.account = "", .secret = {1}}).error().code == errc::empty_argument);
  CHECK(otp::build_key_uri({.account = "\xff", .secret = {1}}).error().code == errc::invalid_utf8);
}

TEST_CASE("Base32 refuses padding beyond what the last group needs") {
  for (std::string text : {"MZXQMZXQ========", "========", "MZXW6YTB=", "MY======="}) {
    CAPTURE(text);
    CHECK(otp::base32_decode(text).error().code == errc::malformed_base32);
  }
  CHECK(otp::base32_decode("MZXW6YQ=").has_value());
  CHECK(otp::base32_decode("MY======").has_value());
}

TEST_CASE("otpauth URIs round-trip accounts holding colons, with or without an issuer") {
  std::vector<std::uint8_t> const secret(20, 7);
  for (auto const& pair : std::vector<std::pair<std::string, std::string>>{
           {"", "ops:alice@example.com"}, {"", "a:"}, {"Acme", "ops:alice"}, {"Ac:me", "bob"}, {"", "plain"}}) {
    std::string const& issuer = pair.first;
    std::string const& account = pair.second;
    CAPTURE(issuer);
    CAPTURE(account);
    auto const uri = otp::build_key_uri({.issuer = issuer, .account = account, .secret = secret});
    REQUIRE(uri.has_value());
    auto const back = otp::parse_key_uri(*uri);
    REQUIRE_MESSAGE(back.has_value(), back.error().to_string());
    CHECK(back->issuer == issuer);
    CHECK(back->account == account);
  }
  // An encoded colon still separates the issuer when the issuer parameter names it.
  auto const named = otp::parse_key_uri("otpauth://totp/Acme%3Aalice?secret=JBSWY3DPEHPK3PXP&issuer=Acme");
  REQUIRE(named.has_value());
  CHECK(named->issuer == "Acme");
  CHECK(named->account == "alice");
}

TEST_CASE("otpauth errors name what is wrong and never quote the input") {
  std::string const secret = "JBSWY3DPEHPK3PXPJBSWY3DP";
  for (std::string uri : {"otpauth://totp/a?secret" + secret + "&x=%zz",  // '=' misplaced: the name holds the secret
                          "otpauth://totp/a?secret=" + secret + "&\r\nforged=%zz",
                          "otpauth://totp/a?secret=" + secret + "&\xff\xfe=%G1"}) {
    auto const r = otp::parse_key_uri(uri);
    REQUIRE_FALSE(r.has_value());
    std::string const text = r.error().to_string();
    CAPTURE(text);
    CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find("forged") == std::string::npos);
    CHECK(text.find('\xff') == std::string::npos);
  }
}

TEST_CASE("TOTP time arithmetic is defined for any time and epoch") {
  std::vector<std::uint8_t> const key(20, 1);
  using namespace std::chrono;
  auto const far = sys_seconds(seconds(std::numeric_limits<std::int64_t>::max()));
  auto const late = sys_seconds(seconds(9'000'000'000'000'000'000));
  auto const before = sys_seconds(seconds(std::numeric_limits<std::int64_t>::min() + 1));
  // The widest span that is in range: from the earliest epoch to a time near the end of int64.
  CHECK(otp::totp(key, late, {.epoch = before}).has_value());
  CHECK(otp::totp(key, far).error().code == errc::invalid_otp_parameters);
  CHECK(otp::totp(key, before).error().code == errc::invalid_otp_parameters);
  using years_point = time_point<system_clock, duration<std::int64_t, std::ratio<31556952>>>;
  CHECK(otp::totp(key, years_point(duration<std::int64_t, std::ratio<31556952>>(std::numeric_limits<std::int64_t>::max())))
            .error()
            .code == errc::invalid_otp_parameters);
  auto const last = otp::verify_totp(key, "000000", late, {.period = seconds(1), .epoch = before}, 3);
  CHECK(last.has_value());
}

}  // namespace GENAUTH_UNITY_ID
