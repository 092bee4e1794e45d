#pragma once

#include <genauth/config.hpp>
#include <genauth/core/error.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/limits.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/retry.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/engine/options.hpp>
#include <genauth/engine/detail/rules.hpp>
#include <genauth/protocol/endpoint.hpp>
#include <genauth/protocol/parse.hpp>
#include <genauth/protocol/redact.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

GENAUTH_NAMESPACE_BEGIN

/// What a call engine asks its driver to do next.
enum class engine_step : std::uint8_t {
  send,  ///< hand request() to the transport, then give the outcome to receive()
  wait,  ///< call next() once wait_time() has passed, or at once when the call's stop is requested
  done,  ///< the call is over: take_result()
};

/// What a client adds to the generic engine (management_policy, authentication_policy): how an
/// attempt's request is built, what a failure teaches it, and the settings the engine applies.
/// `attempt_state` is what the policy remembers of one attempt (the clock offset it signed with).
template <class P, class R>
concept call_policy = endpoint<R> &&
    requires(P& p, R const& r, typename P::attempt_state& s, error const& e, http_request const& q) {
  { p.build(r, s) } -> std::same_as<result<http_request>>;
  { p.recover(e, q, std::as_const(s)) } -> std::same_as<bool>;
  { std::as_const(p).retry() } -> std::same_as<retry_policy const&>;
  { std::as_const(p).limits() } -> std::same_as<response_limits const&>;
  { std::as_const(p).secret() } -> std::same_as<std::string_view>;
  { std::as_const(p).wall_clock() } -> std::same_as<std::chrono::system_clock::time_point>;
};

namespace detail {

/// The part of a call engine that does not depend on the endpoint's types: the attempt count,
/// the times, the decisions and the observer.
class engine_base {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  /// The request to send, once a step said send (signed afresh for every attempt).
  [[nodiscard]] http_request const& request() const noexcept { return request_; }
  /// How long to wait, once a step said wait.
  [[nodiscard]] std::chrono::milliseconds wait_time() const noexcept { return wait_; }
  /// The retry policy in force: the options' override, else the client's.
  [[nodiscard]] retry_policy const& retry() const noexcept { return retry_; }
  /// This call's options.
  [[nodiscard]] call_options const& options() const noexcept { return options_; }

  /// Whether an attempt so far may have reached the server (error::may_have_been_processed).
  [[nodiscard]] bool may_have_been_processed() const noexcept { return processed_; }
  /// When the call's deadline passes (call_options::deadline from its start), once it started.
  [[nodiscard]] std::optional<time_point> deadline() const noexcept { return deadline_; }

  /// Ends the call with errc::cancelled at once, for a driver that abandons the attempt in flight
  /// or the wait (an async call cancelled through Asio). `last`, when the abandoned attempt's
  /// transport completed meanwhile, tells whether it reached the server. The observer sees the
  /// attempt end. A call already done keeps its outcome.
  void cancel(time_point now, transport_result const* last = nullptr) {
    if (phase_ == phase::done) return;
    if (phase_ == phase::sending) {
      reached(last ? last->error : std::error_code(transport_errc::connection_lost));
      if (options_.observer) {
        attempt_event e = ended(now);
        e.error = errc::cancelled;
        e.decision = attempt_decision::done;
        notify(options_.observer, e);
      }
    }
    end_with(cancelled());
  }

  /// Tells the engine that the deadline passed, for a driver whose timer saw it while an attempt
  /// or a wait was under way: the driver abandons either, and the call then ends with
  /// errc::deadline_exceeded (after the attempt's outcome, from receive(), which tells whether it
  /// reached the server), whatever the engine's own clock says.
  void expire() noexcept { expired_ = true; }

 protected:
  enum class phase : std::uint8_t { idle, sending, waiting, done };

