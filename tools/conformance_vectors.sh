#!/usr/bin/env bash
# Regenerates tests/data/conformance.json: tools/conformance_cases.py's inputs, each built by
# authing-node-sdk@4.0.1 (npm) through tools/conformance_vectors.mjs. Run it when the table changes.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1)
python3 tools/conformance_cases.py | node tools/conformance_vectors.mjs "$modules" > tests/data/conformance.json
echo "wrote tests/data/conformance.json ($(grep -c '"client":' tests/data/conformance.json) cases)"
