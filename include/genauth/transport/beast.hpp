#pragma once

// A transport on Boost.Beast and Asio, over OpenSSL for HTTPS: link the CMake target
// genauth::beast. Not part of genauth.hpp, so the core SDK never needs Asio or OpenSSL. It brings
// the clients' async calls (genauth/engine/async.hpp).

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/engine/async.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// Settings of beast_transport. A timeout that is zero or negative makes every call fail with
/// transport_errc::setup_failed, as with the libcurl transport.
struct beast_options {
  std::chrono::milliseconds timeout{10'000};          ///< the whole exchange, connecting included
  std::chrono::milliseconds connect_timeout{10'000};  ///< connecting and the TLS handshake, within the above
  std::size_t max_response_size = 4 * 1024 * 1024;    ///< a larger header or body fails with response_too_large
  std::string ca_file{};  ///< PEM file of the CAs to trust; empty: the system's
  std::string ca_path{};  ///< directory of hashed CA certificates; empty: the system's
  bool allow_insecure_http = false;  ///< send to http:// URLs (a local emulator); https only otherwise
  /// A kept-alive connection unused for this long is closed instead of reused.
  std::chrono::milliseconds idle_timeout{60'000};
  /// Kept-alive connections held per host (scheme, host and port); one more is closed after use.
  std::size_t max_idle_per_host = 16;
};

namespace detail {

namespace beast_http = boost::beast::http;
using beast_tcp = boost::asio::ip::tcp;
using beast_clock = std::chrono::steady_clock;

/// Where a request goes, read from its absolute URL.
struct beast_target {
  bool tls = false;
  std::string host;        ///< a name or an address (an IPv6 one without brackets)
  std::string port;        ///< the URL's, or the scheme's
  std::string authority;   ///< host[:port] as the URL writes it: the Host field
  std::string path;        ///< path and query
  std::string pool_key;    ///< scheme://authority: connections are shared by requests with the same
};

/// Splits an http:// or https:// URL; empty for anything else (user info included).
inline std::optional<beast_target> beast_split_url(std::string_view url) {
  std::size_t const sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  beast_target t;
  std::string_view const scheme = url.substr(0, sep);
  if (iequals(scheme, "https")) t.tls = true;
  else if (!iequals(scheme, "http")) return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  std::size_t const end = rest.find_first_of("/?#");
  std::string_view const authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  rest = rest.substr(0, rest.find('#'));
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  std::string_view host = authority, port;
  if (authority.front() == '[') {
    std::size_t const close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(1, close - 1);
    std::string_view const after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    if (!after.empty()) port = after.substr(1);
  } else if (std::size_t const colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || port.size() > 5) return std::nullopt;
  for (char const c : port)
    if (c < '0' || c > '9') return std::nullopt;
  t.host = host;
  t.port = port.empty() ? (t.tls ? "443" : "80") : std::string(port);
  t.authority = authority;
  t.path = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
  t.pool_key = (t.tls ? "https://" : "http://") + t.authority;
  return t;
}

/// The bytes of `request` to `target`, as HTTP/1.1 writes them; empty when a header field could
/// not go out as it is (is_sendable_field) or the request line would not be one line of three
/// parts, which would let the rest pass for more of the request.
inline std::optional<std::string> beast_request_text(beast_target const& target, http_request const& request) {
  constexpr std::string_view not_in_target(" \t\r\n\0", 5);
  if (!is_sendable_field("Host", target.authority) || target.path.find_first_of(not_in_target) != target.path.npos)
    return std::nullopt;
  std::string text = request.method == http_method::post ? "POST " : "GET ";
  text.append(target.path).append(" HTTP/1.1\r\nHost: ").append(target.authority).append("\r\n");
  for (auto const f : request.headers) {
    if (!is_sendable_field(f.name, f.value)) return std::nullopt;
    text.append(f.name).append(": ").append(f.value).append("\r\n");
  }
  // A POST states its length even when it is empty (RFC 9110, 8.6); a GET only a body it has.
  if (request.method == http_method::post || !request.body.empty())
    text.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  return text.append("\r\n").append(request.body);
}

/// One connection, plain or TLS, with the buffer its answers are read through.
struct beast_connection {
  using tls_stream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

  beast_connection(boost::asio::any_io_executor const& ex, boost::asio::ssl::context* tls_context) {
    if (tls_context != nullptr) tls.emplace(ex, *tls_context);
    else plain.emplace(ex);
  }
  boost::beast::tcp_stream& lowest() { return tls ? tls->next_layer() : *plain; }

  std::optional<boost::beast::tcp_stream> plain;
  std::optional<tls_stream> tls;
  boost::beast::flat_buffer buffer;
  beast_clock::time_point idle_since{};
};

/// Kept-alive connections per host, the most recently used last.
class beast_pool {
 public:
  using connection = std::unique_ptr<beast_connection>;

  /// An idle connection to `key` unused for at most `idle_timeout`; empty when there is none.
  /// The ones idle for longer are closed.
  connection take(std::string const& key, std::chrono::milliseconds idle_timeout) {
    std::vector<connection> expired;
    connection found;
    {
      std::lock_guard const lock(mutex_);
      auto const it = idle_.find(key);
      if (it == idle_.end()) return nullptr;
      auto& list = it->second;
      auto const now = beast_clock::now();
      std::size_t n = 0;  // the oldest come first
      while (n < list.size() && now - list[n]->idle_since > idle_timeout) ++n;
      for (std::size_t i = 0; i < n; ++i) expired.push_back(std::move(list[i]));
      list.erase(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(n));
      if (!list.empty()) {
        found = std::move(list.back());
        list.pop_back();
      }
    }
    return found;  // `expired` closes outside the lock
  }

  /// Keeps `c` for reuse, unless `max` connections to `key` are kept already.
  void give(std::string const& key, connection c, std::size_t max) {
    c->idle_since = beast_clock::now();
    std::lock_guard const lock(mutex_);
    auto& list = idle_[key];
    if (list.size() < max) list.push_back(std::move(c));
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::vector<connection>, std::less<>> idle_;
};

/// What copies of one transport share, and what a call in flight keeps alive.
struct beast_state {
  beast_state(boost::asio::any_io_executor ex, beast_options o) : executor(std::move(ex)), options(std::move(o)) {
    namespace ssl = boost::asio::ssl;
    boost::system::error_code ec;
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                    ec);
    if (!ec) tls.set_verify_mode(ssl::verify_peer, ec);
    // A CA file or folder replaces the system's trust store instead of adding to it.
    if (!ec && !options.ca_file.empty()) tls.load_verify_file(options.ca_file, ec);
    if (!ec && !options.ca_path.empty()) tls.add_verify_path(options.ca_path, ec);
    if (!ec && options.ca_file.empty() && options.ca_path.empty()) tls.set_default_verify_paths(ec);
    valid = !ec && options.timeout.count() > 0 && options.connect_timeout.count() > 0;
  }

  boost::asio::any_io_executor executor;
  beast_options options;
  boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
  bool valid = false;
  beast_pool pool;
};

/// The I/O thread of a transport made without an executor. The thread shares its io_context: when
/// the last copy of the transport goes on that very thread (an async call's last handler), the
/// thread is let go and ends on its own instead of joining itself.
class beast_runner {
  struct loop {
    boost::asio::io_context context{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{context.get_executor()};
    std::thread thread;
  };

 public:
  beast_runner() : loop_(std::make_shared<loop>()) {
    loop_->thread = std::thread([l = loop_] { l->context.run(); });
  }
  beast_runner(beast_runner const&) = delete;
  beast_runner& operator=(beast_runner const&) = delete;
  ~beast_runner() {
    loop_->work.reset();
    loop_->context.stop();
    if (loop_->thread.get_id() == std::this_thread::get_id()) loop_->thread.detach();
    else loop_->thread.join();
  }

  [[nodiscard]] boost::asio::io_context& context() noexcept { return loop_->context; }

 private:
  std::shared_ptr<loop> loop_;
};

/// Which transport_errc an Asio or Beast failure is, once request bytes may have left.
inline std::error_code beast_error_after_sending(boost::system::error_code ec) {
  if (ec == boost::beast::error::timeout) return make_error_code(transport_errc::timed_out);
  if (ec == beast_http::error::body_limit || ec == beast_http::error::header_limit)
    return make_error_code(transport_errc::response_too_large);
  return make_error_code(transport_errc::connection_lost);
}

/// One exchange as an Asio composed operation: a kept-alive connection or a new one (resolve,
/// connect, TLS handshake), then write and read. Everything it points into lives on the heap, so
/// the operation may move between steps.
class beast_exchange {
  enum class step { start, resolve, connect, handshake, write, read };

  struct work {
    beast_target target;
    std::string request;  ///< as it goes on the wire
    bool idempotent = false;
    beast_clock::time_point deadline{};
    std::optional<transport_errc> early;  ///< a failure found before anything started
    bool posted = false;                  ///< `early` is reported from a posted step
    std::optional<beast_tcp::resolver> resolver;
    std::unique_ptr<beast_connection> connection;
    std::optional<beast_http::response_parser<beast_http::string_body>> parser;
    bool reused = false;  ///< the connection came from the pool
    step at = step::start;
  };

 public:
  beast_exchange(std::shared_ptr<beast_state> state, http_request const& request)
      : state_(std::move(state)), work_(std::make_unique<work>()) {
    auto& w = *work_;
    auto const& o = state_->options;
    auto target = beast_split_url(request.url);
    if (!state_->valid || !target) {
      w.early = transport_errc::setup_failed;
      return;
    }
    if (!target->tls && !o.allow_insecure_http) {
      w.early = transport_errc::insecure_url;
      return;
    }
    auto text = beast_request_text(*target, request);
    if (!text) {
      w.early = transport_errc::setup_failed;
      return;
    }
    auto timeout = o.timeout;
    if (request.timeout && *request.timeout < timeout) timeout = (std::max)(*request.timeout, std::chrono::milliseconds(1));
    w.deadline = beast_clock::now() + timeout;
    w.idempotent = request.idempotent;
    w.target = std::move(*target);
    w.request = std::move(*text);
  }

  template <class Self>
  void operator()(Self& self) {
    auto& w = *work_;
    if (w.early) {
      if (!w.posted) {  // complete from the executor, never inside the initiating call
        w.posted = true;
        return boost::asio::post(state_->executor, std::move(self));
      }
      return self.complete(transport_result(make_error_code(*w.early)));
    }
    // A request that may not be repeated gets a connection of its own: on a kept-alive one that
    // turns out dead, nobody could tell whether the server had read it.
    if (w.idempotent) w.connection = state_->pool.take(w.target.pool_key, state_->options.idle_timeout);
    if (w.connection) {
      w.reused = true;
      return write(self);
    }
    open(self);
  }

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, beast_tcp::resolver::results_type results) {
    auto& w = *work_;
    if (ec) return fail(self, transport_errc::resolve_failed);
    auto const left = w.deadline - beast_clock::now();
    w.connection->lowest().expires_after((std::min)(
        std::chrono::duration_cast<beast_clock::duration>(state_->options.connect_timeout), left));
    w.at = step::connect;
    w.connection->lowest().async_connect(results, std::move(self));
  }

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, beast_tcp::endpoint const&) {
    auto& w = *work_;
    if (ec) return fail(self, transport_errc::connect_failed);  // a timeout too: nothing was sent
    if (!w.connection->tls) return write(self);
    auto& tls = *w.connection->tls;
    boost::system::error_code not_an_address;
    (void)boost::asio::ip::make_address(w.target.host, not_an_address);
    // SNI names a host; an address is not sent.
    if (not_an_address && SSL_set_tlsext_host_name(tls.native_handle(), w.target.host.c_str()) != 1)
      return fail(self, transport_errc::setup_failed);
    tls.set_verify_callback(boost::asio::ssl::host_name_verification(w.target.host), ec);
    if (ec) return fail(self, transport_errc::setup_failed);
    w.at = step::handshake;
    tls.async_handshake(boost::asio::ssl::stream_base::client, std::move(self));
  }

  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, std::size_t = 0) {
    auto& w = *work_;
    switch (w.at) {
      case step::handshake:
        if (ec == boost::beast::error::timeout) return fail(self, transport_errc::connect_failed);
        if (ec) return fail(self, transport_errc::tls_handshake_failed);
        return write(self);
      case step::write:
        if (ec) return failed_after_sending(self, ec);
        w.at = step::read;
        w.parser.emplace();
        w.parser->body_limit(static_cast<std::uint64_t>(state_->options.max_response_size));
        w.parser->header_limit(static_cast<std::uint32_t>(
            (std::min)(state_->options.max_response_size, std::size_t{0xffffffffu})));
        return read(self);
      case step::read:
        if (ec) return failed_after_sending(self, ec);
        return done(self);
      default: return fail(self, transport_errc::connection_lost);
    }
  }

 private:
  template <class Self>
  void open(Self& self) {
    auto& w = *work_;
    w.reused = false;
    w.connection = std::make_unique<beast_connection>(state_->executor, w.target.tls ? &state_->tls : nullptr);
    w.resolver.emplace(state_->executor);
    w.at = step::resolve;
    w.resolver->async_resolve(w.target.host, w.target.port, std::move(self));
  }

  template <class Self>
  void write(Self& self) {
    auto& w = *work_;
    w.connection->lowest().expires_at(w.deadline);
    w.at = step::write;
    auto const bytes = boost::asio::buffer(w.request);
    if (w.connection->tls) boost::asio::async_write(*w.connection->tls, bytes, std::move(self));
    else boost::asio::async_write(*w.connection->plain, bytes, std::move(self));
  }

  template <class Self>
  void read(Self& self) {
    auto& w = *work_;
    auto& c = *w.connection;
    if (c.tls) beast_http::async_read(*c.tls, c.buffer, *w.parser, std::move(self));
    else beast_http::async_read(*c.plain, c.buffer, *w.parser, std::move(self));
  }

  /// Bytes may have left. A kept-alive connection the server had already closed fails before any
  /// answer byte: an idempotent request then goes once more, on a new connection.
  template <class Self>
  void failed_after_sending(Self& self, boost::system::error_code ec) {
    auto& w = *work_;
    bool const nothing_back = !w.parser || !w.parser->got_some();
    bool const cancelled = self.cancelled() != boost::asio::cancellation_type::none;
    if (w.reused && w.idempotent && nothing_back && !cancelled && ec != boost::beast::error::timeout) {
      w.connection.reset();
      w.parser.reset();
      return open(self);
    }
    w.connection.reset();
    self.complete(transport_result(beast_error_after_sending(ec)));
  }

  template <class Self>
  void fail(Self& self, transport_errc e) {
    work_->connection.reset();
    self.complete(transport_result(make_error_code(e)));
  }

  template <class Self>
  void done(Self& self) {
    auto& w = *work_;
    auto message = w.parser->release();
    http_response out;
    out.status = static_cast<int>(message.result_int());
    for (auto const& f : message)
      out.headers.add(std::string_view(f.name_string().data(), f.name_string().size()),
                      std::string_view(f.value().data(), f.value().size()));
    out.body = std::move(message.body());
    if (message.keep_alive() && w.connection->buffer.size() == 0) {
      w.connection->lowest().expires_never();
      state_->pool.give(w.target.pool_key, std::move(w.connection), state_->options.max_idle_per_host);
    }
    w.connection.reset();
    self.complete(transport_result(std::move(out)));
  }

  std::shared_ptr<beast_state> state_;
  std::unique_ptr<work> work_;
};

/// What an exchange completes: any handler, type-erased (erased_handler). The exchange's steps
/// run on the transport's executor whatever the handler's, so that its connections are only ever
/// touched there (and are gone once that executor's thread is joined); the result then goes to
/// the handler through its own executor. The handler's cancellation slot reaches the exchange.
class beast_handler {
 public:
  using executor_type = boost::asio::any_io_executor;
  using cancellation_slot_type = boost::asio::cancellation_slot;

  template <class Handler>
  beast_handler(Handler handler, boost::asio::any_io_executor const& executor)
      : executor_(executor),
        slot_(boost::asio::get_associated_cancellation_slot(handler)),
        handler_(std::move(handler), executor) {}

  [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }
  [[nodiscard]] cancellation_slot_type get_cancellation_slot() const noexcept { return slot_; }
  void operator()(transport_result r) { handler_(std::move(r)); }

 private:
  executor_type executor_;
  cancellation_slot_type slot_;
  erased_handler<transport_result> handler_;
};

inline void beast_start(std::shared_ptr<beast_state> state, http_request const& request, beast_handler handler) {
  auto const executor = state->executor;
  boost::asio::async_compose<beast_handler, void(transport_result)>(beast_exchange(std::move(state), request),
                                                                     handler, executor);
}

}  // namespace detail

/// A transport on Boost.Beast: HTTP/1.1 over TCP, or TLS through OpenSSL. Peer and host name
/// verification are always on (`ca_file` / `ca_path` choose what to trust, in place of the
/// system's store) and SNI names the host; redirects are not followed; http:// URLs are refused
/// unless `allow_insecure_http`. Every failure is a transport_errc, never an exception.
///
/// Connections are kept alive per host and reused by later requests that may be repeated; a
/// request that may not be repeated (http_request::idempotent false) gets a new connection and is
/// never sent twice. An idempotent request whose kept-alive connection turns out closed before
/// any answer byte is sent once more on a new one. connect_failed, resolve_failed and
/// tls_handshake_failed are reported only when no request byte was written.
///
/// Made with an executor, it runs on the caller's event loop: async_send completes through it.
/// Made without, it owns an I/O thread. Either way `operator()` blocks the calling thread until
/// the exchange is over, so it must not be called from a thread running the transport's
/// executor. Copies share the connections; any thread may use one at once.
class beast_transport {
 public:
  /// A transport with an I/O thread of its own: ready for blocking calls.
  explicit beast_transport(beast_options options = {})
      : runner_(std::make_shared<detail::beast_runner>()),
        state_(std::make_shared<detail::beast_state>(runner_->context().get_executor(), std::move(options))) {}

