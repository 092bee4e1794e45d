#include "support.hpp"

#include <doctest/doctest.h>

#include <set>

namespace json = boost::json;
using namespace genauth;

namespace GENAUTH_UNITY_ID {

struct inner {
  std::int32_t count = 0;
  std::optional<std::string> label{};
};
BOOST_DESCRIBE_STRUCT(inner, (), (count, label))

struct outer {
  std::string user_id_type{};
  std::string odd_key{};
  std::optional<inner> nested{};
  std::vector<inner> items{};
  std::optional<std::vector<std::string>> tags{};
  std::optional<bool> flag{};
  std::optional<std::uint8_t> small{};
  std::optional<open_enum<factor_type>> kind{};
  std::optional<factor_type> closed{};
  std::optional<json::value> raw{};
};
BOOST_DESCRIBE_STRUCT(outer, (), (user_id_type, odd_key, nested, items, tags, flag, small, kind, closed, raw))
GENAUTH_JSON_KEY(outer, odd_key, "ODD-key")

result<outer> decode(std::string_view text) { return from_json<outer>(json::parse(text)); }

std::set<std::string> keys_of(json::value const& v) {
  std::set<std::string> out;
  for (auto const& m : v.as_object()) out.insert(std::string(m.key()));
  return out;
}

template <class T>
std::set<std::string> keys_of() {
  std::set<std::string> out;
  boost::mp11::mp_for_each<detail::members_of<T>>([&](auto d) { out.insert(std::string(json_key_v<decltype(d)>)); });
  return out;
}


TEST_CASE("keys are camelCase of the member names, with per-member overrides") {
  CHECK(detail::camel_case<32>("user_id_type").view() == "userIdType");
  CHECK(detail::camel_case<32>("mfa_phone_country_code").view() == "mfaPhoneCountryCode");
  CHECK(detail::camel_case<32>("list").view() == "list");
  CHECK(keys_of<outer>() ==
        std::set<std::string>{"userIdType", "ODD-key", "nested", "items", "tags", "flag", "small", "kind", "closed", "raw"});
}

TEST_CASE("encoding keeps declaration order and omits empty optionals") {
  outer o;
  o.user_id_type = "x";
  o.items = {{1, std::nullopt}, {2, "two"}};
  o.closed = factor_type::email;
  CHECK(*stringify(to_json(o)) ==
        R"({"userIdType":"x","ODD-key":"","items":[{"count":1},{"count":2,"label":"two"}],"closed":"EMAIL"})");
}

TEST_CASE("decoding ignores unknown keys and reads missing or null optionals as empty") {
  auto r = decode(R"({"userIdType":"a","ODD-key":"b","items":[],"flag":null,"future":{"x":[1,2]}})");
  REQUIRE(r.has_value());
  CHECK(r->user_id_type == "a");
  CHECK(r->odd_key == "b");
  CHECK_FALSE(r->flag.has_value());
  CHECK_FALSE(r->nested.has_value());
}

TEST_CASE("a missing or null required member is an error naming its path") {
  auto missing = decode(R"({"userIdType":"a","ODD-key":"b","items":[{"count":1},{"label":"x"}]})");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code == errc::missing_field);
  CHECK(missing.error().json_path == "items[1].count");
  CHECK(missing.error().kind() == error_kind::decode);
  auto null = decode(R"({"userIdType":null,"ODD-key":"b","items":[]})");
  REQUIRE_FALSE(null.has_value());
  CHECK(null.error().json_path == "userIdType");
}

TEST_CASE("wrong types are errors naming their path") {
  auto r = decode(R"({"userIdType":"a","ODD-key":"b","items":[],"nested":{"count":"7"}})");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == errc::type_mismatch);
  CHECK(r.error().json_path == "nested.count");
  CHECK(r.error().message == "expected a number, got a string");
  CHECK(decode(R"({"userIdType":1,"ODD-key":"b","items":[]})").error().json_path == "userIdType");
  CHECK(decode(R"([1])").error().code == errc::type_mismatch);
}

TEST_CASE("integers are never narrowed silently") {
  auto const small = [](std::string_view n) {
    return decode(R"({"userIdType":"a","ODD-key":"b","items":[],"small":)" + std::string(n) + "}");
  };
  CHECK(*small("255")->small == 255);
  CHECK(*small("7.0")->small == 7);
  CHECK(small("256").error().code == errc::number_out_of_range);
  CHECK(small("-1").error().code == errc::number_out_of_range);
  CHECK(small("1e999").error().code == errc::number_out_of_range);
  CHECK(small("1e30").error().code == errc::number_out_of_range);
  CHECK(small("18446744073709551616").error().code == errc::number_out_of_range);
  CHECK(small("1.5").error().code == errc::type_mismatch);
  auto big = decode(R"({"userIdType":"a","ODD-key":"b","items":[{"count":2147483648}]})");
  CHECK(big.error().code == errc::number_out_of_range);
  CHECK(big.error().json_path == "items[0].count");
}

