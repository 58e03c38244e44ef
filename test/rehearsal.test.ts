/**
 * Rehearsals of the VM agent's rules (test/support/rehearsal.ts) for every Linux seed stack: the
 * rendered chain runs to a started cluster on stubs, node by node, with every reboot in a reboot
 * step; a re-apply changes nothing; a slow reboot fails fast at the gate; and the harness catches
 * the old bug (a step that waits for its own reboot hangs until the extension timeout).
 */
import * as fs from "fs";
import * as path from "path";
import { record } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { HaClusterPublicLb } from "../components/public-lb";
import { HaClusterDns } from "../components/dns";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { chainOf, rehearse, type ChainItem, type RehearsalResult } from "./support/rehearsal";

jest.setTimeout(120_000);

const COMPONENTS: Record<string, any> = {
  "internal-lb": HaClusterInternalLb,
  "public-lb": HaClusterPublicLb,
  dns: HaClusterDns,
};
const LICENSES = Buffer.from("LICENSE-ONE").toString("base64");
const SECRETS = {
  INSTALLER_URL: "https://example.invalid/clusterpro.rpm?sig=x",
  LICENSES,
  SP_CERT_PEM: "-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----",
};

async function chainFor(stack: string): Promise<ChainItem[]> {
  const seed = stackCluster(stack);
  const args = argsOf(seed);
  args.software.installerUrl = SECRETS.INSTALLER_URL;
  args.software.licenses = LICENSES;
  if (args.dns?.updater) args.dns.updater.certificatePem = SECRETS.SP_CERT_PEM;
  args.bootstrap = { rebootWaitSec: 90 };
  const rs = await record(() => new COMPONENTS[seed.topology](seed.name, args));
  return chainOf(rs);
}

/** The Azure CLI path of the DNS topology points into the node's root (a stub). */
const rewrite = (_step: string, script: string, root: string) =>
  script.replace(/^AZ_PATH='[^']*'$/m, `AZ_PATH='${path.join(root, "az")}'`);

const idx = (r: RehearsalResult, e: string) => {
  const i = r.events.indexOf(e);
  if (i < 0) throw new Error(`no event "${e}" in:\n${r.events.join("\n")}`);
  return i;
};

/** Calls that change a node (a re-apply must make none). */
const CHANGING = (c: string[]) =>
  ["rpm", "dpkg", "parted", "systemd-run", "shutdown", "reboot", "clpcfset", "clpgrp"].includes(
    c[0],
  ) ||
  (c[0] === "clpcfctrl" && c[1] === "--push") ||
  (c[0] === "clpcl" && c[1] !== undefined) ||
  (c[0] === "clplcnsc" && c[1] === "-i") ||
  (c[0] === "systemctl" && c[1] === "reboot") ||
  (c[0] === "firewall-cmd" && c.some((a) => a.startsWith("--add-port")));

describe.each(["ilb-linux", "ilb-linux-dsr", "plb-linux", "dns-linux"])(
  "rehearsal of %s",
  (stack) => {
    let chain: ChainItem[];
    let first: RehearsalResult;
    beforeAll(async () => {
      chain = await chainFor(stack);
      first = await rehearse(chain, { secrets: SECRETS, rewrite });
    });

    it("runs to a started cluster, one node's reboot at a time, each reboot in a reboot step", () => {
      expect(first.failure).toBeUndefined();
      expect(first.ok).toBe(true);
      const nodes = stackCluster(stack).nodes.map((n) => n.name);
      // the cluster runs and its group is online
      const state = first.world.clusterState;
      expect(fs.existsSync(path.join(state, "running"))).toBe(true);
      expect(first.calls[nodes[0]].filter((c) => c[0] === "clpcl")).toEqual([
        ["clpcl", "-s", "-a"],
      ]);
      for (const reason of ["after-install", "after-push"]) {
        // every node rebooted once for each reason, between its reboot step and its gate
        for (const n of nodes) {
          const down = first.events.filter((e) => e === `down ${n}`);
          expect(down).toHaveLength(2);
          expect(idx(first, `done ${n} reboot-${reason}`)).toBeLessThan(
            idx(first, `start ${n} gate-${reason}`),
          );
        }
        // node2 reboots only after node1 is back and gated
        expect(idx(first, `done ${nodes[0]} gate-${reason}`)).toBeLessThan(
          idx(first, `start ${nodes[1]} reboot-${reason}`),
        );
      }
      // between the push and the start, every node went down and came back
      const push = idx(first, `done ${nodes[0]} push`);
      const start = idx(first, `start ${nodes[0]} start`);
      for (const n of nodes) {
        const downs = first.events
          .map((e, i) => (e === `down ${n}` ? i : -1))
          .filter((i) => i > push && i < start);
        expect(downs).toHaveLength(1);
      }
      // only reboot steps asked for a reboot
      for (const n of nodes)
        for (const c of first.calls[n].filter((x) => x[0] === "systemd-run"))
          expect(c.join(" ")).toMatch(/--on-active=30s .*systemctl reboot/);
      expect(first.events.filter((e) => e.startsWith("killed"))).toEqual([]);
    });

    it("a second rehearsal (re-apply) changes nothing", async () => {
      const second = await rehearse(chain, { secrets: SECRETS, rewrite, world: first.world });
      expect(second.failure).toBeUndefined();
      for (const [node, calls] of Object.entries(second.calls))
        expect({ node, changing: calls.filter(CHANGING) }).toEqual({ node, changing: [] });
      expect(second.events.filter((e) => e.startsWith("down"))).toEqual([]);
    });
  },
);

