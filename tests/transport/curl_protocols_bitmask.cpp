// The libcurl transport as built against libcurl before 7.85, which has no CURLOPT_PROTOCOLS_STR:
// the protocol allow-list goes through the older bitmask option.
#define GENAUTH_CURL_PROTOCOLS_BITMASK
#include "dropping_server.hpp"

#include <genauth/transport/curl.hpp>

#include <cstdio>

int main() {
  using namespace genauth;
  test::answering_server server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
  curl_options o;
  o.allow_insecure_http = true;
  http_request request{http_method::get, server.url() + "/x", {}, "", true};
  auto const ok = curl_transport(o)(request);
  request.url = "ftp" + server.url().substr(4) + "/x";
  auto const ftp = curl_transport(o)(request);
  request.url = server.url() + "/x";
  auto const refused = curl_transport()(request);
  bool const passed = !ok.error && ok.response.body == "{}" && ftp.error == transport_errc::insecure_url &&
                      refused.error == transport_errc::insecure_url;
  std::puts(passed ? "the protocol bitmask allows http(s) as configured and nothing else" : "FAILED");
  return passed ? 0 : 1;
}
