#pragma once

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/async.hpp>
#include <genauth/transport/beast_options.hpp>
#include <genauth/transport/detail/beast_hosts.hpp>
#include <genauth/transport/detail/beast_lookup.hpp>
#include <genauth/transport/detail/beast_request.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// One exchange of the Beast transport, and what the copies of a transport share.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

namespace beast_http = boost::beast::http;

/// The I/O thread of a transport made without an executor. Destroyed on another thread, it stops
/// its io_context and joins; destroyed on its own thread (the last exchange of a transport that
/// is gone ends there), it lets the thread run what is left and end on its own.
class beast_runner {
  struct loop {
    boost::asio::io_context context{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{context.get_executor()};
    std::thread thread;
  };

 public:
  beast_runner() : loop_(std::make_shared<loop>()) {
    loop_->thread = std::thread([l = loop_] {
      for (;;) {  // what a handler throws never ends the process
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
        try {
          l->context.run();
          return;
        } catch (...) {
        }
#else
        l->context.run();
        return;
#endif
      }
    });
  }
  beast_runner(beast_runner const&) = delete;
  beast_runner& operator=(beast_runner const&) = delete;
  ~beast_runner() {
    loop_->work.reset();
    if (loop_->thread.get_id() == std::this_thread::get_id()) {
      loop_->thread.detach();
      return;
    }
    loop_->context.stop();
    loop_->thread.join();
  }

  [[nodiscard]] boost::asio::io_context& context() noexcept { return loop_->context; }

 private:
  std::shared_ptr<loop> loop_;
};

/// What copies of one transport share, and what an exchange in flight keeps alive.
struct beast_state {
  beast_state(boost::asio::any_io_executor ex, beast_options o, std::shared_ptr<beast_runner> r = {})
      : runner(std::move(r)), executor(std::move(ex)), options(std::move(o)) {
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

  std::shared_ptr<beast_runner> runner;  // declared first, destroyed last: connections close before their thread ends
  boost::asio::any_io_executor executor;
  beast_options options;
  boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
  bool valid = false;
  beast_hosts hosts{options};
};

/// Which transport_errc an Asio or Beast failure is, once request bytes may have left.
inline std::error_code beast_error_after_sending(boost::system::error_code ec) {
  if (ec == beast_http::error::body_limit || ec == beast_http::error::header_limit ||
      ec == beast_http::error::buffer_overflow)
    return make_error_code(transport_errc::response_too_large);
  return make_error_code(transport_errc::connection_lost);
}

/// What an exchange completes: any handler, type-erased (erased_handler). The result goes to the
/// handler through its own executor, where the handler's cancellation slot is cleared first.
class beast_handler {
 public:
  template <class Handler>
  beast_handler(Handler handler, boost::asio::any_io_executor const& fallback)
      : slot_(boost::asio::get_associated_cancellation_slot(handler)), handler_(std::move(handler), fallback) {}

  [[nodiscard]] boost::asio::cancellation_slot slot() const noexcept { return slot_; }
  void operator()(transport_result r) { handler_(std::move(r), async_epilogue(slot_)); }

 private:
  boost::asio::cancellation_slot slot_;
  erased_handler<transport_result> handler_;
};

/// One exchange: a connection (an idle one, a new one, or one waited for at the host's cap), the
/// request written, and the answer read by the book (RFC 9112): interim answers skipped, every
/// buffered part bounded, the connection kept only when its answer was read to the end and
/// nothing follows it. Every step runs on a strand of its own; one timer bounds it (connect_timeout
/// for a new connection, then the exchange's timeout), and a cancellation or the timer ends it at
/// once, whatever step it is in: a name lookup is left to finish on its own thread.
class beast_exchange : public std::enable_shared_from_this<beast_exchange> {
  struct private_tag {};
  enum class step : std::uint8_t { start, queued, lookup, connect, handshake, write, read, done };
  using strand_type = boost::asio::strand<boost::asio::any_io_executor>;
  using tcp = boost::asio::ip::tcp;

 public:
  beast_exchange(private_tag, std::shared_ptr<beast_state> state, beast_handler handler)
      : state_(std::move(state)),
        strand_(boost::asio::make_strand(state_->executor)),
        timer_(strand_),
        handler_(std::move(handler)) {}
  beast_exchange(beast_exchange const&) = delete;
  beast_exchange& operator=(beast_exchange const&) = delete;
  ~beast_exchange() { let_go(); }

