// Must not compile: a call engine keeps references to its request and options, so temporaries
// would dangle once the statement ends.
#include <genauth/genauth.hpp>

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_policy policy(options);
  genauth::call_engine engine(policy, genauth::get_user_mfa_info_request{.user_id = "u1"}, {});
  return engine.next(std::chrono::steady_clock::now()) == genauth::engine_step::send ? 0 : 1;
}
