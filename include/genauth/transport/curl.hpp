#pragma once

// A transport on libcurl: link the CMake target genauth::curl. Not part of genauth.hpp, so the
// core SDK never needs libcurl.

#include <genauth/config.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>
#include <genauth/core/detail/text.hpp>

#include <curl/curl.h>

#ifndef _WIN32
#include <sys/socket.h>

#include <cerrno>
#endif

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// Settings of curl_transport. A timeout that is zero or negative would mean "none" to libcurl:
/// such options make every call fail with transport_errc::setup_failed instead.
struct curl_options {
  std::chrono::milliseconds timeout{10'000};          ///< the whole exchange (the official SDK's default)
  std::chrono::milliseconds connect_timeout{10'000};  ///< connecting, within the above
  std::size_t max_response_size = 4 * 1024 * 1024;    ///< a larger answer fails with response_too_large
  std::string ca_file{};  ///< PEM file of the CAs to trust; empty: the system's
  std::string ca_path{};  ///< directory of hashed CA certificates; empty: the system's
  std::string proxy{};    ///< e.g. `http://proxy.example:3128`; empty: libcurl's environment variables
  bool allow_insecure_http = false;  ///< send to http:// URLs (a local emulator); https only otherwise
  /// A libcurl handle (and the connections it keeps alive) unused for this long is closed.
  std::chrono::milliseconds idle_timeout{60'000};
};

namespace detail {

/// libcurl's global initialisation, done once whatever the number of transports and threads.
inline bool curl_initialised() {
  static bool const ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

/// Whether a kept-alive connection may carry another request: nothing arrived on it since its
/// last answer (no byte nobody asked for, no close). libcurl 7.88 would reuse a connection with
/// bytes waiting and read them as the next answer.
inline bool curl_socket_clean(curl_socket_t socket) noexcept {
  if (socket == CURL_SOCKET_BAD) return true;  // no connection kept: the next one is new
  char byte;
#ifdef _WIN32
  return ::recv(socket, &byte, 1, MSG_PEEK) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK;
#else
  return ::recv(socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#endif
}

/// Easy handles not in use, the most recently used last. Each keeps one connection alive, so
/// calls reuse it; a handle idle for longer than the pool's idle timeout is closed, and so is one
/// whose connection received anything while idle.
class curl_handle_pool {
  using clock = std::chrono::steady_clock;
  struct idle_handle {
    CURL* handle;
    clock::time_point since;
    curl_socket_t socket;  // its kept-alive connection's
  };

 public:
  explicit curl_handle_pool(std::chrono::milliseconds idle_timeout) : idle_timeout_(idle_timeout) {}
  curl_handle_pool(curl_handle_pool const&) = delete;
  curl_handle_pool& operator=(curl_handle_pool const&) = delete;
  ~curl_handle_pool() {
    for (auto const& h : idle_) curl_easy_cleanup(h.handle);
  }

  CURL* acquire() {
    for (;;) {
      std::vector<CURL*> expired;
      idle_handle h{nullptr, {}, CURL_SOCKET_BAD};
      {
        std::lock_guard const lock(mutex_);
        take_expired(clock::now(), expired);
        if (!idle_.empty()) {
          h = idle_.back();
          idle_.pop_back();
        }
      }
      for (CURL* e : expired) curl_easy_cleanup(e);  // outside the lock: closing may take a while
      if (h.handle == nullptr) return curl_easy_init();
      if (curl_socket_clean(h.socket)) return h.handle;
      curl_easy_cleanup(h.handle);
    }
  }

  void release(CURL* h) noexcept {
    curl_socket_t socket = CURL_SOCKET_BAD;
    if (curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &socket) != CURLE_OK) socket = CURL_SOCKET_BAD;
    curl_easy_reset(h);  // options go; live connections stay
    std::lock_guard const lock(mutex_);
    try {
      idle_.push_back({h, clock::now(), socket});
    } catch (...) {
      curl_easy_cleanup(h);  // no room to keep it
    }
  }

 private:
  /// Moves the handles idle for too long, the oldest first in idle_, to `out`.
  void take_expired(clock::time_point now, std::vector<CURL*>& out) {
    std::size_t n = 0;
    while (n < idle_.size() && now - idle_[n].since > idle_timeout_) ++n;
    if (n == 0) return;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(idle_[i].handle);
    idle_.erase(idle_.begin(), idle_.begin() + static_cast<std::ptrdiff_t>(n));
  }

  std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::vector<idle_handle> idle_;
};

/// A handle borrowed from the pool for one exchange, given back whatever happens.
class curl_lease {
 public:
  explicit curl_lease(curl_handle_pool& pool) : pool_(pool), handle_(pool.acquire()) {}
  curl_lease(curl_lease const&) = delete;
  curl_lease& operator=(curl_lease const&) = delete;
  ~curl_lease() {
    if (handle_ != nullptr) pool_.release(handle_);
  }
  [[nodiscard]] CURL* get() const noexcept { return handle_; }

 private:
  curl_handle_pool& pool_;
  CURL* handle_;
};

struct curl_slist_deleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using curl_list = std::unique_ptr<curl_slist, curl_slist_deleter>;

struct curl_exchange {
  http_response response;
  std::size_t max_size = 0;
  std::size_t header_bytes = 0;  // of the answer's head and trailer, as they came
  std::size_t head_bytes = 0;    // of the head alone, once it ended
  bool head_done = false;        // the answer's head ended: fields now are its trailer's
  bool too_large = false;
  bool out_of_memory = false;
  bool sending = false;  // a connection was ready and the request about to go: a byte may have left
};

/// What a response's trailer may hold.
inline constexpr std::size_t curl_max_trailer = 64 * 1024;

// libcurl calls these from C: no exception may leave them. Returning another count than was
// given makes libcurl stop the transfer with CURLE_WRITE_ERROR.
inline std::size_t curl_on_body(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& x = *static_cast<curl_exchange*>(user);
  std::size_t const n = size * count;
  if (x.response.body.size() + n > x.max_size) {
    x.too_large = true;
    return 0;
  }
  try {
    x.response.body.append(data, n);
  } catch (...) {
    x.out_of_memory = true;
    return 0;
  }
  return n;
}

inline std::size_t curl_on_header(char* data, std::size_t size, std::size_t count, void* user) noexcept {
  auto& x = *static_cast<curl_exchange*>(user);
  std::size_t const n = size * count;
  // libcurl hands over a trailer's fields here too, without end, and keeps each of them itself
  // (for curl_easy_header) at several times its size: a trailer has 64 KiB at most. Its fields
  // are not kept here (RFC 9110 6.5.1: never merged into the header section).
  x.header_bytes += n;
  if (x.header_bytes > (x.head_done ? x.head_bytes + curl_max_trailer : x.max_size)) {
    x.too_large = true;
    return 0;
  }
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  try {
    if (line.starts_with("HTTP/")) {
      x.response.headers = {};  // a new response begins (after a 100 Continue, say)
      x.header_bytes = n;
      x.head_done = false;
    } else if (line.empty()) {
      x.head_done = true;  // what comes after is a trailer
      x.head_bytes = x.header_bytes;
    } else if (std::size_t const colon = line.find(':'); colon != std::string_view::npos && !x.head_done) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      // Every field is kept, in order: http_headers::find gives the first of a repeated name.
      x.response.headers.add(line.substr(0, colon), value);
    }
  } catch (...) {
    x.out_of_memory = true;
    return 0;
  }
  return n;
}

#if LIBCURL_VERSION_NUM >= 0x075000
// Called by libcurl once a connection is ready, right before it sends the request (again after
// it reconnected, having sent it on a kept-alive connection that turned out dead).
inline int curl_on_prerequest(void* user, char*, char*, int, int) noexcept {
  static_cast<curl_exchange*>(user)->sending = true;
  return CURL_PREREQFUNC_OK;
}
#endif

/// Which transport_errc a libcurl failure is, were nothing sent before it.
inline std::error_code curl_code_error(CURLcode code, curl_exchange const& x, bool sent) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return make_error_code(transport_errc::connect_failed);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return make_error_code(transport_errc::resolve_failed);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return make_error_code(transport_errc::tls_handshake_failed);
    case CURLE_OPERATION_TIMEDOUT:
      return make_error_code(sent ? transport_errc::timed_out : transport_errc::connect_failed);
    case CURLE_FILESIZE_EXCEEDED: return make_error_code(transport_errc::response_too_large);
    case CURLE_WRITE_ERROR:
      if (x.too_large) return make_error_code(transport_errc::response_too_large);
      break;
    case CURLE_UNSUPPORTED_PROTOCOL: return make_error_code(transport_errc::insecure_url);
    default: break;
  }
  return make_error_code(transport_errc::connection_lost);
}

/// Which transport_errc a libcurl failure is; `sent` tells whether any request byte may have
/// left. A failure that would prove nothing was sent proves nothing once bytes left: libcurl may
/// have sent the request on a kept-alive connection before failing to reconnect.
inline std::error_code curl_error(CURLcode code, curl_exchange const& x, bool sent) {
  std::error_code const e = curl_code_error(code, x, sent);
  return sent && request_not_sent(e) ? make_error_code(transport_errc::connection_lost) : e;
}

/// Sets every option of one exchange; false if libcurl refused one (nothing is sent then).
inline bool curl_prepare(CURL* h, curl_options const& o, http_request const& request, curl_slist* headers,
                         curl_exchange& x) {
  bool ok = true;
  auto const set = [&](CURLoption option, auto value) { ok = ok && curl_easy_setopt(h, option, value) == CURLE_OK; };
  set(CURLOPT_URL, request.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500 && !defined(GENAUTH_CURL_PROTOCOLS_BITMASK)
  set(CURLOPT_PROTOCOLS_STR, o.allow_insecure_http ? "http,https" : "https");
#else  // libcurl before 7.85
  set(CURLOPT_PROTOCOLS, static_cast<long>(o.allow_insecure_http ? CURLPROTO_HTTP | CURLPROTO_HTTPS : CURLPROTO_HTTPS));
#endif
  set(CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075700
  // A name lookup that outlives the timeout would otherwise be waited for: libcurl joins its
  // resolver thread. With this it leaves the thread to end (and free itself) on its own. A libcurl
  // built without the option refuses it, and keeps waiting.
  (void)curl_easy_setopt(h, CURLOPT_QUICK_EXIT, 1L);
#endif
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  // A CA file or folder replaces the system's trust store; libcurl would otherwise add it to
  // its built-in one, and a private CA would trust every public one too.
  if (!o.ca_file.empty() || !o.ca_path.empty()) {
    set(CURLOPT_CAINFO, o.ca_file.empty() ? nullptr : o.ca_file.c_str());
    set(CURLOPT_CAPATH, o.ca_path.empty() ? nullptr : o.ca_path.c_str());
  }
  if (!o.proxy.empty()) set(CURLOPT_PROXY, o.proxy.c_str());
  // What is left of the call's deadline shortens the exchange; at least 1 ms, since 0 is "none".
  auto timeout = o.timeout;
  if (request.timeout && *request.timeout < timeout) timeout = (std::max)(*request.timeout, std::chrono::milliseconds(1));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>((std::min)(o.connect_timeout, timeout).count()));
  set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_response_size));
  set(CURLOPT_HTTPHEADER, headers);
  // On a kept-alive connection that turns out dead, libcurl sends the request again on a new
  // one: right for a request that may be repeated, wrong for any other, which gets a connection
  // of its own.
  set(CURLOPT_FRESH_CONNECT, request.idempotent ? 0L : 1L);
  if (request.method == http_method::get) {
    set(CURLOPT_HTTPGET, 1L);
  } else {  // PUT and DELETE go as a POST under another name, with their body and its length
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDS, request.body.data());
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method == http_method::put || request.method == http_method::delete_)
    set(CURLOPT_CUSTOMREQUEST, request.method == http_method::put ? "PUT" : "DELETE");  // reset with the handle
  set(CURLOPT_WRITEFUNCTION, &curl_on_body);
  set(CURLOPT_WRITEDATA, static_cast<void*>(&x));
  set(CURLOPT_HEADERFUNCTION, &curl_on_header);
  set(CURLOPT_HEADERDATA, static_cast<void*>(&x));
  // One connection per handle, whose cleanness the pool checks before the handle's next call.
  set(CURLOPT_MAXCONNECTS, 1L);
