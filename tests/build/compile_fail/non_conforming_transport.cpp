// Must not compile: a transport has to return a transport_result (or an http_response or an
// std::error_code), not an int.
#include <genauth/genauth.hpp>

int main() {
  genauth::management_client client(genauth::management_options{}, [](genauth::http_request const&) { return 42; });
  return genauth::management::get_global_mfa_settings(client).has_value() ? 0 : 1;
}
