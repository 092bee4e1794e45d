#!/usr/bin/env bash
# Builds the unit suite for other platforms and runs it there (tests/platform):
#   windows  Windows x86-64: MinGW-w64, run under Wine
#   libcxx   clang with libc++ on this machine
#   i686     32-bit x86 Linux: cross g++, run under qemu-user
#   aarch64  AArch64 Linux: cross g++, run under qemu-user
#   s390x    s390x Linux (big-endian): cross g++, run under qemu-user
# Usage: tools/platforms.sh [--prepare] [TARGET...] (all five when none is named). Installs what it
# needs from Debian; builds in build/platforms/TARGET with warnings as errors. --prepare only
# installs and makes what the targets run with (Wine's prefix, big-endian locales), and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
prepare_only=false
if [ "${1:-}" = --prepare ]; then
  prepare_only=true
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(windows libcxx i686 aarch64 s390x)

declare -A packages=(
  [windows]="g++-mingw-w64-x86-64-posix clang lld wine wine64"
  [libcxx]="libc++-14-dev libc++abi-14-dev"
  [i686]="g++-i686-linux-gnu qemu-user"
  [aarch64]="g++-aarch64-linux-gnu qemu-user"
  [s390x]="g++-s390x-linux-gnu qemu-user"
)
wanted=()
for t in "${targets[@]}"; do
  [ -n "${packages[$t]:-}" ] || { echo "unknown target: $t (windows libcxx i686 aarch64 s390x)" >&2; exit 2; }
  wanted+=(${packages[$t]})
done
[[ " ${targets[*]} " == *" s390x "* ]] && wanted+=(locales)  # localedef's sources
tools/setup.sh "${wanted[@]}"

work=$PWD/build/platforms
# The cross compilers see Boost and doctest, never the rest of this machine's /usr/include.
mkdir -p "$work/include"
ln -sfn /usr/include/boost "$work/include/boost"
ln -sfn /usr/include/doctest "$work/include/doctest"

summary=()
for t in "${targets[@]}"; do
  start=$(date +%s)
  extra=()
  case $t in
    windows)
      export WINEPREFIX=$work/wine WINEDEBUG=-all
      [ -f "$WINEPREFIX/system.reg" ] || wine wineboot --init >/dev/null 2>&1
      ;;
    s390x)
      # Debian's compiled locales are little-endian; this target reads big-endian ones.
      locales=$work/s390x-locales
      mkdir -p "$locales"
      for l in de_DE tr_TR; do
        [ -d "$locales/$l.UTF-8" ] || localedef --big-endian -i "$l" -f UTF-8 "$locales/$l.UTF-8"
      done
      extra=(-DGENAUTH_TEST_LOCPATH="$locales")
      ;;
  esac
  $prepare_only && continue
  echo "== $t"
  cmake -S tests/platform -B "$work/$t" -G Ninja -DCMAKE_BUILD_TYPE= \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/tests/platform/toolchains/$t.cmake" \
    -DGENAUTH_THIRD_PARTY_INCLUDE="$work/include" "${extra[@]}" >/dev/null
  cmake --build "$work/$t" -j2
  ctest --test-dir "$work/$t" --output-on-failure -j2
  summary+=("$t: passed in $(( $(date +%s) - start )) s")
done
$prepare_only || printf '%s\n' "${summary[@]}"
