/**
 * Table rows for the named validators: a seed stack's first cluster, one mutation, and what the
 * validator under test (alone) reports: `[]` (passes) or the field path and a message fragment.
 */
import type { ConfigProblem } from "../../components/core/errors";
import { clusterEntrySchema } from "../../components/core/schema";
import { runValidators, type Validator } from "../../components/core/validate/index";
import { stackCluster } from "../fixtures/clusters";

/** A mutation of a raw cluster entry (YAML shape). */
export type Mutate = (c: any) => void;

/** [row name, seed stack, mutation, expected: "pass" or [path below clusters[0], message]]. */
export type Row = [string, string, Mutate, "pass" | [string, RegExp]];

/** What `validator` alone reports for the seed's first cluster after `mutate`. */
export function problemsOf(validator: Validator, seed: string, mutate: Mutate): ConfigProblem[] {
  const raw = stackCluster(seed) as any;
  mutate(raw);
  const parsed = clusterEntrySchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`row must pass the schema: ${JSON.stringify(parsed.error.issues)}`);
  // As config.ts does: the validators see the entry as written (no schema defaults applied).
  return runValidators([validator], raw, ["clusters", 0], raw);
}

/** One `it` per row: pass rows report nothing; fail rows report the path with the message. */
export function table(validator: Validator, rows: Row[]): void {
  it.each(rows)("%s", (_name, seed, mutate, want) => {
    const problems = problemsOf(validator, seed, mutate);
    if (want === "pass") {
      expect(problems).toEqual([]);
      return;
    }
    const [path, message] = want;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: `clusters[0]${path.startsWith("[") ? "" : "."}${path}`,
          message: expect.stringMatching(message),
        }),
      ]),
    );
  });
}

/** `n` items made by `f`. */
export const range = <T>(n: number, f: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => f(i));
