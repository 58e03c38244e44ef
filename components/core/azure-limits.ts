/**
 * What Azure, Windows / Active Directory and the cluster products impose, each with its source:
 * naming rules, tag limits, reserved admin names, shared-disk shares, zonal regions, NIC limits,
 * patchable images, DNS name rules, NSG source prefixes, node counts, the CLUSTERPRO version
 * range and the Run Command script budget. Pure data and predicates; `validate/` applies them.
 *
 * The package's own limits (list maxima, clusters per file, safe-character rules for paths)
 * are in `limits.ts`.
 */
import { canonicalCidr, isIpv4, isNetworkAddress, parseCidr } from "./addressing";

const AZURE_NAMING = "Microsoft Learn, 'Naming rules and restrictions for Azure resources'";

// ---- node counts ---------------------------------------------------------------------------

/** Node-count limits per product, each with its source. */
export const NODE_LIMITS = {
  wsfc: {
    max: 64,
    source:
      "Microsoft Failover Clustering team, 'Planning Failover Cluster Node Sizing' (techcommunity.microsoft.com/blog/failoverclustering/planning-failover-cluster-node-sizing/371981): up to 64 nodes per cluster since Windows Server 2012",
  },
  clusterproMirror: {
    exactly: 2,
    source:
      "NEC CLUSTERPRO X: a mirror disk (md) resource mirrors between exactly two servers; NEC's 3-node samples use a hybrid disk, which this package does not build",
  },
} as const;

// ---- Azure resource names ------------------------------------------------------------------

/** VNet: 2–64 alphanumerics, '_', '.', '-'; starts alphanumeric; ends alphanumeric or '_'. */
export const VNET_NAME = {
  re: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])$/,
  rule: `2–64 letters, digits, '_', '.', '-', starting with a letter or digit and ending with a letter, digit or '_' (${AZURE_NAMING}, Microsoft.Network/virtualNetworks)`,
};

/** Subnet: 1–80 alphanumerics, '_', '.', '-'; starts alphanumeric; ends alphanumeric or '_'. */
export const SUBNET_NAME = {
  re: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/,
  rule: `1–80 letters, digits, '_', '.', '-', starting with a letter or digit and ending with a letter, digit or '_' (${AZURE_NAMING}, virtualNetworks/subnets)`,
};

/** NSG names derive from the cluster name: `<name>-nsg`, 1–80 characters (same rule as subnets). */
export const NSG_NAME_MAX = 80;

/** A subnet resource id. */
export const SUBNET_ID = {
  re: /^\/subscriptions\/[A-Za-z0-9-]{1,64}\/resourceGroups\/[A-Za-z0-9._()-]{1,90}\/providers\/Microsoft\.Network\/virtualNetworks\/[A-Za-z0-9_.-]{2,64}\/subnets\/[A-Za-z0-9_.-]{1,80}$/,
  rule: "expected /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
};

/** The tail of a subnet id that names its VNet (a private DNS zone links to that VNet). */
export const SUBNET_ID_VNET_TAIL = /\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;

/** Resource group: 1–90 letters, digits, '_', '-', '.', '(', ')', not ending in '.' (same naming rules). */
export function isResourceGroupName(s: string): boolean {
  return /^[A-Za-z0-9._()-]{1,90}$/.test(s) && !s.endsWith(".");
}

/** The smallest subnet Azure creates: /29 (prefixes /2 to /29; no source cited yet). */
export const SUBNET_MAX_PREFIX = 29;

/** VM size: `Standard_…` or `Basic_…` (Microsoft Learn, "Sizes for virtual machines in Azure"). */
export const VM_SIZE = {
  re: /^(Standard|Basic)_[A-Za-z0-9_]{1,60}$/,
  rule: "expected an Azure VM size such as Standard_D2s_v5 (Standard_… or Basic_…, letters, digits, '_'; Microsoft Learn, 'Sizes for virtual machines in Azure')",
};

/** Azure region names: lowercase letters and digits (e.g. japaneast), as `az account list-locations` prints them. */
export const LOCATION = {
  re: /^[a-z][a-z0-9]{1,39}$/,
  rule: "expected an Azure region name such as japaneast (lowercase, no spaces; `az account list-locations -o table`)",
};

/** Image version: `latest` or Major.Minor.Build (Microsoft Learn, "Find and use Azure Marketplace VM images"). */
export const IMAGE_VERSION = {
  re: /^(latest|\d{1,10}\.\d{1,10}\.\d{1,12})$/,
  rule: "expected latest or an image version Major.Minor.Build such as 20348.2849.241106",
};

