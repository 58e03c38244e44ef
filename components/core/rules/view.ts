/**
 * Reading a resource's inputs in the resource forms: the type tokens they inspect, tolerant
 * accessors for nested inputs, and the cluster facts stamped on the resource's tags.
 */
import { decodeFactsTags } from "./facts";
import type { ClusterFacts, ResourceView } from "./types";

/** Type tokens of the resources the resource forms inspect. */
export const T = {
  lb: "azure-native:network:LoadBalancer",
  pip: "azure-native:network:PublicIPAddress",
  nic: "azure-native:network:NetworkInterface",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nat: "azure-native:network:NatGateway",
  avset: "azure-native:compute:AvailabilitySet",
  disk: "azure-native:compute:Disk",
  vm: "azure-native:compute:VirtualMachine",
} as const;

/** An input object, or {} when the input is absent or not an object. */
export type Obj = Record<string, unknown>;
export const obj = (x: unknown): Obj =>
  x && typeof x === "object" && !Array.isArray(x) ? (x as Obj) : {};
/** An input list of objects, or [] when the input is absent or not a list. */
export const arr = (x: unknown): Obj[] => (Array.isArray(x) ? x.map(obj) : []);

/** A single-or-plural input pair, e.g. `sourceAddressPrefix` + `sourceAddressPrefixes`. */
export const oneAndMany = (o: Obj, one: string, many: string): unknown[] => [
  o[one],
  ...(Array.isArray(o[many]) ? (o[many] as unknown[]) : []),
];

/** The cluster facts stamped on a resource's tags; undefined on a resource of no cluster. */
export const stampedFacts = (r: ResourceView): ClusterFacts | undefined =>
  decodeFactsTags(r.inputs.tags);
