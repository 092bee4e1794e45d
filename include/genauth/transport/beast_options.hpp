#pragma once

#include <genauth/config.hpp>

#include <chrono>
#include <cstddef>
#include <string>

GENAUTH_NAMESPACE_BEGIN

/// Settings of beast_transport. A timeout that is zero or negative makes every call fail with
/// transport_errc::setup_failed, as with the libcurl transport.
struct beast_options {
  std::chrono::milliseconds timeout{10'000};          ///< the whole exchange, from waiting for a connection to the answer
  std::chrono::milliseconds connect_timeout{10'000};  ///< name lookup, connecting and TLS handshake together, within the above
  /// A larger answer fails with response_too_large: its head, its body, and any part of it that
  /// must be held whole (a chunk header with its extensions, the trailer).
  std::size_t max_response_size = 4 * 1024 * 1024;
  std::string ca_file{};  ///< PEM file of the CAs to trust; empty: the system's
  std::string ca_path{};  ///< directory of hashed CA certificates; empty: the system's
  bool allow_insecure_http = false;  ///< send to http:// URLs (a local emulator); https only otherwise
  /// A kept-alive connection unused for this long is closed instead of reused.
  std::chrono::milliseconds idle_timeout{60'000};
  /// Kept-alive connections held per host (scheme, host and port); one more is closed after use.
  std::size_t max_idle_per_host = 16;
  /// Connections open at once per host, idle ones included. A request that finds them all busy
  /// waits for one (within its timeout and cancellation) instead of opening another.
  std::size_t max_connections_per_host = 32;
  /// Requests waiting for a connection to one host; one more fails at once with queue_full.
  std::size_t max_waiting_per_host = 4096;
};

GENAUTH_NAMESPACE_END
