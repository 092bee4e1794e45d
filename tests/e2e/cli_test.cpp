// genauth-mfa, run as a program against an emulator in this process.

#include <genauth_emulator/server.hpp>

#include "quiet.hpp"
#include "test_pki.hpp"

#include <genauth/authentication.hpp>
#include <genauth/management.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs genauth-mfa with the emulator's credentials in its environment.
outcome run(std::string const& host, std::string const& args, std::string const& more_env = "") {
  static int calls = 0;  // ctest may run several of these processes at once
  std::string const err_file = "cli_test_stderr_" + std::to_string(::getpid()) + "_" + std::to_string(++calls) + ".txt";
  std::string const command = "env GENAUTH_HOST=" + host +
                              " GENAUTH_ACCESS_KEY_ID=emulator-access-key-id"
                              " GENAUTH_ACCESS_KEY_SECRET=emulator-access-key-secret"
                              " GENAUTH_APP_ID=emulator-app GENAUTH_ACCESS_TOKEN=alice-access-token " + more_env + " " GENAUTH_CLI_PATH
                              " " + args + " 2>" + err_file;
  outcome o;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
  int const status = ::pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  std::stringstream err;
  err << in.rdbuf();
  o.err = err.str();
  std::remove(err_file.c_str());
  return o;
}

}  // namespace

TEST_CASE("cli: a management call prints the result as JSON") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  auto const r = run(server.url(), "--allow-http get-user-mfa-info --user-id alice --user-id-type username");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  auto const json = boost::json::parse(r.out);
  CHECK(json.at("totpStatus") == false);

  auto const set = run(server.url(), "--allow-http update-global-mfa-settings --enabled-factors OTP,EMAIL");
  CHECK(set.exit_code == 0);
  CHECK(boost::json::parse(set.out).at("enabledFactors") == boost::json::array{"OTP", "EMAIL"});
}

TEST_CASE("cli: an OTP enrolment prints JSON on stdout and, with --qr, a QR code on stderr") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  auto const r = run(server.url(), "--allow-http --qr send-enroll-factor-request --factor-type OTP");
  CHECK(r.exit_code == 0);
  auto const json = boost::json::parse(r.out);
  CHECK(json.at("otpData").at("qrCodeUri").as_string().starts_with("otpauth://totp/"));
  CHECK(r.err.find("\u2588") != std::string::npos);
  auto const list = run(server.url(), "--allow-http list-factors-to-enroll");
  CHECK(list.exit_code == 0);
  CHECK(boost::json::parse(list.out).as_array().size() == 3);
}

TEST_CASE("cli: each error kind has its exit code, and the error goes to stderr") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  auto const api = run(server.url(), "--allow-http get-user-mfa-info --user-id nobody");
  CHECK(api.exit_code == 6);
  CHECK(api.out.empty());
  CHECK(api.err.find("apiCode 2004") != std::string::npos);

  auto const plain = run(server.url(), "get-user-mfa-info --user-id x");  // plain http not allowed
  CHECK(plain.exit_code == 3);
  CHECK(plain.err.find("pass --allow-http") != std::string::npos);  // the CLI's flag, not the SDK's option
  CHECK(plain.err.find("allow_insecure_http") == std::string::npos);
  CHECK(run(server.url(), "--allow-http get-user-mfa-info --user-id ''").exit_code == 3);

  server.inject({.path = "/api/v3/get-global-mfa-settings", .what = genauth_emulator::fault::kind::html_502, .times = -1});
  CHECK(run(server.url(), "--allow-http get-global-mfa-settings").exit_code == 5);

  std::string const url = server.url();
  server.stop();
  CHECK(run(url, "--allow-http get-global-mfa-settings").exit_code == 4);

  auto const usage = run(url, "get-user-mfa-info --no-such-flag 1");
  CHECK(usage.exit_code == 2);
  CHECK(usage.err.find("unknown flag --no-such-flag") != std::string::npos);
  CHECK(run(url, "no-such-command").exit_code == 2);
  CHECK(run(url, "").exit_code == 2);
}

