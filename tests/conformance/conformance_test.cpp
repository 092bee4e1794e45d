#include "support.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/list.hpp>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

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
  int empty_array = 0;   // an empty array in a query signed by neither, by the official SDK alone (D-3)
  int filled_path = 0;   // the path template filled in, which the official SDK sends unfilled (D-12)
};

bool names(json::object const& c, std::string_view id) {
  if (auto const* differs = c.if_contains("differs"))
    for (auto const& d : differs->as_array())
      if (d.as_string() == id) return true;
  return false;
}

// What the SDK made of a case's input: the only part of a case that depends on its endpoint.
struct made {
  std::string refused_input;           // why the input was not read, if it was not
  bool round_trip = false;             // the request written back is the input
  result<http_request> built{http_request{}};
};

template <class R>
made make(json::object const& input, json::object const& c) {
  made m;
  R typed{};  // read in place: from_json would compile a boost::system::result for every endpoint
  if (auto const e = detail::decode(json::value(input), typed)) {
    m.refused_input = e->to_string();
    return m;
  }
  m.round_trip = to_json(typed) == json::value(input);
  if constexpr (std::is_same_v<typename R::api, management_api>)
    m.built = build(management_for(c), typed);
  else
    m.built = build(authentication_for(), typed);
  return m;
}

void check_case(json::object const& c, std::string_view path, made (*make_of)(json::object const&, json::object const&),
                tally& t) {
  CAPTURE(c.at("method"));
  CAPTURE(c.at("case"));
  if (auto const* differs = c.if_contains("differs"))
    for (auto const& d : differs->as_array()) {
      CAPTURE(d);
      bool const known = d == "D-2" || d == "D-3" || d == "D-10" || d == "D-12" || d == "D-11" || d == "Q-MFA-1";
      CHECK(known);  // a difference this test knows how to check
    }
  // What the caller gave, and for D-10 what the official SDK filled in for what it left out.
  json::object input = c.at("input").as_object();
  if (auto const* defaults = c.if_contains("defaults"))
    for (auto const& d : defaults->as_object()) input[d.key()] = d.value();
  bool const defaulted = c.contains("defaults") && !c.at("defaults").as_object().empty();
  CHECK(names(c, "D-10") == defaulted);
  auto const m = make_of(input, c);
  REQUIRE_MESSAGE(m.refused_input.empty(), m.refused_input);
  CHECK(m.round_trip);  // nothing of the input was lost on the way in
  auto const& built = m.built;
  if (!built && names(c, "D-11")) {
    CHECK((built.error().code == errc::missing_factor_input || built.error().code == errc::malformed_code));
    ++t.checked;
    ++t.refused;
    return;
  }
  REQUIRE_MESSAGE(built.has_value(), built.error().to_string());
  auto const& node = c.at("request").as_object();
  CHECK(to_string(built->method) == node.at("method").as_string());
  if (names(c, "D-12")) {
    // The same request, but for the path: the official SDK left each `{key}` in it.
    std::string url = str(node.at("url"));
    for (auto at = url.find('{'); at != std::string::npos; at = url.find('{', at)) {
      auto const end = url.find('}', at);
      std::string value;
      detail::append_uri_component(str(input.at(url.substr(at + 1, end - at - 1))), value);
      url.replace(at, end - at + 1, value);
      at += value.size();
    }
    CHECK(built->url == url);
    CHECK(built->body == str(node.at("body")));
    auto headers = service_headers(built->headers);
    auto node_headers = service_headers(node.at("headers").as_object());
    if (c.at("client") == "management") {  // the path signed differs
      CHECK(built->headers.find("authorization") != node.at("headers").at("authorization").as_string());
      std::erase_if(headers, [](auto const& h) { return h.starts_with("authorization: "); });
      std::erase_if(node_headers, [](auto const& h) { return h.starts_with("authorization: "); });
    }
    CHECK(headers == node_headers);
    ++t.filled_path;
    return;
  }
  CHECK(built->url == str(node.at("url")));
  if (names(c, "D-2")) {
    // The same request goes out; the official SDK signed `path?` for it, the SDK the bare path.
    CHECK(str(node.at("stringToSign")).ends_with(std::string(path) + "?"));
    CHECK(built->url.find('?') == std::string::npos);
    CHECK(built->headers.find("authorization") != node.at("headers").at("authorization").as_string());
    ++t.bare_path;
    return;
  }
  if (names(c, "D-3")) {
    // The same request goes out; the official SDK signed an empty array it does not send.
    CHECK(str(node.at("stringToSign")).find("=[]") != std::string::npos);
    CHECK(built->headers.find("authorization") != node.at("headers").at("authorization").as_string());
    ++t.empty_array;
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

// An endpoint as the checks see it; one per endpoint, so that nothing is compiled per endpoint but
// `make` (nested in a template over the whole list, every symbol would carry its 500 names).
struct endpoint {
  std::string_view path;
  std::string_view verb;
  made (*make)(json::object const&, json::object const&);
};

template <class... R>
std::vector<endpoint> endpoints_of(boost::mp11::mp_list<R...>) {
  return {endpoint{R::path, to_string(R::method), &make<R>}...};
}

// Each endpoint of the list finds its cases by client, method and path: three or more each.
tally check_client(std::string_view client, std::vector<endpoint> const& endpoints) {
  tally t;
  for (auto const& e : endpoints) {
    int mine = 0;
    for (auto const& item : vectors().at("cases").as_array()) {
      auto const& c = item.as_object();
      if (c.at("client").as_string() != client || c.at("path").as_string() != e.path ||
          c.at("verb").as_string() != e.verb)
        continue;
      ++mine;
      check_case(c, e.path, e.make, t);
    }
    CAPTURE(e.path);
    CHECK(mine >= 3);  // a generated endpoint without vectors: run tools/conformance_vectors.sh
    t.cases += mine;
  }
  int in_file = 0;
  for (auto const& item : vectors().at("cases").as_array()) in_file += item.at("client").as_string() == client;
  CHECK(t.cases == in_file);  // no vector for an endpoint the SDK does not generate
  MESSAGE(client, ": ", endpoints.size(), " endpoints, ", t.cases, " cases: ", t.same, " the same, ", t.with_defaults,
          " the same given the defaults (D-10), ", t.checked, " under the SDK's checks (D-11, ", t.refused,
          " refused), ", t.body_differs, " with the body sent (Q-MFA-1), ", t.bare_path, " signing the bare path (D-2), ", t.empty_array,
          " leaving an empty array unsigned (D-3), ", t.filled_path,
          " filling the path in (D-12)");
  return t;
}

}  // namespace

TEST_SUITE("conformance") {
  TEST_CASE("every generated management endpoint sends what the official SDK sends") {
    auto const t = check_client("management", endpoints_of(management::all_endpoints{}));
    CHECK(t.same + t.with_defaults + t.bare_path + t.empty_array + t.filled_path == t.cases);  // no other named
  }
  TEST_CASE("every generated authentication endpoint sends what the official SDK sends") {
    auto const t = check_client("authentication", endpoints_of(authentication::all_endpoints{}));
    CHECK(t.body_differs == 3);
  }
}
