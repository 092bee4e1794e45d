// Unions (TypeScript `A | B`, no discriminator) as std::variant: read as the first alternative
// that fits, in order; written, checked and sent as the alternative held.
#include "support.hpp"

#include <doctest/doctest.h>

#include <variant>

namespace acme {

struct circle {
  double radius = 0;
};
BOOST_DESCRIBE_STRUCT(circle, (), (radius))

struct square {
  double side = 0;
  std::string label{};
};
BOOST_DESCRIBE_STRUCT(square, (), (side, label))

struct drawing {
  std::variant<circle, square> shape{};
  std::optional<std::variant<std::int64_t, std::string>> ref{};
};
BOOST_DESCRIBE_STRUCT(drawing, (), (shape, ref))

struct draw_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::post;
  static constexpr std::string_view path = "/api/v3/acme/draw";
  using response_type = drawing;
  std::variant<circle, square> shape{};
};
BOOST_DESCRIBE_STRUCT(draw_request, (), (shape))

struct find_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::get;
  static constexpr std::string_view path = "/api/v3/acme/find";
  using response_type = void;
  std::variant<std::int64_t, std::string> ref{};
};
BOOST_DESCRIBE_STRUCT(find_request, (), (ref))

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

TEST_CASE("a union reads as the first alternative that fits, and writes the one it holds") {
  auto const read = [](std::string_view text) { return from_json<acme::drawing>(boost::json::parse(text)); };
  auto const c = read(R"({"shape":{"radius":1.5},"ref":7})");
  REQUIRE(c.has_value());
  CHECK(std::get<acme::circle>(c->shape).radius == 1.5);
  CHECK(std::get<std::int64_t>(*c->ref) == 7);
  auto const s = read(R"({"shape":{"side":2,"label":"a"},"ref":"r-1"})");
  REQUIRE(s.has_value());
  CHECK(std::get<acme::square>(s->shape).label == "a");
  CHECK(std::get<std::string>(*s->ref) == "r-1");
  auto const neither = read(R"({"shape":{"edges":3}})");
  REQUIRE_FALSE(neither.has_value());
  CHECK(neither.error().code == errc::type_mismatch);
  CHECK(neither.error().json_path == "shape");
  CHECK(read(R"({"shape":{"radius":1},"ref":true})").error().json_path == "ref");
  CHECK(stringify(to_json(*s)).value() == R"({"shape":{"side":2,"label":"a"},"ref":"r-1"})");
}

TEST_CASE("a union in a body and a query: the alternative held is checked and sent") {
  auto const o = test::fixed_options();
  CHECK(build(o, acme::draw_request{.shape = acme::square{.side = 0.5, .label = "x"}})->body ==
        R"({"shape":{"side":0.5,"label":"x"}})");
  auto const empty = build(o, acme::draw_request{.shape = acme::square{.side = 1}});
  CHECK(empty.error().code == errc::empty_argument);
  CHECK(empty.error().json_path == "shape.label");
  CHECK(build(o, acme::find_request{.ref = std::int64_t{42}})->url.ends_with("/api/v3/acme/find?ref=42"));
  CHECK(build(o, acme::find_request{.ref = std::string("a b")})->url.ends_with("/api/v3/acme/find?ref=a+b"));
}

}  // namespace GENAUTH_UNITY_ID
