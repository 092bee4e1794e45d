#pragma once

// Counts every heap allocation of the process (operator new is replaced in bench_calls.cpp).

#include <atomic>
#include <cstddef>

namespace genauth_bench {

struct allocation_count {
  std::size_t calls = 0;
  std::size_t bytes = 0;
};

inline std::atomic<std::size_t> allocations{0};
inline std::atomic<std::size_t> allocated_bytes{0};

inline allocation_count allocations_now() { return {allocations.load(), allocated_bytes.load()}; }

}  // namespace genauth_bench
