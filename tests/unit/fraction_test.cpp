// Fractional numbers (a TypeScript `number` that is not an integer): read from any JSON number,
// written exactly as JavaScript writes them, and refused when JSON cannot carry them.
#include "support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

namespace acme {

struct price {
  double amount = 0;
  std::optional<double> discount{};
  std::vector<double> history{};
};
BOOST_DESCRIBE_STRUCT(price, (), (amount, discount, history))

struct set_price_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/set-price";
  using response_type = price;
  double amount = 0;
  std::optional<double> discount{};
};
BOOST_DESCRIBE_STRUCT(set_price_request, (), (amount, discount))

struct get_price_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::get;
  static constexpr std::string_view path = "/api/v3/acme/get-price";
  using response_type = price;
  double at_least = 0;
};
BOOST_DESCRIBE_STRUCT(get_price_request, (), (at_least))

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

TEST_CASE("fractions are read from any JSON number, and what JSON cannot carry is refused") {
  auto const p = from_json<acme::price>(boost::json::parse(R"({"amount":12,"discount":0.25,"history":[1,2.5,-0.0]})"));
  REQUIRE(p.has_value());
  CHECK(p->amount == 12.0);
  CHECK(p->discount == 0.25);
  CHECK(p->history == std::vector<double>{1.0, 2.5, -0.0});
  CHECK(from_json<acme::price>(boost::json::parse(R"({"amount":"12"})")).error().code == errc::type_mismatch);
  CHECK(from_json<acme::price>(boost::json::parse(R"({"amount":18446744073709551615,"history":[]})")).value().amount == 18446744073709551615.0);
}

TEST_CASE("fractions are written as JavaScript writes them, in the body, the query and the signature") {
  auto const o = test::fixed_options();
  auto const post = build(o, acme::set_price_request{.amount = 0.1, .discount = 1e21});
  REQUIRE(post.has_value());
  CHECK(post->body == R"({"amount":0.1,"discount":1e+21})");
  auto const get = build(o, acme::get_price_request{.at_least = 5e-7});
  REQUIRE(get.has_value());
  CHECK(get->url.ends_with("/api/v3/acme/get-price?atLeast=5e-7"));
  auto const same = sign_request(o, http_method::get, "/api/v3/acme/get-price", {{"atLeast", 5e-7}});
  CHECK(get->headers.find("authorization") == same->request.headers.find("authorization"));
  CHECK(build(o, acme::set_price_request{.amount = -0.0})->body == R"({"amount":0})");
}

TEST_CASE("NaN and the infinities are refused before sending, where they would be written as null") {
  auto const o = test::fixed_options();
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
    auto const r = build(o, acme::set_price_request{.amount = bad});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == errc::unrepresentable_number);
    CHECK(r.error().json_path == "amount");
    CHECK(build(o, acme::get_price_request{.at_least = bad}).error().code == errc::unrepresentable_number);
  }
}

}  // namespace GENAUTH_UNITY_ID
