// The emulator on its own: its signature check against the official SDK's signing vectors, its
// seed and fault syntax, and how it copes with bad clients (raw sockets, no SDK).

#include <genauth_emulator/server.hpp>

#include "quiet.hpp"

#include "signature.hpp"  // the emulator's own string to sign (emulator/src)

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

// A plain TCP connection to the emulator; reads give up after five seconds.
class raw_connection {
 public:
  explicit raw_connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~raw_connection() { ::close(fd_); }
  raw_connection(raw_connection const&) = delete;
  raw_connection& operator=(raw_connection const&) = delete;

  bool connected() const { return connected_; }
  void send(std::string_view bytes) const {
    while (!bytes.empty()) {
      auto const n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  /// Everything until the server closes (or five silent seconds pass).
  std::string read_all() const {
    std::string out;
    char buf[4096];
    for (;;) {
      auto const n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::string status_line(std::string const& response) { return response.substr(0, response.find("\r\n")); }

}  // namespace

TEST_CASE("emulator: its string to sign reproduces every signing vector from what went over the wire") {
  std::ifstream in(GENAUTH_TEST_DATA "/signing-vectors.json");
  std::stringstream text;
  text << in.rdbuf();
  auto const vectors = boost::json::parse(text.str()).at("vectors").as_array();
  REQUIRE(vectors.size() == 18);
  for (auto const& v : vectors) {
    auto const& inputs = v.at("inputs").as_object();
    auto const& wire = v.at("observedOnWire").as_object();
    CAPTURE(v.at("id").as_string());
    genauth_emulator::wire_request r;
    r.method = std::string(inputs.at("method").as_string());
    r.target = std::string(wire.at("requestTarget").as_string());
    r.body = std::string(wire.at("body").as_string());
    for (auto const& h : inputs.at("headers").as_object())
      r.headers.emplace_back(std::string(h.key()), std::string(h.value().as_string()));
    auto const brand = v.at("brand").as_string() == "authing" ? genauth_emulator::authing_names
                                                               : genauth_emulator::genauth_names;
    auto const to_sign = genauth_emulator::string_to_sign(r, brand);
    REQUIRE(std::holds_alternative<std::string>(to_sign));
    CHECK(std::get<std::string>(to_sign) == v.at("outputs").at("stringToSign").as_string());
  }
}

TEST_CASE("emulator: dates are read and written as IMF-fixdate, and nothing else is a date") {
  auto const t = genauth_emulator::parse_http_date("Sun, 05 Jan 2025 08:30:00 GMT");
  REQUIRE(t);
  CHECK(t->time_since_epoch() == std::chrono::seconds(1736065800));
  CHECK(genauth_emulator::format_http_date(*t) == "Sun, 05 Jan 2025 08:30:00 GMT");
  CHECK_FALSE(genauth_emulator::parse_http_date("Mon, 05 Jan 2025 08:30:00 GMT"));  // wrong weekday
  CHECK_FALSE(genauth_emulator::parse_http_date("Sun, 05 Jan 2025 08:30:00 UTC"));
  CHECK_FALSE(genauth_emulator::parse_http_date("1736065800000"));
}

TEST_CASE("emulator: fault and seed syntax") {
  auto f = genauth_emulator::parse_fault("/api/v3/get-user-mfa-info=throttled-429:7*3");
  REQUIRE(std::holds_alternative<genauth_emulator::fault>(f));
  auto const& fault = std::get<genauth_emulator::fault>(f);
  CHECK(fault.what == genauth_emulator::fault::kind::throttled_429);
  CHECK(fault.retry_after == 7s);
  CHECK(fault.times == 3);
  auto always = genauth_emulator::parse_fault("/x=delay:250*");
  REQUIRE(std::holds_alternative<genauth_emulator::fault>(always));
  CHECK(std::get<genauth_emulator::fault>(always).times < 0);
  CHECK(std::get<genauth_emulator::fault>(always).delay == 250ms);
  for (char const* bad : {"", "x=html-502", "/x=teapot", "/x=delay:-1", "/x=html-502*0", "/x"})
    CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_fault(bad)));

  auto seed = genauth_emulator::parse_seed(R"({"userPoolId":"p","accessKeys":[{"id":"k","secret":"s"}],
      "apps":[{"id":"a","name":"A","enabledFactors":["OTP"]}],
      "users":[{"id":"u","username":"n","accessToken":"t"}],"globalFactors":["OTP"]})");
  REQUIRE(std::holds_alternative<genauth_emulator::seed>(seed));
  CHECK(std::get<genauth_emulator::seed>(seed).users.at(0).access_token == "t");
  for (char const* bad :
       {"[", R"({"userPoolId":"p"})",
        R"({"userPoolId":"p","accessKeys":[],"apps":[],"users":[],"globalFactors":["PIGEON"]})",
        R"({"userPoolId":"p","accessKeys":[],"apps":[],"globalFactors":[],
            "users":[{"id":"u","username":"n","accessToken":"t"},{"id":"v","username":"m","accessToken":"t"}]})"})
    CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_seed(bad)));
}

