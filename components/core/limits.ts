/**
 * Limits and the shapes of free-text fields: what Azure, Windows and the cluster products accept,
 * each with its source, and the package's own list maxima (which keep every rendered script under
 * the 256 KB Run Command budget). Pure: `validate.ts` applies them to a cluster entry and
 * `config.ts` across the clusters of one file.
 *
 * Free-text fields reach scripts that CLUSTERPRO and WSFC run as root/SYSTEM, so each is held to
 * what it is (a host name, an absolute path of safe characters, a name) before any quoting.
 */

// ---- list maxima (this package's; documented in types.ts and the README) ------------------

/**
 * The longest lists a cluster entry may hold. Each renders into scripts (firewall ports, ping
 * targets, node lists), and `test/hardening.test.ts` renders a cluster at every maximum to prove
 * each script stays under the 256 KB Run Command budget.
 */
export const LIST_MAX = {
  /** Windows Server Failover Clustering: at most 64 nodes (see NODE_LIMITS). */
  nodes: 64,
  /** Ping NP targets: a few always-on hosts; more only lengthens every failover check. */
  pingTargets: 16,
  /** DNS topology business ports (one NSG rule and one firewall rule each). */
  clientPorts: 100,
  /** NSG source prefixes of the business ports. */
  clientSources: 100,
  /** Load-balancing rules (Azure allows 1,500 per Standard LB; each opens a firewall port). */
  lbRules: 100,
  /** Shared disks: one LUN each, LUNs 0–63. */
  sharedDisks: 32,
  /** SSH public keys of the admin user. */
  sshPublicKeys: 20,
  /** Clusters in one stack file (see MAX_CLUSTERS). */
  clusters: 100,
} as const;

/**
 * Clusters one `plan` run accepts. Measured (`npm run bench`): about 35 MiB of heap per cluster
 * under the mocks; 100 clusters fit in a 4 GiB heap, which the planner sizes itself (cli/heap.ts).
 */
export const MAX_CLUSTERS = LIST_MAX.clusters;

// ---- node counts ---------------------------------------------------------------------------

/** Node-count limits per product, each with its source. */
export const NODE_LIMITS = {
  wsfc: {
    max: 64,
    source:
      "Microsoft Learn, 'Failover clustering hardware requirements and storage options' (up to 64 nodes per cluster)",
  },
  clusterproMirror: {
    exactly: 2,
    source:
      "NEC CLUSTERPRO X: a mirror disk (md) resource mirrors between exactly two servers; NEC's 3-node samples use a hybrid disk, which this package does not build",
  },
} as const;

// ---- Azure naming rules --------------------------------------------------------------------

const AZURE_NAMING = "Microsoft Learn, 'Naming rules and restrictions for Azure resources'";

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

// ---- tags ------------------------------------------------------------------------------------

/**
 * Azure tag limits (Microsoft Learn, "Use tags to organize your Azure resources", Limitations):
 * 50 tags per resource; names ≤ 512 characters (≤ 128 on storage accounts); values ≤ 256; names
 * cannot contain < > % & \ ? /. The components stamp up to OWN_TAGS of their own (ha-cluster*).
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

// ---- free-text fields that reach scripts ---------------------------------------------------

/** A DNS host name (RFC 1123 labels) or an IPv4 address; ≤ 253 characters. */
export function isHostName(s: string): boolean {
  if (s.length > 253) return false;
  return s
    .replace(/\.$/, "")
    .split(".")
    .every((l) => /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/.test(l));
}

/** A DNS suffix: two or more RFC 1123 labels, ≤ 253 characters (e.g. corp.local). */
export function isDnsSuffix(s: string): boolean {
  return isHostName(s) && s.replace(/\.$/, "").split(".").length >= 2 && !/^[\d.]+$/.test(s);
}

/**
 * Absolute paths of safe characters, per OS. Linux: /-separated letters, digits, '.', '_', '-',
 * '+'. Windows: a drive, then letters, digits, spaces, '.', '_', '-', '+', '(', ')' separated by
 * single backslashes, not ending in a backslash — which takes seed 004's Azure CLI path
 * `C:\Program Files (x86)\Microsoft SDKs\Azure\CLI2\wbin\az.cmd`.
 */
export const ABS_PATH = {
  linux: {
    re: /^(?:\/[A-Za-z0-9._+-]+)+$/,
    rule: "expected an absolute path of letters, digits, '.', '_', '-', '+' separated by '/' (e.g. /usr/bin/az)",
  },
  windows: {
    re: /^[A-Za-z]:(?:\\[A-Za-z0-9._+()-](?:[A-Za-z0-9 ._+()-]*[A-Za-z0-9._+()-])?)+$/,
    rule: "expected an absolute path of letters, digits, spaces, '.', '_', '-', '+', '(', ')' such as C:\\Program Files (x86)\\Microsoft SDKs\\Azure\\CLI2\\wbin\\az.cmd (no quotes, %, ^, &, |, <, >, !)",
  },
  maxLength: 255,
} as const;

/**
 * CLUSTERPRO cluster name (the argument of `clpcfset create`). NEC's full character rules are not
 * confirmed here (UNCONFIRMED), so a conservative subset of what Cluster WebUI takes: 1–31 ASCII
 * letters, digits, '-' and '_', starting with a letter.
 */
export const CLUSTERPRO_CLUSTER_NAME = {
  re: /^[A-Za-z][A-Za-z0-9_-]{0,30}$/,
  rule: "expected 1–31 letters, digits, '-', '_', starting with a letter (a conservative subset of CLUSTERPRO's cluster-name rules)",
};

/** WSFC role (cluster group) name: letters, digits, '-', '_', '.', 1–63, starting alphanumeric. */
export const WSFC_ROLE_NAME = {
  re: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
  rule: "expected 1–63 letters, digits, '-', '_', '.', starting with a letter or digit",
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

/** An OU distinguished name: OU=…,DC=… components of letters, digits, spaces, '.', '_', '-'. */
export const OU_PATH = {
  re: /^(?:OU|CN)=[A-Za-z0-9._-](?:[A-Za-z0-9 ._-]*[A-Za-z0-9._-])?(?:,(?:OU|CN|DC)=[A-Za-z0-9._-](?:[A-Za-z0-9 ._-]*[A-Za-z0-9._-])?)*$/i,
  rule: "expected a distinguished name such as OU=Servers,DC=corp,DC=example,DC=com (components of letters, digits, spaces, '.', '_', '-')",
};

/** CLUSTERPRO version as written: digits and dots only. */
export const VERSION_TEXT = /^\d+\.\d+(?:\.\d+)*$/;

// ---- management ports ----------------------------------------------------------------------

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
