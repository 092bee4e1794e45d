#!/usr/bin/env bash
# Regenerates tests/data/jwt/jose.json: runs tools/jose_vectors.mjs with jose@6.2.19 (npm). Keys
# and signatures change on every run; the claims do not.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(tools/node_modules.sh jose@6.2.19)
mkdir -p tests/data/jwt
node tools/jose_vectors.mjs "$modules" > tests/data/jwt/jose.json
echo "wrote tests/data/jwt/jose.json ($(grep -c '"name"' tests/data/jwt/jose.json) cases)"
