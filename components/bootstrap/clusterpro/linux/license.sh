#!/bin/bash
# CLUSTERPRO X "license" (every node, after the reboot — the guides' order): registers the
# license files from the protected parameter LICENSES (base64 of each license file, separated
# by commas or whitespace) with clplcnsc. Without LICENSES, the image must hold them already.
set -euo pipefail
STEP_NAME=license
# @@PARAMS@@
# @@INCLUDE common.sh@@

require_root
clp_installed || die "CLUSTERPRO is not installed at $CLP_BIN"
if [ -z "${LICENSES:-}" ]; then
  "$CLP_BIN/clplcnsc" -l >/dev/null || die "no license registered and no licenses given (software.licenses)"
  log "licenses already registered (none given)"
  exit 0
fi
want="$(printf '%s' "$LICENSES" | sha256_of)"
if [ -f "$STATE_DIR/licenses.sha256" ] && [ "$(cat "$STATE_DIR/licenses.sha256")" = "$want" ] &&
  "$CLP_BIN/clplcnsc" -l >/dev/null 2>&1; then
  log "licenses already registered"
  exit 0
fi
work="$(umask 077 && mktemp -d "$STATE_DIR/lic.XXXXXX")"
CLEANUP_DIR="$work"
i=0
for blob in ${LICENSES//,/ }; do
  i=$((i + 1))
  printf '%s' "$blob" | base64 -d >"$work/license$i.key" 2>/dev/null || die "license #$i is not valid base64"
  "$CLP_BIN/clplcnsc" -i "$work/license$i.key" || die "clplcnsc -i rejected license #$i"
  log "registered license #$i"
done
[ "$i" -gt 0 ] || die "LICENSES holds no license"
"$CLP_BIN/clplcnsc" -l >/dev/null || die "clplcnsc -l lists no license after registration"
printf '%s\n' "$want" >"$STATE_DIR/licenses.sha256"
log "licenses registered ($i)"
