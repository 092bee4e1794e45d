#include <genauth/jwt/openssl.hpp>

#include <chrono>
#include <cstdio>

// Token verification with public keys through the installed package: RFC 7515's ES256 example.
int main() {
  auto const keys = genauth::jwt::key_set::parse(
      R"({"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
      R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})");
  if (!keys) return 1;
  auto const verifier = genauth::jwt::openssl_verifier::create(*keys);
  if (!verifier) return 1;
  genauth::jwt::claim_rules rules;
  rules.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1300819000)); };
  auto const token = verifier->verify(
      "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
      "cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q",
      rules);
  std::puts(token ? "verified" : token.error().to_string().c_str());
  return token && token->string_claim("iss") == "joe" ? 0 : 1;
}
