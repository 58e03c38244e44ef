// Lists the longest functions of the product code (components/, cli/, policies/, stacks/): name,
// file:line and lines (from the declaration's first token to its closing brace; a function's
// nested functions count in its lines and are listed on their own too). Uses the TypeScript
// compiler's parser, so every form counts: declarations, methods, constructors, accessors,
// arrow functions and function expressions (named after the variable, property or call they sit in).
// Usage: node scripts/longest-functions.js [N=10] [--json] [dir ...]
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.join(__dirname, "..");
const DIRS = ["components", "cli", "policies", "stacks"];

/** Every .ts source file under `dir` (no declaration files, no node_modules). */
function sourceFiles(dir) {
  const out = [];
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== "node_modules") visit(path.join(p, e));
    } else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.push(p);
  };
  if (fs.existsSync(dir)) visit(dir);
  return out;
}

function nameText(name, sf) {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return name.getText(sf);
}

/** The enclosing class name, if the node is a class member. */
function className(node, sf) {
  const p = node.parent;
  return p && (ts.isClassDeclaration(p) || ts.isClassExpression(p))
    ? (nameText(p.name, sf) ?? "<class>")
    : undefined;
}

/** A readable name for a function-like node. */
function functionName(node, sf) {
  if (ts.isConstructorDeclaration(node)) return `${className(node, sf)}.constructor`;
  if (
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  ) {
    const owner = className(node, sf);
    const own = nameText(node.name, sf);
    return owner ? `${owner}.${own}` : own;
  }
  if (ts.isFunctionDeclaration(node)) return nameText(node.name, sf) ?? "<default function>";
  // arrow functions and function expressions: named after where they are held
  if (ts.isFunctionExpression(node) && node.name) return nameText(node.name, sf);
  const p = node.parent;
  if (ts.isVariableDeclaration(p)) return nameText(p.name, sf);
  if (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return nameText(p.name, sf);
  if (ts.isCallExpression(p)) {
    const callee = p.expression.getText(sf).replace(/\s+/g, "");
    return `<callback of ${callee.length > 40 ? `${callee.slice(0, 37)}...` : callee}>`;
  }
  return "<anonymous>";
}

function isFunctionLike(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** Every function of one file with its line count. */
function functionsOf(file) {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = [];
  const visit = (node) => {
    if (isFunctionLike(node) && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({
        name: functionName(node, sf),
        file: path.relative(ROOT, file),
        line: start + 1,
        lines: end - start + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The `n` longest functions under `dirs` (relative to the repository root). */
function longestFunctions(n, dirs = DIRS) {
  const all = dirs.flatMap((d) => sourceFiles(path.join(ROOT, d))).flatMap(functionsOf);
  all.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
  return all.slice(0, n);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const rest = args.filter((a) => a !== "--json");
  const n = rest.length > 0 && /^\d+$/.test(rest[0]) ? Number(rest.shift()) : 10;
  const top = longestFunctions(n, rest.length > 0 ? rest : DIRS);
  if (json) {
    process.stdout.write(`${JSON.stringify(top, null, 2)}\n`);
  } else {
    const width = Math.max(4, ...top.map((f) => f.name.length));
    process.stdout.write(`${"lines".padStart(5)}  ${"name".padEnd(width)}  where\n`);
    for (const f of top)
      process.stdout.write(
        `${String(f.lines).padStart(5)}  ${f.name.padEnd(width)}  ${f.file}:${f.line}\n`,
      );
  }
}

module.exports = { longestFunctions, functionsOf };
