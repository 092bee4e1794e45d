#pragma once

#include <genauth/config.hpp>

// The SHA extensions (x86-64, GCC and Clang) are used behind a run-time check;
// GENAUTH_SHA_NI=0 keeps to portable code.
#if !defined(GENAUTH_SHA_NI)
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GENAUTH_SHA_NI 1
#else
#define GENAUTH_SHA_NI 0
#endif
#endif
#if GENAUTH_SHA_NI
#include <cpuid.h>
#endif

GENAUTH_NAMESPACE_BEGIN
namespace crypto::detail {

#if GENAUTH_SHA_NI
/// Whether this CPU has the SHA extensions (and the SSSE3 and SSE4.1 they come with); asked once.
inline bool cpu_has_sha_ni() noexcept {
  static bool const has = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1)) return false;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA) != 0;
  }();
  return has;
}

// The SHA extensions through the compiler's builtins (what <immintrin.h> wraps, without the cost
// of parsing it in every translation unit).
using sha_v4 = int __attribute__((vector_size(16)));
using sha_v4u = unsigned __attribute__((vector_size(16)));
using sha_v16 = char __attribute__((vector_size(16)));

__attribute__((target("sha,ssse3"), always_inline)) inline sha_v4 sha_add(sha_v4 a, sha_v4 b) noexcept {
  return reinterpret_cast<sha_v4>(reinterpret_cast<sha_v4u>(a) + reinterpret_cast<sha_v4u>(b));
}
#endif

}  // namespace crypto::detail
GENAUTH_NAMESPACE_END
