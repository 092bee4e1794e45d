// genauth-mfa, run as a program against an emulator in this process.

#include <genauth_emulator/server.hpp>

#include "quiet.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
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
outcome run(std::string const& host, std::string const& args) {
  static int calls = 0;  // ctest may run several of these processes at once
  std::string const err_file = "cli_test_stderr_" + std::to_string(::getpid()) + "_" + std::to_string(++calls) + ".txt";
  std::string const command = "env GENAUTH_HOST=" + host +
                              " GENAUTH_ACCESS_KEY_ID=emulator-access-key-id"
                              " GENAUTH_ACCESS_KEY_SECRET=emulator-access-key-secret"
                              " GENAUTH_APP_ID=emulator-app GENAUTH_ACCESS_TOKEN=alice-access-token " GENAUTH_CLI_PATH
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

  CHECK(run(server.url(), "get-user-mfa-info --user-id x").exit_code == 3);  // plain http not allowed
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
  CHECK(commands == 20);
}
