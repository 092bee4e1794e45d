// The emulator on its own: its signature check against the official SDK's signing vectors, its
// seed and fault syntax, and how it copes with bad clients (raw sockets, no SDK).

#include <genauth_emulator/server.hpp>

#include <genauth/genauth.hpp>
#include <genauth/jwt.hpp>

#include "quiet.hpp"
#include "test_pki.hpp"

#include "signature.hpp"  // the emulator's own string to sign (emulator/src)

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
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
  int fd() const { return fd_; }
  void send(std::string_view bytes) const {
    while (!bytes.empty()) {
      auto const n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  /// One whole response on a connection kept open: its head and Content-Length bytes of body.
  [[nodiscard]] std::string read_some() const {
    std::string out;
    char buf[4096];
    for (;;) {
      std::size_t const end = out.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::size_t length = 0;
        if (auto const at = out.find("Content-Length: "); at != std::string::npos && at < end)
          length = std::strtoul(out.c_str() + at + 16, nullptr, 10);
        if (out.size() >= end + 4 + length) return out;
      }
      auto const n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return out;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  /// Whether the server has closed the connection (end of stream within 200 ms; nothing unread).
  [[nodiscard]] bool closed_by_server() const {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) return false;
    char byte;
    return ::recv(fd_, &byte, 1, MSG_PEEK) == 0;
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

/// A GET the emulator's default access key signed, as raw HTTP/1.1 that closes the connection.
std::string signed_request(std::string_view path, std::uint16_t port) {
  genauth::management_options o;
  o.access_key_id = "emulator-access-key-id";
  o.access_key_secret = "emulator-access-key-secret";
  o.host = "http://127.0.0.1:" + std::to_string(port);
  o.allow_insecure_http = true;
  auto const signed_ = genauth::sign_request(o, genauth::http_method::get, path, {});
  if (!signed_) return {};
  auto const& r = signed_->request;
  std::string out = "GET " + r.url.substr(r.url.find(path)) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (auto const h : r.headers) out.append(h.name).append(": ").append(h.value).append("\r\n");
  return out + "\r\n";
}

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

  using quirk_at = std::pair<std::string, genauth_emulator::quirk>;
  auto const quirk = genauth_emulator::parse_quirk("*=text-for-array");
  REQUIRE(std::holds_alternative<quirk_at>(quirk));
  CHECK(std::get<quirk_at>(quirk) == quirk_at{"*", genauth_emulator::quirk::text_for_array});
  CHECK(std::get<quirk_at>(genauth_emulator::parse_quirk("/api/v3/get-user=strings-for-booleans")).second ==
        genauth_emulator::quirk::strings_for_booleans);
  for (char const* bad : {"", "x=object-for-array", "/x=teapot", "/x=none", "/x", "=text-for-array"})
    CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_quirk(bad)));

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
  SUBCASE("beyond the cap, the connection waiting longest makes room; when none waits, the new one is closed") {
    std::vector<std::unique_ptr<raw_connection>> held;
    for (int i = 0; i < 16; ++i) {
      held.push_back(std::make_unique<raw_connection>(server.port()));
      std::this_thread::sleep_for(5ms);  // an order of arrival, well within the 300 ms idle timeout
    }
    std::this_thread::sleep_for(100ms);  // let the server accept them all
    raw_connection extra(server.port());
    extra.send(fine);
    CHECK(status_line(extra.read_all()) == "HTTP/1.1 200 OK");
    CHECK(held.front()->closed_by_server());  // the first to arrive was closed
    held.clear();
    // Sixteen connections each waiting for a delayed answer: none is idle, so a new one is closed.
    server.inject({.path = "/api/v3/get-global-mfa-settings", .what = genauth_emulator::fault::kind::delay,
                   .times = -1, .delay = 1500ms});
    auto const before = server.requests_seen();
    for (int i = 0; i < 16; ++i) {
      held.push_back(std::make_unique<raw_connection>(server.port()));
      held.back()->send(signed_request("/api/v3/get-global-mfa-settings", server.port()));
    }
    // Until the server has read all sixteen (none is idle then), a second at most.
    for (int waited = 0; waited < 100 && server.requests_seen() < before + 16; ++waited)
      std::this_thread::sleep_for(10ms);
    REQUIRE(server.requests_seen() == before + 16);
    raw_connection late(server.port());
    late.send(fine);
    CHECK(late.read_all().empty());
    server.clear_faults();
    for (auto const& c : held) CHECK(status_line(c->read_all()) == "HTTP/1.1 200 OK");  // served late
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

TEST_CASE("E1 emulator: the fault endpoint is off without an admin token, and wants the token when on") {
  auto const request = [](genauth_emulator::server const& server, std::string const& method, std::string const& token,
                          std::string const& body) {
    raw_connection c(server.port());
    c.send(method + " /__emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
           (token.empty() ? "" : "X-Emulator-Admin-Token: " + token + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return status_line(c.read_all());
  };
  std::string const fault = "/api/v3/get-global-mfa-settings=html-502*";
  {
    genauth_emulator::server off(quiet(), genauth_emulator::default_seed());
    CHECK(request(off, "POST", "", fault) == "HTTP/1.1 404 Not Found");
    CHECK(request(off, "POST", "anything", fault) == "HTTP/1.1 404 Not Found");
  }
  auto o = quiet();
  o.admin_token = "admin-token-1";
  o.max_faults = 3;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  CHECK(request(server, "POST", "", fault) == "HTTP/1.1 403 Forbidden");
  CHECK(request(server, "POST", "admin-token-2", fault) == "HTTP/1.1 403 Forbidden");
  CHECK(request(server, "DELETE", "", "") == "HTTP/1.1 403 Forbidden");
  CHECK(request(server, "POST", "admin-token-1", "teapot") == "HTTP/1.1 400 Bad Request");
  for (int i = 0; i < 3; ++i) CHECK(request(server, "POST", "admin-token-1", fault) == "HTTP/1.1 201 Created");
  CHECK(request(server, "POST", "admin-token-1", fault) == "HTTP/1.1 429 Too Many Requests");  // the cap
  CHECK(request(server, "DELETE", "admin-token-1", "") == "HTTP/1.1 200 OK");
  CHECK(request(server, "POST", "admin-token-1", fault) == "HTTP/1.1 201 Created");
}

TEST_CASE("emulator: it publishes its token keys, signs tokens and rotates keys for the admin only") {
  auto const request = [](genauth_emulator::server const& server, std::string const& method, std::string const& target,
                          std::string const& token, std::string const& body = "") {
    raw_connection c(server.port());
    c.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
           (token.empty() ? "" : "X-Emulator-Admin-Token: " + token + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    auto const response = c.read_all();
    auto const end = response.find("\r\n\r\n");
    return std::pair(status_line(response), end == std::string::npos ? std::string() : response.substr(end + 4));
  };
  auto o = quiet();
  o.admin_token = "admin-token-1";
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  auto const kids = [&] {
    auto const [status, body] = request(server, "GET", "/oidc/.well-known/jwks.json", "");
    REQUIRE(status == "HTTP/1.1 200 OK");
    std::vector<std::string> out;
    auto const set = boost::json::parse(body);
    for (auto const& k : set.at("keys").as_array()) {
      CHECK(k.as_object().contains(k.at("kty") == "RSA" ? "n" : "x"));
      CHECK_FALSE(k.as_object().contains("d"));  // public halves only
      out.emplace_back(k.at("kid").as_string());
    }
    return out;
  };
  auto const first = kids();
  CHECK(first.size() == 2);  // RSA and P-256
  CHECK(request(server, "POST", "/__emulator/rotate-keys", "").first == "HTTP/1.1 403 Forbidden");
  CHECK(request(server, "POST", "/__emulator/tokens", "", "{}").first == "HTTP/1.1 403 Forbidden");
  CHECK(request(server, "POST", "/__emulator/tokens?alg=HS256", "admin-token-1", "{}").first == "HTTP/1.1 400 Bad Request");
  CHECK(request(server, "POST", "/__emulator/tokens", "admin-token-1", "[]").first == "HTTP/1.1 400 Bad Request");
  auto const [signed_status, signed_token] = request(server, "POST", "/__emulator/tokens?alg=ES256", "admin-token-1", R"({"sub":"u"})");
  CHECK(signed_status == "HTTP/1.1 201 Created");
  auto const decoded = genauth::jwt::decode_unverified(signed_token.substr(0, signed_token.find('\n')));
  REQUIRE(decoded.has_value());
  CHECK(decoded->alg == genauth::jwt::algorithm::es256);
  CHECK(decoded->kid == first[1]);
  auto const [rotated_status, new_kid] = request(server, "POST", "/__emulator/rotate-keys", "admin-token-1");
  CHECK(rotated_status == "HTTP/1.1 201 Created");
  auto const second = kids();
  REQUIRE(second.size() == 4);  // the new keys, then the previous ones
  CHECK(second[0] + "\n" == new_kid);
  CHECK(second[2] == first[0]);
  server.rotate_keys();
  auto const third = kids();
  CHECK(third.size() == 4);  // the keys before the previous ones are gone
  CHECK(third[2] == second[0]);
  CHECK(server.jwks_requests() == 3);
  {
    genauth_emulator::server off(quiet(), genauth_emulator::default_seed());
    CHECK(request(off, "POST", "/__emulator/rotate-keys", "anything").first == "HTTP/1.1 404 Not Found");
  }
}

TEST_CASE("E2 emulator: a fault's delay and Retry-After are at most a minute") {
  CHECK(std::holds_alternative<genauth_emulator::fault>(genauth_emulator::parse_fault("/x=delay:60000")));
  CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_fault("/x=delay:60001")));
  CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_fault("/x=delay:86400000")));
  CHECK(std::holds_alternative<genauth_emulator::fault>(genauth_emulator::parse_fault("/x=throttled-429:60")));
  CHECK(std::holds_alternative<std::string>(genauth_emulator::parse_fault("/x=unavailable-503:61")));
}

TEST_CASE("E3 emulator: at the connection cap, the connection idle for longest makes room") {
  auto o = quiet();
  o.max_connections = 4;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  std::string const keep = "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";  // answered 404, kept alive
  std::vector<std::unique_ptr<raw_connection>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<raw_connection>(server.port()));
    idle.back()->send(keep);
    CHECK(status_line(idle.back()->read_some()) == "HTTP/1.1 404 Not Found");
    std::this_thread::sleep_for(50ms);  // the server waits for its next request before the next one comes
  }
  raw_connection fresh(server.port());
  fresh.send("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(status_line(fresh.read_all()) == "HTTP/1.1 404 Not Found");
  CHECK(idle[0]->closed_by_server());  // the first to go idle was closed
  for (std::size_t i = 1; i < idle.size(); ++i) {  // the others still serve
    CHECK_FALSE(idle[i]->closed_by_server());
    idle[i]->send(keep);
    CHECK(status_line(idle[i]->read_some()) == "HTTP/1.1 404 Not Found");
  }
}

