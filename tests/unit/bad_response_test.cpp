#include "support.hpp"

#include <doctest/doctest.h>

// Bad responses get a typed error, never a crash.

using namespace genauth;

namespace GENAUTH_UNITY_ID {

result<user_mfa_info> parse_info(int status, std::string body, response_limits limits = {}) {
  return parse<get_user_mfa_info_request>(http_response{status, {}, std::move(body)}, limits);
}

result<mfa_trigger_data> parse_trigger(std::string const& application_mfa) {
  return parse<get_user_mfa_status_request>(http_response{
      200, {}, R"({"statusCode":200,"message":"","requestId":"rq","data":{"mfaToken":"t","applicationMfa":)" + application_mfa + "}}"});
}

void check(error const& e, error_kind kind, errc code, std::string_view path = "") {
  CHECK(e.kind() == kind);
  CHECK(e.code == code);
  CHECK(e.json_path == path);
}

std::string const info_data = R"({"totpStatus":true,"faceMfaStatus":true,"smsMfaStatus":true,"emailMfaStatus":true})";


TEST_CASE("bodies that are not JSON") {
  auto html = parse_info(200, "<html><body>Welcome</body></html>");
  check(html.error(), error_kind::decode, errc::not_json);
  CHECK(html.error().body_size == 33);
  CHECK(html.error().to_string().find("Welcome") == std::string::npos);  // R1: no body bytes in errors
  check(parse_info(200, "Service Unavailable").error(), error_kind::decode, errc::not_json);
  check(parse_info(503, "Service Unavailable").error(), error_kind::http, errc::http_status);
  check(parse_info(200, R"({"statusCode":200,"data":{"totpStatus":tr)").error(), error_kind::decode, errc::truncated_body);
  check(parse_info(200, std::string("\xff\xfe{", 3)).error(), error_kind::decode, errc::not_json);
}

TEST_CASE("empty bodies") {
  check(parse_info(200, "").error(), error_kind::decode, errc::empty_body);
  auto e = parse_info(504, "").error();
  check(e, error_kind::http, errc::http_status);
  CHECK(e.http_status == 504);
}

TEST_CASE("envelopes with wrong types") {
  check(parse_info(200, R"({"statusCode":"200","data":{}})").error(), error_kind::decode, errc::type_mismatch, "statusCode");
  check(parse_info(200, R"({"message":"no status"})").error(), error_kind::decode, errc::missing_field, "statusCode");
  check(parse_info(200, R"({"statusCode":200,"message":7})").error(), error_kind::decode, errc::type_mismatch, "message");
  check(parse_info(200, R"({"statusCode":400,"apiCode":"6001"})").error(), error_kind::decode, errc::type_mismatch, "apiCode");
  check(parse_info(200, R"({"statusCode":200,"requestId":5})").error(), error_kind::decode, errc::type_mismatch, "requestId");
  check(parse_info(200, R"([{"statusCode":200}])").error(), error_kind::decode, errc::type_mismatch);
  check(parse_info(200, R"("statusCode")").error(), error_kind::decode, errc::type_mismatch);
  check(parse_info(200, R"({"statusCode":200.5})").error(), error_kind::decode, errc::type_mismatch, "statusCode");
  check(parse_info(200, R"({"statusCode":1e999})").error(), error_kind::decode, errc::number_out_of_range, "statusCode");
}

TEST_CASE("data of the wrong shape names its path and keeps the request id") {
  auto e = parse_info(200, R"({"statusCode":200,"requestId":"rq","data":"yes"})").error();
  check(e, error_kind::decode, errc::type_mismatch, "data");
  CHECK(e.request_id == "rq");
  check(parse_info(200, R"({"statusCode":200,"message":""})").error(), error_kind::decode, errc::missing_field, "data");
  check(parse_info(200, R"({"statusCode":200,"data":null})").error(), error_kind::decode, errc::missing_field, "data");
  check(parse_info(200, R"({"statusCode":200,"data":{"totpStatus":1,"faceMfaStatus":true,"smsMfaStatus":true,"emailMfaStatus":true}})").error(),
        error_kind::decode, errc::type_mismatch, "data.totpStatus");
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":"1"}])").error(), error_kind::decode, errc::type_mismatch,
        "data.applicationMfa[0].status");
  check(parse_trigger(R"([{"mfaPolicy":5,"status":1}])").error(), error_kind::decode, errc::type_mismatch,
        "data.applicationMfa[0].mfaPolicy");
}

TEST_CASE("non-finite and out-of-range numbers") {
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":1e999}])").error(), error_kind::decode, errc::number_out_of_range,
        "data.applicationMfa[0].status");
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":-1e999}])").error(), error_kind::decode, errc::number_out_of_range,
        "data.applicationMfa[0].status");
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":1,"sort":1e30}])").error(), error_kind::decode,
        errc::number_out_of_range, "data.applicationMfa[0].sort");
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":18446744073709551615}])").error(), error_kind::decode,
        errc::number_out_of_range, "data.applicationMfa[0].status");
  check(parse_trigger(R"([{"mfaPolicy":"SMS","status":1.5}])").error(), error_kind::decode, errc::type_mismatch,
        "data.applicationMfa[0].status");
}

TEST_CASE("bodies over the size limit are refused before parsing") {
  std::string const body = R"({"statusCode":200,"data":)" + info_data + "}";
  CHECK(parse_info(200, body, {.max_body_size = body.size()}).has_value());
  auto e = parse_info(200, body, {.max_body_size = body.size() - 1}).error();
  check(e, error_kind::decode, errc::body_too_large);
  CHECK(e.message == "response body of " + std::to_string(body.size()) + " bytes exceeds the limit of " +
                         std::to_string(body.size() - 1));
}

TEST_CASE("nesting deeper than the fixed limit") {
  auto const nested = [](std::size_t depth) {
    return R"({"statusCode":200,"data":)" + info_data.substr(0, info_data.size() - 1) + R"(,"x":)" +
           std::string(depth, '[') + std::string(depth, ']') + "}}";
  };
  CHECK(parse_info(200, nested(60)).has_value());
  check(parse_info(200, nested(100000)).error(), error_kind::decode, errc::too_deep);
  // Also inside a string holding JSON text.
  std::string const deep_in_string = "\"" + std::string(100, '[') + std::string(100, ']') + "\"";
  check(parse<get_global_mfa_settings_request>(
            http_response{200, {}, R"({"statusCode":200,"data":{"enabledFactors":)" + deep_in_string + "}}"})
            .error(),
        error_kind::decode, errc::type_mismatch, "data.enabledFactors");
}

TEST_CASE("HTTP status and envelope disagreeing") {
  auto e = parse_info(500, R"({"statusCode":200,"requestId":"rq","data":)" + info_data + "}").error();
  check(e, error_kind::http, errc::http_status);
  CHECK(e.request_id == "rq");
  check(parse_info(404, R"({"error":"not found"})").error(), error_kind::http, errc::http_status);
  auto api = parse_info(500, R"({"statusCode":500,"message":"Internal server error"})").error();
  check(api, error_kind::api, errc::api_error);
  CHECK(api.http_status == 500);
}

}  // namespace GENAUTH_UNITY_ID
