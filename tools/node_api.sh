#!/usr/bin/env bash
# The official Node SDK calls every generated endpoint against the emulator (bench/node/api.mjs), with
# the inputs of tests/data/conformance.json.
exec "$(dirname "$0")/node_emulator.sh" bench/node/api.mjs tests/data/conformance.json