  engine_base(call_options const& options, retry_policy const& client_retry, http_method method, std::string_view path,
              bool idempotent) noexcept
      : options_(options),
        retry_(options.retry ? *options.retry : client_retry),
        method_(method),
        path_(path),
        idempotent_(idempotent) {}

  [[nodiscard]] bool observed() const noexcept { return static_cast<bool>(options_.observer); }

  /// Whether an attempt may start now; on false, the call is over and `failure_` says why.
  [[nodiscard]] bool may_start(time_point now) {
    if (phase_ == phase::idle) {
      start_ = now;
      if (options_.deadline) deadline_ = saturating_add(now, *options_.deadline);
    }
    if (options_.stop.stop_requested()) return end_with(cancelled());
    left_.reset();
    if (deadline_) {
      if (deadline_passed(now)) return end_with(deadline_error());
      left_ = std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - now);
    }
    ++attempt_;
    return true;
  }

  [[nodiscard]] bool deadline_passed(time_point now) const noexcept { return expired_ || (deadline_ && now >= *deadline_); }

  /// Whether a transport that failed at `now` ran into the deadline: it was handed what was left
  /// of it, and its clock may run a little apart from ours (libcurl counts on
  /// CLOCK_MONOTONIC_RAW, and both round to milliseconds), so the last 5 ms or 1% count too.
  [[nodiscard]] bool at_deadline(time_point now) const noexcept {
    if (!deadline_ || !options_.deadline) return false;
    auto const slack = (std::max)(std::chrono::milliseconds(5), *options_.deadline / 100);
    return *deadline_ - now <= slack;
  }

  /// Whether receive() must read the clock: a deadline is set.
  [[nodiscard]] bool timed() const noexcept { return deadline_.has_value() || expired_; }

  /// After an attempt that ended past the deadline, whatever came back: the call is over.
  engine_step too_late(transport_result const& sent, time_point now) {
    reached(sent.error);
    error e = deadline_error();
    e.cause = sent.error;
    if (!sent.error) e.http_status = sent.response.status;
    if (options_.observer) {
      attempt_event ev = ended(now);
      ev.http_status = e.http_status;
      ev.error = e.code;
      ev.cause = e.cause;
      ev.decision = attempt_decision::done;
      notify(options_.observer, ev);
    }
    end_with(std::move(e));
    return engine_step::done;
  }

  [[nodiscard]] engine_step refused(error e) {
    e.attempts = attempt_ - 1;
    e.may_have_been_processed = processed_;
    end_with(std::move(e));
    return engine_step::done;
  }

  engine_step sending(http_request&& request, time_point now) {
    request_ = std::move(request);
    request_.timeout = left_;
    sent_at_ = now;
    phase_ = phase::sending;
    if (options_.observer) notify(options_.observer, event());
    return engine_step::send;
  }

  /// After a success: tells the observer (with the answer's own report, redacted), ends the call.
  void succeeded(response_info* info, std::string_view secret, time_point now) {
    phase_ = phase::done;
    if (!options_.observer) return;
    attempt_event e = ended(now);
    if (info) {
      e.http_status = info->http_status;
      e.status_code = info->status_code;
      e.api_code = info->api_code;
      if (!info->request_id.empty()) redact_values(info->request_id, request_secrets(request_, secret));
      e.request_id = info->request_id;
    }
    e.decision = attempt_decision::done;
    notify(options_.observer, e);
  }

