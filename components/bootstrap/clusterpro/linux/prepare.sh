#!/bin/bash
# CLUSTERPRO X "prepare" (every node): install or verify the product, plan the reboot it needs,
# open the firewall, partition the mirror disk, and (DNS topology) install the Azure CLI and place
# the service-principal certificate. Idempotent: every change is preceded by a check.
set -euo pipefail
STEP_NAME=prepare
# @@PARAMS@@
# @@INCLUDE common.sh@@

require_root
log "node $(hostname): CLUSTERPRO $CLP_VERSION prepare"

# --- 1. the product ---------------------------------------------------------------------------
if clp_installed; then
  log "CLUSTERPRO is installed ($CLP_BIN)"
elif [ -n "${INSTALLER_URL:-}" ]; then
  pkg_dir="$STATE_DIR/pkg"
  mkdir -p "$pkg_dir"
  case "$PKG_MANAGER" in
    apt) pkg="$pkg_dir/clusterpro.deb" ;;
    *) pkg="$pkg_dir/clusterpro.rpm" ;;
  esac
  log "downloading the CLUSTERPRO package (URL from the protected parameter INSTALLER_URL)"
  curl -fsSL --retry 5 -o "$pkg" "$INSTALLER_URL" || die "download of the CLUSTERPRO package failed"
  log "installing $pkg"
  case "$PKG_MANAGER" in
    apt) dpkg -i "$pkg" || die "dpkg -i $pkg failed" ;;
    *) rpm -i "$pkg" || die "rpm -i $pkg failed" ;;
  esac
  rm -f "$pkg"
  clp_installed || die "the package installed, but $CLP_BIN/clpcl is missing"
  # The guides reboot after installing (seed 001 "インストール完了後、OSの再起動"). Never reboot under
  # this Run Command: schedule it; the next step (await-ready) waits for the new boot.
  boot_id >"$STATE_DIR/reboot-pending"
  log "scheduling the reboot the product needs (in 1 minute); await-ready waits for it"
  shutdown -r +1 "azure-ha-cluster: reboot after installing CLUSTERPRO"
else
  die "CLUSTERPRO is not installed ($CLP_BIN/clpcl missing) and no installerUrl was given: set software.installerUrl or use an image with CLUSTERPRO installed"
fi

# --- 2. firewall: product ports, the LB probe port and the business ports -----------------------
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  changed=0
  for spec in "${FW_TCP[@]/%//tcp}" "${FW_UDP[@]/%//udp}"; do
    if ! firewall-cmd --permanent --query-port="$spec" >/dev/null 2>&1; then
      firewall-cmd --permanent --add-port="$spec" >/dev/null
      log "firewalld: opened $spec"
      changed=1
    fi
  done
  if [ "$changed" = 1 ]; then firewall-cmd --reload >/dev/null; fi
elif command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
  for p in "${FW_TCP[@]}"; do ufw allow "${p/-/:}/tcp" >/dev/null; done
  for p in "${FW_UDP[@]}"; do ufw allow "${p/-/:}/udp" >/dev/null; done
  log "ufw: allowed tcp ${FW_TCP[*]} udp ${FW_UDP[*]}"
else
  log "no active firewalld/ufw: nothing to open (the NSG still filters)"
fi

# --- 3. mirror disk: cluster partition + data partition, by LUN; no mkfs, no fstab ---------------
disk="$(data_disk "$DATA_DISK_LUN")"
if [ -e "${disk}-part1" ] && [ -e "${disk}-part2" ]; then
  log "mirror disk $disk is already partitioned"
elif [ -e "${disk}-part1" ] || [ -e "${disk}-part2" ]; then
  die "$disk has an unexpected partition layout; refusing to repartition it (expected none or part1+part2)"
else
  if blkid -p "$disk" >/dev/null 2>&1; then
    die "$disk carries a file system or partition table signature; refusing to overwrite it"
  fi
  cp_end_mib=$((1 + CLUSTER_PARTITION_GB * 1024))
  log "partitioning $disk: cluster partition ${CLUSTER_PARTITION_GB} GiB + data partition (formatted by CLUSTERPRO's initial mkfs)"
  parted -s "$disk" mklabel gpt mkpart clpcluster 1MiB "${cp_end_mib}MiB" mkpart clpdata "${cp_end_mib}MiB" 100%
  partprobe "$disk" || true
  udevadm settle || true
  waited=0
  until [ -e "${disk}-part1" ] && [ -e "${disk}-part2" ]; do
    [ "$waited" -lt 60 ] || die "partitions of $disk did not appear"
    sleep "$WAIT_STEP_SEC"
    waited=$((waited + WAIT_STEP_SEC))
  done
fi

# --- 4. DNS topology: Azure CLI (seed 001's way) and the service-principal certificate -----------
if [ "$DNS_TOPOLOGY" = 1 ]; then
  if [ -x "$AZ_PATH" ]; then
    log "Azure CLI present at $AZ_PATH"
  else
    # Seed 001: "必ず以下の方法でインストールしてください" — `curl -L https://aka.ms/InstallAzureCli | bash`,
    # other methods break the Azure DNS resource. The script prompts on a terminal; a Run Command
    # has none, so its stdin is /dev/null and it takes its defaults (as Azure/sap-hana#1237 does;
    # Azure/azure-cli#23522 shows the failure with a tty-less pipe).
    log "installing the Azure CLI with https://aka.ms/InstallAzureCli (seed 001)"
    case "$PKG_MANAGER" in
      dnf) dnf install -y gcc libffi-devel python3-devel openssl-devel >/dev/null ;;
      apt) DEBIAN_FRONTEND=noninteractive apt-get install -y gcc libffi-dev python3-dev libssl-dev >/dev/null ;;
      zypper) zypper --non-interactive install gcc libffi-devel python3-devel libopenssl-devel >/dev/null ;;
    esac
    installer="$STATE_DIR/InstallAzureCli"
    curl -fsSL -o "$installer" https://aka.ms/InstallAzureCli || die "cannot download https://aka.ms/InstallAzureCli"
    bash "$installer" </dev/null || die "the Azure CLI install script failed"
    rm -f "$installer"
    if [ ! -x "$AZ_PATH" ] && [ -x /root/bin/az ]; then ln -s /root/bin/az "$AZ_PATH"; fi
    [ -x "$AZ_PATH" ] || die "Azure CLI not found at $AZ_PATH after the install script"
  fi
  [ -n "${SP_CERT_PEM:-}" ] || die "the protected parameter SP_CERT_PEM (dns.updater.certificatePem) is empty"
  pem="$PEM_DIR/$PEM_FILE"
  mkdir -p "$PEM_DIR"
  chmod 700 "$PEM_DIR"
  want="$(printf '%s\n' "$SP_CERT_PEM" | sha256_of)"
  have=""
  if [ -f "$pem" ]; then have="$(sha256_of <"$pem")"; fi
  if [ "$want" != "$have" ]; then
    (umask 077 && printf '%s\n' "$SP_CERT_PEM" >"$pem.tmp")
    mv -f "$pem.tmp" "$pem"
    log "service-principal certificate written to $pem (root only)"
  else
    log "service-principal certificate at $pem is current"
  fi
  chmod 600 "$pem"
fi

date -u +%Y-%m-%dT%H:%M:%SZ >"$STATE_DIR/prepare-done"
log "prepare done"
