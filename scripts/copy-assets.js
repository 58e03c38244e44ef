// Copies the in-guest script files next to the compiled renderer (dist/components/bootstrap).
const fs = require("fs");
const path = require("path");
const src = path.join(__dirname, "..", "components", "bootstrap");
const dst = path.join(__dirname, "..", "dist", "components", "bootstrap");
function copy(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, e.name);
    const rel = path.relative(src, from);
    if (e.isDirectory()) copy(from);
    else if (/\.(sh|ps1|bat|txt|py)$/.test(e.name)) {
      fs.mkdirSync(path.dirname(path.join(dst, rel)), { recursive: true });
      fs.copyFileSync(from, path.join(dst, rel));
    }
  }
}
copy(src);
// The build's last step: mark dist/ as current for scripts/build-if-stale.js.
fs.writeFileSync(
  path.join(__dirname, "..", "dist", ".build-stamp"),
  `${new Date().toISOString()}\n`,
);
