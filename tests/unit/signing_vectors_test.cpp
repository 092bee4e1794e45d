#include "support.hpp"

#include <doctest/doctest.h>

#include <boost/mp11/algorithm.hpp>
#include <boost/mp11/list.hpp>

#include <chrono>
#include <set>
#include <string>

// Every signing vector comes from running the official SDK; reproducing them byte for byte is
// what makes the server accept our requests.

namespace GENAUTH_UNITY_ID {

using namespace genauth;
namespace json = boost::json;

std::string str(json::value const& v) { return std::string(v.as_string()); }

std::chrono::system_clock::time_point parse_iso(std::string const& iso) {
  // "2025-01-05T08:30:00.000Z"
  using namespace std::chrono;
  auto const num = [&](std::size_t at, std::size_t len) { return std::stoi(iso.substr(at, len)); };
  sys_days const day{year(num(0, 4)) / num(5, 2) / num(8, 2)};
  return day + hours(num(11, 2)) + minutes(num(14, 2)) + seconds(num(17, 2));
}

management_options options_for(json::object const& v) {
  auto const& in = v.at("inputs").as_object();
  auto const& client = in.at("clientOptions").as_object();
  bool const authing = v.at("brand").as_string() == "authing";
  management_options o;
  o.brand = authing ? authing_brand : genauth_brand;
  o.access_key_id = str(in.at("accessKeyId"));
  o.access_key_secret = str(in.at("accessKeySecret"));
  if (client.at("tenantId").is_string()) o.tenant_id = str(client.at("tenantId"));
  if (client.at("lang").is_string()) o.lang = str(client.at("lang"));
  o.sdk_version = str(in.at("headers").at(std::string(o.brand.header_prefix) + "sdk-version"));
  o.nonce = [n = str(in.at("fixedNonce"))] { return n; };
  o.clock = [t = parse_iso(str(in.at("fixedDateIso")))] { return t; };
  return o;
}

http_method method_of(json::object const& in) {
  return in.at("method").as_string() == "GET" ? http_method::get : http_method::post;
}

json::object const& params_of(json::object const& in) {
  return in.contains("params") ? in.at("params").as_object() : in.at("body").as_object();
}

std::string target_of(http_request const& req) {
  return req.url.substr(req.url.find('/', req.url.find("://") + 3));
}

void check_against(json::object const& v, signed_request const& s) {
  auto const& out = v.at("outputs").as_object();
  auto const& wire = v.at("observedOnWire").as_object();
  CHECK(s.string_to_sign == str(out.at("stringToSign")));
  CHECK(sign(str(v.at("inputs").at("accessKeySecret")), s.string_to_sign) == str(out.at("signature")));
  CHECK(s.request.headers.find("authorization") == std::string_view(out.at("authorization").as_string()));
  CHECK(s.string_to_sign.ends_with(str(out.at("canonicalizedResource"))));
  if (s.request.method == http_method::post) CHECK(s.request.body == str(wire.at("body")));
}

json::array const& vectors() {
  static json::value const doc = test::read_json("signing-vectors.json");
  return doc.at("vectors").as_array();
}

json::object const& quirk(std::string_view id) {
  static json::value const doc = test::read_json("signing-vectors.json");
  for (auto const& q : doc.at("nodeQuirks").as_array())
    if (q.at("id").as_string() == id) return q.as_object();
  throw std::runtime_error("no such quirk");
}

struct only_optionals {
  std::optional<std::string> x{};
};
BOOST_DESCRIBE_STRUCT(only_optionals, (), (x))

using management_endpoints = management::mfa_endpoints;

// True when a typed request can say exactly what the vector's params say: no nulls, no keys
// beyond the endpoint's fields.
bool expressible(json::value const& v) {
  if (v.is_null()) return false;
  if (auto const* a = v.if_array()) {
    for (auto const& item : *a)
      if (!expressible(item)) return false;
  }
  if (auto const* o = v.if_object()) {
    for (auto const& m : *o)
      if (!expressible(m.value())) return false;
  }
  return true;
}

// Builds the vector through the typed request of its endpoint; returns false when no typed
// request can express its params.
bool reproduce_typed(json::object const& v) {
  auto const& in = v.at("inputs").as_object();
  auto const& params = params_of(in);
  if (!expressible(params)) return false;
  bool done = false;
  boost::mp11::mp_for_each<management_endpoints>([&](auto tag) {
    using R = decltype(tag);
    if (R::path != in.at("uri").as_string() || R::method != method_of(in)) return;
    auto typed = from_json<R>(params);
    if (!typed) return;
    // Unknown keys are dropped on decode; the round trip must give the vector's params back.
    if (to_json(*typed) != json::value(params)) return;
    auto built = build(options_for(v), *typed);
    REQUIRE_MESSAGE(built.has_value(), built.error().to_string());
    auto const& out = v.at("outputs").as_object();
    CHECK(built->headers.find("authorization") == std::string_view(out.at("authorization").as_string()));
    if (R::method == http_method::post) CHECK(built->body == str(v.at("observedOnWire").at("body")));
    done = true;
  });
  return done;
}


TEST_SUITE("signing-vectors") {
  TEST_CASE("all 18 vectors are reproduced through sign_request") {
    REQUIRE(vectors().size() == 18);
    for (auto const& item : vectors()) {
      auto const& v = item.as_object();
      CAPTURE(v.at("id"));
      auto const& in = v.at("inputs").as_object();
      auto s = sign_request(options_for(v), method_of(in), in.at("uri").as_string(), params_of(in));
      REQUIRE_MESSAGE(s.has_value(), s.error().to_string());
      check_against(v, *s);
      // Signed headers are exactly the vector's, in name and value.
      auto const prefix = std::string(item.at("brand").as_string() == "authing" ? "x-authing-" : "x-genauth-");
      std::set<std::string> ours, theirs;
      for (auto const& h : s->request.headers)
        if (h.name == "date" || h.name.starts_with(prefix)) ours.insert(std::string(h.name) + ":" + std::string(h.value));
      for (auto const& h : in.at("headers").as_object())
        if (h.key() == "date" || h.key().starts_with(prefix)) theirs.insert(std::string(h.key()) + ":" + str(h.value()));
      CHECK(ours == theirs);
      // A GET goes out with the same request target as the official SDK's.
      if (s->request.method == http_method::get)
        CHECK(target_of(s->request) == str(v.at("observedOnWire").at("requestTarget")));
    }
  }

  TEST_CASE("every vector a typed request can express is reproduced through the endpoint") {
    std::set<std::string> typed;
    for (auto const& item : vectors()) {
      CAPTURE(item.at("id"));
      if (reproduce_typed(item.as_object())) typed.insert(str(item.at("id")));
    }
    std::set<std::string> const expected = {"S01", "S02", "S03", "S05", "S06", "S07", "S08",
                                            "S09", "S10", "S12", "S13", "S16", "S17", "S18"};
    CHECK(typed == expected);
  }

  TEST_CASE("Q01: a null GET parameter is neither signed nor sent") {
    auto const& q = quirk("Q01");
    auto const& in = q.at("inputs").as_object();
    auto s = sign_request(options_for(q), http_method::get, in.at("uri").as_string(), params_of(in));
    REQUIRE(s.has_value());
    CHECK(s->string_to_sign.ends_with("\n/api/v3/get-user-mfa-info?userId=u1"));
    CHECK(target_of(s->request) == "/api/v3/get-user-mfa-info?userId=u1");
  }

  TEST_CASE("Q02/Q05: absent optionals are absent keys, so nothing left means the bare path") {
    // A request whose optional members are all empty encodes to {}.
    json::value const params = to_json(only_optionals{});
    REQUIRE(params.as_object().empty());
    auto get = sign_request(test::fixed_options(), http_method::get, "/api/v3/get-global-mfa-settings", params.as_object());
    REQUIRE(get.has_value());
    CHECK(get->string_to_sign.ends_with("\n/api/v3/get-global-mfa-settings"));
    CHECK(target_of(get->request) == "/api/v3/get-global-mfa-settings");
    auto post = sign_request(test::fixed_options(), http_method::post, "/api/v3/update-global-mfa-settings",
                             params.as_object());
    REQUIRE(post.has_value());
    CHECK(post->string_to_sign.ends_with("\n/api/v3/update-global-mfa-settings"));
    CHECK(post->request.body == "{}");
  }

  TEST_CASE("Q03: array or object GET parameters are refused instead of signed one way and sent another") {
    auto const& q = quirk("Q03");
    auto const& in = q.at("inputs").as_object();
    auto s = sign_request(options_for(q), http_method::get, in.at("uri").as_string(), params_of(in));
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == errc::unsupported_query_value);
    CHECK(s.error().json_path == "arr");
  }

