#include "support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

namespace json = boost::json;

namespace GENAUTH_UNITY_ID {

std::string js(json::value const& v) {
  auto r = genauth::stringify(v);
  REQUIRE_MESSAGE(r.has_value(), r.error().to_string());
  return *r;
}


TEST_CASE("numbers render as JavaScript's Number.prototype.toString") {
  CHECK(js(1e21) == "1e+21");
  CHECK(js(1e20) == "100000000000000000000");
  CHECK(js(1.5e-7) == "1.5e-7");
  CHECK(js(1e-7) == "1e-7");
  CHECK(js(1e-6) == "0.000001");
  CHECK(js(0.000001234) == "0.000001234");
  CHECK(js(0.1 + 0.2) == "0.30000000000000004");
  CHECK(js(123456789012345680000.0) == "123456789012345680000");
  CHECK(js(-0.0) == "0");
  CHECK(js(0.25) == "0.25");
  CHECK(js(-3.0) == "-3");
  CHECK(js(100.0) == "100");
  CHECK(js(1.23e22) == "1.23e+22");
  CHECK(js(-1.5e-9) == "-1.5e-9");
  CHECK(js(5e-324) == "5e-324");
  CHECK(js(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(js(123.456) == "123.456");
  CHECK(js(std::int64_t{-3}) == "-3");
  CHECK(js(std::int64_t{9007199254740992}) == "9007199254740992");
  CHECK(js(std::uint64_t{9007199254740992}) == "9007199254740992");
}

TEST_CASE("numbers JavaScript cannot carry exactly are refused") {
  for (json::value v : {json::value(std::int64_t{9007199254740993}), json::value(std::int64_t{-9007199254740993}),
                        json::value(std::uint64_t{18446744073709551615u}),
                        json::value(std::numeric_limits<double>::infinity()), json::value(std::nan(""))}) {
    auto r = genauth::stringify(json::array{1, v});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == genauth::errc::unrepresentable_number);
    CHECK(r.error().json_path == "[1]");
  }
}

TEST_CASE("strings are escaped as JSON.stringify escapes them") {
  CHECK(js("tok\n\t\"quoted\" \\ back/slash \x01") == R"("tok\n\t\"quoted\" \\ back/slash \u0001")");
  CHECK(js("\b\f\r\x1f\x7f") == "\"\\b\\f\\r\\u001f\x7f\"");
  CHECK(js("令牌🔐 \xe2\x80\xa8") == "\"令牌🔐 \xe2\x80\xa8\"");
  CHECK(js(json::object{{"a", nullptr}, {"b", json::array{true, false}}, {"c", json::object{}}}) ==
        R"({"a":null,"b":[true,false],"c":{}})");
}

TEST_CASE("invalid UTF-8 is refused with its JSON path") {
  for (std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe4\xbd", "\xf4\x90\x80\x80"}) {
    auto r = genauth::stringify(json::object{{"outer", json::object{{"key", bad}}}});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == genauth::errc::invalid_utf8);
    CHECK(r.error().json_path == "outer.key");
  }
}

}  // namespace GENAUTH_UNITY_ID
