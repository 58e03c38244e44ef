#!/bin/bash
# CLUSTERPRO X "form" (first node, after every node is ready): builds clp.conf with clpcfset
# from the rendered plan (CLP_COMMANDS: one clpcfset call per entry, arguments TAB-separated;
# CLP_FILES: path/content pairs of the scripts the product runs), applies it with
# `clpcfctrl --push` (flags per version) and starts the cluster.
# Idempotent: the plan's hash (after runtime values are filled in) is kept; an unchanged plan
# changes nothing — no clpcfset, no push, no restart.
set -euo pipefail
STEP_NAME=form
# @@PARAMS@@
# @@INCLUDE common.sh@@

require_root
clp_installed || die "CLUSTERPRO is not installed at $CLP_BIN"
[ -x "$CLP_BIN/clpcfset" ] || die "$CLP_BIN/clpcfset missing: CLUSTERPRO X 4.3 or later is required"

# Runtime values (Run Command parameters = environment variables, see common.sh).
disk="$(data_disk "$DATA_DISK_LUN")"
plan_text="$(printf '%s\n' "${CLP_COMMANDS[@]}" "${CLP_FILES[@]}")"
if [[ "$plan_text" == *@PUBLIC_IP@* ]] && [ -z "${PUBLIC_IP:-}" ]; then
  die "the parameter PUBLIC_IP (the public LB frontend address) is empty"
fi
if [[ "$plan_text" == *@DNS_RESOURCE_GROUP@* ]] && [ -z "${DNS_RESOURCE_GROUP:-}" ]; then
  die "the parameter DNS_RESOURCE_GROUP (the DNS zone's resource group) is empty"
fi
fill() {
  local s="$1"
  s="${s//@DATA_DISK@/$disk}"
  s="${s//@PUBLIC_IP@/${PUBLIC_IP:-}}"
  s="${s//@DNS_RESOURCE_GROUP@/${DNS_RESOURCE_GROUP:-}}"
  printf '%s' "$s"
}

commands=()
for c in "${CLP_COMMANDS[@]}"; do commands+=("$(fill "$c")"); done
files=()
for f in "${CLP_FILES[@]}"; do files+=("$(fill "$f")"); done

hash="$({
  printf '%s\n' "${commands[@]}"
  printf '%s\n' "${files[@]}"
  printf '%s\n' "${PUSH_ARGS[*]}"
} | sha256_of)"
applied=""
if [ -f "$STATE_DIR/form.sha256" ]; then applied="$(cat "$STATE_DIR/form.sha256")"; fi
if [ "$hash" = "$applied" ]; then
  log "configuration $hash already applied; nothing to do"
  exit 0
fi

conf="$STATE_DIR/conf"
rm -rf "$conf"
mkdir -p "$conf"
cd "$conf"
log "building clp.conf in $conf (${#commands[@]} clpcfset calls)"
for c in "${commands[@]}"; do
  IFS=$'\t' read -r -a args <<<"$c"
  "$CLP_BIN/clpcfset" "${args[@]}" >/dev/null || die "clpcfset ${args[*]} failed"
done
for ((i = 0; i < ${#files[@]}; i += 2)); do
  rel="${files[i]}"
  mkdir -p "$(dirname "$rel")"
  printf '%s' "${files[i + 1]}" >"$rel"
  chmod 755 "$rel"
  log "wrote $rel"
done
if [ -f clp.conf ]; then
  log "generated clp.conf sha256 $(sha256_of <clp.conf)"
fi

if [ -n "$applied" ]; then
  log "configuration changed since the last apply: stopping the cluster before the push"
  "$CLP_BIN/clpcl" -t -a || die "clpcl -t -a failed"
fi
log "applying: clpcfctrl ${PUSH_ARGS[*]}"
"$CLP_BIN/clpcfctrl" "${PUSH_ARGS[@]}" || die "clpcfctrl ${PUSH_ARGS[*]} failed"
log "starting the cluster: clpcl -s -a"
"$CLP_BIN/clpcl" -s -a || die "clpcl -s -a failed"
printf '%s\n' "$hash" >"$STATE_DIR/form.sha256"
log "cluster $CLUSTER_NAME formed"
