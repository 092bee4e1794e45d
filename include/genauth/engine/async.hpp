#pragma once

// Async calls: the call engine driven on an Asio executor, completing through any Asio completion
// token. It needs Boost.Asio (no OpenSSL, no Beast) and an async transport such as
// genauth::beast_transport, whose header includes this one. With GENAUTH_SEPARATE_COMPILATION,
// also include the client's call.hpp where async calls are made.

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/stop.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/engine.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/calls.hpp>
#include <genauth/protocol/endpoint.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <system_error>
#include <type_traits>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

namespace detail {
struct transport_result_sink {
  void operator()(transport_result) const noexcept {}
};
}  // namespace detail

/// A transport that sends without blocking: `t.async_send(request, token)` completes with
/// `void(transport_result)` through any Asio completion token, and `t.get_executor()` is the
/// executor its I/O runs on. It supports Asio's per-operation cancellation (a cancelled exchange
/// completes soon, with any error). Copies share what the original holds. beast_transport is one.
template <class T>
concept async_transport = std::copy_constructible<T> && requires(T const& t, http_request const& r) {
  { t.get_executor() } -> std::convertible_to<boost::asio::any_io_executor>;
  t.async_send(r, detail::transport_result_sink{});
};

namespace detail {

/// What surrounds an async completion's handler: before it, the operation leaves its caller's
/// cancellation slot (in the handler's executor, where the caller emits) and a call leaves its
/// client's tracker; a completion dropped unrun (its event loop went first) leaves the tracker too.
class async_epilogue {
 public:
  async_epilogue() = default;  ///< does nothing
  explicit async_epilogue(boost::asio::cancellation_slot slot, std::shared_ptr<call_tracker> tracker = {},
                          std::uint64_t id = 0) noexcept
      : slot_(slot), tracker_(std::move(tracker)), id_(id) {}
  async_epilogue(async_epilogue&& other) noexcept
      : slot_(other.slot_), tracker_(std::move(other.tracker_)), id_(other.id_) {}
  async_epilogue& operator=(async_epilogue&&) = delete;
  ~async_epilogue() { leave(); }

  template <class Handler, class Result>
  void operator()(Handler& handler, Result&& r) {
    if (slot_.is_connected()) slot_.clear();
    leave();
    std::move(handler)(std::forward<Result>(r));
  }

 private:
  void leave() noexcept {
    if (auto const t = std::exchange(tracker_, nullptr)) t->remove(id_);
  }

  boost::asio::cancellation_slot slot_{};
  std::shared_ptr<call_tracker> tracker_{};
  std::uint64_t id_ = 0;
};

/// A completion handler for `void(T)`, type-erased, so that what completes it is compiled once
/// whatever tokens a program uses. It holds work on the handler's executor (`fallback` when the
/// handler has none) and completes through that executor, never inline in the caller's frame
/// of another executor.
template <class T>
class erased_handler {
  struct base {
    virtual ~base() = default;
    virtual void complete(T value, async_epilogue epilogue) = 0;
  };
  template <class Handler>
  struct holder final : base {
    holder(Handler&& h, boost::asio::any_io_executor const& fallback)
        : handler(std::move(h)),
          work(boost::asio::prefer(
              boost::asio::any_io_executor(boost::asio::get_associated_executor(handler, fallback)),
              boost::asio::execution::outstanding_work.tracked)) {}
    void complete(T value, async_epilogue epilogue) override {
      auto const ex = std::move(work);
      boost::asio::dispatch(ex, [h = std::move(handler), v = std::move(value), e = std::move(epilogue)]() mutable {
        e(h, std::move(v));
      });
    }
    Handler handler;
    boost::asio::any_io_executor work;
  };

 public:
  template <class Handler>
  erased_handler(Handler handler, boost::asio::any_io_executor const& fallback)
      : holder_(std::make_unique<holder<Handler>>(std::move(handler), fallback)) {}

