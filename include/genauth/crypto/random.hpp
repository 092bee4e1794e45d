#pragma once

#include <genauth/config.hpp>

#include <cstddef>
#include <cstdint>
#include <span>

#if defined(_WIN32)
#ifndef NOMINMAX  // keep windows.h from defining min/max macros in the user's program
#define NOMINMAX
#define GENAUTH_DEFINED_NOMINMAX
#endif
#include <windows.h>
#include <bcrypt.h>
#ifdef GENAUTH_DEFINED_NOMINMAX
#undef NOMINMAX
#undef GENAUTH_DEFINED_NOMINMAX
#endif
#pragma comment(lib, "bcrypt")
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <stdlib.h>
#else
#include <cerrno>
#include <sys/random.h>
#endif

GENAUTH_NAMESPACE_BEGIN
namespace crypto {

/// Fills `out` from the operating system's CSPRNG (thread-safe, no state of ours).
/// Returns false only if the system source is unavailable.
[[nodiscard]] inline bool secure_random(std::span<std::uint8_t> out) noexcept {
#if defined(_WIN32)
  return BCryptGenRandom(nullptr, out.data(), static_cast<ULONG>(out.size()),
                         BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
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

}  // namespace crypto
GENAUTH_NAMESPACE_END
