/**
 * A fake Azure Resource Manager for the drill tests: HTTPS on 127.0.0.1 with a certificate made
 * by `openssl` for this run only (Azure SDK clients refuse bearer tokens over http). It answers
 * only the calls the drill makes, with ARM's shapes:
 *
 * - GET  …/virtualMachines/{vm}                      (tags), …/instanceView (PowerState/…)
 * - POST …/virtualMachines/{vm}/runCommand           202 + Location; one command at a time per
 *   VM, each taking `runCommandMs`; the result keeps the last 4 KiB of output ("Enable
 *   succeeded: \n[stdout]\n…\n[stderr]\n", as the Linux handler reports)
 * - POST …/virtualMachines/{vm}/deallocate | start   202 + Location
 * - POST …/loadBalancers/{lb}/loadBalancingRules/{rule}/health   202 + Location; the result is
 *   { up, down, loadBalancerBackendAddresses: [{ ipAddress, state, reason }] }
 *   (learn.microsoft.com/azure/load-balancer/load-balancer-manage-health-status)
 * - GET  …/dnsZones/{zone}/A/{record}
 *
 * Behind it sits a tiny simulated cluster: the scripts the drill sends are recognised by their
 * commands (clpstat -s, clpgrp -m, clpcl -t/-s, Get-ClusterNode, Move-ClusterGroup) and change
 * the group's owner; the owner's backend turns healthy `flipDelayMs` after it takes the group.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import type { AddressInfo } from "net";

export const TOKEN = "drill-test-token";

export interface FakeNode {
  vm: string;
  clusterNode: string;
  ip: string;
  power: string;
  clusterUp: boolean;
  tag?: string;
}

export interface FakeCluster {
  subscription: string;
  rg: string;
  cluster: string;
  software: "clusterpro" | "wsfc";
  group: string;
  nodes: FakeNode[];
  owner?: string;
  lb?: { name: string; rules: string[] };
  dns?: { zone: string; record: string; ttl: number };
  /** Latency of every Run Command (ms). */
  runCommandMs: number;
  /** Time from the group coming online on a node until its probe answers (ms). */
  flipDelayMs: number;
  /** Time until the cluster notices a stopped service/VM and fails over (ms). */
  detectionMs: number;
  /** Backends that answer the probe regardless (split brain). */
  extraHealthy: string[];
  /** Run Commands whose script matches fail with exit 1. */
  failScript?: RegExp;
  /** Requests whose path matches answer 403 naming `action`. */
  forbid?: { path: RegExp; action: string };
}

export interface Recorded {
  method: string;
  path: string;
  script?: string;
}

export class FakeArm {
  readonly calls: Recorded[] = [];
  endpoint = "";
  ca = "";
  caFile = "";
  private server?: https.Server;
  private ops = new Map<string, { doneAt: number; result: () => unknown }>();
  private vmBusyUntil = new Map<string, number>();
  private probeUpAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private seq = 0;

  constructor(readonly s: FakeCluster) {}