  /// Completes once; `epilogue` surrounds the handler's call. A second call does nothing.
  void operator()(T value, async_epilogue epilogue = {}) {
    if (auto const h = std::move(holder_)) h->complete(std::move(value), std::move(epilogue));
  }

 private:
  std::unique_ptr<base> holder_;
};

/// What an async call does on a strand of the transport's executor, whatever its endpoint: it
/// sends, waits out the backoff and the deadline on timers, cancels and completes through the
/// hooks async_call gives it. Asio's operations thus depend on the transport alone and are
/// compiled once for all endpoints. Every step, cancellation included, runs on the strand.
template <class Transport>
class async_driver : public std::enable_shared_from_this<async_driver<Transport>> {
 public:
  async_driver(async_driver const&) = delete;
  async_driver& operator=(async_driver const&) = delete;

 protected:
  using time_point = std::chrono::steady_clock::time_point;
  using strand_type = boost::asio::strand<boost::asio::any_io_executor>;

  async_driver(Transport const& transport, std::shared_ptr<call_tracker> tracker)
      : transport_(transport),
        strand_(boost::asio::make_strand(boost::asio::any_io_executor(transport_->get_executor()))),
        timer_(strand_),
        deadline_timer_(strand_),
        tracker_(std::move(tracker)) {}

  /// A call destroyed unfinished (its event loop went first) leaves the tracker.
  virtual ~async_driver() {
    if (tracked_) tracker_->remove(id_);
  }

  [[nodiscard]] strand_type const& strand() const noexcept { return strand_; }

  /// Starts the call: `slot` (the handler's), the options' stop token and the client's tracker
  /// cancel it, and its first step is posted, so it never completes inside this call.
  void begin(boost::asio::cancellation_slot slot) {
    slot_ = slot;
    std::weak_ptr<async_driver> const weak = this->weak_from_this();
    if (slot_.is_connected())
      slot_.assign([weak](boost::asio::cancellation_type type) {
        if (auto const self = weak.lock()) self->cancel_soon(type);
      });
    tracked_ = tracker_->add(id_, [weak] {
      if (auto const self = weak.lock()) self->cancel_soon(boost::asio::cancellation_type::terminal);
    });
    if (!tracked_) cancel_soon(boost::asio::cancellation_type::terminal);  // its client is going
#if defined(__cpp_lib_jthread)
    auto const& stop = engine().options().stop;
    if (stop.stop_possible()) stop_.emplace(stop, stop_hook{weak});
#endif
    boost::asio::post(strand_, [self = this->shared_from_this()] {
      if (self->cancelled_) return self->cancelled(nullptr);
      auto const first = self->next(self->now());
      self->watch_deadline();
      self->step(first);
    });
  }

  /// The driver's steady clock: the retry policy's, when it has one.
  [[nodiscard]] time_point now() {
    auto const& clock = engine().retry().now;
    return clock ? clock() : std::chrono::steady_clock::now();
  }

  /// The endpoint's side: its engine, its steps and its completion.
  virtual engine_base& engine() = 0;
  virtual engine_step next(time_point now) = 0;
  virtual engine_step receive(transport_result const& r) = 0;
  virtual void complete(async_epilogue epilogue) = 0;

 private:
  enum class phase : std::uint8_t { starting, sending, waiting, finished };

  struct stop_hook {
    std::weak_ptr<async_driver> call;
    void operator()() const noexcept {
      if (auto const self = call.lock()) self->cancel_soon(boost::asio::cancellation_type::terminal);
    }
  };

  /// The deadline is the engine's, on the driver's clock: a timer reaches an attempt or a wait
  /// that would otherwise outlast it.
  void watch_deadline() {
    auto const deadline = engine().deadline();
    if (!deadline || phase_ == phase::finished || *deadline == (time_point::max)()) return;
    deadline_timer_.expires_after(*deadline - now());
    deadline_timer_.async_wait(boost::asio::bind_executor(strand_, [self = this->shared_from_this()](auto ec) {
      if (!ec) self->expired();
    }));
  }

