#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

// No secret ever appears in a printed request or an error message.

using namespace genauth;

namespace GENAUTH_UNITY_ID {

std::string const key_secret = "CANARY-access-key-secret";
std::string const otp_canary = "CANARYOTPSECRETJBSWY3DP";
std::string const recovery_canary = "CANARY-recovery_canary-code";
std::string const mfa_token = "CANARY-mfa-token";
std::string const phone = "CANARY-188-8888";

void check_clean(std::string const& text) {
  for (auto const& canary : {key_secret, otp_canary, recovery_canary, mfa_token, phone}) {
    CAPTURE(canary);
    CHECK(text.find(canary) == std::string::npos);
  }
}

management_options canary_options() {
  auto o = test::fixed_options();
  o.access_key_secret = key_secret;
  return o;
}


TEST_CASE("printed requests hide credentials, tokens, OTP secrets and personal data") {
  auto import = build(canary_options(), import_otp_request{.list = {{.user_id = "u1", .otp = {.secret = otp_canary, .recovery_code = recovery_canary}}}});
  REQUIRE(import.has_value());
  REQUIRE(import->body.find(otp_canary) != std::string::npos);
  std::string const printed = to_redacted_string(*import);
  check_clean(printed);
  auto const signature = import->headers.find("authorization")->substr(import->headers.find("authorization")->find(':') + 1);
  CHECK(printed.find(signature) == std::string::npos);
  CHECK(printed.find(R"({"list":[{"userId":"u1","otp":{"secret":"<redacted>","recoveryCode":"<redacted>"}}]})") !=
        std::string::npos);
  CHECK(printed.find("authorization: <redacted>\n") != std::string::npos);
  CHECK(printed.starts_with("POST https://api.genauth.ai/api/v3/import-otp\n"));

  auto status = build(canary_options(), set_users_mfa_status_request{
                                     .user_id = "u1",
                                     .mfa_trigger_data = {.mfa_token = mfa_token,
                                                          .mfa_phone = phone,
                                                          .mfa_phone_country_code = "+86",
                                                          .application_mfa = {{.mfa_policy = factor_type::sms, .status = 1}}}});
  REQUIRE(status.has_value());
  std::string const shown = to_redacted_string(*status);
  check_clean(shown);
  CHECK(shown.find(R"("mfaPhoneCountryCode":"+86")") != std::string::npos);
  CHECK(shown.find(R"("applicationMfa":[{"mfaPolicy":"SMS","status":1}])") != std::string::npos);
}

TEST_CASE("query parameters outside the allow-list are hidden") {
  http_request req{http_method::get, "https://h/p?userId=u1&token=" + mfa_token + "&flag", {{"X-Custom", phone}}, ""};
  std::string const printed = to_redacted_string(req);
  check_clean(printed);
  CHECK(printed == "GET https://h/p?userId=u1&token=%3Credacted%3E&flag\nX-Custom: <redacted>\n");
  http_request binary{http_method::post, "https://h/p", {}, "\x01" + otp_canary};
  CHECK(to_redacted_string(binary) == "POST https://h/p\n\n<" + std::to_string(otp_canary.size() + 1) + " bytes>\n");
}

TEST_CASE("errors never carry the values that caused them") {
  auto o = canary_options();
  o.tenant_id = "ten\nant" + key_secret;
  auto e1 = build(o, get_global_mfa_settings_request{});
  REQUIRE_FALSE(e1.has_value());
  check_clean(e1.error().to_string());
  auto e2 = build(canary_options(), import_otp_request{.list = {{.user_id = "u", .otp = {.secret = otp_canary + "\xff"}}}});
  REQUIRE_FALSE(e2.has_value());
  check_clean(e2.error().to_string());
  o = canary_options();
  o.host = "https://" + key_secret + ":" + otp_canary + "@host";
  auto e3 = build(o, get_global_mfa_settings_request{});
  REQUIRE_FALSE(e3.has_value());
  check_clean(e3.error().to_string());
  // A response that fails to decode names the path, not the value.
  auto e4 = parse<get_otp_secret_by_user_request>(
      http_response{200, {}, R"({"statusCode":200,"data":{"secret":[")" + otp_canary + R"("]}})"});
  REQUIRE_FALSE(e4.has_value());
  check_clean(e4.error().to_string());
  CHECK(e4.error().json_path == "data.secret");
}

TEST_CASE("authentication secrets never appear in printed requests or errors") {
  std::string const access_token = "CANARYACCESSTOKEN";
  std::string const enrollment_token = "CANARYENROLLMENTTOKEN";
  std::string const pass_code = "482913";
  std::string const totp_code = "731904";
  std::string const mfa_token_value = "CANARYMFATOKEN";
  std::string const qr_secret = "CANARYQRSECRETAAA";
  std::string const qr_uri = "otpauth://totp/Pool:alice?secret=" + qr_secret + "&issuer=Pool";
  std::string const qr_png = "data:image/png;base64,CANARYPNGDATA";
  std::string const recovery_code = "CANARY-RECOVERY-CODE";
  std::vector<std::string> const canaries = {access_token, enrollment_token, pass_code, totp_code, mfa_token_value,
                                             qr_secret,    qr_uri,           qr_png,    recovery_code};
  std::vector<std::string> produced;

  authentication_options o;
  o.app_id = "app";
  o.app_host = "https://example.genauth.ai";
  o.access_token = access_token;
  auto const print = [&](auto const& request) {
    auto req = build(o, request);
    REQUIRE_MESSAGE(req.has_value(), req.error().to_string());
    produced.push_back(to_redacted_string(*req));
  };
  print(enroll_factor_request{.enrollment_data = {.pass_code = pass_code}, .enrollment_token = enrollment_token});
  print(mfa_otp_verify_request{.totp = totp_code});
  print(verify_mfa_token_request{.token = mfa_token_value});
  print(send_enroll_factor_request_params{.factor_type = factor_type::sms, .profile = {.phone_number = phone}});

  // Error paths: bad input carrying the secrets.
  auto const refused = [&](authentication_options const& opts, auto const& request) {
    auto req = build(opts, request);
    REQUIRE_FALSE(req.has_value());
    produced.push_back(req.error().to_string());
  };
  auto bad = o;
  bad.access_token = access_token + "\r\n";
  refused(bad, list_enrolled_factors_request{});
  refused(o, mfa_otp_verify_request{.totp = totp_code + "0"});
  refused(o, enroll_factor_request{.enrollment_data = {.pass_code = pass_code + "x"}, .enrollment_token = enrollment_token});
  refused(o, verify_mfa_token_request{.token = mfa_token_value + "\xff"});
  auto const uri_error = otp::parse_key_uri(qr_uri + "&digits=" + recovery_code);
  REQUIRE_FALSE(uri_error.has_value());
  produced.push_back(uri_error.error().to_string());
  auto const base32_error = otp::base32_decode(qr_secret + "1");
  REQUIRE_FALSE(base32_error.has_value());
  produced.push_back(base32_error.error().to_string());

  // Responses carrying them: success, then decode errors and api errors around them.
  std::string const data = R"({"enrollmentToken":")" + enrollment_token + R"(","otpData":{"qrCodeUri":")" + qr_uri +
                           R"(","qrCodeDataUrl":")" + qr_png + R"(","recoveryCode":")" + recovery_code + R"("}})";
  auto const ok = parse<send_enroll_factor_request_params>(
      http_response{200, {}, R"({"statusCode":200,"message":"","data":)" + data + "}"});
  REQUIRE(ok.has_value());
  CHECK(ok->otp_data->recovery_code == recovery_code);
  for (std::string const& body :
       {R"({"statusCode":200,"data":{"enrollmentToken":")" + enrollment_token + R"(","otpData":{"qrCodeUri":")" + qr_uri +
            R"(","qrCodeDataUrl":7,"recoveryCode":")" + recovery_code + R"("}}})",
        R"({"statusCode":200,"data":{"enrollmentToken":[")" + enrollment_token + R"("]}})",
        "<html>" + enrollment_token.substr(0, 3) + "</html>",
        R"({"statusCode":200,"data":{"enrollmentToken":")" + enrollment_token + R"(","otpData":")" + qr_uri + R"("}})"}) {
    auto const r = parse<send_enroll_factor_request_params>(http_response{200, {}, body});
    REQUIRE_FALSE(r.has_value());
    produced.push_back(r.error().to_string());
    produced.push_back(r.error().message);
  }
  auto const verify = parse<mfa_otp_verify_request>(
      http_response{200, {}, R"({"statusCode":200,"data":{"verified":")" + totp_code + R"("}})"});
  REQUIRE_FALSE(verify.has_value());
  produced.push_back(verify.error().to_string());
  auto const introspection = parse<verify_mfa_token_request>(
      http_response{200, {}, R"({"active":")" + mfa_token_value + R"("})"});
  REQUIRE_FALSE(introspection.has_value());
  produced.push_back(introspection.error().to_string());

  REQUIRE(produced.size() == 20);
  for (auto const& text : produced) {
    CAPTURE(text);
    for (auto const& canary : canaries) CHECK(text.find(canary) == std::string::npos);
  }
}


