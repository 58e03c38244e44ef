/**
 * The one-minute clp.conf check (README "Deploying for real"): an exported clp.conf is compared,
 * offline, with the paths the form plans of the seed stacks write. The sample is hand-written
 * after NEC's public export layout (test/fixtures/clp.conf.sample.xml says why and what differs).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  checkClpConf,
  commandsOfStacks,
  main,
  parseXml,
  report,
} from "../components/bootstrap/clusterpro/clpconf-check";
import {
  CLP_PARAMS,
  PING_NP_VERBS,
  pullArgs,
  rebootAfterPush,
} from "../components/bootstrap/clusterpro/params";

const ROOT = path.join(__dirname, "..");
const SAMPLE = path.join(__dirname, "fixtures", "clp.conf.sample.xml");
const stack = (s: string) => path.join(ROOT, "stacks", `Pulumi.${s}.yaml`);
const xml = fs.readFileSync(SAMPLE, "utf8");

describe("clpconf-check", () => {
  const rows = checkClpConf(xml, commandsOfStacks([stack("ilb-windows"), stack("plb-windows")]));
  const row = (what: string) => {
    const r = rows.find((x) => x.what === what);
    if (!r) throw new Error(`no row ${what}; rows: ${rows.map((x) => x.what).join(", ")}`);
    return r;
  };

  it("finds the Windows md paths (bare letters, per-server GUIDs), userw, mdnw, PING NP", () => {
    for (const w of [
      "clsparam cluster/heartbeat/timeout",
      "rscparam md parameters/volumemountpoint",
      "rscparam md parameters/cpvolumemountpoint",
      "rscparam md server@*/parameters/volumeguid",
      "rscparam md server@*/parameters/cpvolumeguid",
      "rscparam md parameters/netdev@{i}/mdcname",
      "monparam userw relation/type",
      "monparam mdnw parameters/object",
      "rscparam azurepp parameters/probeport",
      "monparam ipw parameters/list@{i}/ip",
      "device <srv> ping (PING NP device)",
      "np pingnp (grp/list/ip)",
    ])
      expect([w, row(w).status]).toEqual([w, "found"]);
    expect(row("rscparam md server@*/parameters/volumeguid").confidence).toBe("confirmed");
  });

  it("flags an UNCONFIRMED path the export does not have (the mtw monitor list)", () => {
    expect(row("monparam mtw parameters/monitors@{i}/name")).toMatchObject({
      status: "missing",
      confidence: "UNCONFIRMED",
    });
    expect(row("monparam mtw emergency/preaction/path")).toMatchObject({
      status: "found",
      confidence: "UNCONFIRMED",
    });
    const { text, code } = report(rows);
    expect(code).toBe(1);
    expect(text).toMatch(/^MISSING UNCONFIRMED monparam mtw parameters\/monitors@\{i\}\/name/m);
  });

  it("says a path cannot be checked when the export has no such resource (azuredns)", () => {
    const dns = checkClpConf(xml, commandsOfStacks([stack("dns-windows")]));
    const r = dns.find((x) => x.what === "rscparam azuredns parameters/recordset");
    expect(r).toMatchObject({ status: "no-object", confidence: "UNCONFIRMED" });
    expect(r!.note).toContain("no azuredns");
  });

  it("catches a wrong path: the same export without the drive letter element", () => {
    const broken = xml.replace("<volumemountpoint>G</volumemountpoint>", "");
    const r = checkClpConf(broken, commandsOfStacks([stack("ilb-windows")]));
    expect(r.find((x) => x.what === "rscparam md parameters/volumemountpoint")?.status).toBe(
      "missing",
    );
  });

  it("reads XML strictly enough to refuse a broken file", () => {
    expect(() => parseXml("<root><a></b></root>")).toThrow(/<\/b> closes <a>/);
    expect(() => parseXml("<other />")).toThrow(/no <root>/);
  });

  it("CLI: exit 1 with a MISSING line, exit 2 on a file it cannot read", () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const err = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(main([SAMPLE, stack("plb-windows")])).toBe(1);
      expect(out.join("")).toContain("MISSING UNCONFIRMED monparam mtw");
      expect(main([path.join(os.tmpdir(), "no-such-clp.conf")])).toBe(2);
      expect(main([])).toBe(2);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
  });
});

describe("README lists every UNCONFIRMED mark of params.ts and how to check it", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("### The one-minute clp.conf check");
  const section = readme.slice(start, readme.indexOf("\n### ", start + 10));
  /** Each UNCONFIRMED entry of CLP_PARAMS → the words the README names it by. */
  const NAMED: Record<string, string> = {
    heartbeatIntervalMs: "the heartbeat interval",
    azurednsRecordSet: "`recordset`",
    azurednsZone: "`zone`",
    azurednsIp: "`ip`",
    azurednsTtl: "`ttl`",
    azurednsResourceGroup: "`rgname`",
    azurednsUserUri: "`uri`",
    azurednsTenant: "`tenant`",
    azurednsCertFile: "`certfile`",
    azurednsCliPath: "`azurecli`",
    fo2Threshold: "`emergency/threshold/fo2`",
    preActionUse: "`emergency/preaction/use|",
    preActionDefault: "|default|",
    preActionPath: "|path|",
    preActionTimeout: "|timeout`",
    genwDefault: "genw's\n`parameters/default`",
    ipwTarget: "`parameters/list@0/ip`",
    mtwMonitor: "`parameters/monitors@<i>/name`",
    scriptStart: "`act/path`",
    scriptStop: "`deact/path`",
  };

  it("names each UNCONFIRMED clp.conf path (a new one fails here until the README names it)", () => {
    expect(start).toBeGreaterThan(-1);
    const unconfirmed = Object.entries(CLP_PARAMS)
      .filter(([, e]) => e.confidence === "UNCONFIRMED")
      .map(([k]) => k)
      .sort();
    // a new UNCONFIRMED entry needs its line in the README (and here)
    expect(unconfirmed).toEqual(Object.keys(NAMED).sort());
    for (const k of unconfirmed)
      expect({ k, named: section.includes(NAMED[k]) }).toEqual({ k, named: true });
  });

  it("names the UNCONFIRMED verbs and steps: PING NP, pull -w, the 5.0 reboot, clpstat", () => {
    expect(PING_NP_VERBS.confidence).toBe("UNCONFIRMED");
    expect(section).toContain("the PING NP verbs");
    expect(pullArgs([4, 3], "windows")).toContain("-w");
    expect(section).toContain("the Windows `clpcfctrl --pull -w` flag");
    expect(rebootAfterPush([5, 0]).confidence).toBe("UNCONFIRMED");
    expect(section).toContain("**The reboot after the push on 5.0** (`rebootAfterPush`");
    expect(section).toMatch(/\*\*`clpstat`'s exit code\*\*[\s\S]*clpcl -t -a/);
  });
});