TEST_CASE("cli: every command has --help") {
  auto const overview = run("http://127.0.0.1:1", "--help");
  REQUIRE(overview.exit_code == 0);
  std::istringstream lines(overview.out.substr(overview.out.find("commands:\n") + 10));
  int commands = 0;
  for (std::string line; std::getline(lines, line);) {
    std::string const name = line.substr(2, line.find(' ', 2) - 2);
    auto const help = run("http://127.0.0.1:1", name + " --help");
    CAPTURE(name);
    CHECK(help.exit_code == 0);
    CHECK(help.out.starts_with("usage: genauth-mfa " + name));
    ++commands;
  }
  CHECK(commands == 24);
  for (char const* code : {"2 usage", "3 invalid argument", "4 transport", "5", "6 api", "7 decode", "8 system", "9 cancelled",
                           "10 token"})
    CHECK(overview.out.find(code) != std::string::npos);
}

TEST_CASE("cli: --ca-file (or GENAUTH_CA_FILE) trusts a private CA; without it the emulator's HTTPS is refused") {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  auto const untrusted = run(server.url(), "get-global-mfa-settings");
  CHECK(untrusted.exit_code == 4);
  CHECK(untrusted.err.find("TLS handshake failed") != std::string::npos);
  auto const flag = run(server.url(), "--ca-file " + pki().ca + " get-global-mfa-settings");
  CHECK(flag.exit_code == 0);
  CHECK(boost::json::parse(flag.out).at("enabledFactors").as_array().size() == 4);
  auto const variable = run(server.url(), "get-global-mfa-settings", "GENAUTH_CA_FILE=" + pki().ca);
  CHECK(variable.exit_code == 0);
  auto const missing = run(server.url(), "--ca-file /nonexistent/ca.pem get-global-mfa-settings");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--ca-file") != std::string::npos);
}

TEST_CASE("cli: an OTP enrolment runs to the end: --field picks what the next command needs, otp-code computes the code") {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  auto seed = genauth_emulator::default_seed();
  seed.apps.front().otp_period = 60;  // the code must follow the URI's period
  genauth_emulator::server server(o, seed);
  std::string const trust = "--ca-file " + pki().ca + " ";
  auto const started = run(server.url(), trust + "--field enrollmentToken --field otpData.qrCodeUri send-enroll-factor-request --factor-type OTP");
  REQUIRE(started.exit_code == 0);
  std::istringstream lines(started.out);
  std::string token, uri;
  std::getline(lines, token);
  std::getline(lines, uri);
  REQUIRE(uri.starts_with("otpauth://totp/"));
  CHECK(uri.find("period=60") != std::string::npos);
  auto const code = run(server.url(), "--field code otp-code --uri '" + uri + "'");
  REQUIRE(code.exit_code == 0);
  std::string const pass_code = code.out.substr(0, code.out.find('\n'));
  CHECK(pass_code.size() == 6);
  auto const enrolled = run(server.url(), trust + "enroll-factor --factor-type OTP --enrollment-token " + token +
                                              " --enrollment-data '{\"passCode\":\"" + pass_code + "\"}'");
  CHECK_MESSAGE(enrolled.exit_code == 0, enrolled.err);
  auto const factors = run(server.url(), trust + "list-enrolled-factors");
  REQUIRE(factors.exit_code == 0);
  CHECK(boost::json::parse(factors.out).as_array().size() == 1);
}

