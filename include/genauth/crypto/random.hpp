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
#include <sys/random.h>
#endif

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

}  // namespace crypto
GENAUTH_NAMESPACE_END
