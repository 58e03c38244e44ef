/**
 * components/bootstrap/index.ts and context.ts: a public-LB bootstrap without the frontend's
 * public IP fails with one error type for both software kinds (and the pure WSFC renderer), and
 * buildBootstrap refuses a software kind it has no module for.
 */
import * as pulumi from "@pulumi/pulumi";
import { record } from "./helpers";
import { buildBootstrap } from "../components/bootstrap";
import { MissingPublicIpError, type BootstrapContext } from "../components/bootstrap/context";
import { renderWsfcScripts } from "../components/bootstrap/wsfc";
import { clusterTags } from "../components/core/naming";
import { nsgRulesFor } from "../components/core/nsg";
import type { ResolvedCluster } from "../components/core/types";
import { buildNetwork, buildNodes } from "../components/nodes";
import { seedResolved } from "./fixtures/clusters";

/** A bootstrap context as a component builds it, without the public IP. */
function contextOf(c: ResolvedCluster): BootstrapContext {
  const parent = new pulumi.ComponentResource("test:index:Bootstrap", c.name);
  const tags = clusterTags(c);
  const net = buildNetwork(c.name, c, nsgRulesFor(c), tags, parent);
  const nodes = buildNodes(c.name, c, net, {}, tags, parent);
  return { name: c.name, c, net, nodes, tags, parent };
}

const MESSAGE = (cluster: string) =>
  `cluster ${cluster}: the public-LB topology needs the frontend's public IP address (BootstrapContext.publicIpAddress)`;

describe("a public-LB bootstrap without the frontend's public IP", () => {
  it.each(["plb-linux", "plb-windows", "plb-wsfc"])(
    "%s: MissingPublicIpError, the same message",
    async (stack) => {
      const c = seedResolved(stack, (a) => {
        if (a.software.domain) a.software.domain.joinPassword = "Join-Pa55word";
      });
      let thrown: unknown;
      await record(() => {
        try {
          buildBootstrap(contextOf(c));
        } catch (e) {
          thrown = e;
        }
      });
      expect(thrown).toBeInstanceOf(MissingPublicIpError);
      expect((thrown as Error).message).toBe(MESSAGE(c.name));
    },
  );

  it("the pure WSFC renderer throws the same error", () => {
    const c = seedResolved("plb-wsfc");
    expect(() => renderWsfcScripts(c, {})).toThrow(MissingPublicIpError);
    expect(() => renderWsfcScripts(c, {})).toThrow(MESSAGE(c.name));
  });
});

describe("buildBootstrap", () => {
  it("software none: no step", async () => {
    const c = seedResolved("ilb-linux", (a) => (a.software = { kind: "none" }));
    let steps: unknown[] = ["not called"];
    await record(() => (steps = buildBootstrap(contextOf(c))));
    expect(steps).toEqual([]);
  });

  it("refuses a software kind it has no module for", () => {
    const c = seedResolved("ilb-linux");
    const forged = { ...c, software: { kind: "pacemaker" } } as unknown as ResolvedCluster;
    expect(() => buildBootstrap({ c: forged } as BootstrapContext)).toThrow(
      "no bootstrap for software kind pacemaker",
    );
  });
});
