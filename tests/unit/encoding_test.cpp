// A request is encoded straight from its described struct; the text must equal what
// stringify(to_json(request)) gives, which the signing vectors pin to the official SDK's bytes.
#include "support.hpp"

#include <genauth/json/detail/params.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

namespace acme {

/// Keys JavaScript treats as array indices move to the front, ascending, whatever the
/// declaration order.
struct indexed_keys {
  std::string name{};
  std::int64_t second = 0;
  std::optional<std::string> first{};
  std::vector<std::int64_t> counts{};
};
BOOST_DESCRIBE_STRUCT(indexed_keys, (), (name, second, first, counts))
GENAUTH_JSON_KEY(indexed_keys, second, "10")
GENAUTH_JSON_KEY(indexed_keys, first, "2")

struct holder {
  indexed_keys inner{};
  std::vector<indexed_keys> many{};
  boost::json::value extra{};
  std::optional<bool> flag{};
};
BOOST_DESCRIBE_STRUCT(holder, (), (inner, many, extra, flag))

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

template <class R>
std::string typed_text(R const& r, detail::param_layout layout = detail::param_layout::json_object) {
  detail::typed_params<R> params;
  std::string text;
  auto e = params.encode(r, layout, text);
  REQUIRE_MESSAGE(!e, (e ? e->to_string() : std::string()));
  return text;
}

template <class R>
std::string tree_text(R const& r) {
  auto s = stringify(to_json(r));
  REQUIRE_MESSAGE(s.has_value(), (s ? std::string() : s.error().to_string()));
  return *s;
}

template <class R>
error typed_error(R const& r) {
  detail::typed_params<R> params;
  std::string text;
  auto e = params.encode(r, detail::param_layout::json_object, text);
  REQUIRE(e.has_value());
  return *e;
}


TEST_CASE("each request type encodes as stringify(to_json(request))") {
  std::string const awkward = "q\"\\/\b\f\n\r\t\x01\x1f\x7f \xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x94\x91";
  mfa_trigger_data data;
  data.mfa_token = awkward;
  data.mfa_phone = "+86 188";
  data.face_mfa_enabled = false;
  data.totp_mfa_enabled = true;
  data.application_mfa = {{factor_type::sms, 1, 3}, {open_enum<factor_type>(std::string("NEW")), -9007199254740992, {}}};
  set_users_mfa_status_request const set{.user_id = awkward, .user_id_type = user_id_type::phone, .mfa_trigger_data = data};
  CHECK(typed_text(set) == tree_text(set));
  import_otp_request const import{{{"u1", {"SECRET", "r-1"}}, {"u2", {"S2", {}}}}};
  CHECK(typed_text(import) == tree_text(import));
  update_application_mfa_settings_request const app{
      "app", std::vector<factor_type>{factor_type::otp, factor_type::face}, std::vector<factor_type>{}};
  CHECK(typed_text(app) == tree_text(app));
  CHECK(typed_text(get_global_mfa_settings_request{}) == "{}");
  get_mfa_trigger_data_request const get{"app", awkward, {}};
  CHECK(typed_text(get) == tree_text(get));
  enroll_factor_request enroll{};
  enroll.enrollment_data.pass_code = "123456";
  enroll.enrollment_token = awkward;
  CHECK(typed_text(enroll) == tree_text(enroll));
}

TEST_CASE("array-index keys lead in ascending order, at every depth, as JavaScript enumerates them") {
  acme::indexed_keys const inner{"n", 7, "f", {1, 2}};
  acme::holder const h{inner, {inner, {"m", 0, {}, {}}}, boost::json::parse(R"({"b":1,"7":[null],"a":"x"})"), true};
  CHECK(typed_text(inner) == R"({"2":"f","10":7,"name":"n","counts":[1,2]})");
  CHECK(typed_text(inner) == tree_text(inner));
  CHECK(typed_text(h) == tree_text(h));
}

TEST_CASE("a query's encoding holds only the JSON of values that are not strings") {
  acme::indexed_keys const inner{"n", 7, "f", {}};
  detail::typed_params<acme::indexed_keys> params;
  std::string text;
  REQUIRE_FALSE(params.encode(inner, detail::param_layout::values, text));
  CHECK(text == "7[]");
  auto const p = params.params();
  REQUIRE(p.size() == 4);
  CHECK(p[0].key == "2");
  CHECK(p[0].raw == "f");
  CHECK(detail::param_text(p[1], text) == "7");
  CHECK(detail::param_text(p[2], text) == "n");
  CHECK(detail::param_text(p[3], text) == "[]");
  CHECK(p[3].is_container());
}

TEST_CASE("what cannot be sent exactly fails at its JSON path, in both layouts") {
  acme::indexed_keys big{"n", std::numeric_limits<std::int64_t>::max(), {}, {}};
  auto e = typed_error(big);
  CHECK(e.code == errc::unrepresentable_number);
  CHECK(e.json_path == "10");
  acme::holder nested{};
  nested.many = {acme::indexed_keys{}, acme::indexed_keys{"x", 0, {}, {1, std::int64_t{1} << 60}}};
  e = typed_error(nested);
  CHECK(e.code == errc::unrepresentable_number);
  CHECK(e.json_path == "many[1].counts[1]");
  acme::indexed_keys bad_text{"a\xff", 0, {}, {}};
  CHECK(typed_error(bad_text).code == errc::invalid_utf8);
  detail::typed_params<acme::indexed_keys> params;
  std::string text;
  auto raw = params.encode(bad_text, detail::param_layout::values, text);
  REQUIRE(raw.has_value());
  CHECK(raw->code == errc::invalid_utf8);
  CHECK(raw->json_path == "name");
}

TEST_CASE("header fields share one buffer and survive edits around them") {
  http_headers h{{"Accept", "a"}, {"x-one", "1"}, {"X-Two", "22"}, {"x-one", "111"}};
  CHECK(h.size() == 4);
  h.erase("X-ONE");
  REQUIRE(h.size() == 2);
  CHECK(h.find("accept") == "a");
  CHECK(h.find("x-two") == "22");
  h.set("x-two", "3");
  h.add("x-two", "4");
  CHECK(h == http_headers{{"Accept", "a"}, {"x-two", "3"}, {"x-two", "4"}});
  // A view into the list itself is copied before the list changes under it.
  h.set("accept", *h.find("x-two"));
  CHECK(h == http_headers{{"x-two", "3"}, {"x-two", "4"}, {"accept", "3"}});
  h.set((*h.begin()).name, "z");
  CHECK(h == http_headers{{"accept", "3"}, {"x-two", "z"}});
}

}  // namespace GENAUTH_UNITY_ID