  /// After a failure (already redacted): decides whether to try again and tells the observer.
  engine_step failed(error e, std::error_code transport_error, bool send_again_now,
                     std::chrono::system_clock::time_point wall_now, time_point now) {
    e.attempts = attempt_;
    reached(transport_error);
    e.may_have_been_processed = processed_;
    std::optional<time_point::duration> left;
    if (deadline_) left = *deadline_ - now;
    auto wait =
        next_wait(retry_, {e, transport_error, idempotent_, send_again_now, attempt_, now - start_, left, wall_now});
    // A stop request ends the call where it would have gone on; a final outcome stands.
    bool const stop = wait && options_.stop.stop_requested();
    if (options_.observer) {
      attempt_event ev = ended(now);
      ev.http_status = e.http_status;
      ev.status_code = e.status_code;
      ev.api_code = e.api_code;
      ev.request_id = e.request_id;
      ev.error = e.code;
      ev.cause = e.cause;
      ev.decision = wait && !stop ? attempt_decision::retry : attempt_decision::done;
      if (ev.decision == attempt_decision::retry) ev.retry_in = *wait;
      notify(options_.observer, ev);
    }
    if (stop) {
      end_with(cancelled());
      return engine_step::done;
    }
    if (!wait) {
      end_with(std::move(e));
      return engine_step::done;
    }
    failure_ = std::move(e);
    wait_ = *wait;
    phase_ = phase::waiting;
    return engine_step::wait;
  }

  /// The error the call ends with, once phase_ is done and it did not succeed.
  error failure_{};
  phase phase_ = phase::idle;

 private:
  [[nodiscard]] error cancelled() const {
    error e = make_error(errc::cancelled, "the call was cancelled");
    e.attempts = attempt_;
    e.may_have_been_processed = processed_;
    return e;
  }

  [[nodiscard]] error deadline_error() const {
    error e = make_error(errc::deadline_exceeded,
                         attempt_ == 0 ? "the call's deadline passed before its first attempt"
                                       : "the call's deadline passed after " + std::to_string(attempt_) +
                                             (attempt_ == 1 ? " attempt" : " attempts"));
    e.attempts = attempt_;
    e.may_have_been_processed = processed_;
    return e;
  }

  /// Counts an attempt's outcome: it may have reached the server unless its transport proved
  /// that nothing was sent.
  void reached(std::error_code transport_error) noexcept {
    processed_ = processed_ || !(transport_error && request_not_sent(transport_error));
  }

  bool end_with(error e) {
    failure_ = std::move(e);
    phase_ = phase::done;
    return false;
  }

  [[nodiscard]] attempt_event event() const noexcept {
    attempt_event e;
    e.method = method_;
    e.path = path_;
    e.attempt = attempt_;
    return e;
  }

  [[nodiscard]] attempt_event ended(time_point now) const noexcept {
    attempt_event e = event();
    e.ended = true;
    e.duration = std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_);
    return e;
  }

  call_options const& options_;
  retry_policy const& retry_;
  http_method method_;
  std::string_view path_;
  bool idempotent_;
  std::uint32_t attempt_ = 0;
  bool processed_ = false;  // an attempt may have reached the server
  bool expired_ = false;    // a driver saw the deadline pass
  time_point start_{}, sent_at_{};
  std::optional<time_point> deadline_{};
  std::optional<std::chrono::milliseconds> left_{};
  std::chrono::milliseconds wait_{};
  http_request request_{};
};

}  // namespace detail

/// One call of endpoint R as a state machine that does no I/O: it hands out each attempt's
/// request, is told what came back, and says what to do next (send, wait, or done). It reads no
/// clock (the driver passes steady time in; the policy's clock signs), never sleeps and owns no
/// thread, so any I/O model can drive it: the clients' blocking calls do, and so can an event
/// loop. Every rule of retry_policy, the policy's recovery (the 1305 clock correction),
/// redaction, the options' deadline, cancellation and observer are applied here.
///
/// ```
/// for (auto step = engine.next(now());;) {
///   if (step == engine_step::send) step = engine.receive(transport(engine.request()), now());
///   else if (step == engine_step::wait) { wait(engine.wait_time()); step = engine.next(now()); }
///   else return engine.take_result();
/// }
/// ```
///
/// The policy, the request and the options are held by reference: keep them alive until the
/// engine is done. One engine serves one call on one thread at a time; a policy may serve many
/// engines at once.
template <endpoint R, class Policy>
requires call_policy<Policy, R>
class call_engine : public detail::engine_base {
 public:
  using response_type = typename R::response_type;  ///< what the call yields

