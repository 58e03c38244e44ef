/**
 * The names the components register under and the tools (planner, drill, policy pack) look
 * for: the package's config namespace, the component type tokens, the tag keys. One place, so
 * a rename cannot leave a reader behind. Dependency-free: the CLI imports it without loading
 * the components.
 */

/** The package name: config namespace of the stack program and its Pulumi project name. */
export const PACKAGE = "azure-ha-cluster";

/** The stack program's config key (in the package namespace) holding the cluster list. */
export const CLUSTERS_KEY = "clusters";
/** `azure-ha-cluster:clusters`, as in stack files and PULUMI_CONFIG. */
export const CLUSTERS_CONFIG_KEY = `${PACKAGE}:${CLUSTERS_KEY}`;

/** The prefix of every component type token of this package. */
export const COMPONENT_TYPE_PREFIX = `${PACKAGE}:index:`;

/** The type token of each cluster component. */
export const COMPONENT_TYPES = {
  internalLb: `${COMPONENT_TYPE_PREFIX}HaClusterInternalLb`,
  publicLb: `${COMPONENT_TYPE_PREFIX}HaClusterPublicLb`,
  dns: `${COMPONENT_TYPE_PREFIX}HaClusterDns`,
} as const;

/** Whether a resource type is one of this package's components. */
export const isComponentType = (type: string): boolean => type.startsWith(COMPONENT_TYPE_PREFIX);

/**
 * The tag keys the components stamp: every child of a cluster carries `cluster`, `topology`,
 * `timing` and `net` (see naming.ts clusterTags and rules/facts.ts for the value formats); every
 * bootstrap Run Command also carries `node`, `step`, `os` and `order` (run-command.ts).
 */
export const TAG = {
  cluster: "ha-cluster",
  topology: "ha-cluster-topology",
  timing: "ha-cluster-timing",
  net: "ha-cluster-net",
  node: "ha-cluster-node",
  step: "ha-cluster-step",
  os: "ha-cluster-os",
  order: "ha-cluster-order",
} as const;

/**
 * Set on globalThis while the offline planner runs a program: a mandatory cluster rule then
 * records its verdicts instead of throwing. `Symbol.for`, so that the planner and a program that
 * loads another copy of this package (a user's project) see the same key.
 */
export const REPORT_POLICIES = Symbol.for(`${PACKAGE}.plan.reportPolicies`);
