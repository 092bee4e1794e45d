// Compiled twice, with two different GENAUTH_ABI_NAMESPACE values and two function names, and
// linked into one program (abi_namespace_main.cpp): both copies of every inline function, class
// and variable of the SDK must coexist.
#include <genauth/genauth.hpp>

#include <chrono>
#include <string>
#include <typeinfo>

std::string GENAUTH_TEST_TU_FUNCTION(std::string& type_name) {
  type_name = typeid(genauth::management_options).name();
  genauth::management_options o;
  o.access_key_id = "6380a1d2c4e5f60718293a4b";
  o.access_key_secret = "5f1e2d3c4b5a69788796a5b4c3d2e1f0";
  o.sdk_version = "gen-auth-node-sdk:1.0.0";
  o.nonce = [] { return std::string("eb2370292c7b81dc44e20868ef7addb2"); };
  o.clock = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1741964966)); };
  auto req = genauth::build(o, genauth::get_user_mfa_info_request{.user_id = "6229ffaxxxxxxxxcade3e3d9",
                                                                   .user_id_type = genauth::user_id_type::user_id});
  return req ? std::string(req->headers.find("authorization").value_or("")) : req.error().to_string();
}
