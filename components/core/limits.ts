/**
 * This package's own limits: list maxima, clusters per stack file, and the safe-character rules
 * of free-text fields that reach scripts (what Azure and the products impose is in
 * `azure-limits.ts`). Pure: `validate/` applies them to a cluster entry and `config.ts` across
 * the clusters of one file.
 *
 * Free-text fields reach scripts that CLUSTERPRO and WSFC run as root/SYSTEM, so each is held to
 * what it is (a host name, an absolute path of safe characters, a name) before any quoting.
 */

// ---- list maxima (this package's; documented in types.ts and the README) ------------------

/**
 * The longest lists a cluster entry may hold. Each renders into scripts (firewall ports, ping
 * targets, node lists): validation estimates every script's size from them
 * (`validate/script-budget.ts`), and `test/hardening.test.ts` renders a cluster at every maximum
 * to prove each script stays under the 256 KB Run Command budget.
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

// ---- free-text fields that reach scripts ---------------------------------------------------

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

/** WSFC role (cluster group) name: letters, digits, '-', '_', '.', 1–63, starting alphanumeric. */
export const WSFC_ROLE_NAME = {
  re: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/,
  rule: "expected 1–63 letters, digits, '-', '_', '.', starting with a letter or digit",
};

/** An OU distinguished name: OU=…,DC=… components of letters, digits, spaces, '.', '_', '-'. */
export const OU_PATH = {
  re: /^(?:OU|CN)=[A-Za-z0-9._-](?:[A-Za-z0-9 ._-]*[A-Za-z0-9._-])?(?:,(?:OU|CN|DC)=[A-Za-z0-9._-](?:[A-Za-z0-9 ._-]*[A-Za-z0-9._-])?)*$/i,
  rule: "expected a distinguished name such as OU=Servers,DC=corp,DC=example,DC=com (components of letters, digits, spaces, '.', '_', '-')",
};

/** Shared disk names: up to 31 lowercase letters, digits and hyphens (they name WSFC disks). */
export const SHARED_DISK_NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;

// Old import path: these moved to azure-limits.ts (kept so existing imports compile).
export {
  ADMIN_USER,
  CLUSTERPRO_CLUSTER_NAME,
  IMAGE_VERSION,
  isDnsSuffix,
  isHostName,
  isInternetWide,
  JOIN_USER,
  LOCATION,
  MANAGEMENT_PORTS,
  NODE_LIMITS,
  NSG_NAME_MAX,
  SUBNET_ID,
  SUBNET_NAME,
  TAGS,
  VERSION_TEXT,
  VM_SIZE,
  VNET_NAME,
} from "./azure-limits";