  void expired() {
    if (phase_ == phase::finished) return;
    engine().expire();
    if (phase_ == phase::sending) child_.emit(boost::asio::cancellation_type::terminal);  // its outcome ends the call
    else if (phase_ == phase::waiting) timer_.cancel();
  }

  void step(engine_step s) {
    namespace asio = boost::asio;
    auto self = this->shared_from_this();
    switch (s) {
      case engine_step::send: {
        phase_ = phase::sending;
        auto on_sent = [self](transport_result r) { self->sent(std::move(r)); };
        auto const send = [&] {
          transport_->async_send(engine().request(),
                                 asio::bind_cancellation_slot(child_.slot(), asio::bind_executor(strand_, on_sent)));
        };
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
        try {
          send();
        } catch (...) {  // as with a blocking transport, nothing escapes a call
          asio::post(strand_, [self] { self->sent(make_error_code(transport_errc::transport_threw)); });
        }
#else
        send();
#endif
        return;
      }
      case engine_step::wait: {
        if (requested_ != asio::cancellation_type::none) return cancelled(nullptr);  // asked not to go on
        phase_ = phase::waiting;
        auto on_waited = [self](boost::system::error_code) { self->waited(); };
        timer_.expires_after(engine().wait_time());
        timer_.async_wait(asio::bind_executor(strand_, on_waited));
        return;
      }
      case engine_step::done: finish();
    }
  }

  void sent(transport_result r) {
    if (phase_ != phase::sending) return completed_again(r);
    phase_ = phase::starting;
    if (cancelled_ || honoured(r.error)) return cancelled(&r);
    step(receive(r));
  }

  void waited() {
    if (phase_ != phase::waiting) return;
    phase_ = phase::starting;
    if (cancelled_) return cancelled(nullptr);
    step(next(now()));
  }

  void cancelled(transport_result const* last) {
    engine().cancel(now(), last);
    finish();
  }

  /// Whether the transport ended the attempt for a cancellation that was not terminal.
  [[nodiscard]] bool honoured(std::error_code ec) const noexcept {
    return requested_ != boost::asio::cancellation_type::none &&
           (ec == transport_errc::cancelled || ec == transport_errc::cancelled_before_sending ||
            ec == std::errc::operation_canceled);
  }

  /// A transport's completion after the attempt's: ignored, and shown to the observer.
  void completed_again(transport_result const& r) {
    auto const& observer = engine().options().observer;
    if (!observer) return;
    attempt_event e;
    e.ended = true;
    e.error = errc::transport_failed;
    e.cause = make_error_code(transport_errc::completed_twice);
    e.http_status = r.error ? 0 : r.response.status;
    e.decision = attempt_decision::ignored;
    notify(observer, e);
  }

  /// From any thread: cancels on the strand.
  void cancel_soon(boost::asio::cancellation_type type) {
    boost::asio::post(strand_, [self = this->shared_from_this(), type] { self->cancel_now(type); });
  }

  /// As Asio's own operations take it: terminal always ends the call. Partial and total end an
  /// attempt only if its transport honours them (before any byte of it left), and end a wait
  /// between attempts, total only when no attempt can have reached the server; either way no
  /// further attempt starts.
  void cancel_now(boost::asio::cancellation_type type) {
    using ct = boost::asio::cancellation_type;
    if (phase_ == phase::finished || cancelled_) return;
    bool const terminal = (type & ct::terminal) != ct::none || phase_ == phase::starting;  // nothing sent yet
    requested_ = requested_ | type;
    if (terminal) cancelled_ = true;
    if (phase_ == phase::sending) {
      child_.emit(type);
    } else if (phase_ == phase::waiting) {
      bool const clean = (type & ct::partial) != ct::none || !engine().may_have_been_processed();
      if (terminal || clean) {
        cancelled_ = true;
        timer_.cancel();
      }
    }
  }

