/**
 * scripts/longest-functions.js (issue 21: "no product function over ~80 lines"): it finds every
 * function form with its name, line and length, and the validators stay under the bound.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const { functionsOf, longestFunctions } = require("../scripts/longest-functions.js");

describe("longest-functions", () => {
  it("names declarations, methods, constructors, arrows and callbacks with their lengths", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ahc-lf-")), "x.ts");
    fs.writeFileSync(
      file,
      [
        "export function decl(a: number) {", // 1
        "  return a;",
        "}",
        "class Box {",
        "  constructor() {", // 5
        "    this.run();",
        "  }",
        "  run(): void {}", // 8
        "}",
        "const arrow = (x: number) =>", // 10
        "  x + 1;",
        "[1].forEach((n) => {", // 12
        "  void n;",
        "});",
        "const o = { prop: function () { return 1; } };", // 15
        "",
      ].join("\n"),
    );
    const found = functionsOf(file).map((f: any) => [f.name, f.line, f.lines]);
    expect(found).toEqual([
      ["decl", 1, 3],
      ["Box.constructor", 5, 3],
      ["Box.run", 8, 1],
      ["arrow", 10, 2],
      ["<callback of [1].forEach>", 12, 3],
      ["prop", 15, 1],
    ]);
  });

  it("no validator function is over 80 lines", () => {
    const [longest] = longestFunctions(1, ["components/core/validate"]);
    expect(longest.lines).toBeLessThanOrEqual(80);
  });
});
