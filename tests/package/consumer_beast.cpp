#include <genauth/genauth.hpp>
#include <genauth/transport/beast.hpp>

#include <cstdio>

// The Beast transport through the installed package: a closed port gives a typed error.
int main() {
  genauth::management_options options;
  options.access_key_id = "id";
  options.access_key_secret = "secret";
  options.host = "https://127.0.0.1:9";
  options.retry = genauth::retry_policy::disabled();
  genauth::management_client client(options, genauth::beast_transport());
  auto r = genauth::management::get_global_mfa_settings(client);
  std::puts(r ? "unexpected answer" : r.error().to_string().c_str());
  return !r && r.error().cause == genauth::transport_errc::connect_failed ? 0 : 1;
}
