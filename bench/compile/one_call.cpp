// A translation unit that includes the SDK and makes one call: what a user's file costs to compile.
// tools/compile_time.py compiles it with the whole SDK (genauth/genauth.hpp), with the management
// client's header alone (ONE_CALL_MANAGEMENT_ONLY), with the largest generated group's header in
// place of MFA's (ONE_CALL_LARGEST_GROUP), and in the separately compiled mode, where that
// header only declares how an endpoint is sent (one other file of the program includes genauth/src.hpp).
// The test suite runs it with the management client's header alone.
#if defined(ONE_CALL_LARGEST_GROUP)
#include <genauth/management/api/data_permissions.hpp>
#include <genauth/management/client.hpp>
#elif defined(GENAUTH_SEPARATE_COMPILATION) || defined(ONE_CALL_MANAGEMENT_ONLY)
#include <genauth/management/api/mfa.hpp>
#include <genauth/management/client.hpp>
#else
#include <genauth/genauth.hpp>
#endif

#include "answer.hpp"

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_client client(options, [](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{200, {}, answer});
  });
#if defined(ONE_CALL_LARGEST_GROUP)
  // A call of the largest generated group (by header size) whose answer is as small as MFA's.
  auto const deleted = genauth::management::delete_permission_namespace(client, {.code = "a"});
  return deleted && deleted->success ? 0 : 1;
#else
  auto const info = genauth::management::get_user_mfa_info(client, {.user_id = "u"});
  return info && info->totp_status ? 0 : 1;
#endif
}
