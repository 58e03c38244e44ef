#!/bin/bash
# CLUSTERPRO X "prepare" (every node): install or verify the product, request the reboot it needs,
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
  # The guides reboot after installing (seed 001 "インストール完了後、OSの再起動"). This step never
  # reboots: it records the request; the step reboot-after-install reboots the node after it.
  mkdir -p "$REBOOT_DIR"
  printf 'CLUSTERPRO %s installed at %s\n' "$CLP_VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$REBOOT_DIR/after-install.request"
  log "reboot requested (reboot-after-install runs after this step)"
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

# --- 4. DNS topology: Azure CLI (unattended, from packages) and the service-principal certificate -
# Microsoft's package route per distro (MicrosoftDocs/azure-docs-cli, docs-ref-conceptual/
# LTS-version/includes/cli-install-linux-dnf.md, -apt.md, -zypper.md), every call non-interactive.
# NOT the install script seed 001 shows (`curl -L https://aka.ms/InstallAzureCli | bash`): it runs
# its installer with stdin from the terminal (Azure/azure-cli scripts/curl_install_pypi/install:
# `$install_script < $_TTY`, _TTY=/dev/tty) and a Run Command has no terminal. The packages put az
# at /usr/bin/az, the path seed 001's own settings table gives the Azure DNS resource (the install
# script would put it under ~/bin); README "Azure CLI on Linux" explains the choice.
: "${APT_KEYRING_DIR:=/etc/apt/keyrings}"
: "${APT_SOURCES_DIR:=/etc/apt/sources.list.d}"
: "${OS_RELEASE_FILE:=/etc/os-release}"
MS_KEY_URL=https://packages.microsoft.com/keys/microsoft.asc
install_azure_cli() {
  case "$PKG_MANAGER" in
    dnf)
      # RHEL 8: config/rhel/8, RHEL 9: config/rhel/9.0 (cli-install-linux-dnf.md, steps 1-3)
      [ -n "$AZ_CLI_REPO_RPM" ] || die "no Microsoft repository package is known for this OS; install the Azure CLI in the image"
      rpm --import "$MS_KEY_URL" || die "rpm --import $MS_KEY_URL failed"
      dnf install -y "$AZ_CLI_REPO_RPM" || die "dnf install -y $AZ_CLI_REPO_RPM failed"
      dnf install -y azure-cli || die "dnf install -y azure-cli failed"
      ;;
    apt)
      # cli-install-linux-apt.md, option 2 (step by step), with -y and no debconf prompts
      export DEBIAN_FRONTEND=noninteractive
      apt-get update || die "apt-get update failed"
      apt-get install -y apt-transport-https ca-certificates curl gnupg || die "apt-get install of the prerequisites failed"
      mkdir -p "$APT_KEYRING_DIR"
      curl -fsSL "$MS_KEY_URL" | gpg --batch --yes --dearmor -o "$APT_KEYRING_DIR/microsoft.gpg" ||
        die "cannot install Microsoft's signing key"
      chmod go+r "$APT_KEYRING_DIR/microsoft.gpg"
      # the suite is the release code name (the guide uses lsb_release -cs; os-release has it too)
      local suite
      # shellcheck source=/dev/null
      suite="$(. "$OS_RELEASE_FILE" && printf '%s' "${VERSION_CODENAME:-}")"
      [ -n "$suite" ] || die "no VERSION_CODENAME in $OS_RELEASE_FILE"
      printf 'Types: deb\nURIs: https://packages.microsoft.com/repos/azure-cli/\nSuites: %s\nComponents: main\nArchitectures: %s\nSigned-by: %s\n' \
        "$suite" "$(dpkg --print-architecture)" "$APT_KEYRING_DIR/microsoft.gpg" >"$APT_SOURCES_DIR/azure-cli.sources"
      apt-get update || die "apt-get update failed"
      apt-get install -y azure-cli || die "apt-get install -y azure-cli failed"
      ;;
    zypper)
      # SLES: Marketplace images already carry it; otherwise SUSE's own package
      # (cli-install-linux-zypper.md: Microsoft's SLES repository stops at 2.38.2 and prompts)
      zypper --non-interactive install azure-cli || die "zypper install azure-cli failed"
      ;;
    *) die "no package route for the Azure CLI with package manager $PKG_MANAGER" ;;
  esac
}
if [ "$DNS_TOPOLOGY" = 1 ]; then
  if [ -x "$AZ_PATH" ]; then
    log "Azure CLI present at $AZ_PATH"
  else
    log "installing the Azure CLI (package azure-cli, $PKG_MANAGER)"
    install_azure_cli </dev/null
    [ -x "$AZ_PATH" ] || die "Azure CLI not found at $AZ_PATH after installing the package azure-cli (software.azureCliPath)"
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
