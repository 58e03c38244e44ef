/**
 * Friendly OS names and the Azure Marketplace images behind them.
 *
 * Images are Gen2 (Trusted Launch capable) platform images. `version` defaults to "latest";
 * pin `vm.imageVersion` for reproducible environments (images change under templates).
 */

/** The OS names `vm.os` accepts. */
export const OS_NAMES = [
  "windows-2019",
  "windows-2022",
  "windows-2025",
  "rhel-8",
  "rhel-9",
  "ubuntu-22.04",
  "ubuntu-24.04",
  "sles-15",
] as const;

/** A friendly OS name. */
export type OsName = (typeof OS_NAMES)[number];

/** The OS family, which decides the bootstrap language and defaults. */
export type OsFamily = "windows" | "linux";

/** An Azure Marketplace image reference. */
export interface ImageReference {
  /** Image publisher, e.g. "RedHat". */
  publisher: string;
  /** Image offer, e.g. "RHEL". */
  offer: string;
  /** Image SKU, e.g. "9-lvm-gen2". */
  sku: string;
  /** Image version; "latest" unless pinned with `vm.imageVersion`. */
  version: string;
}

const IMAGES: Record<OsName, Omit<ImageReference, "version">> = {
  "windows-2019": {
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2019-datacenter-gensecond",
  },
  "windows-2022": {
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2022-datacenter-g2",
  },
  "windows-2025": {
    publisher: "MicrosoftWindowsServer",
    offer: "WindowsServer",
    sku: "2025-datacenter-g2",
  },
  "rhel-8": { publisher: "RedHat", offer: "RHEL", sku: "8-lvm-gen2" },
  "rhel-9": { publisher: "RedHat", offer: "RHEL", sku: "9-lvm-gen2" },
  "ubuntu-22.04": {
    publisher: "Canonical",
    offer: "0001-com-ubuntu-server-jammy",
    sku: "22_04-lts-gen2",
  },
  "ubuntu-24.04": { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server" },
  "sles-15": { publisher: "SUSE", offer: "sles-15-sp6", sku: "gen2" },
};

/** The family of a friendly OS name. */
export function osFamily(os: OsName): OsFamily {
  return os.startsWith("windows-") ? "windows" : "linux";
}

/** The Marketplace image for a friendly OS name. */
export function imageFor(os: OsName, version = "latest"): ImageReference {
  return { ...IMAGES[os], version };
}

/** The Linux package manager family of a friendly OS name (bootstrap uses it). */
export function linuxPackageManager(os: OsName): "dnf" | "apt" | "zypper" | undefined {
  if (os.startsWith("rhel-")) return "dnf";
  if (os.startsWith("ubuntu-")) return "apt";
  if (os.startsWith("sles-")) return "zypper";
  return undefined;
}

/** The Windows Server major release of a friendly OS name, e.g. 2022. */
export function windowsRelease(os: OsName): number | undefined {
  const m = /^windows-(\d{4})$/.exec(os);
  return m ? Number(m[1]) : undefined;
}
