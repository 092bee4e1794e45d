// Built with -fno-exceptions: the SDK must work without them.
#include <genauth/genauth.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>

// With exceptions disabled Boost asks the program to say what a throw means.
namespace boost {
BOOST_NORETURN void throw_exception(std::exception const&) { std::abort(); }
BOOST_NORETURN void throw_exception(std::exception const&, boost::source_location const&) { std::abort(); }
}  // namespace boost

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  genauth::management_client client(options, [](genauth::http_request const&) {
    return genauth::http_response{200, {}, R"({"statusCode":200,"message":"","data":{"enabledFactors":"[\"SMS\"]"}})"};
  });
  auto ok = genauth::management::get_global_mfa_settings(client);
  auto bad = genauth::management::get_user_mfa_info(client, {.user_id = ""});
  bool const pass = ok && ok->enabled_factors.size() == 1 && !bad &&
                    bad.error().code == genauth::errc::empty_argument;
  std::puts(pass ? "no-exceptions build works" : "no-exceptions build failed");
  return pass ? 0 : 1;
}