#if LIBCURL_VERSION_NUM >= 0x075000
  set(CURLOPT_PREREQFUNCTION, &curl_on_prerequest);
  set(CURLOPT_PREREQDATA, static_cast<void*>(&x));
#endif
  return ok;
}

}  // namespace detail

/// A transport on libcurl. TLS peer and host verification are always on (`ca_file` / `ca_path`
/// choose what to trust, in place of the system's store); redirects are not followed; http://
/// URLs are refused unless `allow_insecure_http`. Every failure is a transport_errc, never an
/// exception. A request that may not be repeated (http_request::idempotent is false) is sent on a
/// connection of its own and never twice; connect_failed, resolve_failed and tls_handshake_failed
/// are reported only when no request byte was written.
///
/// Threads: one transport may serve many threads at once, and its copies share its state. Each
/// call borrows an idle libcurl handle (or opens one), so connections are kept alive and reused
/// by later calls; a handle left idle for `idle_timeout` is closed by the next call.
class curl_transport {
 public:
  /// A transport with `options`; copies share its connections.
  explicit curl_transport(curl_options options = {})
      : options_(std::make_shared<curl_options const>(std::move(options))),
        pool_(std::make_shared<detail::curl_handle_pool>(options_->idle_timeout)),
        options_valid_(options_->timeout.count() > 0 && options_->connect_timeout.count() > 0) {}