  TEST_CASE("Q04: the canonical header block follows JavaScript, the client refuses a TAB in a tenant id") {
    auto const& q = quirk("Q04");
    auto const& in = q.at("inputs").as_object();
    http_headers raw;
    for (auto const& h : in.at("headers").as_object()) raw.set(std::string(h.key()), str(h.value()));
    CHECK(canonical_headers(raw, "x-genauth-") == str(q.at("outputs").at("canonicalizedHeaders")));
    auto s = sign_request(options_for(q), http_method::get, in.at("uri").as_string(), params_of(in));
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == errc::control_character);
    // Surrounding spaces alone are trimmed, so the wire carries what was signed.
    auto o = options_for(q);
    o.tenant_id = "  tenant  ";
    auto trimmed = sign_request(o, http_method::get, in.at("uri").as_string(), params_of(in));
    REQUIRE(trimmed.has_value());
    CHECK(trimmed->request.headers.find("x-genauth-app-id") == "tenant");
    CHECK(trimmed->string_to_sign.find("\nx-genauth-app-id:tenant\n") != std::string::npos);
  }

  TEST_CASE("Q06: an empty POST body signs the bare path and sends {}") {
    auto const& q = quirk("Q06");
    auto const& in = q.at("inputs").as_object();
    auto s = sign_request(options_for(q), http_method::post, in.at("uri").as_string(), params_of(in));
    REQUIRE(s.has_value());
    check_against(q, *s);
  }
}

