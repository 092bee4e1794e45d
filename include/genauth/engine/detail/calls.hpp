#pragma once

#include <genauth/config.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

// What a client knows of its async calls in flight, so that its destruction can cancel them. The
// async calls themselves are in genauth/engine/async.hpp.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

/// How a client starts async calls through a transport of type Transport: defined in
/// genauth/engine/async.hpp, which genauth/transport/beast.hpp includes.
template <class Transport>
struct async_calls;

/// A transport that runs on an executor, as an async transport does (genauth/engine/async.hpp
/// states the whole concept); a blocking one does not.
template <class Transport>
concept runs_on_executor = requires(Transport const& t) { t.get_executor(); };

template <class T, class = void>
constexpr bool is_defined = false;
template <class T>
constexpr bool is_defined<T, std::void_t<decltype(sizeof(T))>> = true;

/// Whether a client with this transport can start async calls here; a clear error where not.
template <class Transport>
constexpr bool async_ready() {
  static_assert(runs_on_executor<Transport>,
                "genauth: async calls need an async transport (`t.async_send(request, token)` and "
                "`t.get_executor()`), such as genauth::beast_transport from genauth/transport/beast.hpp; "
                "this client's transport only sends blocking calls");
  if constexpr (runs_on_executor<Transport>) {
    static_assert(is_defined<async_calls<Transport>>,
                  "genauth: async calls need genauth/engine/async.hpp (genauth/transport/beast.hpp includes it)");
    return is_defined<async_calls<Transport>>;
  }
  return false;
}

/// The async calls of one client that have not completed yet. A call holds what it needs (the
/// client's policy, a copy of its transport), so it may outlive the client: closing the tracker
/// cancels the calls and returns at once, and each completes later, exactly once.
class call_tracker {
 public:
  /// Counts a call in; `cancel` stops it, from any thread. False once the tracker is closed (the
  /// client is going): the caller cancels the call itself.
  bool add(std::uint64_t& id, std::function<void()> cancel) {
    std::lock_guard const lock(mutex_);
    if (closed_) return false;
    id = next_++;
    calls_.emplace(id, std::move(cancel));
    return true;
  }

  /// Counts a call out: it completed, or was destroyed with its event loop.
  void remove(std::uint64_t id) noexcept {
    std::function<void()> gone;  // destroyed after the lock
    std::lock_guard const lock(mutex_);
    if (auto const it = calls_.find(id); it != calls_.end()) {
      gone = std::move(it->second);
      calls_.erase(it);
    }
  }

  /// Cancels every call in flight; calls added later are refused. Never waits.
  void close() {
    std::vector<std::function<void()>> cancels;
    {
      std::lock_guard const lock(mutex_);
      closed_ = true;
      for (auto const& [id, cancel] : calls_) cancels.push_back(cancel);
    }
    for (auto const& cancel : cancels) cancel();
  }

 private:
  std::mutex mutex_;
  std::map<std::uint64_t, std::function<void()>> calls_;
  std::uint64_t next_ = 0;
  bool closed_ = false;
};

}  // namespace detail
GENAUTH_NAMESPACE_END
