#pragma once

// Throwaway certificates, made with the openssl command once per test program and removed at its
// end: a CA and a server certificate for 127.0.0.1 that it signed, one it signed for another host
// name, one it signed that has already expired, and a second CA that signed none of them.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>

struct test_pki {
  std::filesystem::path dir;
  std::string ca, other_ca, key, server, other_host, expired;

  test_pki() : dir(std::filesystem::temp_directory_path() / ("genauth-pki-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto const p = [this](char const* name) { return (dir / name).string(); };
    auto const run = [](std::string const& command) {
      if (std::system((command + " > /dev/null 2>&1").c_str()) != 0)
        throw std::runtime_error("test certificates: failed: " + command);
    };
    ca = p("ca.pem");
    other_ca = p("other-ca.pem");
    key = p("server.key");
    server = p("server.pem");
    other_host = p("other-host.pem");
    expired = p("expired.pem");
    std::string const new_ca = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj ";
    run(new_ca + "/CN=genauth-test-ca -keyout " + p("ca.key") + " -out " + ca);
    run(new_ca + "/CN=genauth-other-ca -keyout " + p("other-ca.key") + " -out " + other_ca);
    run("openssl req -newkey rsa:2048 -nodes -subj /CN=genauth-emulator -keyout " + key + " -out " + p("server.csr"));
    auto const sign = [&](std::string const& san, int days, std::string const& out) {
      std::ofstream(p("san.ext")) << "subjectAltName=" << san << "\n";
      run("openssl x509 -req -in " + p("server.csr") + " -CA " + ca + " -CAkey " + p("ca.key") +
          " -CAcreateserial -days " + std::to_string(days) + " -extfile " + p("san.ext") + " -out " + out);
    };
    sign("IP:127.0.0.1,DNS:localhost", 1, server);
    sign("DNS:other.example", 1, other_host);
    sign("IP:127.0.0.1,DNS:localhost", 0, expired);  // valid until the second it was made
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  }
  ~test_pki() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  test_pki(test_pki const&) = delete;
  test_pki& operator=(test_pki const&) = delete;
};

inline test_pki const& pki() {
  static test_pki const instance;
  return instance;
}
