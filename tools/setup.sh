#!/usr/bin/env bash
# Installs what building and testing need on Debian 12; does nothing when all is there.
# Arguments name more Debian packages to install (tools/platforms.sh passes its cross toolchains);
# `bench` stands for Node.js and npm, for the benchmark's side-by-side with the official SDK.
set -euo pipefail

packages=(g++ clang libclang-rt-14-dev cmake make ninja-build python3 libboost1.81-dev libboost-json1.81-dev
          doctest-dev locales-all libcurl4-openssl-dev openssl pkg-config
          libqrencode-dev libbenchmark-dev libssl-dev doxygen)
for arg in "$@"; do
  if [ "$arg" = bench ]; then
    # Node.js may come from elsewhere with its own npm; Debian's are installed only when there is none.
    command -v npm >/dev/null || packages+=(nodejs npm)
  else
    packages+=("$arg")
  fi
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