/** Public IP DNS label: 3–63 lowercase letters, digits and hyphens, starting with a letter. */
export const PUBLIC_IP_DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** A GUID (tenant, application and object ids). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A role definition id: /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>. */
export const ROLE_DEFINITION_ID =
  /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---- computers and accounts ----------------------------------------------------------------

/**
 * Computer (VM host) names: letters, digits and hyphens, not all digits, no leading or trailing
 * hyphen; Windows at most 15 (NetBIOS), Linux at most 63 (Microsoft Learn, "Naming rules and
 * restrictions for Azure resources", Microsoft.Compute/virtualMachines computerName).
 */
export const COMPUTER_NAME = {
  maxLength: { windows: 15, linux: 63 },
  re: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
};

/** Whether `name` is a computer name for the OS family (Windows rules when unknown). */
export function isComputerName(name: string, maxLength: number): boolean {
  return COMPUTER_NAME.re.test(name) && name.length <= maxLength && !/^\d+$/.test(name);
}

/** A WSFC cluster name is a NetBIOS computer name: 1–15 letters, digits, hyphens. */
export const NETBIOS_NAME = /^[A-Za-z0-9-]{1,15}$/;

/**
 * Admin user names (Microsoft Learn, compute OSProfile.adminUsername): Linux 1–64 characters,
 * Windows at most 20 and not ending in '.'; both refuse these names.
 */
export const ADMIN_USER = {
  maxLength: { linux: 64, windows: 20 },
  reserved: new Set(
    (
      "administrator admin user user1 test user2 test1 user3 admin1 1 123 a actuser adm admin2 " +
      "aspnet backup console david guest john owner root server sql support support_388945a0 sys " +
      "test2 test3 user4 user5"
    ).split(" "),
  ),
  source:
    "Microsoft Learn, OSProfile.adminUsername (learn.microsoft.com/javascript/api/@azure-rest/arm-compute/osprofile)",
};

/**
 * Domain join user: `user`, `DOMAIN\user` (NetBIOS domain ≤ 15) or `user@domain.tld`; the
 * sAMAccountName part ≤ 20 characters without " / \ [ ] : ; | = , + * ? < > (Microsoft Learn,
 * "sAMAccountName attribute"; Active Directory naming conventions).
 */
