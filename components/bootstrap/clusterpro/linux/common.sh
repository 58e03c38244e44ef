# Shared by the CLUSTERPRO Linux steps (included by the renderer, never run on its own).
#
# Run Command parameters: the managed Run Command handler for Linux sets every NAMED parameter
# (public and protected alike) as an environment variable of the script and appends only
# unnamed ones to the command line; empty values are skipped (Azure/run-command-handler-linux,
# internal/exec/exec.go, SetEnvironmentVariables: "Named parameters are set as environmental
# setting"). So secrets arrive as ${INSTALLER_URL:-}, ${LICENSES:-}, ${SP_CERT_PEM:-}: read
# them from the environment, never print them, never write them into this text.
#
# Tool paths and device roots can be overridden from the environment (tests point them at stubs).
: "${CLP_BIN:=/opt/nec/clusterpro/bin}"
: "${DISK_ROOT:=/dev/disk/azure}"
: "${LOG_DIR:=/var/log/azure-ha-cluster}"
: "${STATE_DIR:=/var/lib/azure-ha-cluster/clusterpro}"
: "${PEM_DIR:=/etc/azure-ha-cluster}"
: "${BOOT_ID_FILE:=/proc/sys/kernel/random/boot_id}"
# Reboot requests and markers, shared with the steps reboot-<reason>/gate-<reason> (lifecycle/).
: "${REBOOT_DIR:=/var/lib/azure-ha-cluster/reboot}"
: "${WAIT_STEP_SEC:=10}"

STEP_NAME="${STEP_NAME:-clusterpro}"

mkdir -p "$LOG_DIR" "$STATE_DIR"
chmod 700 "$STATE_DIR"
LOG_FILE="$LOG_DIR/clusterpro-$STEP_NAME.log"
exec > >(tee -a "$LOG_FILE") 2>&1

log() { printf '%s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$STEP_NAME" "$*"; }
die() {
  log "ERROR: $*"
  exit 1
}
CLEANUP_DIR=""
on_exit() {
  local rc=$?
  if [ -n "$CLEANUP_DIR" ]; then rm -rf "$CLEANUP_DIR"; fi
  if [ "$rc" -ne 0 ]; then log "failed (exit $rc); log: $LOG_FILE"; fi
}
trap on_exit EXIT

require_root() {
  if [ "$(id -u)" -ne 0 ] && [ "${ALLOW_NON_ROOT:-0}" != "1" ]; then
    die "must run as root (the managed Run Command runs as root)"
  fi
}

boot_id() { cat "$BOOT_ID_FILE"; }

clp_installed() { [ -x "$CLP_BIN/clpcl" ] && [ -x "$CLP_BIN/clplcnsc" ]; }

# The data disk by LUN (never /dev/sdX): SCSI sizes get /dev/disk/azure/scsi1/lun<N>, NVMe (v6)
# sizes /dev/disk/azure/data/by-lun/<N>. Waits (bounded) for the udev link to appear.
data_disk() {
  local lun="$1" waited=0 p
  while [ "$waited" -le 120 ]; do
    for p in "$DISK_ROOT/scsi1/lun$lun" "$DISK_ROOT/data/by-lun/$lun"; do
      if [ -e "$p" ]; then
        printf '%s\n' "$p"
        return 0
      fi
    done
    sleep "$WAIT_STEP_SEC"
    waited=$((waited + WAIT_STEP_SEC))
  done
  die "no data disk at LUN $lun under $DISK_ROOT (scsi1/lun$lun or data/by-lun/$lun)"
}

sha256_of() { sha256sum | cut -d' ' -f1; }
