// The protocol alone, header-only: one management request built and signed, and its answer parsed,
// with no client around them (no retries, clock correction, redaction, deadline or observer): what
// any file that makes a call compiles at the least. The test suite runs it.
#include <genauth/management/build.hpp>
#include <genauth/management/api/mfa.hpp>
#include <genauth/protocol/parse.hpp>

#include "answer.hpp"

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  auto const request = genauth::build(options, genauth::get_user_mfa_info_request{.user_id = "u"});
  if (!request || !request->headers.find("authorization")) return 1;
  auto const info = genauth::parse<genauth::get_user_mfa_info_request>(genauth::http_response{200, {}, answer});
  return info && info->totp_status ? 0 : 1;
}
