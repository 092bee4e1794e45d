// The emulator's HTTP/1.1 server on Boost.Beast, plain or over TLS (Asio SSL): one strand per
// connection, limits on header and body size, a timeout on every read, write and handshake, and a
// cap on open connections.

#include <genauth_emulator/server.hpp>

#include "exact_json.hpp"
#include "service.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <type_traits>

namespace genauth_emulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

/// What the server can ask of any connection, whatever its stream.
struct connection {
  virtual ~connection() = default;
  /// Closes the connection from its own strand.
  virtual void evict() = 0;
};

/// The connections waiting for their next request, oldest first, so that the one idle for
/// longest can make room at the connection cap.
class idle_connections {
 public:
  std::uint64_t add(std::weak_ptr<connection> c) {
    std::lock_guard const lock(mutex_);
    idle_.emplace(++last_, std::move(c));
    return last_;
  }
  void remove(std::uint64_t id) {
    std::lock_guard const lock(mutex_);
    idle_.erase(id);
  }
  /// Evicts the connection idle for longest; false when none is idle.
  bool evict_oldest() {
    std::shared_ptr<connection> oldest;
    {
      std::lock_guard const lock(mutex_);
      while (!oldest && !idle_.empty()) {
        oldest = idle_.begin()->second.lock();
        idle_.erase(idle_.begin());
      }
    }
    if (!oldest) return false;
    oldest->evict();
    return true;
  }

 private:
  std::mutex mutex_;
  std::map<std::uint64_t, std::weak_ptr<connection>> idle_;
  std::uint64_t last_ = 0;
};

struct server::impl {
  options opts;
  service svc;
  std::unique_ptr<asio::io_context> ioc = std::make_unique<asio::io_context>();
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::ssl::context> tls;  // set: HTTPS only
  std::vector<std::thread> threads;
  std::atomic<std::size_t> connections{0};
  idle_connections idle;
  std::atomic<std::size_t> requests{0};
  std::uint16_t port = 0;
  std::mutex stop_mutex;
  bool stopped = false;

  impl(options o, seed s) : opts(std::move(o)), svc(std::move(s), opts) {}
  void accept();
};

namespace {

using tls_stream = asio::ssl::stream<beast::tcp_stream>;

/// One connection; Stream is beast::tcp_stream, or tls_stream over it.
template <class Stream>
class session : public connection, public std::enable_shared_from_this<session<Stream>> {
 public:
  template <class... TlsContext>
  session(tcp::socket socket, server::impl& srv, TlsContext&... tls)
      : stream_(std::move(socket), tls...), srv_(srv), timer_(stream_.get_executor()) {
    ++srv_.connections;
  }
  ~session() override {
    if (idle_id_ != 0) srv_.idle.remove(idle_id_);
    --srv_.connections;
  }
  session(session const&) = delete;
  session& operator=(session const&) = delete;

  void evict() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close(); });
  }

  void start() {
    if constexpr (std::is_same_v<Stream, tls_stream>) {
      // A handshake not yet finished counts as idle: at the cap it makes room like an idle
      // connection, and the idle timeout ends it.
      lowest().expires_after(srv_.opts.idle_timeout);
      idle_id_ = srv_.idle.add(std::weak_ptr<connection>(this->shared_from_this()));
      stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        self->srv_.idle.remove(std::exchange(self->idle_id_, 0));
        if (ec) return self->close();  // a client that does not trust the certificate ends here
        self->read();
      });
    } else {
      read();
    }
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void read() {
    parser_.emplace();
    parser_->body_limit(srv_.opts.max_body_size);
    parser_->header_limit(16 * 1024);
    lowest().expires_after(srv_.opts.idle_timeout);
    idle_id_ = srv_.idle.add(std::weak_ptr<connection>(this->shared_from_this()));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    srv_.idle.remove(std::exchange(idle_id_, 0));
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof)
      return close();
    // A TLS client gone without close_notify between requests sent no request.
    if (ec == asio::ssl::error::stream_truncated && !parser_->got_some()) return close();
    ++srv_.requests;
    keep_alive_ = !ec && parser_->get().keep_alive();
    version_ = ec ? 11 : parser_->get().version();
    if (ec == http::error::body_limit) return send_plain(413, "request body too large\n");
    // A head, a chunk header or a trailer beyond what the buffer holds.
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
      return send_plain(431, "request header fields too large\n");
    if (ec) return send_plain(400, "malformed HTTP request\n");

    auto& req = parser_->get();
    wire_request w;
    w.method = std::string(req.method_string());
    w.target = std::string(req.target());
    for (auto const& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      w.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    w.body = std::move(req.body());
    response_ = srv_.svc.handle(w);
    if (response_.delay.count() > 0) {
      timer_.expires_after(response_.delay);
      timer_.async_wait([self = this->shared_from_this()](beast::error_code e) {
        if (!e) self->send();
      });
      return;
    }
    send();
  }

  void send_plain(int status, std::string body) {
    keep_alive_ = false;
    response_ = {};
    response_.status = status;
    response_.headers = {{"content-type", "text/plain"}};
    response_.body = std::move(body);
    send();
  }

  void send() {
    if (response_.how == delivery::reset) {
      beast::error_code ec;
      lowest().socket().set_option(asio::socket_base::linger(true, 0), ec);
      lowest().socket().close(ec);
      return;
    }
    auto& res = message_;
    res = {};
    res.version(version_);
    res.result(static_cast<unsigned>(response_.status));
    res.set(http::field::server, "genauth-emulator");
    res.set(http::field::date, format_http_date(std::chrono::system_clock::now()));
    for (auto const& [name, value] : response_.headers) res.set(name, value);
    bool const whole = response_.how == delivery::whole;
    res.keep_alive(keep_alive_ && whole);
    res.body() = std::move(response_.body);
    res.prepare_payload();
    lowest().expires_after(srv_.opts.idle_timeout);
    // One buffer, header and body: cut short, the header promises the whole body, half of it
    // follows, then the connection ends.
    std::ostringstream head;
    head << res.base();
    raw_ = head.str();
    raw_.append(res.body(), 0, whole ? res.body().size() : res.body().size() / 2);
    asio::async_write(stream_, asio::buffer(raw_),
                      [self = this->shared_from_this(), whole](beast::error_code ec, std::size_t) {
                        if (ec || !whole || !self->message_.keep_alive()) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest().socket().close(ec);
  }

  Stream stream_;
  server::impl& srv_;
  asio::steady_timer timer_;
  // What is read ahead of the parser: a head (16 KiB at most), a chunk header or a trailer.
  beast::flat_buffer buffer_{64 * 1024};
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> message_;
  wire_response response_;
  std::string raw_;
  bool keep_alive_ = false;
  unsigned version_ = 11;
  std::uint64_t idle_id_ = 0;  // in srv_.idle while waiting for a request
};

}  // namespace

