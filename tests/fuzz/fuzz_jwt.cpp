// Token verification: the input is a token, verified against a key set of every kind (RSA and
// P-256 from RFC 7515, a shared secret) with every rule on. Invariant: no crash, a refusal is a
// token error on one clean line that never holds the token's signature, and nothing verifies
// that was not signed (the keys' private halves are not here).
#include "fuzz_support.hpp"

#include <genauth/jwt/openssl.hpp>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  static auto const verifier = [] {
    auto keys = genauth::jwt::key_set::parse(
        R"({"keys":[{"kty":"RSA","kid":"a2","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"},)"
        R"({"kty":"EC","crv":"P-256","kid":"a3","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})");
    fuzz::require(keys.has_value(), "the fixed key set reads");
    return *genauth::jwt::openssl_verifier::create(*keys);
  }();
  static auto const secret = genauth::jwt::key_set::from_secret(std::string(32, 's'));
  genauth::jwt::claim_rules rules;
  rules.issuers = {"joe"};
  rules.audiences = {"api"};
  rules.nonce = "n";
  rules.authorized_party = "client";
  rules.max_age = std::chrono::seconds(600);
  rules.type = "JWT";
  rules.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1300819000)); };
  auto const token = fuzz::text(data, size);
  for (auto const& r : {verifier.verify(token, rules), genauth::jwt::verify(token, *secret, rules),
                        verifier.verify(token)}) {
    if (r) continue;
    fuzz::check_error(r.error());
    fuzz::require(r.error().kind() == genauth::error_kind::token, "a refused token is a token error");
    if (auto const dot = token.rfind('.'); dot != std::string_view::npos && token.size() - dot > 8)
      fuzz::require(r.error().to_string().find(token.substr(dot + 1)) == std::string::npos, "no signature shown");
  }
  (void)genauth::jwt::decode_unverified(token);
  return 0;
}
