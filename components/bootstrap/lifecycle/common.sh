# Shared by the reboot and gate steps on Linux (included by the renderer, never run on its own).
#
# Why a reboot is its own step: once a managed Run Command's script has started, Azure never runs
# it again, even when the script reboots the machine (Azure VM runtime blog, "When will
# CustomScript extension re-execute my script?",
# https://devblogs.microsoft.com/azure-vm-runtime/when-will-customscript-extension-re-execute-my-script/).
# So no step waits for its own VM's reboot: reboot-<reason> schedules it and exits, an
# out-of-guest wait (time.Sleep) follows, and gate-<reason> checks the boot id changed.
#
# Markers (one per reason) under REBOOT_DIR:
#   <reason>.request  written by the step before (e.g. prepare after installing the product):
#                     "a reboot is needed"; consumed by reboot-<reason>.
#   <reason>.marker   written by reboot-<reason>: scheduled=0|1, boot_id=<id at scheduling>,
#                     after_hash=<hash of the preceding step>, at=<UTC time>.
#   <reason>.done     (mode "per-hash") the preceding step's hash this node last rebooted for.
: "${REBOOT_DIR:=/var/lib/azure-ha-cluster/reboot}"
: "${BOOT_ID_FILE:=/proc/sys/kernel/random/boot_id}"
: "${LOG_DIR:=/var/log/azure-ha-cluster}"
: "${CLP_BIN:=/opt/nec/clusterpro/bin}"
: "${WAIT_STEP_SEC:=5}"

mkdir -p "$REBOOT_DIR" "$LOG_DIR"
chmod 700 "$REBOOT_DIR"
LOG_FILE="$LOG_DIR/$STEP_NAME.log"
exec > >(tee -a "$LOG_FILE") 2>&1

log() { printf '%s [%s] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$STEP_NAME" "$*"; }
die() {
  log "ERROR: $*"
  exit 1
}

boot_id() { tr -d '\n' <"$BOOT_ID_FILE"; }

# Value of key=value in a marker file ("" when missing).
marker_get() {
  local file="$1" key="$2"
  [ -f "$file" ] || return 0
  sed -n "s/^$key=//p" "$file" | head -n 1
}

# CLUSTERPRO: the server that runs a group, from clpstat's group section ("current : <server>").
# The layout of clpstat's output is the product's default status display (Reference Guide,
# clpstat); when it cannot be read, the owner is "" and nothing is moved (the heartbeat timeout
# then fails the group over when the node goes down).
clp_group_owner() {
  "$CLP_BIN/clpstat" 2>/dev/null | awk -v g="$1" '
    $1 == g { ing = 1; next }
    ing && $1 == "current" { sub(/^[^:]*:[ \t]*/, ""); print; exit }
    ing && NF > 0 && $1 != "current" && $0 !~ /^[ \t]{5,}/ { ing = 0 }'
}
