#include <genauth/genauth.hpp>

int main() {
  genauth::authentication_client client(genauth::authentication_options{}, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{});
  });
  (void)client.call(genauth::get_otp_secret_by_user_request{.user_id = "u1"});
}
