#!/bin/bash
# Bootstrap step "scheduled-events" (Linux, every node, after the cluster runs): installs the
# Scheduled Events agent as the systemd service azure-ha-cluster-scheduled-events, or removes it
# when software.scheduledEvents.enabled is false. Idempotent: files and the unit are rewritten
# only when they differ, the service is restarted only then.
#
# What the agent does and why: see the agent's header (Microsoft Learn, "Scheduled Events for
# Linux VMs"; ClusterLabs resource-agents heartbeat/azure-events-az.in).
set -euo pipefail

# @@PARAMS@@

# Paths can be moved under a root from the environment (tests point SE_ROOT at a temp dir).
: "${SE_ROOT:=}"
SE_UNIT=azure-ha-cluster-scheduled-events
AGENT_FILE="$SE_ROOT/usr/local/lib/azure-ha-cluster/scheduled-events-agent.py"
CONFIG_FILE="$SE_ROOT/etc/azure-ha-cluster/scheduled-events.json"
STATE_DIR="$SE_ROOT/var/lib/azure-ha-cluster/scheduled-events"
UNIT_FILE="$SE_ROOT/etc/systemd/system/$SE_UNIT.service"

log() { printf '%s [scheduled-events] %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*"; }
die() {
  log "ERROR: $*"
  exit 1
}

if [ "$(id -u)" -ne 0 ] && [ "${ALLOW_NON_ROOT:-0}" != "1" ]; then
  die "must run as root (the managed Run Command runs as root)"
fi

CHANGED=0
# write_if_changed FILE MODE: stdin becomes FILE when its content differs.
write_if_changed() {
  local file="$1" mode="$2" tmp
  mkdir -p "$(dirname "$file")"
  tmp="$(mktemp "$file.XXXXXX")"
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    log "unchanged: $file"
  else
    mv -f "$tmp" "$file"
    CHANGED=1
    log "written: $file"
  fi
}

if [ "$SE_ENABLED" != "1" ]; then
  # software.scheduledEvents.enabled: false: stop and remove what an earlier run installed.
  if [ -f "$UNIT_FILE" ]; then
    systemctl disable --now "$SE_UNIT" || log "could not stop $SE_UNIT (continuing)"
    rm -f "$UNIT_FILE" "$AGENT_FILE" "$CONFIG_FILE"
    systemctl daemon-reload
    log "removed: $SE_UNIT (scheduledEvents.enabled is false)"
  else
    log "unchanged: the agent is off and not installed"
  fi
  exit 0
fi

# The interpreter: python3, else RHEL 8's platform-python (the one dnf and waagent use there).
PYTHON=""
for p in python3 /usr/libexec/platform-python; do
  if command -v "$p" >/dev/null 2>&1; then
    PYTHON="$(command -v "$p")"
    break
  fi
done
[ -n "$PYTHON" ] || die "no python3 or /usr/libexec/platform-python on this image: the agent needs Python 3.6+"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 6) else 1)' ||
  die "$PYTHON is older than 3.6"

write_if_changed "$AGENT_FILE" 0755 <<'SE_AGENT_EOF'
# @@INCLUDE agent.py@@
SE_AGENT_EOF

printf '%s\n' "$SE_CONFIG" | write_if_changed "$CONFIG_FILE" 0600
mkdir -p "$STATE_DIR"
chmod 700 "$STATE_DIR"

write_if_changed "$UNIT_FILE" 0644 <<SE_UNIT_EOF
[Unit]
Description=azure-ha-cluster Scheduled Events agent: drains this node before Azure maintenance
Wants=network-online.target
After=network-online.target $SE_AFTER_UNITS

[Service]
Type=simple
ExecStart=$PYTHON ${AGENT_FILE#"$SE_ROOT"} --config ${CONFIG_FILE#"$SE_ROOT"}
Restart=always
RestartSec=5
SyslogIdentifier=$SE_UNIT

[Install]
WantedBy=multi-user.target
SE_UNIT_EOF

systemctl daemon-reload
systemctl enable "$SE_UNIT"
if [ "$CHANGED" = 1 ]; then
  systemctl restart "$SE_UNIT"
  log "restarted: $SE_UNIT"
else
  systemctl start "$SE_UNIT"
fi
systemctl is-active --quiet "$SE_UNIT" || die "$SE_UNIT is not active: journalctl -u $SE_UNIT"
log "active: $SE_UNIT (decisions: journalctl -u $SE_UNIT)"
