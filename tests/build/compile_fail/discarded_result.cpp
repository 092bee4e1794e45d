// Must not compile with -Werror=unused-result: every result is [[nodiscard]], so a call whose
// outcome is dropped unread is flagged.
#include <genauth/genauth.hpp>

int main() {
  genauth::management_client client(genauth::management_options{},
                                    [](genauth::http_request const&) { return genauth::transport_result{}; });
  genauth::management::import_otp(client, {});
}
