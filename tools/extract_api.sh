#!/usr/bin/env bash
# Re-extracts the endpoint table's raw material, when the official SDK's version changes:
# api/v3/extracted.json from authing-node-sdk's TypeScript sources (tools/extract_api.mjs, with
# typescript from npm) and, given the two OpenAPI documents (OPENAPI_DIR), api/v3/openapi.json
# (tools/openapi_operations.py); then rebuilds api/v3/table.json (tools/api_table.py).
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(tools/node_modules.sh authing-node-sdk@4.0.1 typescript@4.5.5)
node tools/extract_api.mjs "$modules" > api/v3/extracted.json
if [ -n "${OPENAPI_DIR:-}" ]; then
  python3 tools/openapi_operations.py "$OPENAPI_DIR" > api/v3/openapi.json
fi
python3 tools/api_table.py > api/v3/table.json
echo "wrote api/v3/extracted.json and api/v3/table.json"
