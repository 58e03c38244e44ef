/**
 * The config entry points, loading the config machinery (zod, the schema built with it, the parser
 * and the resolver: about two thirds of the package's own import cost, zod alone a third) on
 * the first parse instead of at `require("azure-ha-cluster")` (issue 21, Performance: the import
 * costs at most 1.2× `require("@pulumi/pulumi")`). A program pays it once, with its first cluster;
 * `npm run bench` measures both the import and the plans that include it.
 *
 * Import from here, not from `./config`, in every module the package root loads
 * (test/import-cost.test.ts fails when the root loads zod again).
 */
import type * as Config from "./config";
import type { HaClusterCommonArgs, ResolvedCluster } from "./types";
import type { Topology } from "./enums";

let loaded: typeof Config | undefined;

/** `./config`, required on first use (Node caches it: later calls cost a property read). */
function config(): typeof Config {
  return (loaded ??= require("./config") as typeof Config);
}

/**
 * Checks and resolves the stack config list (`azure-ha-cluster:clusters`); throws one
 * ConfigError with every problem, or PolicyViolationError for a mandatory policy rule.
 */
export function parseClusters(raw: unknown, opts: Config.ParseOptions): ResolvedCluster[] {
  return config().parseClusters(raw, opts);
}

/**
 * Checks and resolves a component's args (`name` and `topology` fixed by the class); throws
 * ConfigError or PolicyViolationError before any resource is registered.
 */
export function parseComponentArgs(
  name: string,
  topology: Topology,
  args: HaClusterCommonArgs,
): ResolvedCluster {
  return config().parseComponentArgs(name, topology, args);
}
