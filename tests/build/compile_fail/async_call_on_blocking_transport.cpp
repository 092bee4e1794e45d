// Must not compile, with a message that says why: async calls need an async transport, and the
// libcurl transport only makes blocking calls.
#include <genauth/genauth.hpp>
#include <genauth/transport/curl.hpp>

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_client client(options, genauth::curl_transport());
  genauth::management::async_get_global_mfa_settings(client, [](genauth::result<genauth::mfa_settings>) {});
  return 0;
}