TEST_CASE("documented quirks: enabled/disabled booleans, a bare object for an array, an array in a string") {
  auto r = decode(R"({"userIdType":"a","ODD-key":"b","items":{"count":3},"tags":"[\"SMS\",\"OTP\"]","flag":"enabled"})");
  REQUIRE(r.has_value());
  REQUIRE(r->items.size() == 1);
  CHECK(r->items[0].count == 3);
  CHECK(*r->tags == std::vector<std::string>{"SMS", "OTP"});
  CHECK(*r->flag == true);
  CHECK(*decode(R"({"userIdType":"a","ODD-key":"b","items":[],"flag":"disabled"})")->flag == false);
  CHECK(decode(R"({"userIdType":"a","ODD-key":"b","items":[],"flag":"on"})").error().code == errc::unknown_value);
  CHECK(decode(R"({"userIdType":"a","ODD-key":"b","items":[],"tags":"SMS"})").error().code == errc::type_mismatch);
  // Only arrays of objects accept a bare object.
  CHECK(decode(R"({"userIdType":"a","ODD-key":"b","items":[],"tags":{"a":1}})").error().code == errc::type_mismatch);
}

TEST_CASE("response enums stay open, request enums are closed") {
  auto r = decode(R"({"userIdType":"a","ODD-key":"b","items":[],"kind":"PASSKEY","closed":"SMS"})");
  REQUIRE(r.has_value());
  CHECK(r->kind->raw() == "PASSKEY");
  CHECK_FALSE(r->kind->is_known());
  CHECK(*r->closed == factor_type::sms);
  CHECK(open_enum<factor_type>(std::string("FACE")) == factor_type::face);
  CHECK(open_enum<factor_type>(std::string("FACE")).known() == factor_type::face);
  auto unknown = decode(R"({"userIdType":"a","ODD-key":"b","items":[],"closed":"PASSKEY"})");
  CHECK(unknown.error().code == errc::unknown_value);
  CHECK(unknown.error().json_path == "closed");
}

TEST_CASE("raw JSON members keep whatever was sent") {
  auto r = decode(R"({"userIdType":"a","ODD-key":"b","items":[],"raw":{"phoneNumber":"188","deep":[1]}})");
  REQUIRE(r.has_value());
  CHECK(r->raw->at("phoneNumber") == "188");
}

TEST_CASE("generated keys of each DTO match the documented samples") {
  auto const data = [](std::string const& f) { return test::read_json("fixtures/" + f).at("data"); };
  CHECK(keys_of<user_mfa_info>() == keys_of(data("get-user-mfa-info.success.json")));
  CHECK(keys_of<mfa_trigger_data>() == keys_of(data("get-mfa-status.success.json")));
  CHECK(keys_of<application_mfa_policy>() == keys_of(data("get-mfa-status.success.json").at("applicationMfa").at(0)));
  CHECK(keys_of<success_flag>() == keys_of(data("set-mfa-status.success.json")));
  CHECK(keys_of<otp_secret>() == keys_of(data("get-otp-secret-by-user.success.json")));
  CHECK(keys_of<mfa_settings>() == keys_of(data("get-global-mfa-settings.success.json")));
  // Request DTOs against the bodies the official SDK sent (signing vectors).
  auto const vectors = test::read_json("signing-vectors.json").at("vectors").as_array();
  auto const body = [&](std::string_view id) -> json::value const& {
    for (auto const& v : vectors)
      if (v.at("id").as_string() == id) return v.at("inputs").at("body");
    throw std::runtime_error("no vector");
  };
  CHECK(keys_of<set_users_mfa_status_request>() == keys_of(body("S04")));
  CHECK(keys_of<mfa_trigger_data>() == keys_of(body("S04").at("mfaTriggerData")));
  CHECK(keys_of<import_otp_item>() == keys_of(body("S06").at("list").at(0)));
  CHECK(keys_of<otp_credentials>() == keys_of(body("S06").at("list").at(0).at("otp")));
  CHECK(keys_of<update_application_mfa_settings_request>() == keys_of(body("S07")));
  CHECK(keys_of<update_global_mfa_settings_request>() == keys_of(body("S05")));
  CHECK(keys_of<close_global_mfa_settings_request>() == keys_of(body("S13")));
}

}  // namespace GENAUTH_UNITY_ID