  /// A transport whose connections and timers run on `executor` (an io_context's, a strand);
  /// destroy its last copy before that executor's execution context.
  explicit beast_transport(boost::asio::any_io_executor executor, beast_options options = {})
      : state_(std::make_shared<detail::beast_state>(std::move(executor), std::move(options))) {}

  /// Sends `request` and completes with its transport_result: `token` is any Asio completion
  /// token for the signature `void(transport_result)` (a callback, asio::use_awaitable,
  /// asio::deferred, asio::use_future). The request is copied before this returns. The exchange
  /// takes at most options().timeout, or request.timeout when that is shorter.
  template <class CompletionToken>
  auto async_send(http_request const& request, CompletionToken&& token) const {
    return boost::asio::async_initiate<CompletionToken, void(transport_result)>(
        [](auto handler, std::shared_ptr<detail::beast_state> state, http_request const& r) {
          auto const executor = state->executor;
          detail::beast_start(std::move(state), r, detail::beast_handler(std::move(handler), executor));
        },
        token, state_, request);
  }

  /// Sends `request` and waits for the whole response, or fails with a transport_errc.
  transport_result operator()(http_request const& request) const {
    if (runner_ && runner_->context().get_executor().running_in_this_thread())
      return make_error_code(transport_errc::setup_failed);  // it would wait for itself
    try {
      return async_send(request, boost::asio::use_future).get();
    } catch (std::exception const&) {  // the executor's context stopped with the exchange in flight
      return make_error_code(transport_errc::connection_lost);
    }
  }

  /// The options it was made with.
  [[nodiscard]] beast_options const& options() const noexcept { return state_->options; }
  /// The executor its connections and timers run on.
  [[nodiscard]] boost::asio::any_io_executor get_executor() const noexcept { return state_->executor; }

 private:
  // Declared first, destroyed last: connections in the pool close before their I/O thread ends.
  std::shared_ptr<detail::beast_runner> runner_;
  std::shared_ptr<detail::beast_state> state_;
};

GENAUTH_NAMESPACE_END
