#!/usr/bin/env bash
# buf breaking: the protos of the working tree against the published API.
#
# The reference is, in order: BUF_AGAINST_REF when set (CI of a pull request sets it to the
# target branch); on a branch other than main, its merge base with main (local or origin/main);
# on main itself, the commit before HEAD (every commit that lands on main is checked against
# the one it lands on). A reference that cannot be found is an error, never a skip: a shallow
# clone must fetch deeper (git fetch --deepen=50) or set BUF_AGAINST_REF.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "proto:breaking: $1" >&2
  exit 1
}

main_ref=""
for candidate in main origin/main; do
  if git rev-parse --verify -q "$candidate^{commit}" >/dev/null; then main_ref=$candidate; break; fi
done

if [ -n "${BUF_AGAINST_REF:-}" ]; then
  ref="$BUF_AGAINST_REF"
  git rev-parse --verify -q "$ref^{commit}" >/dev/null || fail "BUF_AGAINST_REF=$ref is not a commit in this clone"
else
  [ -n "$main_ref" ] || fail "no main branch here (neither main nor origin/main): set BUF_AGAINST_REF"
  head=$(git rev-parse HEAD)
  base=$(git merge-base HEAD "$main_ref") || fail "HEAD has no common history with $main_ref"
  if [ "$base" != "$head" ]; then
    ref=$base
  else
    # On main: the commit this one landed on.
    git rev-parse --verify -q "HEAD~1^{commit}" >/dev/null || fail "HEAD has no parent commit (a shallow clone? git fetch --deepen=50, or set BUF_AGAINST_REF)"
    ref=$(git rev-parse HEAD~1)
  fi
fi

git cat-file -e "$ref:proto/buf.yaml" 2>/dev/null || fail "$ref has no proto/buf.yaml to compare with"
node_modules/.bin/buf breaking proto --against ".git#ref=$ref,subdir=proto"
echo "proto:breaking: no breaking change against $(git rev-parse --short "$ref")"