void server::impl::accept() {
  acceptor->async_accept(asio::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) {
      if (connections.load() >= opts.max_connections && !idle.evict_oldest()) {
        socket.close(ec);  // every connection is busy with a request
      } else if (tls) {
        std::make_shared<session<tls_stream>>(std::move(socket), *this, *tls)->start();
      } else {
        std::make_shared<session<beast::tcp_stream>>(std::move(socket), *this)->start();
      }
    }
    accept();
  });
}

server::server(options o, seed s) : impl_(std::make_unique<impl>(std::move(o), std::move(s))) {
  auto& i = *impl_;
  if (!i.opts.tls_certificate_file.empty() || !i.opts.tls_key_file.empty()) {
    i.tls.emplace(asio::ssl::context::tls_server);
    i.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    i.tls->use_certificate_chain_file(i.opts.tls_certificate_file);  // throws on a bad file
    i.tls->use_private_key_file(i.opts.tls_key_file, asio::ssl::context::pem);
  }
  tcp::endpoint const endpoint(asio::ip::make_address(i.opts.address), i.opts.port);
  i.acceptor.emplace(*i.ioc);
  i.acceptor->open(endpoint.protocol());
  i.acceptor->set_option(asio::socket_base::reuse_address(true));
  i.acceptor->bind(endpoint);
  i.acceptor->listen(asio::socket_base::max_listen_connections);
  i.port = i.acceptor->local_endpoint().port();
  i.accept();
  for (unsigned t = 0; t < std::max(1u, i.opts.threads); ++t) i.threads.emplace_back([&i] { i.ioc->run(); });
}

server::~server() { stop(); }

std::uint16_t server::port() const noexcept { return impl_->port; }

std::string server::url() const {
  return (impl_->tls ? "https://" : "http://") + impl_->opts.address + ":" + std::to_string(impl_->port);
}

void server::stop() {
  auto& i = *impl_;
  std::lock_guard const lock(i.stop_mutex);
  if (i.stopped) return;
  i.stopped = true;
  i.ioc->stop();
  for (auto& t : i.threads) t.join();
  // Destroying the context destroys every connection still waiting in it.
  i.acceptor.reset();
  i.ioc.reset();
}

void server::inject(fault f) { impl_->svc.inject(std::move(f)); }
void server::clear_faults() { impl_->svc.clear_faults(); }
std::vector<std::string> server::nonces_seen(std::string_view path) const { return impl_->svc.nonces_seen(path); }
std::optional<std::string> server::last_code_sent_to(std::string_view destination) const {
  return impl_->svc.last_code_sent_to(destination);
}
std::size_t server::requests_seen() const { return impl_->requests.load(); }
std::string server::issue_token(std::string_view claims, std::string_view alg) const {
  auto const v = parse_json(claims);
  if (!v || !v->is_object()) return {};
  return impl_->svc.issue_token(v->get_object(), alg);
}
std::string server::rotate_keys() { return impl_->svc.rotate_keys(); }
std::size_t server::jwks_requests() const { return impl_->svc.jwks_requests(); }
std::size_t server::quirked_answers() const { return impl_->svc.quirked_answers(); }
std::string server::jwks() const { return impl_->svc.jwks_text(); }

}  // namespace genauth_emulator
