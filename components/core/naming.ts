/**
 * Child resource names. They derive from the component name and node/disk names, never from
 * positions in a list, so adding a node renames and replaces nothing that exists.
 */
export const childName = (cluster: string, ...parts: string[]): string =>
  [cluster, ...parts].join("-");

import { clusterFacts, encodeFactsTags } from "./rules/facts";
import { TAG } from "./tokens";
import type { ResolvedCluster } from "./types";

/**
 * Tags every child carries; user tags win. Besides `ha-cluster` (the cluster name) and
 * `ha-cluster-topology`, two compact tags stamp the settings the policy pack checks, as
 * space-separated `key=value` pairs (each value ≤ 256 characters; 4 tags of Azure's 50):
 *
 *   ha-cluster-timing  sw=wsfc os=windows-2022 pause=30 same=1000x40 cross=1000x40 ka=230000
 *                      sw=clusterpro os=rhel-9 pause=30 hb=120 np=ping pings=1 dsr=0 [abc=60+30+30]
 *   ha-cluster-net     nodes=2 vip=guest|lb egress=nat fd=2|zones=3 lb=internal fip=1 probe=59999
 *                      probe-timing=5x2 idle=4 [ttl=30] [shared-luns=1]
 *
 * The full format is in `rules/facts.ts` and `policies/README.md`.
 */
export function clusterTags(c: ResolvedCluster): Record<string, string> {
  return {
    [TAG.cluster]: c.name,
    [TAG.topology]: c.topology,
    ...encodeFactsTags(clusterFacts(c)),
    ...c.tags,
  };
}
