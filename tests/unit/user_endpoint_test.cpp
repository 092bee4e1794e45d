// A user declares a DTO and an endpoint in their own namespace, with a member type the codec
// does not know (converted through Boost.JSON's tag_invoke) and a renamed key, and sends it
// through the client's public `call`, without touching the SDK.
#include "support.hpp"

#include <genauth/testkit/fake_transport.hpp>

#include <doctest/doctest.h>

#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

namespace acme {

/// Not described: Boost.JSON converts it through the two overloads below.
struct geo_point {
  double lat = 0;
  double lon = 0;
};

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, geo_point const& p) {
  v = boost::json::array{p.lat, p.lon};
}

boost::json::result<geo_point> tag_invoke(boost::json::try_value_to_tag<geo_point>, boost::json::value const& v) {
  auto const* a = v.if_array();
  if (!a || a->size() != 2 || !(*a)[0].is_number() || !(*a)[1].is_number())
    return make_error_code(boost::json::error::not_array);
  return geo_point{(*a)[0].to_number<double>(), (*a)[1].to_number<double>()};
}

struct device_note {
  std::string note_id{};
  geo_point where{};
  std::optional<std::string> device_label{};
};
BOOST_DESCRIBE_STRUCT(device_note, (), (note_id, where, device_label))
GENAUTH_JSON_KEY(device_note, device_label, "device-label")

struct add_device_note_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/add-device-note";
  static constexpr bool idempotent = false;
  using response_type = device_note;

  std::string user_id{};
  geo_point where{};
  std::optional<std::string> device_label{};
};
BOOST_DESCRIBE_STRUCT(add_device_note_request, (), (user_id, where, device_label))
GENAUTH_JSON_KEY(add_device_note_request, device_label, "device-label")

// Members named like an endpoint's declarations: fields, not declarations.
struct create_field_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/create-field";
  using response_type = void;

  std::int64_t format = 0;
  bool enveloped = false;
  bool idempotent = false;
};
BOOST_DESCRIBE_STRUCT(create_field_request, (), (format, enveloped, idempotent))

}  // namespace acme

using namespace genauth;

TEST_CASE("a user-defined DTO with a custom member type and a renamed key round-trips") {
  acme::device_note const note{.note_id = "n1", .where = {52.5, 13.25}, .device_label = "door"};
  auto const v = to_json(note);
  CHECK(stringify(v).value() == R"({"noteId":"n1","where":[52.5,13.25],"device-label":"door"})");
  auto back = from_json<acme::device_note>(v);
  REQUIRE_MESSAGE(back.has_value(), back.error().to_string());
  CHECK(back->note_id == "n1");
  CHECK(back->where.lat == 52.5);
  CHECK(back->where.lon == 13.25);
  CHECK(back->device_label == "door");
  // A value the user's conversion refuses is a decode error at its path.
  auto bad = from_json<acme::device_note>(boost::json::parse(R"({"noteId":"n1","where":"north"})"));
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == errc::type_mismatch);
  CHECK(bad.error().json_path == "where");
}

TEST_CASE("a user-defined endpoint is signed, sent and parsed through management_client::call") {
  testkit::fake_transport fake;
  fake.on(http_method::post, "/api/v3/acme/add-device-note",
          {200, {}, R"({"statusCode":200,"data":{"noteId":"n9","where":[1.5,-2],"device-label":"gate"}})"});
  management_client client(test::fixed_options(), fake);
  auto r = client.call(acme::add_device_note_request{.user_id = "u1", .where = {1.5, -2}, .device_label = "gate"});
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  CHECK(r->note_id == "n9");
  CHECK(r->where.lon == -2);
  CHECK(r->device_label == "gate");
  REQUIRE(fake.requests().size() == 1);
  auto const& sent = fake.requests()[0];
  CHECK(sent.url == "https://api.genauth.ai/api/v3/acme/add-device-note");
  CHECK(sent.body == R"({"userId":"u1","where":[1.5,-2],"device-label":"gate"})");
  CHECK(test::signature_is_valid(sent, test::fixed_options().access_key_secret));
  // The required user id is checked like any SDK endpoint's.
  auto refused = client.call(acme::add_device_note_request{});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == errc::empty_argument);
  CHECK(refused.error().json_path == "userId");
}

TEST_CASE("request members named format, enveloped or idempotent are fields, not the endpoint's declarations") {
  static_assert(detail::format_of<acme::create_field_request>() == body_format::json);
  static_assert(detail::enveloped<acme::create_field_request>());
  static_assert(!is_idempotent_v<acme::create_field_request>);
  auto const req = build(test::fixed_options(), acme::create_field_request{.format = 7, .enveloped = true});
  REQUIRE(req.has_value());
  CHECK(req->body == R"({"format":7,"enveloped":true,"idempotent":false})");
}
