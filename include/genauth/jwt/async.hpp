#pragma once

// Token verification on an event loop: a key_cache's fetches go through an async transport
// (genauth::beast_transport, or anything with async_send and get_executor), and the result
// completes through any Asio completion token.

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/result.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/jwt/claims.hpp>
#include <genauth/jwt/key_cache.hpp>
#include <genauth/jwt/token.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>

GENAUTH_NAMESPACE_BEGIN
namespace jwt {
namespace detail {

/// One async verification: the blocking key_cache::verify's steps, each fetch sent through the
/// transport and each wait for another's fetch a key_cache::when_refreshed callback.
template <class Handler, class AsyncTransport>
class async_verify_op : public std::enable_shared_from_this<async_verify_op<Handler, AsyncTransport>> {
 public:
  async_verify_op(Handler h, key_cache cache, std::string text, claim_rules rules, AsyncTransport transport)
      : handler_(std::move(h)),
        work_(boost::asio::prefer(
            boost::asio::any_io_executor(boost::asio::get_associated_executor(handler_, transport.get_executor())),
            boost::asio::execution::outstanding_work.tracked)),
        cache_(std::move(cache)),
        text_(std::move(text)),
        rules_(std::move(rules)),
        transport_(std::move(transport)) {}

  void start() {
    if (auto request = cache_.start_refresh(false))
      fetch(std::move(*request), [](auto self) { self->verify_or_refresh(); });
    else
      verify_or_refresh();
  }

 private:
  void verify_or_refresh() {
    auto r = cache_.verify_cached(text_, rules_);
    if (r || !key_cache::needs_keys(r.error())) return complete(std::move(r));
    if (auto request = cache_.start_refresh(true))
      return fetch(std::move(*request), [](auto self) { self->complete(self->cache_.verify_cached(self->text_, self->rules_)); });
    // Another fetch in flight: verify once it ends. None (it ended meanwhile): verify now.
    cache_.when_refreshed([self = this->shared_from_this()] {
      self->complete(self->cache_.verify_cached(self->text_, self->rules_));
    });
  }

  template <class Next>
  void fetch(http_request request, Next next) {
    request_ = std::move(request);
    transport_.async_send(request_, [self = this->shared_from_this(), next](transport_result fetched) {
      self->cache_.finish_refresh(fetched);
      next(self);
    });
  }

  void complete(result<token> r) {
    auto const ex = std::move(work_);
    boost::asio::post(ex, [h = std::move(handler_), r = std::move(r)]() mutable { std::move(h)(std::move(r)); });
  }

  Handler handler_;
  boost::asio::any_io_executor work_;
  key_cache cache_;
  std::string text_;
  claim_rules rules_;
  AsyncTransport transport_;
  http_request request_{};
};

}  // namespace detail

/// key_cache::verify on an event loop: completes with `void(result<token>)` through `token`
/// (a handler, `use_awaitable`, `use_future`, ...), on the handler's executor, never inline.
/// Fetches go through `transport.async_send`, bounded by the cache's fetch_timeout; a
/// verification that waits for another's fetch resumes when that fetch ends.
template <class AsyncTransport, class CompletionToken>
auto async_verify(key_cache const& cache, std::string text, claim_rules rules, AsyncTransport transport,
                  CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(result<jwt::token>)>(
      [](auto handler, key_cache const& c, std::string t, claim_rules r, AsyncTransport tr) {
        using op = detail::async_verify_op<std::decay_t<decltype(handler)>, AsyncTransport>;
        std::make_shared<op>(std::move(handler), c, std::move(t), std::move(r), std::move(tr))->start();
      },
      token, cache, std::move(text), std::move(rules), std::move(transport));
}

}  // namespace jwt
GENAUTH_NAMESPACE_END