  /// An engine for one call of `request`, with the client's `policy` and this call's `options`.
  call_engine(Policy& policy, R const& request, call_options const& options)
      : engine_base(options, policy.retry(), R::method, R::path, is_idempotent_v<R>),
        policy_(policy),
        params_(request) {}
  /// The engine keeps references to its request and options: temporaries would dangle.
  template <class Q, class O = call_options>
    requires(std::is_same_v<std::remove_cvref_t<Q>, R> && std::is_same_v<std::remove_cvref_t<O>, call_options> &&
             !(std::is_lvalue_reference_v<Q> && std::is_lvalue_reference_v<O>))
  call_engine(Policy& policy, Q&& request, O&& options) = delete;

  /// Starts the call, or goes on after a wait. `now` is the driver's steady clock.
  [[nodiscard]] engine_step next(time_point now) {
    if (phase_ == phase::sending || phase_ == phase::done)
      return phase_ == phase::done ? engine_step::done : engine_step::send;
    if (!may_start(now)) return engine_step::done;
    auto built = policy_.build(params_, state_);
    if (!built) return refused(std::move(built).error());
    return sending(std::move(*built), now);
  }

  /// What the transport made of request(): a response or an I/O error. `now` is read after it.
  [[nodiscard]] engine_step receive(transport_result const& sent, time_point now) {
    return receive(sent, [now] { return now; });
  }

  /// receive() with the time read from `clock` (a callable returning the steady time) only when
  /// it matters: for a deadline, an observer or a failure. A successful call without a deadline
  /// then costs one clock reading.
  template <class Clock>
    requires std::is_invocable_r_v<time_point, Clock&>
  [[nodiscard]] engine_step receive(transport_result const& sent, Clock clock) {
    if (phase_ != phase::sending) return phase_ == phase::done ? engine_step::done : engine_step::wait;
    std::optional<time_point> read;
    if (timed()) {
      // An answer after the deadline, even a good one, does not make the call a success.
      read = clock();
      if (deadline_passed(*read) || (sent.error && at_deadline(*read))) return too_late(sent, *read);
    }
    return receive_in_time(sent, [&] { return read ? *read : clock(); });  // one instantiation per clock
  }

  /// The call's outcome, once next() or receive() said done (before that: errc::cancelled).
  [[nodiscard]] result<response_type> take_result() {
    if (answer_) {
      if constexpr (std::is_void_v<response_type>)
        return {};
      else
        return std::move(*answer_);
    }
    if (phase_ != phase::done) return detail::make_error(errc::cancelled, "the call has not finished");
    return std::move(failure_);
  }

 private:
  template <class Clock>
  engine_step receive_in_time(transport_result const& sent, Clock clock) {
    response_info info;
    response_info* const wanted = observed() ? &info : nullptr;
    detail::maybe_error failure;
    if (sent.error)
      failure = detail::transport_failure(sent.error);
    else
      failure = detail::read_response<R>(sent.response, policy_.limits(), wanted, answer_.emplace());
    if (!failure) {
      succeeded(wanted, policy_.secret(), wanted ? clock() : time_point{});
      return engine_step::done;
    }
    answer_.reset();
    time_point const now = clock();
    error e = redact_request_values(std::move(*failure), request(), policy_.secret());
    bool const again = !recovered_ && policy_.recover(e, request(), std::as_const(state_));
    recovered_ = recovered_ || again;
    engine_step const step = failed(std::move(e), sent.error, again, policy_.wall_clock(), now);
    if (step == engine_step::wait && wait_time().count() == 0) return next(now);  // no zero-length timer
    return step;
  }

  Policy& policy_;
  R const& params_;
  typename Policy::attempt_state state_{};
  bool recovered_ = false;
  std::optional<detail::stored_t<response_type>> answer_{};  // a success's answer, until take_result()
};

GENAUTH_NAMESPACE_END