  void finish() {
    phase_ = phase::finished;
    deadline_timer_.cancel();
#if defined(__cpp_lib_jthread)
    stop_.reset();
#endif
    transport_.reset();  // before the handler runs: the caller may hold the transport's last copy
    complete(async_epilogue(slot_, std::exchange(tracked_, false) ? tracker_ : nullptr, id_));
  }

  std::optional<Transport> transport_;
  strand_type strand_;
  boost::asio::steady_timer timer_;
  boost::asio::steady_timer deadline_timer_;
  boost::asio::cancellation_signal child_;
  boost::asio::cancellation_slot slot_;
  std::shared_ptr<call_tracker> tracker_;
  std::uint64_t id_ = 0;
  phase phase_ = phase::starting;
  boost::asio::cancellation_type requested_ = boost::asio::cancellation_type::none;
  bool tracked_ = false;
  bool cancelled_ = false;
#if defined(__cpp_lib_jthread)
  std::optional<std::stop_callback<stop_hook>> stop_;
#endif
};

/// One async call: the engine of endpoint R, driven by async_driver.
template <endpoint R, class Policy, class Transport>
class async_call final : public async_driver<Transport> {
 public:
  using response_type = typename R::response_type;

  async_call(std::shared_ptr<Policy> policy, Transport const& transport, R const& request, call_options options,
             std::shared_ptr<call_tracker> tracker)
      : async_driver<Transport>(transport, std::move(tracker)),
        policy_(std::move(policy)),
        request_(request),
        options_(std::move(options)),
        engine_(*policy_, request_, options_) {}

  template <class Handler>
  void start(Handler handler) {
    auto const slot = boost::asio::get_associated_cancellation_slot(handler);
    completion_.emplace(std::move(handler), this->strand());
    this->begin(slot);
  }

 private:
  using time_point = typename async_driver<Transport>::time_point;

  engine_base& engine() override { return engine_; }
  engine_step next(time_point now) override { return engine_.next(now); }
  engine_step receive(transport_result const& r) override {
    return engine_.receive(r, [this] { return this->now(); });
  }
  void complete(async_epilogue epilogue) override { (*completion_)(engine_.take_result(), std::move(epilogue)); }

  std::shared_ptr<Policy> policy_;
  R request_;
  call_options options_;
  call_engine<R, Policy> engine_;
  std::optional<erased_handler<result<response_type>>> completion_;
};

template <class Token>
constexpr bool is_call_options = std::is_same_v<std::remove_cvref_t<Token>, call_options>;

/// How the clients start async calls through an async transport.
template <class Transport>
struct async_calls {
  static_assert(async_transport<Transport>,
                "genauth: async calls need an async transport: `t.async_send(request, token)` and "
                "`t.get_executor()`, such as genauth::beast_transport");

  template <endpoint R, class Policy, class Token>
  static auto start(std::shared_ptr<Policy> policy, Transport const& transport,
                    std::shared_ptr<call_tracker> const& tracker, R const& request, call_options options,
                    Token&& token) {
    using response = typename R::response_type;
    return boost::asio::async_initiate<Token, void(result<response>)>(
        [](auto handler, std::shared_ptr<Policy> p, Transport const& t, std::shared_ptr<call_tracker> const& calls,
           R const& r, call_options o) {
          auto const call =
              std::make_shared<async_call<R, Policy, Transport>>(std::move(p), t, r, std::move(o), calls);
          call->start(std::move(handler));
        },
        token, std::move(policy), transport, tracker, request, std::move(options));
  }

  template <endpoint R, class Policy, class Token>
    requires(!is_call_options<Token>)
  static auto start(std::shared_ptr<Policy> policy, Transport const& transport,
                    std::shared_ptr<call_tracker> const& tracker, R const& request, Token&& token) {
    return start(std::move(policy), transport, tracker, request, call_options{}, std::forward<Token>(token));
  }
};

}  // namespace detail

GENAUTH_NAMESPACE_END
