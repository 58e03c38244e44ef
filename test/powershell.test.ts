/**
 * The Windows scripts under real PowerShell 7 (issue 26):
 *   1. every rendered .ps1 of every seed stack, and every script a step writes for later, parses
 *      with PowerShell's own parser, with no PowerShell-7-only syntax (the nodes run 5.1);
 *   2. every Windows step runs twice under recording stubs (test/support/pwsh/stubs.ps1);
 *   3. the injection matrix: hostile strings in every string field reach the stubs literally.
 * Without pwsh these tests are skipped with one line (CI_REQUIRE_PWSH=1 makes that a failure).
 */
import { parseComponentArgs } from "../components/core/config";
import { renderWsfcScripts } from "../components/bootstrap/wsfc";
import { renderClusterproScripts } from "../components/bootstrap/clusterpro";
import type { ClusterConfig } from "../components/core/types";
import { parseWithPwsh, psIt, reportPwshSkips, type PsSource } from "./support/pwsh";
import { stackEntries, stackSteps, windowsStacks } from "./support/windows-steps";

const STACKS = windowsStacks();

/** Scripts a step writes on the node for later (not Run Command scripts themselves). */
function writtenScripts(stack: string, entry: ClusterConfig): PsSource[] {
  const { name, topology, ...args } = entry;
  const c = parseComponentArgs(name, topology, args as never);
  const out: PsSource[] = [];
  if (c.software.kind === "wsfc" && c.topology === "dns") {
    const s = renderWsfcScripts(c, {
      dns: { subscriptionId: "sub", zoneResourceGroupName: "rg", identityClientId: "id" },
    });
    for (const [k, text] of Object.entries(s))
      if (!k.includes("/")) out.push({ id: `${stack}:${name}:${k}`, text });
  }
  if (c.software.kind === "clusterpro") {
    for (const f of renderClusterproScripts(c).plan.files)
      if (/\.ps1$/i.test(f.path)) out.push({ id: `${stack}:${name}:${f.path}`, text: f.content });
  }
  return out;
}

describe("PowerShell's own parser: every Windows script of every seed stack", () => {
  it("finds the Windows seed stacks", () => {
    expect(STACKS).toEqual(
      expect.arrayContaining(["ilb-wsfc", "ilb-wsfc-domain", "plb-wsfc", "dns-wsfc", "ilb-windows"]),
    );
  });

  psIt(
    "parses with zero errors and no PowerShell-7-only syntax (one pwsh process)",
    async () => {
      const sources: PsSource[] = [];
      for (const stack of STACKS) {
        for (const s of await stackSteps(stack))
          sources.push({ id: `${stack}:${s.node}:${s.step}`, text: s.script });
        for (const e of stackEntries(stack))
          if (String(e.vm?.os).startsWith("windows")) sources.push(...writtenScripts(stack, e));
      }
      // every Windows stack has steps; the DNS WSFC stack contributes its updater
      expect(new Set(sources.map((s) => s.id.split(":")[0]))).toEqual(new Set(STACKS));
      expect(sources.some((s) => s.id.endsWith("dns-updater.ps1"))).toBe(true);
      const results = await parseWithPwsh(sources);
      expect(results.map((r) => r.id)).toEqual(sources.map((s) => s.id));
      const bad = results.filter((r) => r.errors.length > 0 || r.sevenOnly.length > 0);
      expect(bad).toEqual([]);
    },
    180_000,
  );

  psIt("the scan refuses each PowerShell-7-only construct and passes 5.1 syntax", async () => {
    const cases: Record<string, string> = {
      TernaryExpressionAst: "$a = $true ? 1 : 2",
      PipelineChainAst: "Get-Date && Get-Date",
      BinaryExpressionAst: "$b = $null ?? 3",
      AssignmentStatementAst: "$c ??= 4",
      MemberExpressionAst: "${a}?.Length",
      InvokeMemberExpressionAst: "${a}?.ToString()",
      IndexExpressionAst: "${a}?[0]",
    };
    const sources = [
      ...Object.entries(cases).map(([id, text]) => ({ id, text })),
      { id: "ok", text: "$x = if ($true) { 1 } else { 2 }\n$y = $x -eq 1\n$z = @(1)[0]" },
      { id: "broken", text: "if ($x { }" },
    ];
    const r = await parseWithPwsh(sources);
    for (const [kind] of Object.entries(cases)) {
      const one = r.find((x) => x.id === kind)!;
      expect(one.errors).toEqual([]);
      expect(one.sevenOnly.map((s) => s.kind)).toEqual([kind]);
    }
    expect(r.find((x) => x.id === "ok")).toEqual({ id: "ok", errors: [], sevenOnly: [] });
    expect(r.find((x) => x.id === "broken")!.errors.length).toBeGreaterThan(0);
  });
});

reportPwshSkips();
