/**
 * Child resource names. They derive from the component name and node/disk names, never from
 * positions in a list, so adding a node renames and replaces nothing that exists.
 */
export const childName = (cluster: string, ...parts: string[]): string =>
  [cluster, ...parts].join("-");

/** Tags every child carries; user tags win. */
export function clusterTags(
  cluster: string,
  topology: string,
  user: Record<string, string>,
): Record<string, string> {
  return { "ha-cluster": cluster, "ha-cluster-topology": topology, ...user };
}
