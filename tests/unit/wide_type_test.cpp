// A type over Boost.Describe's 52-member limit, split into a described base and the rest: every
// member is read and written, the base's first, in the order the JSON has them. And members named
// after C++ keywords.
#include "support.hpp"

#include <doctest/doctest.h>

namespace acme {

/// The first 30 members of a 57-member answer (as the generator splits UserDto).
struct wide_user_head {
  std::string user_id{};
  std::optional<std::int64_t> field1{};
  std::optional<std::int64_t> field2{};
  std::optional<std::int64_t> field3{};
  std::optional<std::int64_t> field4{};
  std::optional<std::int64_t> field5{};
  std::optional<std::int64_t> field6{};
  std::optional<std::int64_t> field7{};
  std::optional<std::int64_t> field8{};
  std::optional<std::int64_t> field9{};
  std::optional<std::int64_t> field10{};
  std::optional<std::int64_t> field11{};
  std::optional<std::int64_t> field12{};
  std::optional<std::int64_t> field13{};
  std::optional<std::int64_t> field14{};
  std::optional<std::int64_t> field15{};
  std::optional<std::int64_t> field16{};
  std::optional<std::int64_t> field17{};
  std::optional<std::int64_t> field18{};
  std::optional<std::int64_t> field19{};
  std::optional<std::int64_t> field20{};
  std::optional<std::int64_t> field21{};
  std::optional<std::int64_t> field22{};
  std::optional<std::int64_t> field23{};
  std::optional<std::int64_t> field24{};
  std::optional<std::int64_t> field25{};
  std::optional<std::int64_t> field26{};
  std::optional<std::int64_t> field27{};
  std::optional<std::int64_t> field28{};
  std::optional<std::int64_t> field29{};
};
BOOST_DESCRIBE_STRUCT(wide_user_head, (), (user_id, field1, field2, field3, field4, field5, field6, field7, field8, field9, field10, field11, field12, field13, field14, field15, field16, field17, field18, field19, field20, field21, field22, field23, field24, field25, field26, field27, field28, field29))

/// The other 27.
struct wide_user : wide_user_head {
  std::optional<std::string> field30{};
  std::optional<std::string> field31{};
  std::optional<std::string> field32{};
  std::optional<std::string> field33{};
  std::optional<std::string> field34{};
  std::optional<std::string> field35{};
  std::optional<std::string> field36{};
  std::optional<std::string> field37{};
  std::optional<std::string> field38{};
  std::optional<std::string> field39{};
  std::optional<std::string> field40{};
  std::optional<std::string> field41{};
  std::optional<std::string> field42{};
  std::optional<std::string> field43{};
  std::optional<std::string> field44{};
  std::optional<std::string> field45{};
  std::optional<std::string> field46{};
  std::optional<std::string> field47{};
  std::optional<std::string> field48{};
  std::optional<std::string> field49{};
  std::optional<std::string> field50{};
  std::optional<std::string> field51{};
  std::optional<std::string> field52{};
  std::optional<std::string> field53{};
  std::optional<std::string> field54{};
  std::optional<std::string> field55{};
  std::optional<std::string> field56{};
};
BOOST_DESCRIBE_STRUCT(wide_user, (wide_user_head), (field30, field31, field32, field33, field34, field35, field36, field37, field38, field39, field40, field41, field42, field43, field44, field45, field46, field47, field48, field49, field50, field51, field52, field53, field54, field55, field56))

struct put_wide_user_request : wide_user {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/put-wide-user";
  using response_type = wide_user;
};
BOOST_DESCRIBE_STRUCT(put_wide_user_request, (wide_user), ())

/// Keys that are C++ keywords, and one that is no identifier at all.
struct keyword_keys {
  std::string namespace_{};
  std::optional<bool> private_{};
  std::optional<std::string> default_{};
  std::optional<std::string> zh_cn{};
};
BOOST_DESCRIBE_STRUCT(keyword_keys, (), (namespace_, private_, default_, zh_cn))
GENAUTH_JSON_KEY(keyword_keys, zh_cn, "zh-CN")

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

std::string wide_json() {
  std::string text = R"({"userId":"u1")";
  for (int i = 1; i < 30; ++i) text += ",\"field" + std::to_string(i) + "\":" + std::to_string(i);
  for (int i = 30; i < 57; ++i) text += ",\"field" + std::to_string(i) + "\":\"v" + std::to_string(i) + "\"";
  return text + "}";
}

TEST_CASE("a 57-member type split over a described base: every member read, written and sent, in order") {
  static_assert(boost::mp11::mp_size<detail::members_of<acme::wide_user>>::value == 57);
  auto const user = from_json<acme::wide_user>(boost::json::parse(wide_json()));
  REQUIRE(user.has_value());
  CHECK(user->user_id == "u1");
  CHECK(user->field29 == 29);
  CHECK(user->field56 == "v56");
  CHECK(stringify(to_json(*user)).value() == wide_json());
  CHECK(from_json<acme::wide_user>(boost::json::parse(R"({"field3":1})")).error().json_path == "userId");
  CHECK(from_json<acme::wide_user>(boost::json::parse(R"({"userId":"u","field40":7})")).error().json_path == "field40");

  acme::put_wide_user_request request;
  static_cast<acme::wide_user&>(request) = *user;
  auto const sent = build(test::fixed_options(), request);
  REQUIRE(sent.has_value());
  CHECK(sent->body == wide_json());
  CHECK(build(test::fixed_options(), acme::put_wide_user_request{}).error().json_path == "userId");
}

TEST_CASE("a member named after a keyword drops its trailing underscore, and a key no identifier spells is given") {
  std::string const text = R"({"namespace":"ns","private":true,"default":"d","zh-CN":"中文"})";
  auto const v = from_json<acme::keyword_keys>(boost::json::parse(text));
  REQUIRE(v.has_value());
  CHECK(v->namespace_ == "ns");
  CHECK(v->private_ == true);
  CHECK(v->zh_cn == "中文");
  CHECK(stringify(to_json(*v)).value() == text);
}

}  // namespace GENAUTH_UNITY_ID
