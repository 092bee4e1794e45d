#!/usr/bin/env bash
# Runs a script of bench/node/ with the official Node SDK against the emulator: starts the emulator
# of build/dev-gcc (or EMULATOR) on a free port, runs `node SCRIPT NODE_MODULES URL ARGS...` with
# authing-node-sdk@4.0.1 and stops the emulator whatever happens.
# Usage: tools/node_emulator.sh SCRIPT [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
script=$1
shift
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1)
emulator=${EMULATOR:-build/dev-gcc/emulator/genauth-emulator}
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null; wait "${pid:-}" 2>/dev/null; rm -rf "$work"' EXIT
"$emulator" --port-file "$work/port" >"$work/emulator.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
node "$script" "$modules" "http://127.0.0.1:$(cat "$work/port")" "$@"
