#include <genauth/genauth.hpp>

int main() {
  genauth::management_client client(genauth::management_options{}, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{});
  });
  (void)client.call(genauth::list_enrolled_factors_request{});
}
