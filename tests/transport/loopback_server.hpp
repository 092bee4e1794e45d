#pragma once

// A small HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for testing transports: each
// connection gets a thread, requests on it are answered by the handler until the client closes it.
// Every loop is bounded: reads time out after two seconds, and the destructor stops and joins all.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>

namespace test {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class loopback_server {
 public:
  using request = http::request<http::string_body>;
  using response = http::response<http::string_body>;
  using handler = std::function<void(request const&, response&)>;

  /// `on_connection`, when given, hears +1 as a connection is accepted and -1 as it ends.
  explicit loopback_server(handler h, std::function<void(int)> on_connection = {})
      : handler_(std::move(h)),
        on_connection_(std::move(on_connection)),
        acceptor_(io_, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { accept_loop(); });
  }

  loopback_server(loopback_server const&) = delete;
  loopback_server& operator=(loopback_server const&) = delete;

  ~loopback_server() {
    stopping_ = true;
    boost::system::error_code ec;
    tcp::socket wake(io_);
    wake.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ec);  // unblocks accept()
    accept_thread_.join();
    std::lock_guard const lock(mutex_);
    for (auto& t : connection_threads_) t.join();
  }

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] int requests() const { return requests_; }
  /// From now on, closes each connection right after its answer, which still offers keep-alive:
  /// a server whose idle timeout ends a connection the client is about to reuse.
  void close_after_each_answer() { close_after_answer_ = true; }

 private:
  void accept_loop() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      ++connections_;
      std::lock_guard const lock(mutex_);
      connection_threads_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
    }
  }

  void serve(tcp::socket socket) {
    if (on_connection_) on_connection_(1);
    struct ended {
      std::function<void(int)> const& hear;
      ~ended() {
        if (hear) hear(-1);
      }
    } const end{on_connection_};
    timeval timeout{2, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    boost::beast::flat_buffer buffer;
    for (int n = 0; n < 10'000 && !stopping_; ++n) {
      request req;
      boost::system::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) return;
      ++requests_;
      response res{http::status::ok, req.version()};
      res.keep_alive(req.keep_alive());
      handler_(req, res);
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !res.keep_alive() || close_after_answer_) return;
    }
  }

  handler handler_;
  std::function<void(int)> on_connection_;
  boost::asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> close_after_answer_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::list<std::thread> connection_threads_;
};

}  // namespace test
