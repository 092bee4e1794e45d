#!/usr/bin/env bash
# The main job: builds the MFA tour example and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset dev-gcc >/dev/null
cmake --build --preset dev-gcc --target mfa_tour
build/dev-gcc/examples/mfa_tour
