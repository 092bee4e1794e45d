#include "support.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>

// Every generated endpoint against the official SDK: tests/data/conformance.json holds inputs that
// walk each endpoint's types and the exact request authing-node-sdk built for each
// (tools/conformance_vectors.sh). The SDK builds the same inputs and must send the same bytes.

namespace {

using namespace genauth;
namespace json = boost::json;

std::string str(json::value const& v) { return std::string(v.as_string()); }

json::value const& vectors() {
  static json::value const doc = test::read_json("conformance.json");
  return doc;
}

std::chrono::system_clock::time_point the_date() {
  using namespace std::chrono;
  return sys_days{year(2025) / 1 / 5} + hours(8) + minutes(30);  // vectors().at("date")
}

management_options management_for(json::object const& c) {
  auto const& given = vectors().at("options").at("management");
  auto const& headers = c.at("request").at("headers");
  management_options o;
  o.brand = authing_brand;
  o.host = str(given.at("host"));
  o.access_key_id = str(given.at("accessKeyId"));
  o.access_key_secret = str(given.at("accessKeySecret"));
  o.sdk_version = str(headers.at("x-authing-sdk-version"));
  o.nonce = [n = str(headers.at("x-authing-signature-nonce"))] { return n; };
  o.clock = [] { return the_date(); };
  return o;
}

authentication_options authentication_for() {
  auto const& given = vectors().at("options").at("authentication");
  authentication_options o;
  o.brand = authing_brand;
  o.app_id = str(given.at("appId"));
  o.app_host = str(given.at("appHost"));
  o.app_secret = str(given.at("appSecret"));
  o.access_token = str(given.at("accessToken"));
  return o;
}

// The headers the service reads: the brand's own and the credentials, by name and value.
std::set<std::string> service_headers(http_headers const& headers) {
  std::set<std::string> out;
  for (auto const& h : headers)
    if (h.name == "date" || h.name == "authorization" || h.name.starts_with("x-authing-"))
      out.insert(std::string(h.name) + ": " + std::string(h.value));
  return out;
}
std::set<std::string> service_headers(json::object const& headers) {
  std::set<std::string> out;
  for (auto const& h : headers)
    if (h.key() == "date" || h.key() == "authorization" || h.key().starts_with("x-authing-"))
      out.insert(std::string(h.key()) + ": " + str(h.value()));
  return out;
}

// How the cases came out, by the difference that applies (docs/differences.md).
struct tally {
  int cases = 0;
  int same = 0;          // byte for byte as the official SDK sends, no difference named
  int with_defaults = 0; // the same once the official SDK's defaults are given (D-10)
  int checked = 0;       // the same, or refused before sending as the service would (D-11)
  int refused = 0;       //   of which refused
  int body_differs = 0;  // the body the official SDK never sends is sent (Q-MFA-1)
  int bare_path = 0;     // the bare path signed where the official SDK signs `path?` (D-2)
};

bool names(json::object const& c, std::string_view id) {
  if (auto const* differs = c.if_contains("differs"))
    for (auto const& d : differs->as_array())
      if (d.as_string() == id) return true;
  return false;
}

template <class R, class Options>
void check_case(json::object const& c, Options const& options, tally& t) {
  CAPTURE(c.at("method"));
  CAPTURE(c.at("case"));
  if (auto const* differs = c.if_contains("differs"))
    for (auto const& d : differs->as_array()) {
      CAPTURE(d);
      bool const known = d == "D-2" || d == "D-10" || d == "D-11" || d == "Q-MFA-1";
      CHECK(known);  // a difference this test knows how to check
    }
  // What the caller gave, and for D-10 what the official SDK filled in for what it left out.
  json::object input = c.at("input").as_object();
  if (auto const* defaults = c.if_contains("defaults"))
    for (auto const& d : defaults->as_object()) input[d.key()] = d.value();
  bool const defaulted = c.contains("defaults") && !c.at("defaults").as_object().empty();
  CHECK(names(c, "D-10") == defaulted);
  auto typed = from_json<R>(input);
  REQUIRE_MESSAGE(typed.has_value(), typed.error().to_string());
  CHECK(to_json(*typed) == json::value(input));  // nothing of the input was lost on the way in
  auto built = build(options, *typed);
  if (!built && names(c, "D-11")) {
    CHECK((built.error().code == errc::missing_factor_input || built.error().code == errc::malformed_code));
    ++t.checked;
    ++t.refused;
    return;
  }
  REQUIRE_MESSAGE(built.has_value(), built.error().to_string());
  auto const& node = c.at("request").as_object();
  CHECK(to_string(built->method) == node.at("method").as_string());
  CHECK(built->url == str(node.at("url")));
  if (names(c, "D-2")) {
    // The same request goes out; the official SDK signed `path?` for it, the SDK the bare path.
    CHECK(str(node.at("stringToSign")).ends_with(std::string(R::path) + "?"));
    CHECK(built->url.find('?') == std::string::npos);
    CHECK(built->headers.find("authorization") != node.at("headers").at("authorization").as_string());
    ++t.bare_path;
    return;
  }
  CHECK(service_headers(built->headers) == service_headers(node.at("headers").as_object()));
  if (names(c, "Q-MFA-1")) {
    CHECK(str(node.at("body")).empty());
    CHECK(built->body.starts_with("token="));
    CHECK(detail::form_decode(built->body.substr(6)) == str(input.at("token")));
    ++t.body_differs;
    return;
  }
  CHECK(built->body == str(node.at("body")));
  if (!built->body.empty()) CHECK(built->headers.find("content-type") == str(node.at("headers").at("content-type")));
  ++(names(c, "D-10") ? t.with_defaults : names(c, "D-11") ? t.checked : t.same);
}

// Each endpoint of the list finds its cases by client, method and path: three or more each.
template <class Endpoints, class Options>
tally check_client(std::string_view client, Options const& options_of) {
  tally t;
  int endpoints = 0;
  boost::mp11::mp_for_each<Endpoints>([&](auto tag) {
    using R = decltype(tag);
    ++endpoints;
    int mine = 0;
    for (auto const& item : vectors().at("cases").as_array()) {
      auto const& c = item.as_object();
      if (c.at("client").as_string() != client || c.at("path").as_string() != R::path ||
          c.at("verb").as_string() != to_string(R::method))
        continue;
      ++mine;
      check_case<R>(c, options_of(c), t);
    }
    CAPTURE(R::path);
    CHECK(mine >= 3);  // a generated endpoint without vectors: run tools/conformance_vectors.sh
    t.cases += mine;
  });
  int in_file = 0;
  for (auto const& item : vectors().at("cases").as_array()) in_file += item.at("client").as_string() == client;
  CHECK(t.cases == in_file);  // no vector for an endpoint the SDK does not generate
  MESSAGE(client, ": ", endpoints, " endpoints, ", t.cases, " cases: ", t.same, " the same, ", t.with_defaults,
          " the same given the defaults (D-10), ", t.checked, " under the SDK's checks (D-11, ", t.refused,
          " refused), ", t.body_differs, " with the body sent (Q-MFA-1), ", t.bare_path, " signing the bare path (D-2)");
  return t;
}

}  // namespace

TEST_SUITE("conformance") {
  TEST_CASE("every generated management endpoint sends what the official SDK sends") {
    auto const t = check_client<management::all_endpoints>("management",
                                                           [](json::object const& c) { return management_for(c); });
    CHECK(t.same + t.with_defaults + t.bare_path == t.cases);  // no other difference named
  }
  TEST_CASE("every generated authentication endpoint sends what the official SDK sends") {
    auto const options = authentication_for();
    auto const t = check_client<authentication::all_endpoints>("authentication",
                                                               [&](json::object const&) { return options; });
    CHECK(t.body_differs == 3);
  }
}
