#!/usr/bin/env bash
# buf breaking: the protos of the working tree against those of the previous commit
# (BUF_AGAINST_REF overrides, for example origin/main in a pull request).
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${BUF_AGAINST_REF:-HEAD~1}"
if ! git rev-parse --verify -q "$ref:proto/buf.yaml" >/dev/null; then
  echo "proto:breaking: $ref has no proto/ module; nothing to compare"
  exit 0
fi
node_modules/.bin/buf breaking proto --against ".git#ref=$ref,subdir=proto"
echo "proto:breaking: no breaking change against $ref"
