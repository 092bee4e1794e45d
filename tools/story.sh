#!/usr/bin/env bash
# Starts EMULATOR on a free loopback port, runs the MFA story STORY against it over HTTP, prints
# what the emulator saw, and stops the emulator whatever happens. Used by demo.sh and by ctest.
set -euo pipefail
emulator_program=$1
story_program=$2

work=$(mktemp -d)
"$emulator_program" --port-file "$work/port" >"$work/emulator.log" 2>&1 &
emulator=$!
trap 'kill "$emulator" 2>/dev/null; wait "$emulator" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/emulator.log"; exit 1; }

port=$(cat "$work/port")
echo "== genauth-emulator on http://127.0.0.1:$port (its default seed)"
GENAUTH_HOST="http://127.0.0.1:$port" GENAUTH_ALLOW_HTTP=1 \
GENAUTH_ACCESS_KEY_ID=emulator-access-key-id GENAUTH_ACCESS_KEY_SECRET=emulator-access-key-secret \
GENAUTH_APP_ID=emulator-app GENAUTH_ACCESS_TOKEN=alice-access-token GENAUTH_USER_ID=user-alice \
  "$story_program"
echo "== what the emulator saw"
grep '^genauth-emulator: ' "$work/emulator.log" | sed 's/^genauth-emulator: /  /'
