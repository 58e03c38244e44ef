#!/usr/bin/env bash
# Smoke test: the policy pack loads. `run-policy-pack` type-checks policies/ with ts-node, builds
# the PolicyPack and prints the port of its gRPC server; then it never exits, so we stop it.
set -euo pipefail
cd "$(dirname "$0")/../policies"
runner="$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))")"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
node "$runner" 127.0.0.1:1 . >"$out" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if grep -Eq '^[0-9]+$' "$out"; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "policy pack loaded (port $(grep -E '^[0-9]+$' "$out" | head -1))"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" && rc=0 || rc=$?
    echo "policy pack failed to load (exit $rc):" >&2
    cat "$out" >&2
    exit 1
  fi
  sleep 0.5
done
kill "$pid" 2>/dev/null || true
echo "policy pack printed no port within 60 s:" >&2
cat "$out" >&2
exit 1
