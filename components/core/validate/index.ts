/**
 * Rules that relate fields of one cluster entry (after its shape passed `schema.ts`): one small
 * named validator per concern, run in this order (the order of the problems users see). Each
 * problem names the path, the value and what is allowed; all problems are collected.
 */
import type { ConfigProblem } from "../errors";
import { clusterpro } from "./clusterpro";
import { makeCtx, type Entry, type Seg, type Validator } from "./context";
import { disks } from "./disks";
import { dns, dnsUpdaterRole, dnsUpdaterUse } from "./dns";
import { failover } from "./failover";
import { listMaxima } from "./lists";
import { loadBalancer } from "./load-balancer";
import { managementPorts } from "./management-ports";
import { dnsServers, network } from "./network";
import { nodeCount, nodes } from "./nodes";
import { groupAndLocation, placement } from "./placement";
import { scriptBudget } from "./script-budget";
import { tags } from "./tags";
import { topology } from "./topology";
import { vm } from "./vm";
import { interconnect, interconnectIps, wsfc, wsfcClusterIp, wsfcManagementPoint } from "./wsfc";

/** Every validator, in the order their problems are reported. */
export const VALIDATORS: readonly (readonly [string, Validator])[] = [
  ["topology", topology],
  ["network", network],
  ["nodes", nodes],
  ["nodeCount", nodeCount],
  ["placement", placement],
  ["vm", vm],
  ["groupAndLocation", groupAndLocation],
  ["disks", disks],
  ["failover", failover],
  ["wsfc", wsfc],
  ["clusterpro", clusterpro],
  ["dnsUpdaterUse", dnsUpdaterUse],
  ["loadBalancer", loadBalancer],
  ["wsfcClusterIp", wsfcClusterIp],
  ["dns", dns],
  ["listMaxima", listMaxima],
  ["managementPorts", managementPorts],
  ["tags", tags],
  ["wsfcManagementPoint", wsfcManagementPoint],
  ["dnsServers", dnsServers],
  ["interconnect", interconnect],
  ["dnsUpdaterRole", dnsUpdaterRole],
  ["interconnectIps", interconnectIps],
  ["scriptBudget", scriptBudget],
];

/** Runs the given validators over one entry and returns their problems. */
export function runValidators(
  validators: readonly Validator[],
  partial: Partial<Entry>,
  base: Seg[],
  raw: unknown,
): ConfigProblem[] {
  const { ctx, problems } = makeCtx(partial, base, raw);
  for (const v of validators) v(ctx);
  return problems;
}

/**
 * Validates one cluster entry. `base` is the path of the entry, e.g. ["clusters", 0].
 * Top-level fields whose shape failed are absent from `partial`; the rules that need them are
 * skipped, every other rule still runs, so one pass reports every problem.
 */
export function validateEntry(partial: Partial<Entry>, base: Seg[], raw: unknown): ConfigProblem[] {
  return runValidators(
    VALIDATORS.map(([, v]) => v),
    partial,
    base,
    raw,
  );
}

export type { Ctx, Entry, Seg, Validator } from "./context";
