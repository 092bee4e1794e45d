#!/usr/bin/env bash
# The main job: builds the emulator and the MFA story, then runs the story against the emulator
# over HTTPS (tools/story.sh makes a throwaway certificate, starts and stops the emulator).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset dev-gcc >/dev/null
cmake --build --preset dev-gcc --target genauth-emulator mfa_story >/dev/null
tools/story.sh build/dev-gcc/emulator/genauth-emulator build/dev-gcc/examples/mfa_story
