// Server text in errors: a message and request id made of the input, with the request's secrets
// spliced in, come back through the client. Invariants: the printed error is one clean line, and
// no secret of the request appears in any string of the error.
#include "fuzz_support.hpp"

#include <boost/json/serialize.hpp>

namespace {

constexpr std::string_view token = "canary-token-7f3a9c1e5b2d4f60";
constexpr std::string_view code = "482913";
constexpr std::string_view enrollment = "canary-enrollment-2b8e4d6f1a3c5e70";

std::string splice(std::string_view fuzz_text, std::uint8_t selector) {
  std::string out(fuzz_text.substr(0, fuzz_text.size() / 2));
  if (selector & 1) out += token;
  if (selector & 2) out += code;
  if (selector & 4) out += enrollment;
  out += fuzz_text.substr(fuzz_text.size() / 2);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 2) return 0;
  std::string_view const in = fuzz::text(data + 2, size - 2);
  std::string_view const message = in.substr(0, in.size() / 2);
  std::string_view const request_id = in.substr(in.size() / 2);
  boost::json::object envelope;
  envelope["statusCode"] = 400 + data[0] % 200;
  envelope["apiCode"] = 6001 + data[1] % 3;
  envelope["message"] = splice(message, data[0]);
  envelope["requestId"] = splice(request_id, data[1]);
  std::string body = boost::json::serialize(envelope);
  if (!genauth::detail::is_valid_utf8(body)) return 0;
  genauth::authentication_options o;
  o.app_id = "app";
  o.app_host = "https://example.genauth.ai";
  o.access_token = std::string(token);
  o.retry = genauth::retry_policy::disabled();
  genauth::authentication_client client(o, [&](genauth::http_request const&) {
    return genauth::transport_result(genauth::http_response{200, {}, body});
  });
  auto const r = genauth::authentication::enroll_factor(client, {.enrollment_data = {.pass_code = std::string(code)},
                                       .enrollment_token = std::string(enrollment),
                                       .factor_type = genauth::factor_type::otp});
  fuzz::require(!r.has_value(), "an error envelope succeeded");
  auto const& e = r.error();
  fuzz::check_error(e);
  std::string const line = e.to_string();
  for (std::string_view secret : {token, code, enrollment})
    for (std::string_view produced : {std::string_view(line), std::string_view(e.message), std::string_view(e.request_id)})
      fuzz::require(produced.find(secret) == std::string_view::npos, "a secret of the request is in the error");
  return 0;
}
