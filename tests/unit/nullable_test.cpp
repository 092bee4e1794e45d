// nullable<T>: absent, null or a value, in both directions and every place a member goes.
#include "support.hpp"

#include <doctest/doctest.h>

namespace acme {

struct profile {
  std::string user_id{};
  genauth::nullable<std::string> nickname{};
  genauth::nullable<std::int64_t> age{};
};
BOOST_DESCRIBE_STRUCT(profile, (), (user_id, nickname, age))

struct update_profile_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/update-profile";
  using response_type = profile;
  std::string user_id{};
  genauth::nullable<std::string> nickname{};
  genauth::nullable<std::int64_t> age{};
};
BOOST_DESCRIBE_STRUCT(update_profile_request, (), (user_id, nickname, age))

struct find_profiles_request {
  using api = genauth::authentication_api;
  static constexpr genauth::http_method method = genauth::http_method::get;
  static constexpr std::string_view path = "/api/v3/acme/find-profiles";
  using response_type = void;
  genauth::nullable<std::string> nickname{};
  std::optional<std::string> city{};
};
BOOST_DESCRIBE_STRUCT(find_profiles_request, (), (nickname, city))

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

TEST_CASE("nullable: an absent member is not sent, a null one is sent as null, a value as itself") {
  auto const o = test::fixed_options();
  acme::update_profile_request r{.user_id = "u1"};
  CHECK(build(o, r)->body == R"({"userId":"u1"})");
  r.nickname.emplace();  // null: clear it
  r.age = 42;
  CHECK(build(o, r)->body == R"({"userId":"u1","nickname":null,"age":42})");
  r.nickname = "nick";
  r.age.emplace();
  auto const sent = build(o, r);
  REQUIRE(sent.has_value());
  CHECK(sent->body == R"({"userId":"u1","nickname":"nick","age":null})");
  // The string to sign has the null as the body has it.
  auto const same = sign_request(o, http_method::post, "/api/v3/acme/update-profile",
                                 {{"userId", "u1"}, {"nickname", "nick"}, {"age", nullptr}});
  CHECK(sent->headers.find("authorization") == same->request.headers.find("authorization"));
}

TEST_CASE("nullable: a missing key reads as absent, a null as null, a value as itself") {
  auto const read = [](std::string_view text) { return from_json<acme::profile>(boost::json::parse(text)).value(); };
  auto const absent = read(R"({"userId":"u1"})");
  CHECK_FALSE(absent.nickname.has_value());
  auto const cleared = read(R"({"userId":"u1","nickname":null,"age":null})");
  REQUIRE(cleared.nickname.has_value());
  CHECK_FALSE(cleared.nickname->has_value());
  CHECK(cleared.age.has_value());
  auto const set = read(R"({"userId":"u1","nickname":"n","age":7})");
  CHECK(set.nickname == std::optional<std::string>("n"));
  CHECK(**set.age == 7);
  CHECK(to_json(cleared) == boost::json::parse(R"({"userId":"u1","nickname":null,"age":null})"));
  CHECK(from_json<acme::profile>(boost::json::parse(R"({"userId":"u1","age":"x"})")).error().json_path == "age");
}

TEST_CASE("nullable: a query leaves a null out, as it leaves an absent member out") {
  authentication_options o;
  o.app_id = "app-1";
  o.app_host = "https://example.genauth.ai";
  acme::find_profiles_request r{.city = "Oslo"};
  r.nickname.emplace();
  CHECK(build(o, r)->url == "https://example.genauth.ai/api/v3/acme/find-profiles?city=Oslo");
  r.nickname = "n";
  CHECK(build(o, r)->url == "https://example.genauth.ai/api/v3/acme/find-profiles?nickname=n&city=Oslo");
}

}  // namespace GENAUTH_UNITY_ID