// The forms a server may echo a value in: as it is, in other case, JSON-escaped (every character
// or a few), percent-encoded, base64 (both alphabets, padded or not).
std::vector<std::string> disguises(std::string const& v) {
  std::string upper = v, lower = v, escaped, half_escaped, percent;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  char buf[8];
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(v[i]));
    escaped += buf;
    half_escaped += i % 2 ? std::string(1, v[i]) : std::string(buf);
    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(v[i]));
    percent += buf;
  }
  std::string b64 = crypto::base64_encode(v), url64 = b64;
  for (char& c : url64) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return {v, upper, lower, escaped, half_escaped, percent, b64, url64};
}


TEST_CASE("T19 a server echoing every option and request value, disguised, leaks none of them into an error") {
  // Distinct secrets, of 8 bytes and more, in every option and request member of both clients.
  auto m = test::fixed_options();
  m.access_key_id = "Canary-KeyId-1a2b3c";
  m.access_key_secret = "Canary/Secret+Key=9z";
  m.tenant_id = "Canary-Tenant-77q";
  m.lang = "Canary-Lang-x1";
  m.sdk_version = "Canary-SdkVersion-5";
  m.retry = retry_policy::disabled();
  authentication_options a;
  a.app_host = "https://example.genauth.ai";
  a.access_token = "Canary-Access-Token1";
  a.app_id = "Canary-App-Id-2929";
  a.lang = "Canary-User-Lang-3";
  a.retry = retry_policy::disabled();
  std::vector<std::string> const options_secrets = {m.access_key_id, m.access_key_secret, m.tenant_id, m.lang,
                                                     m.sdk_version};
  std::vector<std::string> const user_options_secrets = {a.access_token, a.app_id, a.lang};
  auto const with = [](std::vector<std::string> all, std::initializer_list<std::string> more) {
    all.insert(all.end(), more);
    return all;
  };

  std::size_t checked = 0;
  // Each call's server echoes one value the call carried, in one form, into the message, the
  // request id, every kept header, and a key of raw JSON whose value cannot be read (so the key
  // would be in the error's path); nothing the error shows may hold any value of the call.
  auto const check_call = [&checked](std::vector<std::string> const& carried, auto&& call) {
    for (auto const& secret : carried)
      for (auto const& form : disguises(secret)) {
        auto const quoted = boost::json::serialize(boost::json::value("bad " + form + " here"));
        auto const key = boost::json::serialize(boost::json::value(form));
        http_response const api{400,
                                {{"X-Request-Id", form}, {"Retry-After", form}, {"Date", form}, {"Content-Type", form}},
                                R"({"statusCode":400,"apiCode":1,"message":)" + quoted + R"(,"requestId":)" + key + "}"};
        http_response const raw{200, {{"X-Request-Id", form}},
                                R"({"statusCode":200,"data":{"factorId":"f","factorType":"SMS","profile":{)" + key +
                                    R"(:1e400}}})"};
        for (auto const& answer : {api, raw}) {
          error const e = call(answer);
          std::vector<std::string> shown = {e.to_string(), api_exception(e).what(), e.message, e.request_id, e.json_path};
          for (auto const h : e.headers) shown.emplace_back(h.value);
          for (auto const& text : shown)
            for (auto const& value : carried)
              for (auto const& disguised : disguises(value)) {
                ++checked;
                if (text.find(disguised) != std::string::npos)
                  FAIL_CHECK("echoed as " << form << ", " << value << " came through: " << text);
              }
        }
      }
  };
  auto const once = [](http_response const& answer) { return test::scripted_transport{}.then(answer); };
  check_call(with(options_secrets, {"Canary-User-Id-4410", "CanaryOtpSecretJBSW", "Canary-Recovery-88"}),
             [&](http_response const& answer) {
    management_client client(m, once(answer));
    return genauth::management::import_otp(client, {.list = {{.user_id = "Canary-User-Id-4410",
                                        .otp = {.secret = "CanaryOtpSecretJBSW", .recovery_code = "Canary-Recovery-88"}}}})
        .error();
  });
  check_call(with(options_secrets, {"Canary-User-Id-4410"}), [&](http_response const& answer) {
    management_client client(m, once(answer));
    auto const r = genauth::management::get_user_mfa_info(client, {.user_id = "Canary-User-Id-4410"});
    return r ? error{} : r.error();
  });
  check_call(with(user_options_secrets, {"Canary-Phone-1370"}), [&](http_response const& answer) {
    authentication_client client(a, once(answer));
    auto const r = genauth::authentication::send_enroll_factor_request(client, {.factor_type = factor_type::sms, .profile = {.phone_number = "Canary-Phone-1370"}});
    return r ? error{} : r.error();
  });
  check_call(with(user_options_secrets, {"Canary-Factor-Id3"}), [&](http_response const& answer) {
    authentication_client client(a, once(answer));
    return genauth::authentication::get_factor(client, {.factor_id = "Canary-Factor-Id3"}).error();
  });
  CHECK(checked > 10'000);
}


// Redaction as a direct search for every value in every form, one after the other: too slow for
// large texts, but plainly right. The redactor must give the same text.
std::string redacted_by_reference(std::string text, std::vector<std::string> const& values) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  auto const find_all = [&spans](std::string_view haystack, std::string_view needle, auto const& to_text) {
    for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1))
      spans.emplace_back(to_text(at), to_text(at + needle.size()));
  };
  auto const decoded = detail::decode_for_matching(text);
  for (auto const& v : values) {
    find_all(text, v, [](std::size_t at) { return at; });
    if (v.size() < detail::min_disguised_size) continue;
    find_all(decoded.text, detail::lower(v), [&decoded](std::size_t at) { return decoded.origin[at]; });
    std::string encoded = crypto::base64_encode(v);
    while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
    find_all(text, encoded, [](std::size_t at) { return at; });
    for (char& c : encoded) c = c == '+' ? '-' : c == '/' ? '_' : c;
    find_all(text, encoded, [](std::size_t at) { return at; });
  }
  if (spans.empty()) return text;
  std::sort(spans.begin(), spans.end());
  std::string out;
  std::size_t done = 0;
  for (std::size_t i = 0; i < spans.size();) {
    auto [begin, end] = spans[i];
    for (++i; i < spans.size() && spans[i].first < end; ++i) end = std::max(end, spans[i].second);
    out.append(text, done, begin - done);
    out += "<redacted>";
    done = end;
  }
  return out.append(text, done, std::string::npos);
}

