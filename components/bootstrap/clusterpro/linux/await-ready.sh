#!/bin/bash
# CLUSTERPRO X "await-ready" (every node, after gate-after-install): waits, bounded, for the
# product's services. Never waits for a reboot (reboot-after-install and its gate did that).
set -euo pipefail
STEP_NAME=await-ready
# @@PARAMS@@
# @@INCLUDE common.sh@@

deadline=$((SECONDS + READY_TIMEOUT_SEC))
clp_installed || die "CLUSTERPRO is not installed at $CLP_BIN"
for svc in "${READY_SERVICES[@]}"; do
  until systemctl is-active --quiet "$svc"; do
    [ "$SECONDS" -lt "$deadline" ] || die "service $svc not active within ${READY_TIMEOUT_SEC} s"
    log "waiting for $svc"
    sleep "$WAIT_STEP_SEC"
  done
done
log "node ready"
