#pragma once

// Raw servers on 127.0.0.1 for answers Beast would not give. dropping_server processes a POST and
// then drops the connection without answering, as a server that crashes after its work does. GETs are answered with `get_body`, keep-alive, and
// so are POSTs after the first. With `down_for` set, the server also stops listening after the
// drop, for that long, then listens on the same port again. It counts the POSTs it processed.
// One thread serves connections one after the other; every wait is bounded, and the destructor
// stops it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace test {

/// A socket listening on 127.0.0.1:`port` (0: any free port), which `bound` receives.
inline int listen_loopback(unsigned short port, unsigned short& bound) {
  int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int const one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 8) != 0) std::abort();
  socklen_t size = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  bound = ntohs(a.sin_port);
  return fd;
}

class dropping_server {
 public:
  dropping_server(std::string get_body, std::string post_body, std::chrono::milliseconds down_for)
      : get_body_(std::move(get_body)), post_body_(std::move(post_body)), down_for_(down_for) {
    listen_on(0);
    thread_ = std::thread([this] { run(); });
  }
  dropping_server(dropping_server const&) = delete;
  dropping_server& operator=(dropping_server const&) = delete;
  ~dropping_server() {
    stopping_ = true;
    thread_.join();
    if (listener_ >= 0) ::close(listener_);
  }

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int posts_processed() const { return posts_; }
  [[nodiscard]] int connections() const { return connections_; }

 private:
  void listen_on(unsigned short port) { listener_ = listen_loopback(port, port_); }

  /// Waits up to 100 ms for `fd` to be readable.
  static bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 100) > 0;
  }

  void run() {
    auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      if (!readable(listener_)) continue;
      int const c = ::accept(listener_, nullptr, nullptr);
      if (c < 0) continue;
      ++connections_;
      bool const dropped = serve(c);
      ::close(c);
      if (dropped && down_for_.count() > 0) {
        ::close(listener_);
        listener_ = -1;
        std::this_thread::sleep_for(down_for_);
        listen_on(port_);
      }
    }
  }

  /// Reads what arrives within 2 s; false at the end of the stream, after 2 s, when stopping, or
  /// when the connection is idle and another one waits (it is closed, as servers close idle
  /// kept-alive connections).
  bool fill(int c, std::string& in) const {
    for (int waited = 0;; ++waited) {
      pollfd p[2] = {{c, POLLIN, 0}, {listener_, POLLIN, 0}};
      if (::poll(p, 2, 100) > 0) {
        if (p[0].revents != 0) break;
        if (in.empty()) return false;
      }
      if (waited == 20 || stopping_) return false;
    }
    char buf[4096];
    ssize_t const n = ::read(c, buf, sizeof buf);
    if (n <= 0) return false;
    in.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  /// Serves one connection; true when it was dropped after a POST.
  bool serve(int c) {
    std::string in;
    for (int requests = 0; requests < 100;) {
      std::size_t const end = in.find("\r\n\r\n");
      std::size_t length = 0;
      if (end != std::string::npos)
        if (auto const at = in.find("Content-Length: "); at != std::string::npos && at < end)
          length = std::strtoul(in.c_str() + at + 16, nullptr, 10);
      if (end == std::string::npos || in.size() < end + 4 + length) {
        if (!fill(c, in)) return false;
        continue;
      }
      bool const post = in.starts_with("POST ");
      in.erase(0, end + 4 + length);
      ++requests;
      if (post && ++posts_ == 1) return true;  // processed; the answer never comes
      std::string const& body = post ? post_body_ : get_body_;
      std::string const answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(body.size()) + "\r\n\r\n" + body;
      if (::write(c, answer.data(), answer.size()) != static_cast<ssize_t>(answer.size())) return false;
    }
    return false;
  }

  std::string get_body_, post_body_;
  std::chrono::milliseconds down_for_;
  int listener_ = -1;
  unsigned short port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> posts_{0};
  std::atomic<int> connections_{0};
};

/// Answers the first request of the first connection with `answer`, bytes as given, and closes.
class answering_server {
 public:
  explicit answering_server(std::string answer)
      : answer_(std::move(answer)), listener_(listen_loopback(0, port_)), thread_([this] { run(); }) {}
  answering_server(answering_server const&) = delete;
  answering_server& operator=(answering_server const&) = delete;
  ~answering_server() {
    stopping_ = true;
    thread_.join();
    ::close(listener_);
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void run() {
    for (int waited = 0; waited < 100 && !stopping_; ++waited) {  // 10 s at most
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int const c = ::accept(listener_, nullptr, nullptr);
      if (c < 0) return;
      std::string in;
      char buf[4096];
      for (int reads = 0; reads < 100 && in.find("\r\n\r\n") == std::string::npos; ++reads) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 100) <= 0) continue;
        ssize_t const n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<std::size_t>(n));
      }
      for (std::size_t at = 0; at < answer_.size();) {
        ssize_t const n = ::write(c, answer_.data() + at, answer_.size() - at);
        if (n <= 0) break;
        at += static_cast<std::size_t>(n);
      }
      ::close(c);
      return;
    }
  }

  std::string answer_;
  unsigned short port_ = 0;  // before listener_, which sets it
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace test
