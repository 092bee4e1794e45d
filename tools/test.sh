#!/usr/bin/env bash
# The whole test suite: g++ and clang builds with warnings as errors, ASan+UBSan with the fuzz
# targets (label fuzz), then ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
for preset in dev-gcc dev-clang asan tsan; do
  echo "== $preset"
  cmake --workflow --preset "$preset"
done
