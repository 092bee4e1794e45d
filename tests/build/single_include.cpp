// The generated single header alone (no include/ on the path) must give the same signatures,
// and carries the fake transport for users' own tests.
#include <genauth/genauth.hpp>

#include <chrono>
#include <cstdio>

int main() {
  genauth::management_options o;
  o.access_key_id = "6380a1d2c4e5f60718293a4b";
  o.access_key_secret = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
  o.sdk_version = "gen-auth-node-sdk:1.0.0";
  o.nonce = [] { return std::string("eb2370292c7b81dc44e20868ef7addb2"); };
  o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1741964966)); };
  genauth::testkit::fake_transport fake;
  fake.on(genauth::http_method::get, "/api/v3/get-user-mfa-info",
          {200, {}, R"({"statusCode":200,"data":{"totpStatus":true,"faceMfaStatus":false,)"
                    R"("smsMfaStatus":false,"emailMfaStatus":false}})"});
  genauth::management_client client(o, fake);
  auto info = genauth::management::get_user_mfa_info(client, {.user_id = "6229ffaxxxxxxxxcade3e3d9",
                                        .user_id_type = genauth::user_id_type::user_id});
  // Signing vector S02.
  bool const pass = info && info->totp_status && fake.requests().size() == 1 &&
                    fake.requests()[0].headers.find("authorization") ==
                        "GenAuth 6380a1d2c4e5f60718293a4b:JfFYmyjHYZmfvHknnHjZUoiF8E4=";
  std::puts(pass ? "single header reproduces S02" : "single header differs");
  return pass ? 0 : 1;
}
