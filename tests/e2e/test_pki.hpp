#pragma once

// Throwaway certificates, made with the openssl command: a CA and a server certificate for
// 127.0.0.1 that it signed, one it signed for another host name, one it signed that has already
// expired, and a second CA that signed none of them. Making them takes a second and a half (three
// RSA keys, and the wait that expires one), so the test programs of a build tree share them: the
// first to need them makes them under GENAUTH_TEST_PKI_DIR, in a folder of the day (the
// certificates last a day), and publishes the folder whole by renaming it into place.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <unistd.h>

struct test_pki {
  std::filesystem::path dir;
  std::string ca, other_ca, key, server, other_host, expired;

  test_pki() {
    auto const day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count();
    dir = std::filesystem::path(GENAUTH_TEST_PKI_DIR) / std::to_string(day);
    auto const p = [this](char const* name) { return (dir / name).string(); };
    ca = p("ca.pem");
    other_ca = p("other-ca.pem");
    key = p("server.key");
    server = p("server.pem");
    other_host = p("other-host.pem");
    expired = p("expired.pem");
    if (!std::filesystem::exists(dir)) make();
  }
  test_pki(test_pki const&) = delete;
  test_pki& operator=(test_pki const&) = delete;

 private:
  // Made in a folder of this process's own, then renamed into place: a program that finds the
  // folder finds it whole. When two make it at once, the second rename fails and the first's stands.
  void make() const {
    auto const mine = dir.parent_path() / (dir.filename().string() + ".making-" + std::to_string(::getpid()));
    std::filesystem::remove_all(mine);
    std::filesystem::create_directories(mine);
    auto const p = [&](char const* name) { return (mine / name).string(); };
    auto const run = [](std::string const& command) {
      if (std::system((command + " > /dev/null 2>&1").c_str()) != 0)
        throw std::runtime_error("test certificates: failed: " + command);
    };
    std::string const new_ca = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj ";
    run(new_ca + "/CN=genauth-test-ca -keyout " + p("ca.key") + " -out " + p("ca.pem"));
    run(new_ca + "/CN=genauth-other-ca -keyout " + p("other-ca.key") + " -out " + p("other-ca.pem"));
    run("openssl req -newkey rsa:2048 -nodes -subj /CN=genauth-emulator -keyout " + p("server.key") + " -out " +
        p("server.csr"));
    auto const sign = [&](std::string const& san, int days, std::string const& out) {
      std::ofstream(p("san.ext")) << "subjectAltName=" << san << "\n";
      run("openssl x509 -req -in " + p("server.csr") + " -CA " + p("ca.pem") + " -CAkey " + p("ca.key") +
          " -CAcreateserial -days " + std::to_string(days) + " -extfile " + p("san.ext") + " -out " + out);
    };
    sign("IP:127.0.0.1,DNS:localhost", 1, p("server.pem"));
    sign("DNS:other.example", 1, p("other-host.pem"));
    sign("IP:127.0.0.1,DNS:localhost", 0, p("expired.pem"));  // valid until the second it was made
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    std::error_code ec;
    std::filesystem::rename(mine, dir, ec);
    if (ec) std::filesystem::remove_all(mine, ec);  // another program published its own first
  }
};

inline test_pki const& pki() {
  static test_pki const instance;
  return instance;
}
