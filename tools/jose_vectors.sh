#!/usr/bin/env bash
# Regenerates tests/data/jwt/jose.json: installs jose (npm) into build/jose and runs
# tools/jose_vectors.mjs with it. Keys and signatures change on every run; the claims do not.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh bench  # Node.js and npm
modules=$PWD/build/jose/node_modules
if [ ! -d "$modules/jose" ]; then
  mkdir -p build/jose
  (cd build/jose && npm init -y >/dev/null && npm install --silent --no-audit --no-fund jose@6.2.19)
fi
mkdir -p tests/data/jwt
node tools/jose_vectors.mjs "$modules" > tests/data/jwt/jose.json
echo "wrote tests/data/jwt/jose.json ($(grep -c '"name"' tests/data/jwt/jose.json) cases)"
