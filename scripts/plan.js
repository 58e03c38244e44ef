// `npm run plan [-- ARGS]` in this repository: build dist/ if a source changed, then run the
// built planner. With no program given, plans this repository's own project, stack "dev".
const { spawnSync } = require("child_process");
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
const r = spawnSync(process.execPath, [planner, ...(chosen ? [] : ["--stack", "dev"]), ...args], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
