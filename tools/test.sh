#!/usr/bin/env bash
# The whole test suite: g++ and clang builds with warnings as errors, then ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
for preset in dev-gcc dev-clang asan; do
  echo "== $preset"
  cmake --workflow --preset "$preset"
done
