#!/usr/bin/env bash
# The official Node SDK's token methods against the emulator (bench/node/oidc.mjs).
exec "$(dirname "$0")/node_emulator.sh" bench/node/oidc.mjs