TEST_CASE("redaction finds what a direct search for every value in every form finds") {
  std::mt19937 random(20261206);
  auto const pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::string const alphabet = "aAbB+/=%\\u0041-_";  // letters in two cases, base64's and escapes' bytes
  auto const some_text = [&](std::size_t size) {
    std::string s;
    while (s.size() < size) s += alphabet[pick(alphabet.size())];
    return s;
  };
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> values;
    for (std::size_t n = 1 + pick(6); values.size() < n;) values.push_back(some_text(4 + pick(10)));
    std::string text = some_text(pick(200));
    for (int i = 0; i < 6; ++i) {  // plant values, some disguised, some overlapping
      auto const& v = values[pick(values.size())];
      std::string form = v;
      switch (pick(4)) {
        case 0: break;
        case 1: for (char& c : form) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); break;
        case 2: form = crypto::base64_encode(v); break;
        default: form = disguises(v)[pick(8)];
      }
      text.insert(pick(text.size() + 1), form);
    }
    CAPTURE(text);
    std::string fast = text;
    detail::redact_values(fast, values);
    CHECK(fast == redacted_by_reference(text, values));
  }
}

TEST_CASE("redaction reads the text once, however many values overlap in it") {
  // 697 values, each a prefix of the next, all found at every offset of the text: a search per
  // value would record 697 spans per byte and never finish; one pass records one.
  std::vector<std::string> values;
  for (std::size_t n = 4; n <= 700; ++n) values.emplace_back(n, 'a');
  std::string text(1 << 20, 'a');
  text += " end";
  detail::redact_values(text, values);
  CHECK(text == "<redacted> end");
}

}  // namespace GENAUTH_UNITY_ID
