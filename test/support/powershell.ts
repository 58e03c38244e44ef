/**
 * A real PowerShell grammar for tests: tree-sitter-powershell (wasm) through web-tree-sitter,
 * offline. `parsePowerShell` returns the syntax errors of a script (empty = it parses).
 */
import * as fs from "fs";
import { Language, Parser, type Node } from "web-tree-sitter";

let parser: Parser | undefined;

async function getParser(): Promise<Parser> {
  if (!parser) {
    await Parser.init();
    // Bytes, not a path: loading by path uses a dynamic import jest's VM does not allow.
    const wasm = fs.readFileSync(
      require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm"),
    );
    const lang = await Language.load(new Uint8Array(wasm));
    parser = new Parser();
    parser.setLanguage(lang);
  }
  return parser;
}

/** One syntax problem: line (1-based), column and the node text. */
export interface PsSyntaxError {
  line: number;
  column: number;
  kind: "ERROR" | "MISSING";
  text: string;
}

/** Parses a script and lists its ERROR and MISSING nodes. */
export async function parsePowerShell(script: string): Promise<PsSyntaxError[]> {
  const p = await getParser();
  const tree = p.parse(script);
  if (!tree) throw new Error("tree-sitter returned no tree");
  const errors: PsSyntaxError[] = [];
  const walk = (n: Node) => {
    if (n.isError || n.isMissing) {
      errors.push({
        line: n.startPosition.row + 1,
        column: n.startPosition.column + 1,
        kind: n.isMissing ? "MISSING" : "ERROR",
        text: n.text.slice(0, 80),
      });
      return;
    }
    for (const c of n.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  tree.delete();
  return errors;
}
