#!/usr/bin/env bash
# Starts EMULATOR on a free loopback port with HTTPS (a throwaway CA and certificate made here with
# openssl), runs the MFA story STORY against it over HTTPS with that CA as the only one trusted,
# prints what the emulator saw, and stops the emulator whatever happens. Used by demo.sh and ctest.
set -euo pipefail
emulator_program=$1
story_program=$2

work=$(mktemp -d)
trap 'kill "${emulator:-}" 2>/dev/null; wait "${emulator:-}" 2>/dev/null; rm -rf "$work"' EXIT
quietly() { "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; }
quietly openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=genauth-story-ca \
  -keyout "$work/ca.key" -out "$work/ca.pem"
quietly openssl req -newkey rsa:2048 -nodes -subj /CN=genauth-emulator -keyout "$work/server.key" -out "$work/server.csr"
echo "subjectAltName=IP:127.0.0.1,DNS:localhost" > "$work/san.ext"
quietly openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 1 -extfile "$work/san.ext" -out "$work/server.pem"

# The default seed, but the app's OTP codes last 60 s: the story must take the period (and the
# digits) from the enrolment's otpauth:// URI.
cat > "$work/seed.json" <<'JSON'
{"userPoolId": "emulator-user-pool",
 "accessKeys": [{"id": "emulator-access-key-id", "secret": "emulator-access-key-secret"}],
 "apps": [{"id": "emulator-app", "name": "Emulator App", "enabledFactors": ["OTP", "SMS", "EMAIL"],
           "otpPeriod": 60}],
 "users": [{"id": "user-alice", "username": "alice", "email": "alice@example.com", "phone": "13800138000",
            "externalId": "ext-alice", "accessToken": "alice-access-token"},
           {"id": "user-bob", "username": "bob", "email": "bob@example.com", "phone": "13900139000",
            "accessToken": "bob-access-token"}],
 "globalFactors": ["OTP", "SMS", "EMAIL", "FACE"]}
JSON
"$emulator_program" --port-file "$work/port" --seed "$work/seed.json" --tls-cert "$work/server.pem" \
  --tls-key "$work/server.key" >"$work/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/emulator.log"; exit 1; }

port=$(cat "$work/port")
echo "== genauth-emulator on https://127.0.0.1:$port (OTP codes every 60 s, a throwaway certificate)"
GENAUTH_HOST="https://127.0.0.1:$port" GENAUTH_CA_FILE="$work/ca.pem" \
GENAUTH_ACCESS_KEY_ID=emulator-access-key-id GENAUTH_ACCESS_KEY_SECRET=emulator-access-key-secret \
GENAUTH_APP_ID=emulator-app GENAUTH_ACCESS_TOKEN=alice-access-token GENAUTH_USER_ID=user-alice \
  "$story_program"
echo "== what the emulator saw"
grep '^genauth-emulator: ' "$work/emulator.log" | sed 's/^genauth-emulator: /  /'
