#!/usr/bin/env bash
# Install the packed package where no compiler is: a PATH holding only node, npm, npx, git, sh and the few
# coreutils npm uses, no python, make or C++ compiler. The install must succeed (the native tree-sitter is an
# optional dependency whose failed build npm skips), `discover --source` must then scan with the WASM engine, and
# `history -o html` write its page (its style and script are files the package ships).
#   scripts/install-check.sh [TARBALL]     (default: npm pack of this checkout)
# Prints the install time; exits non-zero on any failure. CI: .ci/run calls it after `npm run qa`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fpc-install-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

tarball="${1:-}"
if [ -z "$tarball" ]; then
  (cd "$root" && npm pack --silent --pack-destination "$work" >/dev/null)
  tarball="$(ls "$work"/flyte-plugin-catalog-*.tgz)"
fi

# The toolbox: symbolic links to exactly these programs, nothing else.
bin="$work/bin"
mkdir -p "$bin"
for tool in node npm npx git sh env cat ls mkdir rm mv cp chmod ln uname; do
  path="$(command -v "$tool")" || { echo "install-check: $tool is not on this machine's PATH" >&2; exit 2; }
  ln -s "$path" "$bin/$tool"
done
for absent in python python3 make cc gcc g++ c++ clang; do
  if PATH="$bin" command -v "$absent" >/dev/null 2>&1; then
    echo "install-check: $absent is reachable; the check would prove nothing" >&2
    exit 2
  fi
done

app="$work/app"
mkdir -p "$app"
echo '{"name":"install-check","private":true}' >"$app/package.json"
clean_env=(env -i "PATH=$bin" "HOME=${HOME}" "XDG_CACHE_HOME=$work/cache" "TMPDIR=$work" "npm_config_cache=${npm_config_cache:-$HOME/.npm}")
[ -n "${HTTPS_PROXY:-}" ] && clean_env+=("HTTPS_PROXY=$HTTPS_PROXY")
[ -n "${npm_config_registry:-}" ] && clean_env+=("npm_config_registry=$npm_config_registry")

start=$(date +%s%N)
(cd "$app" && "${clean_env[@]}" npm install --no-audit --no-fund --loglevel=error "$tarball") >"$work/install.log" 2>&1 || {
  cat "$work/install.log" >&2
  echo "install-check: npm install failed without a compiler" >&2
  exit 1
}
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "install-check: installed $(basename "$tarball") with no compiler in ${elapsed} ms"
native="absent"
[ -d "$app/node_modules/tree-sitter" ] && native="present"
echo "install-check: native tree-sitter after install: $native"

fixture="$root/test/fixtures/scan/all-shapes"
out="$(cd "$app" && "${clean_env[@]}" ./node_modules/.bin/flyte-plugin-catalog discover --source "$fixture" --repo fixtures/all-shapes --json --debug 2>"$work/stderr")" || {
  cat "$work/stderr" >&2
  echo "install-check: discover --source failed after the install" >&2
  exit 1
}
cat "$work/stderr"
grep -q '^debug: scanned with ' "$work/stderr" || { echo "install-check: no engine named on stderr" >&2; exit 1; }
if [ "$native" = absent ]; then
  grep -q '^debug: scanned with web-tree-sitter' "$work/stderr" || { echo "install-check: expected the WASM engine" >&2; exit 1; }
fi
# Same answer as the golden file (the generator version aside, which the golden file also records).
if [ "$out" != "$(cat "$root/test/fixtures/scan/all-shapes.catalog.json")" ]; then
  echo "install-check: the catalog differs from test/fixtures/scan/all-shapes.catalog.json" >&2
  diff <(echo "$out") "$root/test/fixtures/scan/all-shapes.catalog.json" | head -20 >&2
  exit 1
fi
echo "install-check: ok, discover --source matches the golden catalog"
# Without --debug the bundles run through the code cache: the first run writes it, the second uses it; both answer the same.
for run in first second; do
  again="$(cd "$app" && "${clean_env[@]}" ./node_modules/.bin/flyte-plugin-catalog discover --source "$fixture" --repo fixtures/all-shapes --json)"
  [ "$again" = "$out" ] || { echo "install-check: the $run run through the code cache answered differently" >&2; exit 1; }
done
ls "$work/cache/flyte-plugin-catalog/code/"discover.main.cjs.*.bin >/dev/null || { echo "install-check: no code cache was written" >&2; exit 1; }
echo "install-check: ok, the code cache was written and used, with the same answer"
# The HTML page reads its style and script from the package (src/cli/html/assets): they must have shipped.
page="$(cd "$app" && "${clean_env[@]}" ./node_modules/.bin/flyte-plugin-catalog history agent-service -o html 2>"$work/stderr")" || {
  cat "$work/stderr" >&2
  echo "install-check: history -o html failed after the install" >&2
  exit 1
}
grep -q 'renderMs' <<<"$page" || { echo "install-check: the HTML page has no script" >&2; exit 1; }
echo "install-check: ok, history -o html writes the page with its script"
