#pragma once

// A server on 127.0.0.1 and an ephemeral port that plays a script on each connection instead of
// speaking HTTP properly: the transport contract's conformance cases use it for answers no
// well-behaved server gives (interim answers, bytes while a connection is idle, endless chunk
// extensions, early closes). Each connection gets a thread; every read and write gives up after
// two seconds, and the destructor shuts every connection down and joins all threads. A connection
// may speak TLS with a certificate chosen per connection.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <poll.h>

namespace test {

class scripted_connection {
 public:
  using tcp = boost::asio::ip::tcp;

  scripted_connection(tcp::socket socket, int index, boost::asio::ssl::context* tls)
      : socket_(std::move(socket)), index_(index) {
    timeval timeout{2, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    if (tls == nullptr) return;
    tls_.emplace(socket_, *tls);
    boost::system::error_code ec;
    tls_->handshake(boost::asio::ssl::stream_base::server, ec);
    if (ec) broken_ = true;
  }

  /// 0 for the server's first connection.
  [[nodiscard]] int index() const noexcept { return index_; }
  /// Bytes written so far.
  [[nodiscard]] std::size_t written() const noexcept { return written_; }

  /// One request, head and Content-Length body; nullopt at the end of the stream or after 2 s.
  std::optional<std::string> read_request() {
    for (int reads = 0; reads < 10'000 && !broken_; ++reads) {
      if (std::size_t const end = in_.find("\r\n\r\n"); end != std::string::npos) {
        std::size_t length = 0;
        for (std::string_view name : {"Content-Length: ", "content-length: "})
          if (std::size_t const at = in_.find(name); at != std::string::npos && at < end)
            length = std::strtoul(in_.c_str() + at + name.size(), nullptr, 10);
        if (in_.size() >= end + 4 + length) {
          std::string request = in_.substr(0, end + 4 + length);
          in_.erase(0, request.size());
          return request;
        }
      }
      char buf[4096];
      boost::system::error_code ec;
      std::size_t const n = tls_ ? tls_->read_some(boost::asio::buffer(buf), ec)
                                 : socket_.read_some(boost::asio::buffer(buf), ec);
      if (ec) break;
      in_.append(buf, n);
    }
    return std::nullopt;
  }

  /// Writes all of `bytes`; false once the client is gone or stopped reading for 2 s.
  bool write(std::string_view bytes) {
    if (broken_) return false;
    boost::system::error_code ec;
    auto const buffer = boost::asio::buffer(bytes.data(), bytes.size());
    std::size_t const n = tls_ ? boost::asio::write(*tls_, buffer, ec) : boost::asio::write(socket_, buffer, ec);
    written_ += n;
    if (ec) broken_ = true;
    return !ec;
  }

  /// Writes `piece` again and again while the client reads, `cap` bytes at most; true when the
  /// client stopped reading (or closed) before the cap.
  bool write_endlessly(std::string_view piece, std::size_t cap) {
    std::string block;
    while (block.size() < 64 * 1024) block += piece;
    while (written_ < cap)
      if (!write(block)) return true;
    return false;
  }

  /// Whether the client closed its side within 2 s (it read what came, then hung up).
  bool client_closed() {
    pollfd p{socket_.native_handle(), POLLIN, 0};
    for (int waited = 0; waited < 20; ++waited) {
      if (::poll(&p, 1, 100) > 0) {
        char c;
        return ::recv(socket_.native_handle(), &c, 1, MSG_PEEK) <= 0;
      }
    }
    return false;
  }

  void close() {
    std::lock_guard const lock(closing_);
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

  /// Ends the connection from another thread (the server's end): a read or write under way
  /// returns. Never at the same time as close(), which resets the socket's state.
  void shut_down() {
    std::lock_guard const lock(closing_);
    boost::system::error_code ec;
    if (socket_.is_open()) socket_.shutdown(tcp::socket::shutdown_both, ec);
  }

 private:
  tcp::socket socket_;
  int index_;
  std::optional<boost::asio::ssl::stream<tcp::socket&>> tls_;
  std::string in_;
  std::size_t written_ = 0;
  bool broken_ = false;
  std::mutex closing_;
};

class scripted_server {
 public:
  using tcp = boost::asio::ip::tcp;
  using script = std::function<void(scripted_connection&)>;
  /// The TLS context for the connection with this index; null: plain TCP.
  using tls_for = std::function<boost::asio::ssl::context*(int)>;

  explicit scripted_server(script s, tls_for tls = {})
      : script_(std::move(s)), tls_(std::move(tls)),
        acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }
  scripted_server(scripted_server const&) = delete;
  scripted_server& operator=(scripted_server const&) = delete;

  ~scripted_server() {
    stopping_ = true;
    accept_thread_.join();
    {
      std::lock_guard const lock(mutex_);
      for (auto* c : live_) c->shut_down();
    }
    for (auto& t : threads_) t.join();  // no thread is added once the accept thread ended
  }

  [[nodiscard]] std::string url(bool https = false) const {
    return (https ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_);
  }
  [[nodiscard]] int connections() const noexcept { return connections_; }
  /// Stops listening at once: later connections are refused.
  void stop_listening() {
    listening_ = false;
    ::shutdown(acceptor_.native_handle(), SHUT_RD);  // Linux: the port refuses from now on
  }

 private:
  void accept_loop() {
    for (int waited = 0; waited < 600 && !stopping_; ++waited) {  // 60 s at most
      pollfd p{acceptor_.native_handle(), POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      if (!listening_) return;
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) continue;
      int const index = connections_++;
      std::lock_guard const lock(mutex_);
      threads_.emplace_back([this, index, s = std::move(socket)]() mutable {
        scripted_connection c(std::move(s), index, tls_ ? tls_(index) : nullptr);
        {
          std::lock_guard const l(mutex_);
          live_.push_back(&c);
        }
        if (!stopping_) script_(c);
        std::lock_guard const l(mutex_);
        live_.remove(&c);
      });
    }
  }

  script script_;
  tls_for tls_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> listening_{true};
  std::atomic<int> connections_{0};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::list<std::thread> threads_;
  std::list<scripted_connection*> live_;
};

/// An HTTP/1.1 answer with `body` and a Content-Length.
inline std::string answer_with(std::string_view body, std::string_view status = "200 OK") {
  return "HTTP/1.1 " + std::string(status) + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

}  // namespace test
