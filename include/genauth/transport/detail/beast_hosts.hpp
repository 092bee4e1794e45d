#pragma once

#include <genauth/config.hpp>
#include <genauth/transport/beast_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The Beast transport's connections per host: the kept-alive ones, the cap on open ones, and the
// requests waiting for one.

GENAUTH_NAMESPACE_BEGIN
namespace detail {

using beast_clock = std::chrono::steady_clock;

class beast_hosts;

/// One open connection counted against its host's cap; the count goes back when it is destroyed.
class beast_slot {
 public:
  beast_slot() = default;
  beast_slot(beast_hosts* hosts, std::string key) noexcept : hosts_(hosts), key_(std::move(key)) {}
  beast_slot(beast_slot&& other) noexcept : hosts_(std::exchange(other.hosts_, nullptr)), key_(std::move(other.key_)) {}
  beast_slot& operator=(beast_slot&& other) noexcept {
    if (this != &other) {
      give_back();
      hosts_ = std::exchange(other.hosts_, nullptr);
      key_ = std::move(other.key_);
    }
    return *this;
  }
  ~beast_slot() { give_back(); }

  [[nodiscard]] std::string const& key() const noexcept { return key_; }
  /// Forgets the count without giving it back: the caller moved it elsewhere.
  void disarm() noexcept { hosts_ = nullptr; }

 private:
  inline void give_back() noexcept;

  beast_hosts* hosts_ = nullptr;
  std::string key_;
};

/// One connection, plain or TLS, with the buffer its answers are read through.
struct beast_connection {
  using socket_type = boost::asio::ip::tcp::socket;
  using tls_stream = boost::asio::ssl::stream<socket_type>;

  /// `buffer_limit` bounds what is read ahead of the parser: a head, a chunk header, a trailer.
  beast_connection(boost::asio::any_io_executor const& ex, boost::asio::ssl::context* tls_context, beast_slot s,
                   std::size_t buffer_limit)
      : slot(std::move(s)), buffer(buffer_limit) {
    if (tls_context != nullptr) tls.emplace(ex, *tls_context);
    else plain.emplace(ex);
  }

  socket_type& socket() noexcept { return tls ? tls->next_layer() : *plain; }

  /// Whether it may carry another request: nothing arrived since its last answer was read to the
  /// end (no byte nobody asked for, no close, nothing OpenSSL holds).
  [[nodiscard]] bool clean() {
    if (tls && SSL_pending(tls->native_handle()) > 0) return false;
    char byte;
    boost::system::error_code ec;
    socket().receive(boost::asio::buffer(&byte, 1), socket_type::message_peek, ec);  // the socket does not block
    return ec == boost::asio::error::would_block || ec == boost::asio::error::try_again;
  }

  beast_slot slot;  // declared first, destroyed last: the socket is closed when the count goes back
  std::optional<socket_type> plain;
  std::optional<tls_stream> tls;
  boost::beast::flat_buffer buffer;
  beast_clock::time_point idle_since{};
};

/// A request waiting for a connection to its host, as the hosts see it. Its fields are read and
/// written under the hosts' lock.
struct beast_waiter {
  bool reuse = false;    ///< an idle connection will do (the request may be repeated)
  bool granted = false;  ///< a connection or a slot was handed over
  std::unique_ptr<beast_connection> connection;  ///< an idle one, for a request that may reuse it
  bool slot = false;                             ///< else the right to open one, already counted
  std::function<void()> wake;                    ///< tells the request, from any thread
};

/// What a request gets for its host: an idle connection, the right to open one, a place in the
/// queue, or nothing (the queue is full).
struct beast_grant {
  std::unique_ptr<beast_connection> connection;
  std::optional<beast_slot> slot;
  bool queued = false;
};

/// The connections of one transport, per host (scheme, host and port). Any thread may call it.
/// A connection is never destroyed under the lock: its slot would come back to it.
class beast_hosts {
 public:
  explicit beast_hosts(beast_options const& options) : options_(options) {}
  beast_hosts(beast_hosts const&) = delete;
  beast_hosts& operator=(beast_hosts const&) = delete;
  ~beast_hosts() {
    std::vector<std::unique_ptr<beast_connection>> idle;
    {
      std::lock_guard const lock(mutex_);
      for (auto& [key, h] : hosts_)
        for (auto& c : h.idle) {
          c->slot.disarm();
          idle.push_back(std::move(c));
        }
    }
  }

