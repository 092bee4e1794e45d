// Peak memory against answers that never end: the Beast and libcurl transports (max_response_size
// 4 MiB) reading a chunk extension or a trailer that a server in another process sends without
// end, and the emulator reading a request that does the same. Each side whose memory is measured
// runs in a process of its own; its peak resident size (getrusage) is printed in MiB, with the
// same process's peak before the hostile exchange.

#include <genauth/transport/beast.hpp>
#include <genauth/transport/curl.hpp>

#include <genauth_emulator/server.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>

namespace {

constexpr std::size_t cap = std::size_t{1} << 30;  // 1 GiB at most from either side

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }
long peak_kib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

int listen_any(unsigned short& port) {
  int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd, 4);
  socklen_t size = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  port = ntohs(a.sin_port);
  return fd;
}

/// Writes `head`, then `piece` over and over while the peer reads (2 s of silence ends it).
std::size_t stream_endlessly(int fd, std::string const& head, std::string const& piece) {
  std::string block = head;
  while (block.size() < 256 * 1024) block += piece;
  std::size_t sent = 0;
  while (sent < cap) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 2000) <= 0 || (p.revents & (POLLERR | POLLHUP)) != 0) break;
    auto const n = ::send(fd, block.data() + (sent == 0 ? 0 : head.size()),
                          block.size() - (sent == 0 ? 0 : head.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  return sent;
}

/// A server in a child process that answers one request with `head` and then `piece` forever.
pid_t endless_server(std::string const& head, std::string const& piece, unsigned short& port) {
  int const listener = listen_any(port);
  pid_t const child = ::fork();
  if (child == 0) {
    int const c = ::accept(listener, nullptr, nullptr);
    char buf[4096];
    (void)::recv(c, buf, sizeof buf, 0);
    stream_endlessly(c, head, piece);
    ::_exit(0);
  }
  ::close(listener);
  return child;
}

template <class Transport, class Options>
void client(char const* name, char const* part, std::string const& head, std::string const& piece) {
  pid_t const measured = ::fork();
  if (measured == 0) {
    unsigned short port = 0;
    pid_t const server = endless_server(head, piece, port);
    Options o;
    o.allow_insecure_http = true;
    o.timeout = std::chrono::seconds(5);
    o.max_response_size = 4 * 1024 * 1024;
    Transport const transport(o);
    genauth::http_request const r{genauth::http_method::get, "http://127.0.0.1:" + std::to_string(port) + "/", {}, "", true};
    long const before = peak_kib();
    auto const start = std::chrono::steady_clock::now();
    auto const result = transport(r);
    double const ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("| %s | %s | %.1f MiB | %.1f MiB | %s after %.0f ms |\n", name, part, mib(before), mib(peak_kib()),
                result.error ? result.error.message().c_str() : "an answer", ms);
    std::fflush(stdout);
    ::kill(server, SIGKILL);
    ::waitpid(server, nullptr, 0);
    ::_exit(0);
  }
  ::waitpid(measured, nullptr, 0);
}

void emulator(char const* part, std::string const& head, std::string const& piece) {
  int ready[2];
  if (::pipe(ready) != 0) return;
  pid_t const measured = ::fork();
  if (measured == 0) {
    genauth_emulator::options o;
    o.log = [](std::string_view) {};
    genauth_emulator::server server(o, genauth_emulator::default_seed());
    auto const port = server.port();
    long const before = peak_kib();
    (void)::write(ready[1], &port, sizeof port);
    (void)::write(ready[1], &before, sizeof before);
    ::pause();
    ::_exit(0);
  }
  unsigned short port = 0;
  long before = 0;
  if (::read(ready[0], &port, sizeof port) != sizeof port || ::read(ready[0], &before, sizeof before) != sizeof before)
    return;
  int const c = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  ::connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a);
  std::size_t const sent = stream_endlessly(
      c, "POST /api/v3/import-otp HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + head, piece);
  ::close(c);
  ::kill(measured, SIGKILL);
  int status = 0;
  rusage u{};
  ::wait4(measured, &status, 0, &u);
  std::printf("| emulator | %s | %.1f MiB | %.1f MiB | read %.1f MiB, then closed |\n", part, mib(before),
              mib(u.ru_maxrss), static_cast<double>(sent) / (1024.0 * 1024.0));
}

}  // namespace

int main() {
  std::string const chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::printf("| reader | endless part | peak before | peak after | outcome |\n| --- | --- | ---: | ---: | --- |\n");
  std::fflush(stdout);
  client<genauth::beast_transport, genauth::beast_options>("Beast", "chunk extension", chunked + "1;", "ext=value;");
  client<genauth::beast_transport, genauth::beast_options>("Beast", "trailer", chunked + "2\r\n{}\r\n0\r\n", "X-Trailer: value\r\n");
  client<genauth::curl_transport, genauth::curl_options>("libcurl", "chunk extension", chunked + "1;", "ext=value;");
  client<genauth::curl_transport, genauth::curl_options>("libcurl", "trailer", chunked + "2\r\n{}\r\n0\r\n", "X-Trailer: value\r\n");
  emulator("chunk extension", "1;", "ext=value;");
  emulator("trailer", "2\r\n{}\r\n0\r\n", "X-Trailer: value\r\n");
}
