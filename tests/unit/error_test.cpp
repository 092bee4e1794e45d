#include "support.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <system_error>

using namespace genauth;

TEST_CASE("a default-constructed error means no error") {
  error const e;
  CHECK(e.code == errc::none);
  CHECK(e.kind() == error_kind::none);
  CHECK_FALSE(e.error_code());
  CHECK(e.to_string() == "no error");
  CHECK_FALSE(e.is_retryable());
}

TEST_CASE("every error code belongs to a kind, and kinds are error conditions") {
  for (int v = static_cast<int>(errc::empty_argument); v <= static_cast<int>(errc::key_unsafe); ++v) {
    auto const c = static_cast<errc>(v);
    CAPTURE(v);
    CHECK(kind_of(c) != error_kind::none);
    std::error_code const ec = c;
    CHECK(ec == kind_of(c));
    CHECK(ec.message() != "unknown genauth error");
    CHECK(ec.default_error_condition() == kind_of(c));
  }
  CHECK(kind_of(errc::entropy_unavailable) == error_kind::system);
  CHECK(kind_of(errc::cancelled) == error_kind::cancelled);
  CHECK(kind_of(errc::deadline_exceeded) == error_kind::cancelled);
  CHECK(kind_of(errc::token_expired) == error_kind::token);
  CHECK(kind_of(errc::key_unsafe) == error_kind::token);
  CHECK(kind_of(errc::malformed_code) == error_kind::invalid_argument);
  CHECK(kind_of(errc::transport_failed) == error_kind::transport);
  CHECK(kind_of(errc::http_status) == error_kind::http);
  CHECK(kind_of(errc::api_error) == error_kind::api);
  CHECK(kind_of(errc::not_json) == error_kind::decode);
  std::error_code const ec = errc::not_json;
  CHECK(ec == error_kind::decode);
  CHECK(ec != error_kind::api);
  CHECK(std::error_condition(error_kind::system).message() == "system error");
  CHECK(std::string(error_kind_category().name()) == "genauth.kind");
}

TEST_CASE("value() throws api_exception, a std::system_error whose what() is the error's line") {
  result<int> r = detail::make_error(errc::not_json, "response body is not valid JSON");
  try {
    (void)r.value();
    FAIL("value() did not throw");
  } catch (std::system_error const& ex) {
    CHECK(ex.code() == errc::not_json);
    CHECK(ex.code() == error_kind::decode);
    CHECK(std::string(ex.what()) == "decode error: response body is not valid JSON");
    auto const* api = dynamic_cast<api_exception const*>(&ex);
    REQUIRE(api != nullptr);
    CHECK(api->error().code == errc::not_json);
  }
}

TEST_CASE("is_retryable: transport failures, HTTP 408/429/500/502/503/504, envelope 429 and 5xx") {
  auto const with = [](errc code, int http, std::optional<std::int64_t> status = std::nullopt) {
    error e;
    e.code = code;
    e.http_status = http;
    e.status_code = status;
    return e.is_retryable();
  };
  CHECK(with(errc::transport_failed, 0));
  for (int s : {408, 429, 500, 502, 503, 504}) CHECK(with(errc::http_status, s));
  for (int s : {400, 401, 403, 404, 413, 501}) CHECK_FALSE(with(errc::http_status, s));
  CHECK(with(errc::api_error, 200, 429));
  CHECK(with(errc::api_error, 200, 503));
  CHECK_FALSE(with(errc::api_error, 200, 400));
  CHECK_FALSE(with(errc::api_error, 200, 601));
  CHECK_FALSE(with(errc::not_json, 200));
  CHECK_FALSE(with(errc::empty_argument, 0));
}

TEST_CASE("transport error codes say whether the request can have left") {
  CHECK(request_not_sent(make_error_code(transport_errc::connect_failed)));
  CHECK(request_not_sent(make_error_code(transport_errc::resolve_failed)));
  CHECK(request_not_sent(make_error_code(transport_errc::tls_handshake_failed)));
  CHECK(request_not_sent(std::make_error_code(std::errc::connection_refused)));
  // A socket that had already sent may report these too.
  CHECK_FALSE(request_not_sent(std::make_error_code(std::errc::network_unreachable)));
  CHECK_FALSE(request_not_sent(std::make_error_code(std::errc::host_unreachable)));
  CHECK_FALSE(request_not_sent(make_error_code(transport_errc::timed_out)));
  CHECK_FALSE(request_not_sent(make_error_code(transport_errc::connection_lost)));
  CHECK_FALSE(request_not_sent(make_error_code(transport_errc::transport_threw)));
  CHECK_FALSE(request_not_sent(std::make_error_code(std::errc::connection_reset)));
  CHECK_FALSE(request_not_sent(std::make_error_code(std::errc::timed_out)));
  CHECK(make_error_code(transport_errc::timed_out).message() == "timed out");
}

TEST_CASE("IMF-fixdate reads back what it writes, and nothing else") {
  auto const t = std::chrono::system_clock::time_point(std::chrono::seconds(1741964966));
  CHECK(parse_imf_fixdate(imf_fixdate(t)) == t);
  CHECK(parse_imf_fixdate("Sun, 05 Jan 2025 08:30:00 GMT") ==
        std::chrono::system_clock::time_point(std::chrono::seconds(1736065800)));
  for (std::string bad : {"", "Sun, 05 Jan 2025 08:30:00 UTC", "Mon, 05 Jan 2025 08:30:00 GMT",
                          "Sun, 32 Jan 2025 08:30:00 GMT", "Sun, 05 Jam 2025 08:30:00 GMT", "Sun, 05 Jan 2025 24:00:00 GMT",
                          "Sun,  5 Jan 2025 08:30:00 GMT", "Sunday, 05-Jan-25 08:30:00 GMT", "Sun Jan  5 08:30:00 2025"})
    CHECK_FALSE(parse_imf_fixdate(bad).has_value());
}

TEST_CASE("the JSON path of an error is escaped too: a caller's or server's key cannot forge a line") {
  // Found by fuzzing sign_request: a parameter key holding DEL reached to_string() raw.
  genauth::management_options o;
  o.access_key_id = "ak";
  o.access_key_secret = "sk";
  auto const params = boost::json::parse("{\"a\\nb\\u007fc\":12345678901234567890}").as_object();
  auto const signed_ = genauth::sign_request(o, genauth::http_method::post, "/api/v3/x", params);
  REQUIRE_FALSE(signed_.has_value());
  std::string const line = signed_.error().to_string();
  CHECK(line.find("at a\\u{a}b\\u{7f}c") != std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\x7f') == std::string::npos);
}