  /// Sends `request` and waits for the whole response, or fails with a transport_errc. The
  /// exchange takes at most options().timeout, or request.timeout when that is shorter.
  transport_result operator()(http_request const& request) const {
    if (!options_valid_ || !detail::curl_initialised()) return make_error_code(transport_errc::setup_failed);
    bool const http = request.url.size() >= 7 && detail::iequals(std::string_view(request.url).substr(0, 7), "http://");
    if (http && !options_->allow_insecure_http) return make_error_code(transport_errc::insecure_url);
    detail::curl_lease const lease(*pool_);
    CURL* const h = lease.get();
    if (h == nullptr) return make_error_code(transport_errc::setup_failed);
    detail::curl_list headers;
    auto const append = [&headers](char const* field) {
      curl_slist* const head = curl_slist_append(headers.get(), field);
      if (head == nullptr) return false;  // the list is left as it was
      (void)headers.release();
      headers.reset(head);
      return true;
    };
    std::string line;
    for (auto const f : request.headers) {
      if (!detail::is_sendable_field(f.name, f.value)) return make_error_code(transport_errc::setup_failed);
      if (!append(line.assign(f.name).append(": ").append(f.value).c_str()))
        return make_error_code(transport_errc::setup_failed);
    }
    if (!append("Expect:")) return make_error_code(transport_errc::setup_failed);  // no 100-continue round trip

    detail::curl_exchange x;
    x.max_size = options_->max_response_size;
    if (!detail::curl_prepare(h, *options_, request, headers.get(), x))
      return make_error_code(transport_errc::setup_failed);
    CURLcode const code = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    long sent_bytes = 0;  // of the last connection only, before libcurl 7.80 the sole clue
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent_bytes);
    if (code != CURLE_OK) return detail::curl_error(code, x, x.sending || sent_bytes > 0);
    x.response.status = static_cast<int>(status);
    return std::move(x.response);
  }

  /// The options it was made with.
  [[nodiscard]] curl_options const& options() const noexcept { return *options_; }

 private:
  std::shared_ptr<curl_options const> options_;
  std::shared_ptr<detail::curl_handle_pool> pool_;
  bool options_valid_;
};

GENAUTH_NAMESPACE_END
