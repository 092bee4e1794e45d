#!/usr/bin/env bash
# Regenerates tests/data/oidc-requests.json: runs tools/oidc_vectors.mjs with authing-node-sdk@4.0.1
# (npm).
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1)
node tools/oidc_vectors.mjs "$modules" > tests/data/oidc-requests.json
echo "wrote tests/data/oidc-requests.json ($(grep -c '"name"' tests/data/oidc-requests.json) cases)"
