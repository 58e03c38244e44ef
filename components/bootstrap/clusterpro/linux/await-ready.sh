#!/bin/bash
# CLUSTERPRO X "await-ready" (every node): waits, bounded, for the reboot that prepare scheduled
# (a new boot id) and for the product's services. Nothing to wait for = immediate success.
set -euo pipefail
STEP_NAME=await-ready
# @@PARAMS@@
# @@INCLUDE common.sh@@

deadline=$((SECONDS + READY_TIMEOUT_SEC))
if [ -f "$STATE_DIR/reboot-pending" ]; then
  before="$(cat "$STATE_DIR/reboot-pending")"
  while [ "$(boot_id)" = "$before" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "the reboot scheduled by prepare did not happen within ${READY_TIMEOUT_SEC} s"
    log "waiting for the planned reboot"
    sleep "$WAIT_STEP_SEC"
  done
  rm -f "$STATE_DIR/reboot-pending"
  log "node rebooted"
fi
clp_installed || die "CLUSTERPRO is not installed at $CLP_BIN"
for svc in "${READY_SERVICES[@]}"; do
  until systemctl is-active --quiet "$svc"; do
    [ "$SECONDS" -lt "$deadline" ] || die "service $svc not active within ${READY_TIMEOUT_SEC} s"
    log "waiting for $svc"
    sleep "$WAIT_STEP_SEC"
  done
done
log "node ready"
