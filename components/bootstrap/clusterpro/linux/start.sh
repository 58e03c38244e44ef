#!/bin/bash
# CLUSTERPRO X "start" (first node, after every node's gate-after-push): starts the cluster
# (`clpcl -s -a`, S5 HowTo) unless it runs already, and waits, bounded, until every failover group
# is online (clpstat's group status line "<group> ...: Online").
set -euo pipefail
STEP_NAME=start
# @@PARAMS@@
# @@INCLUDE common.sh@@

require_root
clp_installed || die "CLUSTERPRO is not installed at $CLP_BIN"
online() { "$CLP_BIN/clpstat" 2>/dev/null | grep -Eq "^[[:space:]]*$1[[:space:].]*:[[:space:]]*Online"; }
all_online() {
  local g
  for g in "${CLP_GROUPS[@]}"; do online "$g" || return 1; done
}
if all_online; then
  log "cluster $CLUSTER_NAME runs, groups online: nothing to do"
  exit 0
fi
if ! "$CLP_BIN/clpstat" >/dev/null 2>&1; then
  log "starting the cluster: clpcl -s -a"
  "$CLP_BIN/clpcl" -s -a || die "clpcl -s -a failed"
fi
deadline=$((SECONDS + START_TIMEOUT_SEC))
until all_online; do
  [ "$SECONDS" -lt "$deadline" ] || die "groups ${CLP_GROUPS[*]} not online within ${START_TIMEOUT_SEC} s (see clpstat)"
  sleep "$WAIT_STEP_SEC"
done
log "cluster $CLUSTER_NAME started, groups online: ${CLP_GROUPS[*]}"
