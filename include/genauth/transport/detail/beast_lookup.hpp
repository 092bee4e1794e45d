#pragma once

#include <genauth/config.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// A host name lookup on a thread of its own. The system's resolver cannot be interrupted, and
/// Asio's waits for it wherever its io_context goes; here nothing waits: the exchange that asked
/// either gets the answer on its executor, or gives up first (out of time, cancelled, destroyed)
/// and never hears of it, and the thread ends on its own once the system answers.
class beast_lookup : public std::enable_shared_from_this<beast_lookup> {
 public:
  using endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
  using handler = std::function<void(boost::system::error_code, endpoints)>;

  /// Looks up `host`:`port`; `done` runs on `executor` unless abandon() comes first. Null when no
  /// thread could be started.
  static std::shared_ptr<beast_lookup> start(std::string host, std::string port, boost::asio::any_io_executor executor,
                                             handler done) {
    auto const lookup = std::make_shared<beast_lookup>();
    lookup->executor_.emplace(std::move(executor));
    lookup->done_ = std::move(done);
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    try {
#endif
      std::thread([lookup, host = std::move(host), port = std::move(port)] {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
        try {
          lookup->run(host, port);
        } catch (...) {  // no memory: the exchange's time runs out instead
        }
#else
        lookup->run(host, port);
#endif
      }).detach();
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    } catch (std::system_error const&) {
      return nullptr;
    }
#endif
    return lookup;
  }

  /// The answer is not wanted any more: it is dropped, and the executor is let go at once (the
  /// thread may outlive it).
  void abandon() noexcept {
    std::optional<boost::asio::any_io_executor> executor;
    handler done;
    std::lock_guard const lock(mutex_);
    executor.swap(executor_);
    done.swap(done_);
  }

 private:
  void run(std::string const& host, std::string const& port) {
    boost::system::error_code ec;
    endpoints found;
    {
      boost::asio::io_context io(1);
      boost::asio::ip::tcp::resolver resolver(io);
      auto const results = resolver.resolve(host, port, ec);  // getaddrinfo, on this thread
      for (auto const& r : results) found.push_back(r.endpoint());
    }
    // Posted under the lock: abandon() cannot let the executor go meanwhile, so its context is
    // still there (an exchange gives up before its context goes). The answer waits for the same
    // lock before it runs: until this thread has let its copy of the executor go, the exchange
    // cannot end and take the executor's context (and a strand's mutex) with it.
    std::lock_guard const lock(mutex_);
    if (!executor_) return;
    boost::asio::post(*executor_, [self = shared_from_this(), done = std::move(done_), ec,
                                   found = std::move(found)]() mutable {
      { std::lock_guard const released(self->mutex_); }
      done(ec, std::move(found));
    });
    executor_.reset();
  }

  std::mutex mutex_;
  std::optional<boost::asio::any_io_executor> executor_;
  handler done_;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