  /// A connection for a request to `key`: an idle one when `reuse` allows (the most recently
  /// used), else a slot to open one while the host is under its cap (closing the oldest idle one
  /// if that makes room), else `waiter` joins the queue and is woken with a grant to take().
  beast_grant acquire(std::string const& key, bool reuse, std::shared_ptr<beast_waiter> const& waiter) {
    std::vector<std::unique_ptr<beast_connection>> closing;  // destroyed after the lock
    std::lock_guard const lock(mutex_);
    host& h = hosts_[key];
    auto const now = beast_clock::now();
    std::size_t expired = 0;  // the oldest come first
    while (expired < h.idle.size() && now - h.idle[expired]->idle_since > options_.idle_timeout) ++expired;
    for (std::size_t i = 0; i < expired; ++i) retire(h, h.idle[i], closing);
    h.idle.erase(h.idle.begin(), h.idle.begin() + static_cast<std::ptrdiff_t>(expired));
    beast_grant g;
    if (reuse && !h.idle.empty()) {
      g.connection = std::move(h.idle.back());
      h.idle.pop_back();
    } else if (h.open < (std::max)(options_.max_connections_per_host, std::size_t{1})) {
      ++h.open;
      g.slot.emplace(this, key);
    } else if (!h.idle.empty()) {  // its slot is taken over by the new connection
      h.idle.front()->slot.disarm();
      closing.push_back(std::move(h.idle.front()));
      h.idle.erase(h.idle.begin());
      g.slot.emplace(this, key);
    } else if (h.waiting.size() < options_.max_waiting_per_host) {
      waiter->reuse = reuse;
      h.waiting.push_back(waiter);
      g.queued = true;
    }
    return g;
  }

  /// What a woken waiter was granted; empty (neither set) if it was not.
  beast_grant take(std::string const& key, beast_waiter& waiter) {
    std::lock_guard const lock(mutex_);
    beast_grant g;
    if (!waiter.granted) return g;
    waiter.granted = false;
    g.connection = std::move(waiter.connection);
    if (std::exchange(waiter.slot, false)) g.slot.emplace(this, key);
    return g;
  }

  /// A connection whose answer was read to the end: to the first waiter (itself, or its slot for a
  /// new connection), else kept idle while there is room.
  void give(std::unique_ptr<beast_connection> c) {
    std::shared_ptr<beast_waiter> woken;
    std::unique_ptr<beast_connection> closing;  // closed after the lock, before the waiter opens another
    {
      std::lock_guard const lock(mutex_);
      host& h = hosts_[c->slot.key()];
      c->idle_since = beast_clock::now();
      if (!h.waiting.empty()) {
        woken = std::move(h.waiting.front());
        h.waiting.pop_front();
        woken->granted = true;
        if (woken->reuse) {
          woken->connection = std::move(c);
        } else {
          c->slot.disarm();
          closing = std::move(c);
          woken->slot = true;
        }
      } else if (h.idle.size() < options_.max_idle_per_host) {
        h.idle.push_back(std::move(c));
      } else {
        closing = std::move(c);  // its slot goes back once the lock is released
      }
    }
    closing.reset();
    if (woken) wake(*woken);
  }

  /// A connection to `key` was closed: its slot goes to the first waiter, or back to the host.
  void release(std::string const& key) noexcept {
    std::shared_ptr<beast_waiter> woken;
    {
      std::lock_guard const lock(mutex_);
      auto const it = hosts_.find(key);  // a slot's host is there already
      if (it == hosts_.end()) return;
      host& h = it->second;
      if (!h.waiting.empty()) {
        woken = std::move(h.waiting.front());
        h.waiting.pop_front();
        woken->granted = true;
        woken->slot = true;
      } else if (h.open > 0) {
        --h.open;
      }
    }
    if (woken) wake(*woken);
  }

  /// The waiter gives up (its time is up, it was cancelled, or it is gone): it leaves the queue,
  /// and whatever it was granted meanwhile goes to the next one.
  void abandon(std::string const& key, beast_waiter& waiter) {
    beast_grant g;
    {
      std::lock_guard const lock(mutex_);
      host& h = hosts_[key];
      auto const it = std::find_if(h.waiting.begin(), h.waiting.end(), [&](auto const& w) { return w.get() == &waiter; });
      if (it != h.waiting.end()) {
        h.waiting.erase(it);
        return;
      }
      if (!std::exchange(waiter.granted, false)) return;
      g.connection = std::move(waiter.connection);
      if (std::exchange(waiter.slot, false)) g.slot.emplace(this, key);  // given back when `g` goes
    }
    if (g.connection) give(std::move(g.connection));
  }

 private:
  /// Tells a waiter of its grant. Should that fail (no memory to post it), the waiter finds its
  /// grant when its time is up, and abandon() passes it on.
  static void wake(beast_waiter& w) noexcept {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    try {
      w.wake();
    } catch (...) {
    }
#else
    w.wake();
#endif
  }

  struct host {
    std::size_t open = 0;                                   // connections open, idle ones included
    std::vector<std::unique_ptr<beast_connection>> idle;    // the most recently used last
    std::deque<std::shared_ptr<beast_waiter>> waiting;      // first come, first served
  };

  /// An idle connection that is closed: its count goes from the host at once.
  static void retire(host& h, std::unique_ptr<beast_connection>& c, std::vector<std::unique_ptr<beast_connection>>& out) {
    c->slot.disarm();
    --h.open;
    out.push_back(std::move(c));
  }

  beast_options const& options_;
  std::mutex mutex_;
  std::map<std::string, host, std::less<>> hosts_;
};

inline void beast_slot::give_back() noexcept {
  if (auto* const h = std::exchange(hosts_, nullptr)) h->release(key_);
}

}  // namespace detail
GENAUTH_NAMESPACE_END
