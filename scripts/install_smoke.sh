#!/usr/bin/env bash
# Prove that mou works as an installed tool, not only from a checkout:
#   build a wheel and an sdist, install the wheel (dependencies from the lock) into a fresh
#   venv outside the checkout, then run the user's first commands from an empty directory.
# Usage: scripts/install_smoke.sh [PYTHON]   (PYTHON: the checkout's venv python, for `build`)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${1:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mou-install-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

step() { printf '== %s\n' "$*"; }
fail() { printf 'install smoke: FAILED: %s\n' "$*" >&2; exit 1; }

# expect CODE CMD...: run CMD, fail unless it exits with CODE
expect() {
  local want="$1"; shift
  local got=0
  "$@" >"$WORK/last.out" 2>"$WORK/last.err" || got=$?
  if [ "$got" != "$want" ]; then
    cat "$WORK/last.out" "$WORK/last.err" >&2
    fail "'$*' exited $got, expected $want"
  fi
}

step "build the wheel and the sdist"
"$PY" -m build --no-isolation --outdir "$WORK/dist" "$ROOT" >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log" >&2; fail "python -m build"; }
WHEEL="$(ls "$WORK"/dist/*.whl)"
ls "$WORK"/dist/*.tar.gz >/dev/null || fail "no sdist was built"

step "install the wheel into a fresh venv"
"$PY" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
{ "$VPY" -m pip install --quiet --require-hashes --no-deps -r "$ROOT/requirements/runtime.lock" \
  && "$VPY" -m pip install --quiet --no-deps "$WHEEL"; } >"$WORK/pip.log" 2>&1 \
  || { cat "$WORK/pip.log" >&2; fail "pip install of the wheel"; }
MOU="$WORK/venv/bin/mou"

step "run the commands from an empty directory"
mkdir "$WORK/empty"
cd "$WORK/empty"
export -n MOU_CLAUSES MOU_PROFILES 2>/dev/null || true
unset MOU_CLAUSES MOU_PROFILES
expect 0 "$MOU" --version
grep -q "mou, version" "$WORK/last.out" || fail "mou --version printed no version"
expect 0 "$VPY" -m mou_builder --version
expect 0 "$MOU" clauses list
grep -q "purpose" "$WORK/last.out" || fail "the shipped clause library was not listed"
expect 0 "$MOU" profiles list
grep -q "ca-bp-3515-31" "$WORK/last.out" || fail "the shipped profiles were not listed"
expect 0 "$MOU" new scaffold --profile ca-bp-3515-31
ls scaffold/*.mou.yaml >/dev/null || fail "mou new wrote no spec"
cp "$ROOT/examples/oakview-ca.mou.yaml" agreement.mou.yaml
expect 0 "$MOU" check agreement.mou.yaml
expect 0 "$MOU" build agreement.mou.yaml -o out/
ls out/*.docx >/dev/null || fail "mou build wrote no .docx"
expect 0 "$MOU" publish agreement.mou.yaml -o site/
grep -q '<html lang="es-US">' site/*.es.html || fail "mou publish wrote no Spanish page"
cp "$ROOT/examples/cedar-valley-wa.mou.yaml" approved.mou.yaml
expect 0 "$MOU" final approved.mou.yaml --board-date 2026-06-18 --item 7.3 \
  --resolution 2026-41 -o final/
ls final/*-final.docx >/dev/null || fail "mou final wrote no record copy"
expect 0 "$MOU" verify final/*-final.docx
expect 2 "$MOU" --library "$WORK/no-such-library" clauses list
grep -q "lookup order" "$WORK/last.err" || fail "a missing --library did not name the lookup order"
step "install smoke: ok"
