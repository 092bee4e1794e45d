// The same call in the separately compiled mode (GENAUTH_SEPARATE_COMPILATION): the client's
// header only declares how an endpoint is sent; one other file of the program compiles it by
// including genauth/src.hpp.
#include <genauth/management/client.hpp>

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_client client(options, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{200, {}, R"({"statusCode":200,"message":"","data":{}})"});
  });
  return client.get_user_mfa_info({.user_id = "u"}) ? 0 : 1;
}