TEST_CASE("E4 emulator: TLS handshakes that never finish count as idle: at the cap they make room") {
  auto o = quiet();
  o.tls_certificate_file = pki().server;
  o.tls_key_file = pki().key;
  o.max_connections = 8;
  genauth_emulator::server server(o, genauth_emulator::default_seed());
  std::vector<std::unique_ptr<raw_connection>> silent;  // connected, and never a ClientHello
  for (int i = 0; i < 8; ++i) silent.push_back(std::make_unique<raw_connection>(server.port()));
  std::this_thread::sleep_for(100ms);  // all accepted
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.load_verify_file(pki().ca);
  tls.set_verify_mode(asio::ssl::verify_peer);
  asio::ssl::stream<asio::ip::tcp::socket> client(io, tls);
  auto const start = std::chrono::steady_clock::now();
  client.next_layer().connect({asio::ip::make_address("127.0.0.1"), server.port()});
  timeval tv{5, 0};
  ::setsockopt(client.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  boost::system::error_code ec;
  client.handshake(asio::ssl::stream_base::client, ec);
  REQUIRE_MESSAGE(!ec, ec.message());
  std::string const request = "GET /api/v3/get-global-mfa-settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  asio::write(client, asio::buffer(request), ec);
  std::string answer;
  char buf[4096];
  for (std::size_t n; (n = client.read_some(asio::buffer(buf), ec)) > 0 || !ec;) answer.append(buf, n);
  CHECK(status_line(answer) == "HTTP/1.1 200 OK");
  CHECK(std::chrono::steady_clock::now() - start < 5s);  // not after the 15 s idle timeout
  CHECK(silent.front()->closed_by_server());              // the one waiting longest made room
}

TEST_CASE("E5 emulator: a request whose chunk extension or trailer never ends gets 431, read no further") {
  genauth_emulator::server server(quiet(), genauth_emulator::default_seed());
  for (auto const& endless :
       std::vector<std::pair<std::string, std::string>>{{"1;", "ext=value;"}, {"2\r\n{}\r\n0\r\n", "X-Trailer: value\r\n"}}) {
    std::string const& head = endless.first;
    std::string const& piece = endless.second;
    CAPTURE(head);
    raw_connection c(server.port());
    c.send("POST /api/v3/import-otp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + head);
    std::string block;
    while (block.size() < 64 * 1024) block += piece;
    // Sent while the server reads, 256 MiB at most: it stops at what its buffer holds, and the
    // kernel's socket buffers take the rest of what gets through.
    std::atomic<std::size_t> sent{0};
    std::thread sender([&] {
      while (sent < 256u * 1024 * 1024) {
        pollfd p{c.fd(), POLLOUT, 0};
        if (::poll(&p, 1, 2000) <= 0 || (p.revents & (POLLERR | POLLHUP)) != 0) return;
        auto const n = ::send(c.fd(), block.data(), block.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0) return;
        sent += static_cast<std::size_t>(n);
      }
    });
    std::string const answer = c.read_some();
    sender.join();
    MESSAGE("sent " << sent / 1024 << " KiB before the server stopped reading");
    CHECK(status_line(answer) == "HTTP/1.1 431 Request Header Fields Too Large");
    CHECK(sent < 32u * 1024 * 1024);
  }
}

TEST_CASE("E1 emulator: the program takes its admin token from a file or the environment, never the command line") {
  namespace fs = std::filesystem;
  fs::path const dir = fs::temp_directory_path() / ("genauth-admin-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string const token = "token-" + std::to_string(::getpid()) + "-x7";
  std::ofstream(dir / "token") << token << "\n";
  auto const start = [&](std::vector<std::string> args, std::vector<std::string> env) {
    fs::remove(dir / "port");
    args.insert(args.begin(), GENAUTH_EMULATOR_PATH);
    for (char const* more : {"--port-file", ""}) args.emplace_back(*more ? more : (dir / "port").string());
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t quiet_output;
    posix_spawn_file_actions_init(&quiet_output);
    posix_spawn_file_actions_addopen(&quiet_output, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet_output, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &quiet_output, nullptr, argv.data(), envp.data()) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&quiet_output);
    std::uint16_t port = 0;
    for (int i = 0; i < 100 && pid > 0 && port == 0; ++i) {
      std::this_thread::sleep_for(50ms);
      std::ifstream in(dir / "port");
      in >> port;
    }
    return std::pair{pid, port};
  };
  auto const post_fault = [&](std::uint16_t port, std::string const& with) {
    raw_connection c(port);
    std::string const body = "/api/v3/get-global-mfa-settings=html-502";
    c.send("POST /__emulator/faults HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Emulator-Admin-Token: " + with +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return status_line(c.read_all());
  };
  for (bool const from_file : {true, false}) {
    CAPTURE(from_file);
    auto const [pid, port] = from_file ? start({"--admin-token-file", (dir / "token").string()}, {})
                                       : start({}, {"GENAUTH_EMULATOR_ADMIN_TOKEN=" + token});
    REQUIRE(pid > 0);
    REQUIRE(port != 0);
    std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string const visible((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
    CHECK(visible.find(token) == std::string::npos);
    CHECK(post_fault(port, "wrong") == "HTTP/1.1 403 Forbidden");
    CHECK(post_fault(port, token) == "HTTP/1.1 201 Created");
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  auto const [pid, port] = start({"--admin-token", token}, {});
  int status = 0;
  REQUIRE(pid > 0);
  ::waitpid(pid, &status, 0);
  CHECK(port == 0);
  CHECK(WEXITSTATUS(status) == 2);  // refused, with the way to do it instead
  fs::remove_all(dir);
}
