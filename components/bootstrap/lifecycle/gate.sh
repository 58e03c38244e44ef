#!/bin/bash
# Step gate-<reason> (Linux), after reboot-<reason> and the out-of-guest wait: passes when no
# reboot was scheduled or the boot id changed since it was scheduled; fails at once (never waits)
# when the node did not reboot. Changes nothing but its own log.
set -euo pipefail
# @@PARAMS@@
STEP_NAME="gate-$REASON"
# @@INCLUDE common.sh@@

marker="$REBOOT_DIR/$REASON.marker"
[ -f "$marker" ] || die "no marker $marker: the step reboot-$REASON has not run on $NODE_NAME; run pulumi up again"
now_boot="$(boot_id)"
if [ "$(marker_get "$marker" scheduled)" = 1 ]; then
  if [ "$(marker_get "$marker" boot_id)" = "$now_boot" ]; then
    die "node $NODE_NAME did not reboot: reboot-$REASON scheduled a reboot at $(marker_get "$marker" at) and the boot id is still $now_boot after the wait of ${REBOOT_WAIT_SEC} s (bootstrap.rebootWaitSec). Check the VM (boot diagnostics, serial console); reboot it by hand if it hangs, or raise bootstrap.rebootWaitSec if it boots slowly; then run pulumi up again"
  fi
  log "node $NODE_NAME rebooted (boot id $(marker_get "$marker" boot_id) -> $now_boot)"
else
  log "no reboot was scheduled by reboot-$REASON: nothing to check"
fi
exit 0
