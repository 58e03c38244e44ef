/**
 * Config messages a user reads first: did-you-mean for misspelled fields, one problem per wrong
 * subtree (no cascade), the DNS updater's appId versus the guides' "User URI".
 */
import { didYouMean, knownFields } from "../components/core/config";
import { clusterEntrySchema } from "../components/core/schema";
import { problemsOf, stackCluster } from "./fixtures/clusters";

describe("did you mean", () => {
  it.each([
    ["sharedDisk", [], "sharedDisks"],
    ["frontendIP", ["internalLb"], "frontendIp"],
    ["Size", ["vm"], "size"],
    ["toleratedPause", ["failover"], "toleratedPauseSec"],
    ["pingTarget", ["software", "networkPartition"], "pingTargets"],
  ])("%s at %j → %s", (key, at, want) => {
    expect(didYouMean(key, knownFields(clusterEntrySchema, at))).toBe(want);
  });

  it("no suggestion for a field that resembles nothing", () => {
    expect(didYouMean("colour", knownFields(clusterEntrySchema, ["vm"]))).toBeUndefined();
  });

  it("knownFields walks lists and unions (nodes[i], every software kind)", () => {
    expect(knownFields(clusterEntrySchema, ["nodes", 0]).sort()).toEqual(
      expect.arrayContaining(["name", "privateIp"]),
    );
    const sw = knownFields(clusterEntrySchema, ["software"]);
    expect(sw).toEqual(expect.arrayContaining(["kind", "version", "networkPartition", "witness"]));
  });

  it("the stack validator names the nearest field", () => {
    const c = stackCluster("ilb-linux") as any;
    c.sharedDisk = [];
    c.internalLb.frontendIP = "10.5.0.200";
    expect(problemsOf([c])).toEqual([
      {
        path: "clusters[0].internalLb.frontendIP",
        message: "is not a known field here; did you mean `frontendIp`?",
      },
      {
        path: "clusters[0].sharedDisk",
        message: "is not a known field here; did you mean `sharedDisks`?",
      },
    ]);
  });
});

describe("no cascade from one wrong subtree", () => {
  it('dataDisk.sizeGb: "20GB" is one problem, not also "CLUSTERPRO needs a data disk"', () => {
    const c = stackCluster("ilb-linux") as any;
    c.dataDisk.sizeGb = "20GB";
    const p = problemsOf([c]);
    expect(p.map((x) => x.path)).toEqual(["clusters[0].dataDisk.sizeGb"]);
    expect(p[0].value).toBe('"20GB"');
  });

  it("a missing dataDisk is still reported", () => {
    const c = stackCluster("ilb-linux") as any;
    delete c.dataDisk;
    expect(problemsOf([c]).map((x) => x.path)).toEqual(["clusters[0].dataDisk"]);
  });
});

describe("dns.updater.appId", () => {
  it("a User URI instead of the application id: says which id is wanted", () => {
    const c = stackCluster("dns-linux") as any;
    c.dns.updater.appId = "http://azure-test";
    const p = problemsOf([c]);
    expect(p).toHaveLength(1);
    expect(p[0].path).toBe("clusters[0].dns.updater.appId");
    expect(p[0].message).toMatch(
      /^expected the application \(client\) id, a GUID .*not the User URI/,
    );
  });
});
