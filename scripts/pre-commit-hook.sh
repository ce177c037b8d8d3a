#!/usr/bin/env bash
# The pre-commit hook `flyte-plugin-check` (.pre-commit-hooks.yaml): runs `check` from pre-commit's clone of this
# repository, installing and building it there on first use (npm ci, quiet; its output goes to stderr).
# pre-commit's own `language: node` cannot be used: it reads the tarball name from `npm pack`'s standard output,
# which npm 7+ mixes with the output of our `prepare` build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$root/dist/bundle/main.js" ]; then
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
exec node "$root/bin/flyte-plugin-catalog.js" check --skip-unrelated "$@"
