// An array of strings in a GET query: signed as its JSON and sent item by item as `key[]`, the
// official SDK's form; an empty one neither signed nor sent (D-3); any other container refused.
#include "support.hpp"

#include <doctest/doctest.h>

namespace acme {

struct find_many_request {
  using api = genauth::authentication_api;
  static constexpr genauth::http_method method = genauth::http_method::get;
  static constexpr std::string_view path = "/api/v3/acme/find-many";
  using response_type = void;
  std::vector<std::string> user_ids{};
  std::optional<std::string> city{};
};
BOOST_DESCRIBE_STRUCT(find_many_request, (), (user_ids, city))

struct store_many_request {
  using api = genauth::authentication_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/store-many";
  static constexpr genauth::body_format format = genauth::body_format::form;
  using response_type = void;
  std::vector<std::string> user_ids{};
};
BOOST_DESCRIBE_STRUCT(store_many_request, (), (user_ids))

}  // namespace acme

namespace GENAUTH_UNITY_ID {

std::string_view resource_of(std::string const& string_to_sign) {
  return std::string_view(string_to_sign).substr(string_to_sign.rfind('\n') + 1);
}

std::string_view path_and_query(http_request const& r) { return std::string_view(r.url).substr(r.url.find("/api/")); }

TEST_CASE("query arrays: management signs an array of strings as JSON and sends each item as key[]") {
  auto const s = sign_request(test::fixed_options(), http_method::get, "/api/v3/get-user-batch",
                              {{"userIds", boost::json::array{"a b", "c&d", "\xC3\xA9", "\"q\""}}, {"withCustomData", true}});
  REQUIRE(s.has_value());
  CHECK(resource_of(s->string_to_sign) == R"(/api/v3/get-user-batch?userIds=["a b","c&d","é","\"q\""]&withCustomData=true)");
  CHECK(path_and_query(s->request) ==
        "/api/v3/get-user-batch?userIds%5B%5D=a+b&userIds%5B%5D=c%26d&userIds%5B%5D=%C3%A9&userIds%5B%5D=%22q%22"
        "&withCustomData=true");
}

TEST_CASE("query arrays: an empty array is neither signed nor sent, where the official SDK signs it only (D-3)") {
  auto const s = sign_request(test::fixed_options(), http_method::get, "/api/v3/get-user-batch",
                              {{"userIds", boost::json::array{}}});
  REQUIRE(s.has_value());
  CHECK(resource_of(s->string_to_sign) == "/api/v3/get-user-batch");
  CHECK(path_and_query(s->request) == "/api/v3/get-user-batch");
}

TEST_CASE("query arrays: an array of other items, or an object, has no form in a query and is refused") {
  for (auto const& v : {boost::json::value(boost::json::array{"a", 1}), boost::json::value(boost::json::array{{"a"}}),
                        boost::json::value(boost::json::object{{"k", "v"}})}) {
    CAPTURE(boost::json::serialize(v));
    auto const s = sign_request(test::fixed_options(), http_method::get, "/api/v3/x", {{"userId", "u1"}, {"arr", v}});
    REQUIRE_FALSE(s.has_value());
    CHECK(s.error().code == errc::unsupported_query_value);
    CHECK(s.error().json_path == "arr");
  }
}

TEST_CASE("query arrays: the authentication API sends them alike, a form refuses them") {
  authentication_options o;
  o.app_id = "app-1";
  o.app_host = "https://example.genauth.ai";
  auto const r = build(o, acme::find_many_request{.user_ids = {"a", "b/c"}, .city = "Oslo"});
  REQUIRE(r.has_value());
  CHECK(r->url == "https://example.genauth.ai/api/v3/acme/find-many?userIds%5B%5D=a&userIds%5B%5D=b%2Fc&city=Oslo");
  CHECK(build(o, acme::find_many_request{.city = "Oslo"})->url ==
        "https://example.genauth.ai/api/v3/acme/find-many?city=Oslo");
  auto const form = build(o, acme::store_many_request{.user_ids = {"a"}});
  REQUIRE_FALSE(form.has_value());
  CHECK(form.error().code == errc::unsupported_query_value);
  CHECK(form.error().json_path == "userIds");
}

}  // namespace GENAUTH_UNITY_ID
