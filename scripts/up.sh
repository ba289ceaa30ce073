#!/usr/bin/env bash
# First README command: installs what is missing, then runs scripts/up.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh
prepare_machine
exec node --import tsx scripts/up.ts "$@"
