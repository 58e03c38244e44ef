#!/usr/bin/env node
// The one-minute clp.conf check (README "Deploying for real"): compares a clp.conf exported from
// Cluster WebUI with the clp.conf paths this package writes. Runs the built module (npm run build).
// Usage: node scripts/clpconf-check.js <exported clp.conf> [stacks/Pulumi.<stack>.yaml ...]
const path = require("path");
const mod = path.join(
  __dirname,
  "..",
  "dist",
  "components",
  "bootstrap",
  "clusterpro",
  "clpconf-check.js",
);
let check;
try {
  check = require(mod);
} catch (e) {
  process.stderr.write(
    `clpconf-check: ${mod} not found: run \`npm run build\` first (${e.message})\n`,
  );
  process.exit(2);
}
process.exit(check.main(process.argv.slice(2)));
