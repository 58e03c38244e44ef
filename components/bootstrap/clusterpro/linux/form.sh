#!/bin/bash
# CLUSTERPRO X "push" (first node, after every node's license): builds clp.conf with clpcfset
# from the rendered plan (CLP_COMMANDS: one clpcfset call per entry, arguments TAB-separated;
# CLP_FILES: path/content pairs of the scripts the product runs) and applies it with
# `clpcfctrl --push` (flags per version). It never starts the cluster: NEC reboots every server
# after the push (clpcfset doc/windows/Shared-Disk.md; the iSCSI-cluster flow with a mirror disk),
# which the steps reboot-after-push / gate-after-push do one node at a time, and the step "start"
# then runs `clpcl -s -a`.
# Idempotent and safe to resume: an unchanged plan (hash kept) changes nothing; before pushing,
# the live configuration is pulled (`clpcfctrl --pull`) and compared, so a re-run after a failure
# between the push and the saved hash does not push again; and a push never goes to a running
# cluster (it is stopped first, `clpcl -t -a`).
set -euo pipefail
STEP_NAME=push
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

# Resume: the live configuration (pulled into $pulled) already equals this plan — a push that
# ran before its hash was saved. Then nothing is pushed again. A pull that fails or differs
# (including a product that rewrites clp.conf on pull) only means "push", never "push to a
# running cluster".
pulled="$STATE_DIR/pulled"
rm -rf "$pulled"
mkdir -p "$pulled"
same=0
if "$CLP_BIN/clpcfctrl" --pull "${PULL_FLAGS[@]}" -x "$pulled" >/dev/null 2>&1 &&
  [ -f "$pulled/clp.conf" ] && cmp -s "$pulled/clp.conf" clp.conf; then
  same=1
  for ((i = 0; i < ${#files[@]}; i += 2)); do
    cmp -s "$pulled/${files[i]}" "${files[i]}" || same=0
  done
fi
if [ "$same" = 1 ]; then
  log "the live configuration already equals this plan: not pushing again"
else
  # clpstat answers only while the cluster runs on this server (UNCONFIRMED exit codes; a stop
  # that fails while clpstat still answers stops this step).
  if "$CLP_BIN/clpstat" >/dev/null 2>&1; then
    log "the cluster is running: stopping it before the push (clpcl -t -a)"
    if ! "$CLP_BIN/clpcl" -t -a && "$CLP_BIN/clpstat" >/dev/null 2>&1; then
      die "clpcl -t -a failed and the cluster still runs: not pushing to a running cluster"
    fi
  fi
  log "applying: clpcfctrl ${PUSH_ARGS[*]}"
  "$CLP_BIN/clpcfctrl" "${PUSH_ARGS[@]}" || die "clpcfctrl ${PUSH_ARGS[*]} failed"
fi
printf '%s\n' "$hash" >"$STATE_DIR/form.sha256"
log "configuration of cluster $CLUSTER_NAME applied ($hash); reboot-after-push and start follow"
