#include <genauth/genauth.hpp>

#include <cstdio>

int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  auto request = genauth::build(options, genauth::get_global_mfa_settings_request{});
  std::puts(request ? request->url.c_str() : request.error().to_string().c_str());
  return request ? 0 : 1;
}