  async start(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-arm-"));
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    this.ca = fs.readFileSync(cert, "utf8");
    this.caFile = cert;
    this.server = https.createServer({ key: fs.readFileSync(key), cert: this.ca }, (req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => this.handle(req.method ?? "GET", req.url ?? "/", req.headers, body, res));
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.endpoint = `https://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** IPs whose backend answers the probe now. */
  healthy(): string[] {
    const ips = new Set(this.s.extraHealthy);
    const owner = this.s.nodes.find((n) => n.clusterNode === this.s.owner);
    if (owner && owner.power === "PowerState/running" && Date.now() >= this.probeUpAt)
      ips.add(owner.ip);
    return [...ips];
  }

  private setOwner(node: string | undefined) {
    this.s.owner = node;
    this.probeUpAt = Date.now() + this.s.flipDelayMs;
  }

  /** The cluster notices a lost owner after detectionMs and starts the group elsewhere. */
  private failoverFrom(node: FakeNode) {
    if (this.s.owner !== node.clusterNode) return;
    this.s.owner = undefined;
    this.timers.push(
      setTimeout(() => {
        const next = this.s.nodes.find((n) => n !== node && n.clusterUp);
        if (next && !this.s.owner) this.setOwner(next.clusterNode);
      }, this.s.detectionMs),
    );
  }

  private clpstat(): string {
    const lines = [
      " ===================  CLUSTER STATUS  ===================",
      "  Cluster : " + this.s.cluster,
      "  <server>",
    ];
    for (const n of this.s.nodes) {
      const up = n.clusterUp && n.power === "PowerState/running";
      lines.push(
        `   ${n === this.s.nodes[0] ? "*" : " "}${n.clusterNode} .........: ${up ? "Online" : "Offline"}`,
      );
      lines.push(`      lanhb1         : ${up ? "Normal" : "Unknown"}        LAN Heartbeat`);
    }
    lines.push("  <group>");
    lines.push(`    ${this.s.group} .........: ${this.s.owner ? "Online" : "Offline"}`);
    lines.push(`      current        : ${this.s.owner ?? "-"}`);
    lines.push("  <monitor>");
    // Long monitor section: the 4 KiB tail must not eat the status the drill reads first.
    for (let i = 0; i < 80; i++)
      lines.push(`    genw${i} ........: Normal            custom monitor ${i}`);
    lines.push(" ========================================================");
    return lines.join("\n");
  }

  /** Executes a script against the simulated cluster; returns stdout and exit code. */
  private exec(vm: FakeNode, script: string): { stdout: string; rc: number } {
    if (this.s.failScript?.test(script))
      return { stdout: "clp: internal error (simulated)\nDRILL-RC=1", rc: 1 };
    const marker = (rc: number) => `DRILL-RC=${rc}`;
    if (/clpstat -s/.test(script)) {
      const full = this.clpstat();
      return { stdout: `${full.slice(0, 3000)}\n${marker(0)}`, rc: 0 };
    }
    if (/Get-ClusterNode/.test(script)) {
      const nodes = this.s.nodes.map(
        (n) =>
          `node ${n.clusterNode} ${n.clusterUp && n.power === "PowerState/running" ? "Up" : "Down"}`,
      );
      return {
        stdout: [
          ...nodes,
          `group ${this.s.group} ${this.s.owner ?? ""} ${this.s.owner ? "Online" : "Offline"}`,
          marker(0),
        ].join("\n"),
        rc: 0,
      };
    }
    const mv =
      /clpgrp -m (\S+) -a (\S+)/.exec(script) ??
      /Move-ClusterGroup -Name '([^']+)' -Node '([^']+)'/.exec(script);
    if (mv) {
      if (mv[1] !== this.s.group) return { stdout: `no such group ${mv[1]}\n${marker(1)}`, rc: 1 };
      this.setOwner(mv[2]);
      return { stdout: `Command succeeded.\n${marker(0)}`, rc: 0 };
    }
    if (/clpcl -t|Stop-ClusterNode/.test(script)) {
      vm.clusterUp = false;
      this.failoverFrom(vm);
      return { stdout: marker(0), rc: 0 };
    }
    if (/clpcl -s|Start-ClusterNode/.test(script)) {
      vm.clusterUp = true;
      return { stdout: marker(0), rc: 0 };
    }
    return { stdout: `unknown script\n${marker(127)}`, rc: 127 };
  }

  private lro(res: ResLike, result: () => unknown, delayMs: number) {
    const id = `op${++this.seq}`;
    this.ops.set(id, { doneAt: Date.now() + delayMs, result });
    res.writeHead(202, {
      Location: `${this.endpoint}/subscriptions/${this.s.subscription}/providers/Microsoft.Compute/locations/japaneast/operations/${id}?api-version=2024-11-01`,
      "Retry-After": "0",
      "Content-Length": "0",
    });
    res.end();
  }

  private json(res: ResLike, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private handle(
    method: string,
    url: string,
    headers: Record<string, unknown>,
    body: string,
    res: ResLike,
  ) {
    const p = url.split("?")[0];
    let script: string | undefined;
    if (body) {
      try {
        const b = JSON.parse(body) as { script?: string[] };
        if (b.script) script = b.script.join("\n");
      } catch {
        /* not JSON */
      }
    }
    this.calls.push({ method, path: p, script });
    if (headers.authorization !== `Bearer ${TOKEN}`)
      return this.json(res, 401, {
        error: { code: "InvalidAuthenticationToken", message: "no or wrong bearer token" },
      });
    if (this.s.forbid?.path.test(p))
      return this.json(res, 403, {
        error: {
          code: "AuthorizationFailed",
          message: `The client 'drill-test' with object id '0000' does not have authorization to perform action '${this.s.forbid.action}' over scope '${p}' or the scope is invalid.`,
        },
      });
    const op = /\/operations\/(op\d+)$/.exec(p);
    if (op && method === "GET") {
      const o = this.ops.get(op[1]);
      if (!o)
        return this.json(res, 404, { error: { code: "NotFound", message: "no such operation" } });
      if (Date.now() < o.doneAt) {
        res.writeHead(202, {
          Location: `${this.endpoint}${url}`,
          "Retry-After": "0",
          "Content-Length": "0",
        });
        return res.end();
      }
      const r = o.result();
      return r === undefined
        ? (res.writeHead(200, { "Content-Length": "0" }), res.end())
        : this.json(res, 200, r);
    }
    const base = `/subscriptions/${this.s.subscription}/resourceGroups/${this.s.rg}/providers`;
    const vmm = new RegExp(
      `^${base}/Microsoft.Compute/virtualMachines/([^/]+)(?:/([A-Za-z]+))?$`,
      "i",
    ).exec(p);
    if (vmm) {
      const vm = this.s.nodes.find((n) => n.vm === vmm[1]);
      if (!vm)
        return this.json(res, 404, {
          error: { code: "ResourceNotFound", message: `VM ${vmm[1]} not found` },
        });
      const verb = vmm[2];
      if (!verb && method === "GET")
        return this.json(res, 200, {
          id: p,
          name: vm.vm,
          location: "japaneast",
          tags: { "ha-cluster": vm.tag ?? this.s.cluster },
          properties: {},
        });
      if (verb === "instanceView" && method === "GET")
        return this.json(res, 200, {
          statuses: [{ code: "ProvisioningState/succeeded" }, { code: vm.power }],
        });
      if (verb === "runCommand" && method === "POST") {
        // One Run Command at a time per VM: this one starts when the previous one ends.
        const startAt = Math.max(Date.now(), this.vmBusyUntil.get(vm.vm) ?? 0);
        const doneAt = startAt + this.s.runCommandMs;
        this.vmBusyUntil.set(vm.vm, doneAt);
        let outcome: { stdout: string; rc: number } | undefined;
        return this.lro(
          res,
          () => {
            outcome ??= this.exec(vm, script ?? "");
            const tail = Buffer.from(outcome.stdout).subarray(-4096).toString();
            return {
              value: [
                {
                  code:
                    outcome.rc === 0 ? "ProvisioningState/succeeded" : "ProvisioningState/failed/1",
                  level: outcome.rc === 0 ? "Info" : "Error",
                  displayStatus:
                    outcome.rc === 0 ? "Provisioning succeeded" : "Provisioning failed",
                  message: `${outcome.rc === 0 ? "Enable succeeded" : "Enable failed: command terminated with exit status=1"}: \n[stdout]\n${tail}\n[stderr]\n`,
                },
              ],
            };
          },
          doneAt - Date.now(),
        );
      }
      if (verb === "deallocate" && method === "POST") {
        vm.power = "PowerState/deallocating";
        vm.clusterUp = false;
        this.failoverFrom(vm);
        return this.lro(
          res,
          () => ((vm.power = "PowerState/deallocated"), undefined),
          this.s.runCommandMs,
        );
      }
      if (verb === "start" && method === "POST")
        return this.lro(
          res,
          () => ((vm.power = "PowerState/running"), (vm.clusterUp = true), undefined),
          this.s.runCommandMs,
        );
    }
    const rule = new RegExp(
      `^${base}/Microsoft.Network/loadBalancers/([^/]+)/loadBalancingRules/([^/]+)/health$`,
      "i",
    ).exec(p);
    if (rule && method === "POST") {
      if (!this.s.lb || rule[1] !== this.s.lb.name || !this.s.lb.rules.includes(rule[2]))
        return this.json(res, 404, {
          error: { code: "NotFound", message: `rule ${rule[1]}/${rule[2]} not found` },
        });
      // The health is taken when the POST arrives (the operation then completes).
      const healthy = this.healthy();
      const backends = this.s.nodes
        .filter((n) => n.power === "PowerState/running")
        .map((n) => ({
          ipAddress: n.ip,
          networkInterfaceIPConfigurationId: `${base}/Microsoft.Network/networkInterfaces/${n.vm}-nic/ipConfigurations/ipconfig1`,
          state: healthy.includes(n.ip) ? "Up" : "Down",
          reason: healthy.includes(n.ip) ? "Up_Probe_Success" : "Down_Probe_TcpProbeTimeout",
        }));
      const up = backends.filter((b) => b.state === "Up").length;
      return this.lro(
        res,
        () => ({ up, down: backends.length - up, loadBalancerBackendAddresses: backends }),
        0,
      );
    }
    const dns = /\/dnsZones\/([^/]+)\/A\/([^/]+)$/i.exec(p);
    if (dns && method === "GET" && this.s.dns) {
      const owner = this.s.nodes.find((n) => n.clusterNode === this.s.owner);
      const ips = owner && Date.now() >= this.probeUpAt ? [owner.ip] : [];
      // the updater deletes the record while the group is offline (CLUSTERPRO azuredns)
      if (ips.length === 0)
        return this.json(res, 404, {
          error: { code: "NotFound", message: "The resource record 'test-record1' does not exist" },
        });
      return this.json(res, 200, {
        id: p,
        name: dns[2],
        type: "Microsoft.Network/dnszones/A",
        properties: { TTL: this.s.dns.ttl, ARecords: ips.map((ipv4Address) => ({ ipv4Address })) },
      });
    }
    return this.json(res, 404, {
      error: { code: "NotImplemented", message: `fake ARM does not answer ${method} ${p}` },
    });
  }
}

type ResLike = {
  writeHead: (status: number, headers?: Record<string, string | number>) => unknown;
  end: (body?: string) => unknown;
};
