#!/bin/bash
# Step reboot-<reason> (Linux): the only kind of step that reboots a node. Decides from what the
# step before recorded whether a reboot is needed (only the guest knows), records the boot id,
# drains the node when it belongs to a running cluster, schedules the reboot REBOOT_DELAY_SEC
# after this script exits (so the VM agent reports this step's success first) and exits 0 at
# once. Never waits for the reboot: the time.Sleep after this step and gate-<reason> do.
#
# Modes: "request" — reboot when <reason>.request exists (prepare writes it when the product was
# installed: seed 001 reboots after installing); "per-hash" — reboot once per new AFTER_HASH (the
# configuration push: NEC reboots every server after the push, clpcfset doc/windows/Shared-Disk.md
# "構成情報反映後、全てのサーバの OS を再起動してください").
set -euo pipefail
# @@PARAMS@@
STEP_NAME="reboot-$REASON"
# @@INCLUDE common.sh@@

# The hash of the preceding step arrives as the Run Command parameter AFTER_HASH (environment).
after_hash="${AFTER_HASH:?the parameter AFTER_HASH (hash of the preceding step) is missing}"
marker="$REBOOT_DIR/$REASON.marker"
now_boot="$(boot_id)"

if [ "$(marker_get "$marker" scheduled)" = 1 ] && [ "$(marker_get "$marker" boot_id)" = "$now_boot" ]; then
  log "a reboot is already scheduled during this boot ($now_boot); not scheduling another"
  exit 0
fi

need=0
case "$MODE" in
  request) if [ -f "$REBOOT_DIR/$REASON.request" ]; then need=1; fi ;;
  per-hash) if [ "$(cat "$REBOOT_DIR/$REASON.done" 2>/dev/null || true)" != "$after_hash" ]; then need=1; fi ;;
  *) die "unknown MODE '$MODE' (request or per-hash)" ;;
esac

if [ "$need" = 0 ]; then
  printf 'scheduled=0\nboot_id=%s\nafter_hash=%s\nat=%s\n' "$now_boot" "$after_hash" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$marker"
  log "no reboot needed ($MODE)"
  exit 0
fi

# Drain: a node of a running CLUSTERPRO cluster hands its groups over first (clpgrp -m moves a
# group to the other server; Reference Guide, clpgrp). First deployment: no cluster, nothing to do.
if [ "$DRAIN" = clusterpro ] && [ -x "$CLP_BIN/clpstat" ] && "$CLP_BIN/clpstat" >/dev/null 2>&1; then
  for grp in "${CLP_GROUPS[@]}"; do
    if [ "$(clp_group_owner "$grp")" = "$NODE_NAME" ]; then
      log "draining: moving group $grp off $NODE_NAME (clpgrp -m $grp)"
      "$CLP_BIN/clpgrp" -m "$grp" || die "clpgrp -m $grp failed: move the group by hand (Cluster WebUI) and run pulumi up again"
      waited=0
      while [ "$(clp_group_owner "$grp")" = "$NODE_NAME" ]; do
        [ "$waited" -lt "$DRAIN_TIMEOUT_SEC" ] || die "group $grp still runs on $NODE_NAME after ${DRAIN_TIMEOUT_SEC} s"
        sleep "$WAIT_STEP_SEC"
        waited=$((waited + WAIT_STEP_SEC))
      done
    fi
  done
fi

printf 'scheduled=1\nboot_id=%s\nafter_hash=%s\nat=%s\n' "$now_boot" "$after_hash" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$marker"
rm -f "$REBOOT_DIR/$REASON.request"
if [ "$MODE" = per-hash ]; then printf '%s\n' "$after_hash" >"$REBOOT_DIR/$REASON.done"; fi
# A transient systemd timer runs the reboot REBOOT_DELAY_SEC after now (systemd-run(1),
# --on-active); without systemd-run, shutdown(8) takes minutes only: +1.
if command -v systemd-run >/dev/null 2>&1; then
  systemd-run --unit="azha-reboot-$REASON-$$" --on-active="${REBOOT_DELAY_SEC}s" --timer-property=AccuracySec=1s /bin/systemctl reboot >/dev/null ||
    die "systemd-run could not schedule the reboot"
else
  shutdown -r +1 "azure-ha-cluster: reboot-$REASON" || die "shutdown -r +1 failed"
fi
log "reboot scheduled in ${REBOOT_DELAY_SEC} s (boot id $now_boot); gate-$REASON checks it after the wait"
exit 0
