// Builds dist/ only when a source is newer than the last build (`tsc -b` is incremental too, but
// even its no-op costs a TypeScript start-up, ~1 s on a 2-core machine). Used by `npm run plan`,
// `npm run bench` and jest's global setup, so one build serves every later step.
// Usage: node scripts/build-if-stale.js   (exit status of the build, 0 when up to date)
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
// Written at the end of every build (scripts/copy-assets.js, the build's last step); not the
// .tsbuildinfo, which `tsc --noEmit -p tsconfig.build.json` also rewrites without emitting.
const STAMP = path.join(ROOT, "dist", ".build-stamp");
const INPUTS = ["components", "stacks", "policies", "cli", "bench", "scripts"];
const FILES = ["tsconfig.json", "tsconfig.build.json", "package.json"];

/** Newest mtime (ms) under the inputs; directories count too (a deleted file changes its dir). */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory())
      for (const e of fs.readdirSync(p)) if (e !== "node_modules") visit(path.join(p, e));
  };
  for (const d of [...INPUTS, ...FILES]) visit(path.join(ROOT, d));
  return newest;
}

/** True when dist/ is missing or older than a source. */
function isStale() {
  try {
    return fs.statSync(STAMP).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

function buildIfStale({ quiet = false } = {}) {
  if (!isStale()) return false;
  if (!quiet) process.stderr.write("building dist/ (sources changed since the last build)\n");
  const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  // copy-assets.js writes the stamp.
  execFileSync(process.execPath, [path.join(__dirname, "copy-assets.js")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  return true;
}

module.exports = { buildIfStale, isStale };

if (require.main === module) {
  try {
    buildIfStale();
  } catch (e) {
    process.exit(typeof e.status === "number" ? e.status : 1);
  }
}
