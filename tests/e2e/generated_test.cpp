// Every endpoint of the generated groups but MFA against the emulator over HTTPS, through libcurl and
// through Beast. This file is built with GENAUTH_SEPARATE_COMPILATION: the calls come compiled from
// genauth_calls, which compiles each generated endpoint once for every program of the build.

#include <genauth/transport/beast.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include "generated_calls.hpp"
#include "quiet.hpp"
#include "test_pki.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace {

using namespace std::chrono_literals;

genauth_emulator::server emulator() {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  return genauth_emulator::server(o, genauth_emulator::default_seed());
}

genauth::management_options admin_options(std::string const& url) {
  genauth::management_options o;
  o.access_key_id = "emulator-access-key-id";
  o.access_key_secret = "emulator-access-key-secret";
  o.host = url;
  return o;
}

genauth::authentication_options user_options(std::string const& url) {
  genauth::authentication_options o;
  o.app_id = "emulator-app";
  o.app_host = url;
  o.access_token = "alice-access-token";
  return o;
}

/// Calls every endpoint once through `transport`; each reaches the emulator exactly once.
template <class Transport>
void succeed_through(Transport const& transport, genauth_emulator::server const& server) {
  genauth::management_client admin(admin_options(server.url()), transport);
  genauth::authentication_client user(user_options(server.url()), transport);
  genauth_test::succeed_each(admin, genauth_test::declared_management{});
  genauth_test::succeed_each(user, genauth_test::declared_authentication{});
  CHECK(server.requests_seen() == boost::mp11::mp_size<genauth_test::declared_management>::value +
                                      boost::mp11::mp_size<genauth_test::declared_authentication>::value);
}

}  // namespace

TEST_CASE("e2e: every endpoint of the generated groups but MFA succeeds against the emulator, its answer read") {
  auto const server = emulator();
  genauth::curl_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  succeed_through(genauth::curl_transport(o), server);
}

TEST_CASE("beast: every endpoint of the generated groups but MFA, over HTTPS to the emulator, its answer read") {
  auto const server = emulator();
  genauth::beast_options o;
  o.ca_file = pki().ca;
  o.timeout = 5s;
  succeed_through(genauth::beast_transport(o), server);
}
