#pragma once

// A transport on libcurl: link the CMake target genauth::curl. Not part of genauth.hpp, so the
// core SDK never needs libcurl.

#include <genauth/config.hpp>
#include <genauth/core/detail/text.hpp>
#include <genauth/core/http.hpp>
#include <genauth/core/transport.hpp>

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

GENAUTH_NAMESPACE_BEGIN

/// Settings of curl_transport.
struct curl_options {
  std::chrono::milliseconds timeout{10'000};          ///< the whole exchange (the official SDK's default)
  std::chrono::milliseconds connect_timeout{10'000};  ///< connecting, within the above
  std::size_t max_response_size = 4 * 1024 * 1024;    ///< a larger answer fails with response_too_large
  std::string ca_file{};  ///< PEM file of the CAs to trust; empty: the system's
  std::string ca_path{};  ///< directory of hashed CA certificates; empty: the system's
  std::string proxy{};    ///< e.g. `http://proxy.example:3128`; empty: libcurl's environment variables
  bool allow_insecure_http = false;  ///< send to http:// URLs (a local emulator); https only otherwise
};

namespace detail {

/// libcurl's global initialisation, done once whatever the number of transports and threads.
inline bool curl_initialised() {
  static bool const ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  return ok;
}

/// Easy handles not in use. Each keeps its connections alive, so calls reuse them.
class curl_handle_pool {
 public:
  curl_handle_pool() = default;
  curl_handle_pool(curl_handle_pool const&) = delete;
  curl_handle_pool& operator=(curl_handle_pool const&) = delete;
  ~curl_handle_pool() {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  CURL* acquire() {
    {
      std::lock_guard const lock(mutex_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }

  void release(CURL* h) {
    curl_easy_reset(h);  // options go; live connections stay
    std::lock_guard const lock(mutex_);
    idle_.push_back(h);
  }

 private:
  std::mutex mutex_;
  std::vector<CURL*> idle_;
};

struct curl_exchange {
  http_response response;
  std::size_t max_size = 0;
  bool too_large = false;
};

inline std::size_t curl_on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& x = *static_cast<curl_exchange*>(user);
  std::size_t const n = size * count;
  if (x.response.body.size() + n > x.max_size) {
    x.too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  x.response.body.append(data, n);
  return n;
}

inline std::size_t curl_on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& x = *static_cast<curl_exchange*>(user);
  std::size_t const n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    x.response.headers = {};  // a new response begins (after a 100 Continue, say)
  } else if (std::size_t const colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    x.response.headers.set(std::string(line.substr(0, colon)), std::string(value));
  }
  return n;
}

/// Which transport_errc a libcurl failure is; `sent` tells whether any request byte left. A
/// failure that would prove nothing was sent proves nothing once bytes left: libcurl may have
/// sent the request on a kept-alive connection before failing to reconnect.
inline std::error_code curl_error(CURLcode code, bool too_large, bool sent) {
  if (sent && (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
               code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_SSL_CONNECT_ERROR))
    return make_error_code(transport_errc::connection_lost);
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
      if (too_large) return make_error_code(transport_errc::response_too_large);
      break;
    case CURLE_UNSUPPORTED_PROTOCOL: return make_error_code(transport_errc::insecure_url);
    default: break;
  }
  return make_error_code(transport_errc::connection_lost);
}

}  // namespace detail

/// A transport on libcurl. TLS peer and host verification are always on (`ca_file` / `ca_path`
/// choose what to trust); redirects are not followed; http:// URLs are refused unless
/// `allow_insecure_http`. Every failure is a transport_errc, never an exception.
///
/// Threads: one transport may serve many threads at once, and its copies share its state. Each
/// call borrows an idle libcurl handle (or opens one), so connections are kept alive and reused
/// by later calls.
class curl_transport {
 public:
  /// A transport with `options`; copies share its connections.
  explicit curl_transport(curl_options options = {})
      : options_(std::make_shared<curl_options const>(std::move(options))),
        pool_(std::make_shared<detail::curl_handle_pool>()) {}

  /// Sends `request` and waits for the whole response, or fails with a transport_errc.
  transport_result operator()(http_request const& request) const {
    if (!detail::curl_initialised()) return make_error_code(transport_errc::connection_lost);
    bool const http = request.url.size() >= 7 && detail::iequals(std::string_view(request.url).substr(0, 7), "http://");
    if (http && !options_->allow_insecure_http) return make_error_code(transport_errc::insecure_url);
    CURL* h = pool_->acquire();
    if (h == nullptr) return make_error_code(transport_errc::connection_lost);
    detail::curl_exchange x;
    x.max_size = options_->max_response_size;
    curl_slist* headers = nullptr;
    for (auto const f : request.headers) {
      std::string line(f.name);
      line += ": ";
      line += f.value;
      headers = curl_slist_append(headers, line.c_str());
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for POST bodies

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, options_->allow_insecure_http ? "http,https" : "https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_->ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_->ca_file.c_str());
    if (!options_->ca_path.empty()) curl_easy_setopt(h, CURLOPT_CAPATH, options_->ca_path.c_str());
    if (!options_->proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options_->proxy.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_->timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_->connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_->max_response_size));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    // On a kept-alive connection that turns out dead, libcurl sends the request again on a new
    // one: right for a request that may be repeated, wrong for any other, which gets a connection
    // of its own.
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, request.idempotent ? 0L : 1L);
    if (request.method == http_method::post) {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &detail::curl_on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &detail::curl_on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);

    CURLcode const code = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    long sent_bytes = 0;
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent_bytes);
    curl_slist_free_all(headers);
    pool_->release(h);
    if (code != CURLE_OK) return detail::curl_error(code, x.too_large, sent_bytes > 0);
    x.response.status = static_cast<int>(status);
    return std::move(x.response);
  }

  /// The options it was made with.
  [[nodiscard]] curl_options const& options() const noexcept { return *options_; }

 private:
  std::shared_ptr<curl_options const> options_;
  std::shared_ptr<detail::curl_handle_pool> pool_;
};

GENAUTH_NAMESPACE_END
