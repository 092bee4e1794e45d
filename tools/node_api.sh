#!/usr/bin/env bash
# The official Node SDK calls every generated endpoint against the emulator (bench/node/api.mjs), with the
# inputs of tests/data/conformance.json: starts the
# emulator of build/dev-gcc (or EMULATOR) on a free port, runs the script with
# authing-node-sdk@4.0.1 and stops the emulator whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1)
emulator=${EMULATOR:-build/dev-gcc/emulator/genauth-emulator}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null; wait "${pid:-}" 2>/dev/null; rm -rf "$work"' EXIT
"$emulator" --port-file "$work/port" >"$work/emulator.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
node bench/node/api.mjs "$modules" "http://127.0.0.1:$(cat "$work/port")" tests/data/conformance.json
