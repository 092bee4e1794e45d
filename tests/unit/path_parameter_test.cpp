// Endpoints with path parameters, PUT and DELETE, declared as a user (or the generator) declares
// them: the parameter goes into the path, percent-encoded, and nowhere else; the signature covers
// the path as sent.
#include "support.hpp"

#include <doctest/doctest.h>

namespace acme {

struct update_ip_entry_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::put;
  static constexpr std::string_view path = "/api/v3/ip-list/{id}";
  static constexpr bool idempotent = true;
  using response_type = void;

  std::string id{};
  std::string note{};
};
BOOST_DESCRIBE_STRUCT(update_ip_entry_request, (), (id, note))

struct delete_child_request {
  using api = genauth::management_api;
  static constexpr genauth::http_method method = genauth::http_method::delete_;
  static constexpr std::string_view path = "/api/v3/items/{itemNumber}/children/{childId}";
  using response_type = void;

  std::int64_t item_number = 0;
  std::optional<std::string> child_id{};
};
BOOST_DESCRIBE_STRUCT(delete_child_request, (), (item_number, child_id))

struct delete_credential_request {
  using api = genauth::authentication_api;
  static constexpr genauth::http_method method = genauth::http_method::delete_;
  static constexpr std::string_view path = "/api/v3/webauthn/credentials/{credentialId}";
  using response_type = void;

  std::string credential_id{};
};
BOOST_DESCRIBE_STRUCT(delete_credential_request, (), (credential_id))

}  // namespace acme

using namespace genauth;

namespace GENAUTH_UNITY_ID {

TEST_CASE("a path parameter is percent-encoded into the path, signed as sent, and not repeated in the body") {
  auto const o = test::fixed_options();
  auto const req = build(o, acme::update_ip_entry_request{.id = "a/b?c%d é#", .note = "n"});
  REQUIRE_MESSAGE(req.has_value(), req.error().to_string());
  CHECK(req->method == http_method::put);
  CHECK(req->url == "https://api.genauth.ai/api/v3/ip-list/a%2Fb%3Fc%25d%20%C3%A9%23");
  CHECK(req->body == R"({"note":"n"})");
  CHECK(req->idempotent);
  // The same request through the raw signer, path as sent: the same signature.
  auto const raw = sign_request(o, http_method::put, "/api/v3/ip-list/a%2Fb%3Fc%25d%20%C3%A9%23", {{"note", "n"}});
  REQUIRE(raw.has_value());
  CHECK(raw->string_to_sign.starts_with("PUT\n"));
  CHECK(req->headers.find("authorization") == raw->request.headers.find("authorization"));
}

TEST_CASE("DELETE: integers in decimal, and an empty or absent parameter refused before sending") {
  auto const o = test::fixed_options();
  auto const req = build(o, acme::delete_child_request{.item_number = -42, .child_id = "c1"});
  REQUIRE(req.has_value());
  CHECK(req->method == http_method::delete_);
  CHECK(req->url == "https://api.genauth.ai/api/v3/items/-42/children/c1");
  CHECK(req->body.empty());  // a DELETE has no body
  CHECK_FALSE(req->headers.contains("content-type"));
  CHECK(to_string(req->method) == "DELETE");
  auto const absent = build(o, acme::delete_child_request{.item_number = 1});
  CHECK(absent.error().code == errc::malformed_path);
  auto const empty = build(o, acme::delete_child_request{.item_number = 1, .child_id = ""});
  CHECK(empty.error().code == errc::empty_argument);
  CHECK(empty.error().json_path == "childId");
  CHECK(build(o, acme::update_ip_entry_request{.id = "\xff", .note = "n"}).error().code == errc::invalid_utf8);
  CHECK(sign_request(o, http_method::delete_, "/api/v3/ip-list/{id}", {}).error().code == errc::malformed_path);
}

TEST_CASE("DELETE: the parameters go in the query, and the signature covers its (absent) body, as the official SDK's") {
  auto const s = sign_request(test::fixed_options(), http_method::delete_, "/api/v3/batch-applications-auth",
                              {{"authIds", boost::json::array{"a1", "a 2"}}, {"force", true}});
  REQUIRE(s.has_value());
  CHECK(s->request.url ==
        "https://api.genauth.ai/api/v3/batch-applications-auth?authIds%5B%5D=a1&authIds%5B%5D=a+2&force=true");
  CHECK(s->string_to_sign.starts_with("DELETE\n"));
  CHECK(s->string_to_sign.ends_with("\n/api/v3/batch-applications-auth"));
  CHECK(s->request.body.empty());
}

TEST_CASE("an authentication endpoint's path parameter, beside the app id") {
  authentication_options o;
  o.app_id = "app-1";
  o.app_host = "https://example.genauth.ai";
  o.access_token = "t0ken";
  auto const req = build(o, acme::delete_credential_request{.credential_id = "cred/1"});
  REQUIRE(req.has_value());
  CHECK(req->url == "https://example.genauth.ai/api/v3/webauthn/credentials/cred%2F1");
  CHECK(req->body.empty());
  CHECK(build(o, acme::delete_credential_request{}).error().code == errc::empty_argument);
}

}  // namespace GENAUTH_UNITY_ID