  /// Starts an exchange of `request`; `handler` gets its result once, never inside this call.
  static void start(std::shared_ptr<beast_state> state, http_request const& request, beast_handler handler) {
    auto const x = std::make_shared<beast_exchange>(private_tag{}, std::move(state), std::move(handler));
    std::optional<transport_errc> const early = x->prepare(request);
    if (auto slot = x->handler_.slot(); slot.is_connected())
      slot.assign([weak = std::weak_ptr<beast_exchange>(x)](boost::asio::cancellation_type type) {
        if (auto const self = weak.lock())
          boost::asio::post(self->strand_, [self, type] { self->guarded([&] { self->cancel(type); }); });
      });
    boost::asio::post(x->strand_, [x, early] {
      x->guarded([&] { early ? x->complete(make_error_code(*early)) : x->begin(); });
    });
  }

 private:
  /// Interim answers read before one is taken for a broken server.
  static constexpr int max_interim = 10;

  std::optional<transport_errc> prepare(http_request const& request) {
    auto const& o = state_->options;
    auto target = beast_split_url(request.url);
    if (!state_->valid || !target) return transport_errc::setup_failed;
    if (!target->tls && !o.allow_insecure_http) return transport_errc::insecure_url;
    auto text = beast_request_text(*target, request);
    if (!text) return transport_errc::setup_failed;
    auto timeout = o.timeout;
    if (request.timeout && *request.timeout < timeout) timeout = (std::max)(*request.timeout, std::chrono::milliseconds(1));
    deadline_ = saturating_add(beast_clock::now(), timeout);
    idempotent_ = request.idempotent;
    target_ = std::move(*target);
    request_ = std::move(*text);
    return std::nullopt;
  }

  void begin() {
    arm(deadline_);
    acquire();
  }

  /// Arms the one timer for `until`; a timer armed again forgets the earlier time.
  void arm(beast_clock::time_point until) {
    timer_.expires_at(until);
    timer_.async_wait(boost::asio::bind_executor(strand_, [self = shared_from_this(), armed = ++armed_](auto ec) {
      if (!ec && armed == self->armed_) self->guarded([&] { self->out_of_time(); });
    }));
  }

  void acquire() {
    if (!waiter_) {
      waiter_ = std::make_shared<beast_waiter>();
      waiter_->wake = [weak = weak_from_this()] {
        if (auto const self = weak.lock())
          boost::asio::post(self->strand_, [self] { self->guarded([&] { self->granted(); }); });
      };
    }
    // At most one try per idle connection: each that turns out unclean is closed.
    for (;;) {
      beast_grant g = state_->hosts.acquire(target_.pool_key, idempotent_ && !retried_, waiter_);
      if (g.queued) {
        at_ = step::queued;
        return;
      }
      if (!use(std::move(g))) return;
    }
  }

  /// Woken at the head of its host's queue.
  void granted() {
    if (at_ != step::queued) return;
    beast_grant g = state_->hosts.take(target_.pool_key, *waiter_);
    if (!g.connection && !g.slot) return;
    at_ = step::start;
    if (use(std::move(g))) acquire();
  }

  /// Goes on with a grant; true when it was an idle connection that cannot be reused (closed now).
  bool use(beast_grant g) {
    if (g.connection) {
      if (!g.connection->clean()) return true;
      connection_ = std::move(g.connection);
      reused_ = true;
      write();
    } else if (g.slot) {
      open(std::move(*g.slot));
    } else {
      complete(make_error_code(transport_errc::queue_full));
    }
    return false;
  }

  void open(beast_slot slot) {
    auto const& o = state_->options;
    reused_ = false;
    std::size_t const header_limit = (std::min)(o.max_response_size, std::size_t{0xffffffffu});
    std::size_t const read_ahead = header_limit + (std::min)(header_limit, std::size_t{64 * 1024});
    connection_ = std::make_unique<beast_connection>(state_->executor, target_.tls ? &state_->tls : nullptr,
                                                     std::move(slot), read_ahead);
    auto const until = saturating_add(beast_clock::now(), o.connect_timeout);
    if (until < deadline_) {
      connect_timer_ = true;
      arm(until);
    }
    boost::system::error_code not_an_address;
    auto const address = boost::asio::ip::make_address(target_.host, not_an_address);
    if (!not_an_address) {
      unsigned long const port = std::stoul(target_.port);  // digits only, up to five (beast_split_url)
      if (port > 65535) return complete(make_error_code(transport_errc::setup_failed));
      return connect({tcp::endpoint(address, static_cast<unsigned short>(port))});
    }
    at_ = step::lookup;
    lookup_ = beast_lookup::start(target_.host, target_.port, strand_,
                                  [weak = weak_from_this()](boost::system::error_code ec, beast_lookup::endpoints found) {
                                    if (auto const self = weak.lock())
                                      self->guarded([&] { self->looked_up(ec, std::move(found)); });
                                  });
    if (!lookup_) not_sent(transport_errc::resolve_failed);
  }

  void looked_up(boost::system::error_code ec, beast_lookup::endpoints found) {
    if (at_ != step::lookup) return;
    lookup_.reset();
    if (ec || found.empty()) return not_sent(transport_errc::resolve_failed);
    connect(std::move(found));
  }

