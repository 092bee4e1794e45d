#pragma once

#include <genauth/config.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

#if defined(_WIN32)
// Declared here, as <bcrypt.h> declares it, instead of including <windows.h>, whose macros would
// reach every translation unit that includes the SDK.
// The CMake targets link bcrypt for every Windows compiler; the pragma serves MSVC users without
// CMake.
extern "C" long __stdcall BCryptGenRandom(void* algorithm, unsigned char* buffer, unsigned long size,
                                          unsigned long flags);
#if defined(_MSC_VER)
#pragma comment(lib, "bcrypt")
#endif
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <stdlib.h>
#else
#include <cerrno>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
// getrandom(2) came with glibc 2.25 and Linux 3.17; without it, /dev/urandom serves.
#if __has_include(<sys/random.h>)
#include <sys/random.h>
#define GENAUTH_HAS_GETRANDOM 1
#endif
#endif

#include <atomic>
#include <cstring>

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

#if !defined(_WIN32) && !defined(__APPLE__) && !defined(__FreeBSD__) && !defined(__OpenBSD__) && !defined(__NetBSD__)
namespace detail {

/// Fills `out` from /dev/urandom: for systems without getrandom(2), or whose kernel or sandbox
/// refuses it (ENOSYS, EPERM).
[[nodiscard]] inline bool urandom_fill(std::span<std::uint8_t> out) noexcept {
  int fd = -1;
  do fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t const n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return done == out.size();
}

}  // namespace detail
#endif

/// Fills `out` from the operating system's CSPRNG (thread-safe, no state of ours): getrandom(2)
/// on Linux, falling back to /dev/urandom where it is missing or refused; arc4random_buf on macOS
/// and the BSDs; BCryptGenRandom on Windows. Returns false only if no system source answers.
[[nodiscard]] inline bool secure_random(std::span<std::uint8_t> out) noexcept {
#if defined(_WIN32)
  constexpr unsigned long use_system_preferred_rng = 0x00000002;  // BCRYPT_USE_SYSTEM_PREFERRED_RNG
  return BCryptGenRandom(nullptr, out.data(), static_cast<unsigned long>(out.size()), use_system_preferred_rng) == 0;
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
  arc4random_buf(out.data(), out.size());
  return true;
#elif defined(GENAUTH_HAS_GETRANDOM)
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t const n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSYS || errno == EPERM) return detail::urandom_fill(out);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
#else
  return detail::urandom_fill(out);
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