TEST_CASE("cli: otp-code gives what an authenticator app shows, from a URI or a secret") {
  auto const secret = genauth::otp::base32_decode("JBSWY3DPEHPK3PXP");
  REQUIRE(secret.has_value());
  auto const expected = genauth::otp::totp(*secret, std::chrono::system_clock::now());
  REQUIRE(expected.has_value());
  auto const r = run("http://127.0.0.1:1", "otp-code --secret JBSWY3DPEHPK3PXP");
  REQUIRE(r.exit_code == 0);
  auto const json = boost::json::parse(r.out);
  auto const valid_for = json.at("validFor").as_int64();
  CHECK((valid_for >= 1 && valid_for <= 30));
  if (valid_for > 2) CHECK(json.at("code").as_string() == *expected);  // not at a step's edge
  auto const from_uri = run("http://127.0.0.1:1", "--field code otp-code --uri 'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&period=60'");
  CHECK(from_uri.exit_code == 0);
  CHECK(from_uri.out.size() == 7);  // six digits and a line end
  CHECK(run("http://127.0.0.1:1", "otp-code --uri 'otpauth://totp/A:b?secret=!!'").exit_code == 3);
  CHECK(run("http://127.0.0.1:1", "otp-code").exit_code == 2);
  CHECK(run("http://127.0.0.1:1", "--field nothing otp-code --secret JBSWY3DPEHPK3PXP").exit_code == 2);
}

TEST_CASE("cli: verify-token checks a token from stdin against a JWKS URL or file and prints its claims") {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  std::string const dir = "cli_test_jwt_" + std::to_string(::getpid());
  std::string const token_file = dir + "-token", jwks_file = dir + "-jwks.json";
  std::ofstream(token_file) << server.issue_token(R"({"iss":"https://emulator/oidc","aud":"app","sub":"user-alice"})", "ES256")
                            << "\n";
  std::string const jwks = "--jwks-url " + server.url() + "/oidc/.well-known/jwks.json";
  auto const r = run(server.url(), "--ca-file " + pki().ca + " verify-token " + jwks + " --issuer https://emulator/oidc "
                                   "--audience app < " + token_file);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto const json = boost::json::parse(r.out);
  CHECK(json.at("claims").at("sub") == "user-alice");
  CHECK(json.at("header").at("alg") == "ES256");
  CHECK(server.jwks_requests() == 1);

  auto const other_audience = run(server.url(), "--ca-file " + pki().ca + " verify-token " + jwks + " --audience another < " + token_file);
  CHECK(other_audience.exit_code == 10);
  CHECK(other_audience.err.find("aud") != std::string::npos);
  CHECK(other_audience.err.find("user-alice") == std::string::npos);  // no value of the token
  CHECK(run(server.url(), "verify-token " + jwks + " < " + token_file).exit_code == 4);  // the CA is not trusted

  // A key set saved to a file: offline; the keys of another provider do not verify the token.
  std::ofstream(jwks_file) << server.jwks();
  auto const fetches = server.jwks_requests();
  auto const offline = run(server.url(), "--field claims.sub verify-token --jwks-file " + jwks_file + " --token-file " + token_file);
  CHECK(offline.exit_code == 0);
  CHECK(offline.out == "user-alice\n");
  CHECK(server.jwks_requests() == fetches);
  genauth_emulator::server other(quiet(), genauth_emulator::default_seed());
  std::ofstream(jwks_file) << other.jwks();
  auto const foreign = run(server.url(), "verify-token --jwks-file " + jwks_file + " --token-file " + token_file);
  CHECK(foreign.exit_code == 10);
  CHECK(foreign.err.find("no key of the set fits") != std::string::npos);
  std::ofstream(jwks_file) << "[]";
  CHECK(run(server.url(), "verify-token --jwks-file " + jwks_file + " --token-file " + token_file).exit_code == 10);
  CHECK(run(server.url(), "verify-token --jwks-file /nonexistent --token-file " + token_file).exit_code == 10);
  CHECK(run(server.url(), "verify-token --token-file " + token_file).exit_code == 2);
  CHECK(run(server.url(), "verify-token --jwks-file x --leeway -1").exit_code == 2);
  std::remove(token_file.c_str());
  std::remove(jwks_file.c_str());
}

TEST_CASE("cli: call sends any endpoint by name, its request as JSON on the command line or stdin") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  auto const got = run(server.url(), R"(--allow-http call get-user '{"userId":"u-7","withCustomData":true}')");
  CHECK(got.exit_code == 0);
  CHECK(got.err.empty());
  CHECK(boost::json::parse(got.out).at("userId") == "u-7");  // the emulator echoes the request's members

  std::string const file = "cli_test_request_" + std::to_string(::getpid()) + ".json";
  std::ofstream(file) << R"({"code":"ops","name":"Operations","description":"名字"})";
  auto const created = run(server.url(), "--allow-http call create-role < " + file);
  std::remove(file.c_str());
  CHECK(created.exit_code == 0);
  CHECK(boost::json::parse(created.out).at("code") == "ops");

  auto const mfa = run(server.url(), R"(--allow-http call get-user-mfa-info '{"userId":"user-alice"}')");
  CHECK(mfa.exit_code == 0);
  CHECK(boost::json::parse(mfa.out).at("totpStatus") == false);
  auto const profile = run(server.url(), "--allow-http call get-profile '{}'");
  CHECK(profile.exit_code == 0);
  CHECK(boost::json::parse(profile.out).is_object());

  auto const wrong_type = run(server.url(), R"(--allow-http call get-user '{"userId":5}')");
  CHECK(wrong_type.exit_code == 2);
  CHECK(wrong_type.err.find("userId") != std::string::npos);
  auto const missing = run(server.url(), "--allow-http call create-role '{}'");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("code") != std::string::npos);
  CHECK(run(server.url(), "--allow-http call get-user '[1]'").exit_code == 2);
  CHECK(run(server.url(), "--allow-http call get-user '{} {}'").exit_code == 2);
  CHECK(run(server.url(), "--allow-http call no-such-endpoint '{}'").exit_code == 2);
  CHECK(server.requests_seen() == 4);  // what was refused was not sent

  // A name both clients have is taken with its client's; a path template is a member.
  CHECK(run(server.url(), "--allow-http call get-detail '{}'").exit_code == 2);
  auto const detail = run(server.url(), R"(--allow-http call management.get-detail '{"number":"a-1"}')");
  CHECK(detail.exit_code == 0);
  CHECK(server.requests_seen() == 5);
  auto const deleted = run(server.url(), R"(--allow-http call delete-web-authn-credential '{"credentialId":"c/1 é"}')");
  CHECK(deleted.exit_code == 0);
  CHECK(server.requests_seen() == 6);
}