TEST_CASE("header values are canonicalised with JavaScript trim semantics") {
  auto const canonical_header_value = [](std::string_view v) {
    std::string out = "date:";  // appended after what is already there
    detail::append_canonical_header_value(v, out);
    return out.substr(5);
  };
  CHECK(canonical_header_value("  ten ant  ") == "ten ant");  // printable ASCII: spaces trimmed
  CHECK(canonical_header_value("   ").empty());
  CHECK(canonical_header_value("  ten\tant  ") == "ten ant");
  CHECK(canonical_header_value("a\r\nb\fc") == "a  b c");
  CHECK(canonical_header_value("\xc2\xa0 x \xe3\x80\x80") == "x");      // U+00A0, U+3000
  CHECK(canonical_header_value("\xef\xbb\xbfx\xe2\x80\xa8") == "x");    // U+FEFF, U+2028
  CHECK(canonical_header_value("x\xc2\xa0y") == "x\xc2\xa0y");          // inner space kept
  CHECK(canonical_header_value("\v x \v") == "x");
  CHECK(canonical_header_value(" \t ") == "");
}

TEST_CASE("headers of one name keep their order in the signed block") {
  http_headers headers;
  std::string expected_a, expected_b;
  for (int i = 0; i < 40; ++i) {  // more than fit on the stack: the vector path too
    std::string const name = i % 3 == 0 ? "x-genauth-a" : "x-genauth-b";
    headers.add(name, std::to_string(i));
    (i % 3 == 0 ? expected_a : expected_b) += name + ":" + std::to_string(i) + "\n";
  }
  CHECK(canonical_headers(headers, "x-genauth-") == expected_a + expected_b);
}

TEST_CASE("keys sort by UTF-16 code units") {
  using detail::compare_utf16;
  CHECK(compare_utf16("userId", "userIdType") < 0);
  CHECK(compare_utf16("B", "_k") < 0);
  CHECK(compare_utf16("_k", "a") < 0);
  CHECK(compare_utf16("userIdType", "\xc3\xa4") < 0);
  // U+1F600 is a surrogate pair (0xD83D...) and sorts before U+FF21 (0xFF21) in UTF-16,
  // although its code point is larger.
  CHECK(compare_utf16("\xf0\x9f\x98\x80", "\xef\xbc\xa1") < 0);
  CHECK(compare_utf16("\xed\x9f\xbf", "\xf0\x9f\x98\x80") < 0);  // U+D7FF before any pair
  CHECK(compare_utf16("same", "same") == 0);
}

TEST_CASE("the date header is IMF-fixdate") {
  using namespace std::chrono;
  CHECK(imf_fixdate(sys_days{2025y / January / 5} + 8h + 30min) == "Sun, 05 Jan 2025 08:30:00 GMT");
  CHECK(imf_fixdate(sys_days{2025y / June / 30} + 23h + 59min + 59s + 999ms) == "Mon, 30 Jun 2025 23:59:59 GMT");
  CHECK(imf_fixdate(sys_days{2024y / February / 29}) == "Thu, 29 Feb 2024 00:00:00 GMT");
  CHECK(imf_fixdate(sys_days{1970y / January / 1}) == "Thu, 01 Jan 1970 00:00:00 GMT");
}

}  // namespace GENAUTH_UNITY_ID
