#pragma once

// A DNS server on 127.0.0.1 that answers slowly or never, for name lookups that take their time:
// a child process gets it as its resolver through /etc/resolv.conf in a private mount namespace
// (which needs root). Every loop is bounded in time; the server stops with the child.

#include "../unit/support.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace test {

/// Answers every A query with 127.0.0.1 and every other query with no record, each `delay` after
/// it came; with no delay given, never answers.
class slow_dns {
 public:
  explicit slow_dns(std::optional<std::chrono::milliseconds> delay) : delay_(delay) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(53);
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (ok_) thread_ = std::thread([this] { serve(); });
  }
  slow_dns(slow_dns const&) = delete;
  slow_dns& operator=(slow_dns const&) = delete;
  ~slow_dns() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] bool ok() const noexcept { return ok_; }

 private:
  struct pending {
    std::chrono::steady_clock::time_point due;
    std::vector<unsigned char> answer;
    sockaddr_in to;
  };

  void serve() {
    std::vector<pending> queue;
    auto const until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 10) > 0) {
        unsigned char q[512];
        sockaddr_in from{};
        socklen_t size = sizeof from;
        auto const n = ::recvfrom(fd_, q, sizeof q, 0, reinterpret_cast<sockaddr*>(&from), &size);
        if (n > 12 && delay_) queue.push_back({std::chrono::steady_clock::now() + *delay_, answer(q, static_cast<std::size_t>(n)), from});
      }
      auto const now = std::chrono::steady_clock::now();
      for (auto it = queue.begin(); it != queue.end();) {
        if (it->due > now) {
          ++it;
          continue;
        }
        ::sendto(fd_, it->answer.data(), it->answer.size(), 0, reinterpret_cast<sockaddr const*>(&it->to), sizeof it->to);
        it = queue.erase(it);
      }
    }
  }

  /// The answer to query `q`: its id and question, and for an A question one record, 127.0.0.1.
  static std::vector<unsigned char> answer(unsigned char const* q, std::size_t n) {
    std::size_t end = 12;
    while (end < n && q[end] != 0) end += 1 + q[end];  // the name's labels
    end += 5;                                           // its zero byte, type and class
    if (end > n) return {};
    bool const a = q[end - 4] == 0 && q[end - 3] == 1;
    std::vector<unsigned char> r(q, q + end);
    r[2] = 0x81;  // a response, recursion desired
    r[3] = 0x80;  // recursion available, no error
    r[6] = 0, r[7] = a ? 1 : 0;    // answers
    r[8] = r[9] = r[10] = r[11] = 0;  // no authority or additional records
    if (a) {
      unsigned char const record[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1};
      r.insert(r.end(), std::begin(record), std::end(record));
    }
    return r;
  }

  std::optional<std::chrono::milliseconds> delay_;
  int fd_ = -1;
  bool ok_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

/// Runs `body` in a child process whose name lookups go to a slow_dns on 127.0.0.1 (answering
/// after `answer_after`, or never) and give up after 3 s. Returns what `body` returns, or 'S'
/// where that cannot be set up (a private mount namespace and port 53 need root).
template <class Body>
char with_local_dns(std::optional<std::chrono::milliseconds> answer_after, Body body) {
  namespace fs = std::filesystem;
  fs::path const conf = fs::temp_directory_path() / ("genauth-resolv-" + std::to_string(::getpid()));
  std::ofstream(conf) << "nameserver 127.0.0.1\noptions timeout:3 attempts:1\n";
  char const verdict = test::in_child([&] {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount(conf.c_str(), "/etc/resolv.conf", nullptr, MS_BIND, nullptr) != 0)
      return 'S';
    slow_dns dns(answer_after);
    return dns.ok() ? body() : 'S';
  });
  fs::remove(conf);
  return verdict;
}

/// Checks the verdict of a body run by with_local_dns: 'Y' passes, 'S' skips, any other letter is
/// the failure the body named.
inline void check_dns_verdict(char verdict) {
  REQUIRE(verdict != 0);
  if (verdict == 'S') {
    MESSAGE("skipped: a private mount namespace and port 53 need root");
    return;
  }
  CHECK(verdict == 'Y');
}

}  // namespace test
