// A translation unit that includes the SDK and makes one call: what a user's file costs to compile.
// With GENAUTH_SEPARATE_COMPILATION it includes the management client alone, whose header then only
// declares how an endpoint is sent (one other file of the program includes genauth/src.hpp).
#ifdef GENAUTH_SEPARATE_COMPILATION
#include <genauth/management/client.hpp>
#else
#include <genauth/genauth.hpp>
#endif

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_client client(options, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{200, {}, R"({"statusCode":200,"message":"","data":{}})"});
  });
  return client.get_user_mfa_info({.user_id = "u"}) ? 0 : 1;
}