  void connect(beast_lookup::endpoints endpoints) {
    at_ = step::connect;
    endpoints_ = std::move(endpoints);
    busy_ = true;
    boost::asio::async_connect(connection_->socket(), endpoints_,
                               boost::asio::bind_executor(strand_, [self = shared_from_this()](auto ec, auto const&) {
                                 self->busy_ = false;
                                 self->guarded([&] { self->connected(ec); });
                               }));
  }

  void connected(boost::system::error_code ec) {
    if (at_ != step::connect) return;
    if (ec) return not_sent(transport_errc::connect_failed);
    connection_->socket().non_blocking(true, ec);  // for clean(); Asio's own operations do not mind
    if (ec) return not_sent(transport_errc::setup_failed);
    if (!connection_->tls) return connected_now();
    auto& tls = *connection_->tls;
    boost::system::error_code not_an_address;
    (void)boost::asio::ip::make_address(target_.host, not_an_address);
    // SNI names a host; an address is not sent.
    if (not_an_address && SSL_set_tlsext_host_name(tls.native_handle(), target_.host.c_str()) != 1)
      return not_sent(transport_errc::setup_failed);
    tls.set_verify_callback(boost::asio::ssl::host_name_verification(target_.host), ec);
    if (ec) return not_sent(transport_errc::setup_failed);
    at_ = step::handshake;
    busy_ = true;
    tls.async_handshake(boost::asio::ssl::stream_base::client,
                        boost::asio::bind_executor(strand_, [self = shared_from_this()](auto e) {
                          self->busy_ = false;
                          self->guarded([&] { self->shaken(e); });
                        }));
  }

  void shaken(boost::system::error_code ec) {
    if (at_ != step::handshake) return;
    if (ec) return not_sent(transport_errc::tls_handshake_failed);
    connected_now();
  }

  void connected_now() {
    if (std::exchange(connect_timer_, false)) arm(deadline_);
    write();
  }

  void write() {
    at_ = step::write;
    sent_ = true;  // from here on, a byte may have left
    busy_ = true;
    auto const bytes = boost::asio::buffer(request_);
    auto handler = boost::asio::bind_executor(strand_, [self = shared_from_this()](auto ec, std::size_t) {
      self->busy_ = false;
      self->guarded([&] { self->wrote(ec); });
    });
    if (connection_->tls) boost::asio::async_write(*connection_->tls, bytes, std::move(handler));
    else boost::asio::async_write(*connection_->plain, bytes, std::move(handler));
  }

  void wrote(boost::system::error_code ec) {
    if (at_ != step::write) return;
    if (ec) return failed_after_sending(ec);
    read();
  }

  /// Reads the next answer, interim or final, each with the whole limit.
  void read() {
    at_ = step::read;
    auto const limit = state_->options.max_response_size;
    parser_.emplace();
    parser_->body_limit(static_cast<std::uint64_t>(limit));
    parser_->header_limit(static_cast<std::uint32_t>((std::min)(limit, std::size_t{0xffffffffu})));
    head_fields_.reset();
    parser_->on_chunk_header(on_chunk_);
    busy_ = true;
    auto& c = *connection_;
    auto handler = boost::asio::bind_executor(strand_, [self = shared_from_this()](auto ec, std::size_t) {
      self->busy_ = false;
      self->guarded([&] { self->was_read(ec); });
    });
    if (c.tls) beast_http::async_read(*c.tls, c.buffer, *parser_, std::move(handler));
    else beast_http::async_read(*c.plain, c.buffer, *parser_, std::move(handler));
  }

  void was_read(boost::system::error_code ec) {
    if (at_ != step::read) return;
    if (ec) return failed_after_sending(ec);
    // RFC 9110 15.2: interim answers come before the answer and are skipped; 101 would switch
    // protocols, which was never asked for.
    if (unsigned const status = parser_->get().result_int(); status >= 100 && status < 200) {
      if (status == 101 || ++interim_ > max_interim) return complete(make_error_code(transport_errc::connection_lost));
      return read();
    }
    done();
  }

  /// Bytes may have left. A kept-alive connection the server had already closed fails before any
  /// answer byte: a request that may be repeated then goes once more, on a new connection.
  void failed_after_sending(boost::system::error_code ec) {
    bool const nothing_back = interim_ == 0 && (!parser_ || !parser_->got_some());
    if (reused_ && idempotent_ && nothing_back && !retried_) {
      retried_ = true;
      connection_.reset();
      parser_.reset();
      at_ = step::start;
      return acquire();
    }
    complete(beast_error_after_sending(ec));
  }