describe("rehearsal: failure modes", () => {
  it("a slow reboot (longer than the wait) fails fast at the gate, saying the node did not reboot", async () => {
    const chain = await chainFor("ilb-linux");
    const r = await rehearse(chain, {
      secrets: SECRETS,
      rewrite,
      // node1 takes 10 minutes to go down after the scheduled time: the 90 s wait is too short
      reboot: (n) =>
        n === "node1" ? { shutdownSec: 600, bootSec: 40 } : { shutdownSec: 5, bootSec: 40 },
      extensionTimeoutSec: 5400,
    });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatch(/^gate-after-install on node1 exited 1/);
    expect(r.failure).toMatch(
      /node node1 did not reboot: reboot-after-install scheduled a reboot at .* after the wait of 90 s \(bootstrap.rebootWaitSec\)\..*raise bootstrap.rebootWaitSec/,
    );
    expect(r.failure).not.toMatch(/^hang:/);
    // node2 never rebooted: the chain stopped at node1's gate
    expect(r.events).not.toContain("start node2 reboot-after-install");
  });

  it("catches the old bug: a step that waits for its own reboot hangs until the extension timeout", async () => {
    const prepare = `#!/bin/bash
set -euo pipefail
cat "$BOOT_ID_FILE" >"$NODE_ROOT/reboot-pending"
shutdown -r +1 "old prepare"
`;
    const awaitReady = `#!/bin/bash
set -euo pipefail
before="$(cat "$NODE_ROOT/reboot-pending")"
while [ "$(cat "$BOOT_ID_FILE")" = "$before" ]; do sleep 1; done
`;
    const chain: ChainItem[] = [
      {
        name: "c-node1-prepare",
        kind: "run",
        node: "node1",
        step: "prepare",
        script: prepare,
        parameters: {},
        deps: [],
      },
      {
        name: "c-node1-await-ready",
        kind: "run",
        node: "node1",
        step: "await-ready",
        script: awaitReady,
        parameters: {},
        deps: ["c-node1-prepare"],
      },
    ];
    const started = Date.now();
    const r = await rehearse(chain, { extensionTimeoutSec: 120 });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatch(
      /^hang: await-ready on node1 was killed by a reboot and never reported; the deployment waited for the extension timeout \(120 s\)/,
    );
    expect(r.events).toContain("killed node1 await-ready");
    expect(r.events.filter((e) => e === "start node1 await-ready")).toHaveLength(1); // never re-run
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("drains a node of a running cluster before its reboot (clpgrp -m), on re-apply", async () => {
    const chain = await chainFor("ilb-linux");
    const first = await rehearse(chain, { secrets: SECRETS, rewrite });
    expect(first.failure).toBeUndefined();
    const state = first.world.clusterState;
    expect(fs.readFileSync(path.join(state, "owner"), "utf8")).toBe("node1");
    // node1's guest needs a reboot again (e.g. the product was upgraded by a changed prepare)
    const root = first.world.nodes.get("node1")!.root;
    fs.writeFileSync(path.join(root, "reboot", "after-install.request"), "upgrade\n");
    const second = await rehearse(chain, { secrets: SECRETS, rewrite, world: first.world });
    expect(second.failure).toBeUndefined();
    const names = second.calls.node1.map((c) => c[0]);
    expect(names.indexOf("clpgrp")).toBeGreaterThanOrEqual(0);
    expect(names.indexOf("clpgrp")).toBeLessThan(names.indexOf("systemd-run"));
    expect(second.calls.node1.find((c) => c[0] === "clpgrp")).toEqual([
      "clpgrp",
      "-m",
      "failover1",
    ]);
    expect(fs.readFileSync(path.join(state, "owner"), "utf8")).toBe("node2");
    expect(second.events.filter((e) => e.startsWith("down"))).toEqual(["down node1"]);
    // node2 (which now runs the group) needed no reboot: nothing moved back
    expect(second.calls.node2.filter((c) => c[0] === "clpgrp")).toEqual([]);
  });
});
