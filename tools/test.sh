#!/usr/bin/env bash
# The whole test suite: g++ with warnings as errors (unit, end-to-end, compile-time checks,
# packaging, the API reference); clang with ASan+UBSan (what runs: unit, transport and end-to-end
# tests, the examples, the fuzz targets); ThreadSanitizer; then the unit suite built for s390x
# (big-endian, under qemu-user) and for Windows (MinGW-w64, under Wine). tools/platforms.sh runs all
# five platform targets. dev-clang stays a preset for developers: it is dev-gcc's build under clang.
set -euo pipefail
cd "$(dirname "$0")/.."
times=()
stage() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  "$@"
  times+=("$name: $((SECONDS - start)) s")
}
stage setup tools/setup.sh
# The platform targets' packages, Wine prefix and locales are made while the presets build: mostly
# downloading and unpacking, which leaves a core to the compilers.
mkdir -p build
tools/platforms.sh --prepare s390x windows >build/platforms-prepare.log 2>&1 &
prepare=$!
prepared() {
  wait "$prepare" || { cat build/platforms-prepare.log; return 1; }
}
for preset in dev-gcc asan tsan; do
  stage "$preset" cmake --workflow --preset "$preset"
done
stage "platforms prepared" prepared
stage "platforms s390x windows" tools/platforms.sh s390x windows
printf '%s\n' "${times[@]}"