  void done() {
    auto message = parser_->release();
    http_response out;
    out.status = static_cast<int>(message.result_int());
    // The head's fields; a trailer's, which Beast adds after them, are not kept (RFC 9110 6.5.1).
    std::size_t left = head_fields_.value_or(std::size_t(-1));
    for (auto const& f : message) {
      if (left-- == 0) break;
      out.headers.add(std::string_view(f.name_string().data(), f.name_string().size()),
                      std::string_view(f.value().data(), f.value().size()));
    }
    out.body = std::move(message.body());
    // Kept only when the answer ended where it said and nothing came after it.
    if (message.keep_alive() && connection_->buffer.size() == 0) {
      if (connection_->buffer.capacity() > 64 * 1024) connection_->buffer.shrink_to_fit();
      state_->hosts.give(std::move(connection_));
    }
    complete(std::move(out));
  }

  void out_of_time() {
    complete(make_error_code(sent_ ? transport_errc::timed_out : transport_errc::connect_failed));
  }

  /// Per-operation cancellation as Asio's own operations take it: terminal always; partial and
  /// total only while no byte of the request has been written.
  void cancel(boost::asio::cancellation_type type) {
    using ct = boost::asio::cancellation_type;
    if (at_ == step::done) return;
    if ((type & ct::terminal) == ct::none && (sent_ || (type & (ct::partial | ct::total)) == ct::none)) return;
    complete(make_error_code(sent_ ? transport_errc::cancelled : transport_errc::cancelled_before_sending));
  }

  /// A failure that proves nothing was sent, unless a byte left earlier (on a kept-alive
  /// connection, before this new one failed).
  void not_sent(transport_errc e) { complete(make_error_code(sent_ ? transport_errc::connection_lost : e)); }

  /// Ends the exchange: what it holds of the transport goes back at once (its place in the queue,
  /// its connection's slot, the transport's state), so that the caller's last copy of the
  /// transport, not this exchange, ends the transport; then the handler gets `r`.
  void complete(transport_result r) {
    if (at_ == step::done && completed_) return;
    at_ = step::done;
    completed_ = true;
    timer_.cancel();
    let_go();
    if (connection_) {
      boost::system::error_code ec;
      if (busy_) {
        connection_->socket().close(ec);  // its operation ends at once; the stream stays until then
        connection_->slot = beast_slot();
      } else {
        connection_.reset();
      }
    }
    state_.reset();
    handler_(std::move(r));
  }

  /// Drops a lookup under way and a place in the queue.
  void let_go() noexcept {
    if (lookup_) lookup_->abandon();
    lookup_.reset();
    if (waiter_) {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
      try {
        state_->hosts.abandon(target_.pool_key, *waiter_);
      } catch (...) {
      }
#else
      state_->hosts.abandon(target_.pool_key, *waiter_);
#endif
    }
    waiter_.reset();
  }

  /// Runs a step; what it throws (no memory) ends the exchange with transport_threw instead of
  /// leaving the thread that runs it.
  template <class Step>
  void guarded(Step&& step_fn) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    try {
      step_fn();
    } catch (...) {
      try {
        complete(make_error_code(transport_errc::transport_threw));
      } catch (...) {
      }
    }
#else
    step_fn();
#endif
  }

  std::shared_ptr<beast_state> state_;  // until complete(); declared first: the connection goes before the hosts
  strand_type strand_;
  boost::asio::steady_timer timer_;
  beast_handler handler_;
  beast_target target_;
  std::string request_;  ///< as it goes on the wire
  bool idempotent_ = false;
  beast_clock::time_point deadline_{};
  std::shared_ptr<beast_waiter> waiter_;
  std::shared_ptr<beast_lookup> lookup_;
  beast_lookup::endpoints endpoints_;
  std::unique_ptr<beast_connection> connection_;
  std::optional<beast_http::response_parser<beast_http::string_body>> parser_;
  std::optional<std::size_t> head_fields_;  ///< how many fields the head had, once a chunk came
  /// Notes, at the first chunk header, how many fields the head had: a trailer's come after them.
  std::function<void(std::uint64_t, boost::beast::string_view, boost::system::error_code&)> on_chunk_ =
      [this](std::uint64_t, boost::beast::string_view, boost::system::error_code&) {
        if (!head_fields_) head_fields_ = static_cast<std::size_t>(std::distance(parser_->get().begin(), parser_->get().end()));
      };
  std::uint64_t armed_ = 0;  ///< which arming of the timer counts
  int interim_ = 0;          ///< interim answers read
  step at_ = step::start;
  bool busy_ = false;           ///< an operation on connection_ is under way
  bool sent_ = false;           ///< request bytes may have left
  bool reused_ = false;         ///< connection_ came from the pool
  bool retried_ = false;        ///< sent once more after a kept-alive connection failed
  bool connect_timer_ = false;  ///< the timer is armed for connect_timeout
  bool completed_ = false;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