export const JOIN_USER = {
  re: /^(?:(?:[A-Za-z0-9][A-Za-z0-9-]{0,14}\\)?[A-Za-z0-9._-]{1,20}|[A-Za-z0-9._-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/,
  rule: "expected user, DOMAIN\\user or user@corp.example.com (letters, digits, '.', '_', '-'; the user part ≤ 20 characters)",
};

/** An OpenSSH public key line as Azure accepts it in linuxConfiguration.ssh.publicKeys. */
export const SSH_PUBLIC_KEY =
  /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/;

// ---- tags ------------------------------------------------------------------------------------

/**
 * Azure tag limits (Microsoft Learn, "Use tags to organize your Azure resources", Limitations):
 * 50 tags per resource; names ≤ 512 characters (≤ 128 on storage accounts); values ≤ 256; names
 * cannot contain < > % & \ ? /. The components stamp up to `ownTags` of their own (ha-cluster*).
 */
export const TAGS = {
  perResource: 50,
  ownTags: 10,
  keyMax: 512,
  keyMaxStorage: 128,
  valueMax: 256,
  keyForbidden: /[<>%&\\?/]/,
  reservedPrefix: /^ha-cluster/i,
  source:
    "Microsoft Learn, 'Use tags to organize your Azure resources and management hierarchy' (Limitations)",
} as const;

// ---- DNS names -------------------------------------------------------------------------------

/** A DNS name has at most 253 characters (RFC 1035, without the trailing dot). */
export const DNS_NAME_MAX = 253;

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** An Azure DNS record name: one label (letters, digits, hyphens, '_'), or "@" for the apex. */
export const DNS_RECORD_NAME = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/** A valid DNS zone name: at least two labels, each 1–63 characters. */
export function isDnsZoneName(s: string): boolean {
  const labels = s.replace(/\.$/, "").split(".");
  return labels.length >= 2 && s.length <= DNS_NAME_MAX && labels.every((l) => DNS_LABEL.test(l));
}

/** A DNS host name (RFC 1123 labels) or an IPv4 address; ≤ 253 characters. */
export function isHostName(s: string): boolean {
  if (s.length > DNS_NAME_MAX) return false;
  return s
    .replace(/\.$/, "")
    .split(".")
    .every((l) => /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/.test(l));
}

/** A DNS suffix: two or more RFC 1123 labels, ≤ 253 characters (e.g. corp.local). */
export function isDnsSuffix(s: string): boolean {
  return isHostName(s) && s.replace(/\.$/, "").split(".").length >= 2 && !/^[\d.]+$/.test(s);
}

/** An Active Directory DNS domain name: two or more labels of letters, digits and hyphens. */
export function isDomainName(s: string): boolean {
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(s) && isDnsSuffix(s);
}

// ---- NSG sources and management ports --------------------------------------------------------

/** An NSG service tag such as VirtualNetwork, Internet or Storage.JapanEast. */
export const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;

const SOURCE_SHAPE =
  "expected a CIDR, an IPv4 address, * or a service tag such as VirtualNetwork or Internet";

/** Why an NSG source prefix is wrong (CIDR, IPv4, * or service tag), or undefined when valid. */
export function sourcePrefixProblem(s: string): string | undefined {
  const cidr = parseCidr(s);
  if (!(s === "*" || isIpv4(s) || cidr !== undefined || SERVICE_TAG.test(s))) return SOURCE_SHAPE;
  if (cidr && !isNetworkAddress(cidr))
    return `has host bits set; did you mean ${canonicalCidr(cidr)}?`;
  return undefined;
}

/** Ports that manage a node: SSH, RDP, WinRM HTTP/HTTPS. */
export const MANAGEMENT_PORTS: Record<number, string> = {
  22: "SSH",
  3389: "RDP",
  5985: "WinRM",
  5986: "WinRM over HTTPS",
};

/** True for NSG sources that mean "anyone on the Internet". */
export function isInternetWide(source: string): boolean {
  const s = source.trim().toLowerCase();
  if (s === "*" || s === "internet" || s === "any") return true;
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(s);
  return m !== null && Number(m[2]) < 8;
}

// ---- disks -----------------------------------------------------------------------------------

/** Max shares of an Azure shared disk by SKU and size (Microsoft Learn, "Share an Azure managed disk"). */
export function maxSharesLimit(sku: string, sizeGb: number): number {
  if (sku === "UltraSSD_LRS" || sku === "PremiumV2_LRS") return 15;
  if (sizeGb <= 512) return 3;
  if (sizeGb <= 4096) return 5;
  return 10;
}

// ---- regions ---------------------------------------------------------------------------------

/**
 * Azure regions with availability zones (Microsoft Learn, "Azure regions with availability zone
 * support", 2025). A region missing here is treated as non-zonal: validation refuses zones there
 * and the public IP defaults to non-zonal unless `zoneRedundant: true` is set.
 */
const ZONAL_REGIONS = new Set([
  "australiaeast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "canadacentral",
  "centralindia",
  "centralus",
  "chilecentral",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "koreacentral",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "uaenorth",
  "uksouth",
  "westeurope",
  "westus2",
  "westus3",
  "usgovvirginia",
  "chinanorth3",
]);

/** The source of the zonal-region list, as messages cite it. */
export const ZONES_SOURCE =
  "Microsoft Learn, 'Azure regions with availability zone support' (regions.ts)";

/** True when the region has availability zones. */
export function regionHasZones(location: string): boolean {
  return ZONAL_REGIONS.has(location.toLowerCase().replace(/\s+/g, ""));
}

// ---- VM sizes --------------------------------------------------------------------------------

/**
 * VM sizes documented with one NIC only. A WSFC interconnect gives every node a second NIC, so
 * the size must allow two. Most sizes do (Dsv5, Dsv3, Bv1: "2 - 8 NICs"). Source: Microsoft
 * Learn, VM sizes, DCsv2-series specifications ("Network | 1 NICs"),
 * MicrosoftDocs/azure-compute-docs articles/virtual-machines/sizes/general-purpose/includes/
 * dcsv2-series-specs.md. A size missing here is not refused; Azure refuses it at creation.
 */
export const ONE_NIC_VM_SIZES: readonly string[] = [
  "Standard_DC1s_v2",
  "Standard_DC2s_v2",
  "Standard_DC4s_v2",
  "Standard_DC8_v2",
];

/** Whether a size is known to allow only one NIC (case-insensitive, as Azure compares). */
export function allowsOnlyOneNic(size: string): boolean {
  return ONE_NIC_VM_SIZES.some((s) => s.toLowerCase() === size.toLowerCase());
}

// ---- guest patching ----------------------------------------------------------------------------

/**
 * The supported-images list of Microsoft Learn "Automatic Guest Patching for Azure Virtual
 * Machines and Scale Sets" (MicrosoftDocs/azure-compute-docs articles/virtual-machines/
 * automatic-vm-guest-patching.md, "Supported Windows Images (non-Hotpatchable)", "Supported Linux
 * Images"), restricted to the images `os.ts` offers plus their nearest neighbours, as
 * publisher/offer/SKU (compared case-insensitively: the doc writes "Redhat", the Marketplace
 * "RedHat"). Images of this package NOT on the list (so not AutomaticByPlatform): windows-2025
 * (MicrosoftWindowsServer/WindowsServer/2025-datacenter-g2; the list has 2025-datacenter, -core,
 * -smalldisk and the azure-edition SKUs, not -g2) and sles-15 (SUSE/sles-15-sp6/gen2; the list
 * has sles-15-sp2 and sles-sap-15-sp4/sp5 only).
 */
export const AUTOMATIC_BY_PLATFORM_IMAGES: readonly (readonly [string, string, string])[] = [
  ["MicrosoftWindowsServer", "WindowsServer", "2019-datacenter-gensecond"],
  ["MicrosoftWindowsServer", "WindowsServer", "2019-Datacenter"],
  ["MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-g2"],
  ["MicrosoftWindowsServer", "WindowsServer", "2022-datacenter"],
  ["MicrosoftWindowsServer", "WindowsServer", "2025-datacenter"],
  ["MicrosoftWindowsServer", "WindowsServer", "2025-datacenter-azure-edition"],
  ["Redhat", "RHEL", "8-lvm-gen2"],
  ["Redhat", "RHEL", "9-lvm-gen2"],
  ["Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"],
  ["Canonical", "ubuntu-24_04-lts", "server"],
  ["SUSE", "sles-15-sp2", "gen2"],
];

// ---- Run Command ---------------------------------------------------------------------------------

/**
 * The budget of one inline Run Command script: 256 KiB. The Linux handler declares
 * `maxScriptSize = 256 * 1024` (Azure/run-command-handler-linux internal/cmds/cmds.go); the
 * classic Run Command documents the same limit for its base64 script (shared/PULUMI-NOTES.md).
 * Equal to `MAX_SCRIPT_BYTES` of bootstrap/render.ts (a test pins them together).
 */
export const RUN_COMMAND_SCRIPT_MAX_BYTES = 256 * 1024;

// ---- CLUSTERPRO ------------------------------------------------------------------------------

/** Supported CLUSTERPRO versions (clpcfset exists since 4.3; 5.1+ needs clpcfadm.py). */
export const CLUSTERPRO_MIN = [4, 3] as const;
export const CLUSTERPRO_MAX = [5, 0] as const;

/** CLUSTERPRO version as written: digits and dots only. */
export const VERSION_TEXT = /^\d+\.\d+(?:\.\d+)*$/;

/** Parses "4.3", "5.0", "5.0.2" into [major, minor]. */
export function parseVersion(v: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.\d+)*$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Compares two [major, minor] versions: < 0, 0, > 0. */
export function compareVersion(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * CLUSTERPRO cluster name (the argument of `clpcfset create`). UNCONFIRMED: NEC leaves the
 * characters a name may hold to the Reference Guide ("Please refer to EXPRESSCLUSTER Reference
 * Guide for the character strings that can be specified or not allowed": EXPRESSCLUSTER/
 * CreateClusterOnLinux CommandParameters_en.md; the same note in doc/jp/ClusterParameters_*_jp.md),
 * which is not public in a form searched here (searched: the docs, pages and code corpora for
 * CLUSTERPRO/EXPRESSCLUSTER cluster-name rules in English and Japanese, EXPRESSCLUSTER/clpcfset,
 * EXPRESSCLUSTER/CreateClusterOnLinux). So a conservative subset of what Cluster WebUI takes:
 * 1–31 ASCII letters, digits, '-' and '_', starting with a letter.
 */
export const CLUSTERPRO_CLUSTER_NAME = {
  re: /^[A-Za-z][A-Za-z0-9_-]{0,30}$/,
  rule: "expected 1–31 letters, digits, '-', '_', starting with a letter (a conservative subset of CLUSTERPRO's cluster-name rules)",
};