TEST_CASE("emulator: bad clients get a 4xx or a closed connection, and the emulator goes on serving") {
  auto o = quiet();
  o.max_body_size = 1024;
  o.idle_timeout = 300ms;
  o.max_connections = 16;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  std::string const fine = "GET /api/v3/get-global-mfa-settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

  SUBCASE("malformed HTTP") {
    for (std::string const& bad : std::vector<std::string>{"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /x HTTP/1.1\r\nNo colon here\r\n\r\n",
                            "POST /x HTTP/1.1\r\nContent-Length: -5\r\n\r\n", std::string("\0\0\0\0\r\n\r\n", 8)}) {
      raw_connection c(server.port());
      REQUIRE(c.connected());
      c.send(bad);
      CHECK(status_line(c.read_all()) == "HTTP/1.1 400 Bad Request");
    }
  }
  SUBCASE("a body over the limit") {
    raw_connection c(server.port());
    c.send("POST /api/v3/import-otp HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
    CHECK(status_line(c.read_all()) == "HTTP/1.1 413 Payload Too Large");
  }
  SUBCASE("headers over the limit") {
    raw_connection c(server.port());
    c.send("GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    CHECK(status_line(c.read_all()) == "HTTP/1.1 431 Request Header Fields Too Large");
  }
  SUBCASE("an idle or slow connection is closed after the idle timeout") {
    for (std::string const& partial : std::vector<std::string>{"", "GET /api/v3/get-global-mfa-settings HTTP/1.1\r\nHo"}) {
      raw_connection c(server.port());
      c.send(partial);
      auto const start = std::chrono::steady_clock::now();
      CHECK(c.read_all().empty());
      CHECK(std::chrono::steady_clock::now() - start < 4s);
    }
  }
  SUBCASE("connections beyond the cap are closed at once, and the others are served") {
    std::vector<std::unique_ptr<raw_connection>> held;
    for (int i = 0; i < 16; ++i) held.push_back(std::make_unique<raw_connection>(server.port()));
    std::this_thread::sleep_for(100ms);  // let the server accept them all
    raw_connection extra(server.port());
    extra.send(fine);
    CHECK(extra.read_all().empty());
    held.clear();
  }
  SUBCASE("an unknown path or method") {
    raw_connection c(server.port());
    c.send("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_line(c.read_all()) == "HTTP/1.1 404 Not Found");
    raw_connection d(server.port());
    d.send("DELETE /api/v3/get-user-mfa-info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK(status_line(d.read_all()) == "HTTP/1.1 405 Method Not Allowed");
  }
  SUBCASE("200 connections at once, each answered") {
    std::vector<std::thread> threads;
    std::atomic<int> answered{0};
    for (int t = 0; t < 8; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 25; ++i) {
          raw_connection c(server.port());
          c.send(fine);
          if (status_line(c.read_all()) == "HTTP/1.1 200 OK") ++answered;
        }
      });
    for (auto& t : threads) t.join();
    CHECK(answered == 200);
  }
  // Whatever happened above, the emulator still answers.
  std::this_thread::sleep_for(50ms);
  raw_connection after(server.port());
  after.send(fine);
  CHECK(status_line(after.read_all()) == "HTTP/1.1 200 OK");
  server.stop();
  server.stop();  // idempotent
}

TEST_CASE("emulator: faults are injected and cleared over HTTP") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  auto const post = [&](std::string const& body) {
    raw_connection c(server.port());
    c.send("POST /__emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body);
    return status_line(c.read_all());
  };
  auto const get = [&] {
    raw_connection c(server.port());
    c.send("GET /api/v3/get-global-mfa-settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return status_line(c.read_all());
  };
  CHECK(post("teapot") == "HTTP/1.1 400 Bad Request");
  CHECK(post("/api/v3/get-global-mfa-settings=html-502*") == "HTTP/1.1 201 Created");
  // Only a request that passes authentication meets the fault; an unsigned one is refused first.
  CHECK(get() == "HTTP/1.1 200 OK");
  raw_connection c(server.port());
  c.send("DELETE /__emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(status_line(c.read_all()) == "HTTP/1.1 200 OK");
}