TEST_CASE("cli: endpoints lists every generated endpoint, and call NAME --help its request's members") {
  auto const list = run("http://127.0.0.1:1", "endpoints");
  REQUIRE(list.exit_code == 0);
  std::istringstream lines(list.out);
  std::size_t endpoints = 0;
  for (std::string line; std::getline(lines, line);) {
    std::string const name = line.substr(0, line.find(' '));
    auto const help = run("http://127.0.0.1:1", "call " + name + " --help");
    CAPTURE(name);
    CHECK(help.exit_code == 0);
    CHECK(help.out.starts_with("usage: genauth-mfa call " + name + " [JSON | -]\n"));
    ++endpoints;
  }
  CHECK(endpoints == boost::mp11::mp_size<genauth::management::all_endpoints>::value +
                         boost::mp11::mp_size<genauth::authentication::all_endpoints>::value);
  auto const help = run("http://127.0.0.1:1", "call get-user --help");
  CHECK(help.out.find("management API, GET /api/v3/get-user\n") != std::string::npos);
  CHECK(help.out.find("\n  userId  string\n") != std::string::npos);
  CHECK(help.out.find("\n  userIdType  one of user_id|external_id|phone|email|username|identity|sync_relation|custom_field"
                      "  (optional)\n") != std::string::npos);
  CHECK(help.out.find("\n  withCustomData  boolean  (optional)\n") != std::string::npos);
}
