/**
 * Child resource names. They derive from the component name and node/disk names, never from
 * positions in a list, so adding a node renames and replaces nothing that exists.
 */
export const childName = (cluster: string, ...parts: string[]): string =>
  [cluster, ...parts].join("-");

import type { ResolvedCluster } from "./types";

/** Tags every child carries; user tags win. */
export function clusterTags(c: ResolvedCluster): Record<string, string> {
  return { "ha-cluster": c.name, "ha-cluster-topology": c.topology, ...c.tags };
}
