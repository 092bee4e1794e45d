#pragma once

#include <genauth/config.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

#if defined(_WIN32)
// Declared here, as <bcrypt.h> declares it, instead of including <windows.h>, whose macros would
// reach every translation unit that includes the SDK.
extern "C" long __stdcall BCryptGenRandom(void* algorithm, unsigned char* buffer, unsigned long size,
                                          unsigned long flags);
#pragma comment(lib, "bcrypt")
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <stdlib.h>
#else
#include <cerrno>
#include <pthread.h>
#include <sys/random.h>
#endif

#include <atomic>
#include <cstring>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// Fills `out` from the operating system's CSPRNG (thread-safe, no state of ours).
/// Returns false only if the system source is unavailable.
[[nodiscard]] inline bool secure_random(std::span<std::uint8_t> out) noexcept {
#if defined(_WIN32)
  constexpr unsigned long use_system_preferred_rng = 0x00000002;  // BCRYPT_USE_SYSTEM_PREFERRED_RNG
  return BCryptGenRandom(nullptr, out.data(), static_cast<unsigned long>(out.size()), use_system_preferred_rng) == 0;
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
  arc4random_buf(out.data(), out.size());
  return true;
#else
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t const n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
#endif
}

namespace detail {

#if defined(__linux__)
/// Counts the forks this process has gone through as a child, so that a per-thread pool copied
/// into a child by fork() is known stale there and refilled.
inline unsigned fork_generation() noexcept {
  static std::atomic<unsigned> generation{0};
  [[maybe_unused]] static int const registered =
      pthread_atfork(nullptr, nullptr, [] { generation.fetch_add(1, std::memory_order_relaxed); });
  return generation.load(std::memory_order_relaxed);
}
#endif

}  // namespace detail

/// Like secure_random for small requests, but on Linux drawn from a per-thread pool that one
/// system call fills with 256 bytes; bytes handed out are wiped from the pool, and a child
/// process never uses the pool it inherited from its parent.
[[nodiscard]] inline bool pooled_random(std::span<std::uint8_t> out) noexcept {
#if defined(__linux__)
  struct pool {
    std::uint8_t bytes[256];
    std::size_t used = sizeof bytes;
    unsigned generation = 0;
  };
  thread_local pool p;
  if (out.size() > sizeof p.bytes / 4) return secure_random(out);
  unsigned const generation = detail::fork_generation();
  if (p.generation != generation || p.used + out.size() > sizeof p.bytes) {
    if (!secure_random(p.bytes)) return false;
    p.used = 0;
    p.generation = generation;
  }
  std::memcpy(out.data(), p.bytes + p.used, out.size());
  std::memset(p.bytes + p.used, 0, out.size());
  p.used += out.size();
  return true;
#else
  return secure_random(out);  // arc4random_buf and BCryptGenRandom do not enter the kernel per call
#endif
}

}  // namespace crypto
GENAUTH_NAMESPACE_END
