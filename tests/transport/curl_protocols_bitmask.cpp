// The libcurl transport as built against libcurl before 7.85, which has no CURLOPT_PROTOCOLS_STR:
// the protocol allow-list goes through the older bitmask option.
#define GENAUTH_CURL_PROTOCOLS_BITMASK
#include "loopback_server.hpp"

#include <genauth/transport/curl.hpp>

#include <cstdio>

int main() {
  using namespace genauth;
  test::loopback_server server([](auto const&, auto& res) { res.body() = "{}"; });
  curl_options o;
  o.allow_insecure_http = true;
  http_request request{http_method::get, server.url() + "/x", {}, "", true};
  auto const ok = curl_transport(o)(request);
  request.url = "ftp://127.0.0.1:" + std::to_string(server.port()) + "/x";
  auto const ftp = curl_transport(o)(request);
  request.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/x";
  auto const refused = curl_transport()(request);
  bool const passed = !ok.error && ok.response.body == "{}" && ftp.error == transport_errc::insecure_url &&
                      refused.error == transport_errc::insecure_url && server.requests() == 1;
  std::puts(passed ? "the protocol bitmask allows http(s) as configured and nothing else" : "FAILED");
  return passed ? 0 : 1;
}
