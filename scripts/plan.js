// `npm run plan [-- ARGS]` in this repository: build dist/ if a source changed, then run the
// built planner. With no program given, plans this repository's own project, stack "dev".
// The planner runs in this process (no second Node start-up): `npm run plan` on an unchanged
// tree costs npm, a stat of the sources and the planner itself (issue 21; `npm run bench` (d)).
const path = require("path");
const { buildIfStale } = require("./build-if-stale");

try {
  buildIfStale();
} catch (e) {
  process.exit(typeof e.status === "number" ? e.status : 1);
}
const args = process.argv.slice(2);
const names = ["--stack", "--config", "--example", "-h", "--help"];
const chosen = args.some(
  (a, i) =>
    names.some((n) => a === n || a.startsWith(`${n}=`)) ||
    (!a.startsWith("-") && !names.includes(args[i - 1]) && args[i - 1] !== "--show-script"),
);
const planner = path.join(__dirname, "..", "dist", "cli", "plan.js");
// As if started as `node dist/cli/plan.js ARGS`: the planner reads process.argv (and re-runs
// itself from it when it needs a bigger heap, cli/heap.ts); it sets the exit code itself.
process.argv = [process.argv[0], planner, ...(chosen ? [] : ["--stack", "dev"]), ...args];
require(planner);
