/**
 * The benchmark's baseline: the cluster of `scenario.ts` written by hand with raw azure-native,
 * random and time resources, the way a user would write it without the library — the same
 * resources with the same names and inputs as HaClusterInternalLb registers for that scenario:
 * RG, VNet, subnet, NSG, NAT public IP + gateway, availability set, LB, NICs, data disks,
 * VMs, the RandomPassword, the two probe alerts, and the CLUSTERPRO bootstrap chain (18 Run
 * Commands and 4 time Sleeps, with the same dependencies, parameters, timeouts and tags).
 * Only the component resource itself, the validation, the defaulting and the rendering are
 * missing: this file loads nothing of the library.
 *
 * The Run Command scripts: a hand-written program would ship its own script files. Here each
 * script is shell text from the package's own script files (a user copying them), cut to the
 * byte size the library's rendered script has for the same step — those sizes come from a file
 * the bench writes from a library run (`scriptBytes`), so the two programs send the engine
 * scripts of the same size; the bench fails when the sizes or the resource counts differ.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as compute from "@pulumi/azure-native/compute";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";

/** Byte size of each step's script, by "<node>-<step>" (e.g. "node1-prepare"). */
export type ScriptBytes = Record<string, number>;

/** The shell text the baseline's scripts are cut from (ASCII only: bytes = characters). */
let corpus: string | undefined;
function shellCorpus(): string {
  if (corpus === undefined) {
    // dist/bench → dist/components/bootstrap (scripts/copy-assets.js copies the script files).
    const dir = path.join(__dirname, "..", "components", "bootstrap");
    const files = [
      "clusterpro/linux/common.sh",
      "clusterpro/linux/prepare.sh",
      "clusterpro/linux/form.sh",
      "clusterpro/linux/start.sh",
      "lifecycle/reboot.sh",
      "lifecycle/gate.sh",
      "scheduled-events/install.sh",
      "scheduled-events/agent.py",
    ];
    const text = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8")).join("\n");
    corpus = text.replace(/[^\t\n -~]/g, "?");
  }
  return corpus;
}

/** A script of exactly `bytes` bytes: a header with the step's values, then shell text. */
function scriptOf(header: string, bytes: number): string {
  const text = shellCorpus();
  let body = "";
  while (header.length + body.length < bytes) body += text;
  return (header + body).slice(0, bytes);
}

const sha = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const hash32 = (text: string) => sha(text).slice(0, 32);

/** Creates cluster `name` in resource group `rgName` with raw resources. */
export function rawCluster(
  name: string,
  rgName: string,
  scriptBytes: ScriptBytes,
): { vms: compute.VirtualMachine[] } {
  const location = "japaneast";
  const tags = {
    "ha-cluster": name,
    "ha-cluster-net":
      "nodes=2 vip=lb egress=nat fd=2 lb=internal fip=0 probe=26001 probe-timing=5x2 idle=4",
    "ha-cluster-timing":
      "sw=clusterpro os=rhel-9 pause=30 hb=120 np=ping pings=1 dsr=0 se=1 freeze=110",
    "ha-cluster-topology": "internal-lb",
  };

  const password = new random.RandomPassword(`${name}-admin-password`, {
    length: 24,
    special: true,
    overrideSpecial: "!#%*()-_=+[]{}:?",
    minLower: 2,
    minUpper: 2,
    minNumeric: 2,
    minSpecial: 2,
  });
  const adminPassword = pulumi.secret(password.result);

  const rg = new resources.ResourceGroup(`${name}-rg`, {
    resourceGroupName: rgName,
    location,
    tags,
  });
  const base = { resourceGroupName: rg.name, location, tags };

  const nsg = new network.NetworkSecurityGroup(`${name}-nsg`, {
    ...base,
    networkSecurityGroupName: `${name}-nsg`,
    securityRules: [
      {
        name: "allow-lb-probe",
        priority: 100,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        sourceAddressPrefix: "AzureLoadBalancer",
        destinationPortRange: "26001",
        description:
          "Azure LB health probe (168.63.129.16) to the probe port 26001; only the active node answers",
      },
      {
        name: "allow-clients-tcp",
        priority: 110,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        sourceAddressPrefix: "VirtualNetwork",
        destinationPortRange: "8080",
        description: "Clients to the backend port(s) behind the internal LB",
      },
    ],
  });

  const natPip = new network.PublicIPAddress(`${name}-nat-pip`, {
    ...base,
    publicIpAddressName: `${name}-nat-pip`,
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
    publicIPAddressVersion: "IPv4",
  });
  const nat = new network.NatGateway(`${name}-nat`, {
    ...base,
    natGatewayName: `${name}-nat`,
    sku: { name: "Standard" },
    idleTimeoutInMinutes: 4,
    publicIpAddresses: [{ id: natPip.id }],
  });
  const vnet = new network.VirtualNetwork(`${name}-vnet`, {
    ...base,
    virtualNetworkName: "Vnet1",
    addressSpace: { addressPrefixes: ["10.5.0.0/24"] },
  });
  const subnet = new network.Subnet(`${name}-subnet`, {
    resourceGroupName: rg.name,
    virtualNetworkName: vnet.name,
    subnetName: "Vnet1-1",
    addressPrefix: "10.5.0.0/24",
    natGateway: { id: nat.id },
    defaultOutboundAccess: false,
  });

  const lbName = `${name}-lb`;
  const client = authorization.getClientConfigOutput();
  const lbId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${rg.name}/providers/Microsoft.Network/loadBalancers/${lbName}`;
  const lb = new network.LoadBalancer(lbName, {
    ...base,
    loadBalancerName: lbName,
    sku: { name: "Standard", tier: "Regional" },
    frontendIPConfigurations: [
      {
        name: "frontend",
        privateIPAllocationMethod: "Static",
        privateIPAddress: "10.5.0.200",
        privateIPAddressVersion: "IPv4",
        subnet: { id: subnet.id },
      },
    ],
    backendAddressPools: [{ name: "backend" }],
    probes: [
      {
        name: "probe",
        protocol: "Tcp",
        port: 26001,
        intervalInSeconds: 5,
        probeThreshold: 2,
        noHealthyBackendsBehavior: "AllProbedDown",
      },
    ],
    loadBalancingRules: [
      {
        name: "tcp-80",
        protocol: "Tcp",
        frontendPort: 80,
        backendPort: 8080,
        enableFloatingIP: false,
        idleTimeoutInMinutes: 4,
        enableTcpReset: true,
        loadDistribution: "Default",
        frontendIPConfiguration: {
          id: pulumi.interpolate`${lbId}/frontendIPConfigurations/frontend`,
        },
        backendAddressPool: { id: pulumi.interpolate`${lbId}/backendAddressPools/backend` },
        probe: { id: pulumi.interpolate`${lbId}/probes/probe` },
      },
    ],
  });

  // The two health-probe alerts: no healthy backend (< 25 %), more than one (> 75 %).
  for (const a of [
    {
      cond: "no-healthy-backend",
      operator: "LessThan",
      threshold: 25,
      description: `No backend of ${name} answers the health probe for tcp-80 (average < 50/2 % over 5 min): clients get no answer. Check the cluster's group/role and the probe listener (azurepp / ProbePort).`,
    },
    {
      cond: "split-brain",
      operator: "GreaterThan",
      threshold: 75,
      description: `More than one backend of ${name} answers the health probe for tcp-80 (average > 150/2 % over 5 min): split brain, or a stopped node dropped out of the metric. Run azure-ha-cluster drill --check to tell which.`,
    },
  ]) {
    const ruleName = `${name}-alert-${a.cond}-tcp-80`;
    new monitor.MetricAlert(ruleName, {
      resourceGroupName: rg.name,
      ruleName,
      location: "global",
      tags,
      description: a.description,
      severity: 1,
      enabled: true,
      scopes: [lb.id],
      evaluationFrequency: "PT1M",
      windowSize: "PT5M",
      autoMitigate: true,
      criteria: {
        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
        allOf: [
          {
            criterionType: "StaticThresholdCriterion",
            name: a.cond,
            metricNamespace: "Microsoft.Network/loadBalancers",
            metricName: "DipAvailability",
            operator: a.operator,
            threshold: a.threshold,
            timeAggregation: "Average",
            dimensions: [
              { name: "FrontendIPAddress", operator: "Include", values: ["10.5.0.200"] },
              { name: "FrontendPort", operator: "Include", values: ["80"] },
            ],
          },
        ],
      },
    });
  }

  const avset = new compute.AvailabilitySet(`${name}-avset`, {
    ...base,
    availabilitySetName: `${name}-avset`,
    platformFaultDomainCount: 2,
    platformUpdateDomainCount: 5,
    sku: { name: "Aligned" },
  });

  const nodes = ["node1", "node2"];
  const ips = ["10.5.0.110", "10.5.0.111"];
  const vms = nodes.map((node, i) => {
    const nic = new network.NetworkInterface(`${name}-${node}-nic`, {
      ...base,
      networkInterfaceName: `${name}-${node}-nic`,
      networkSecurityGroup: { id: nsg.id },
      ipConfigurations: [
        {
          name: "ipconfig1",
          primary: true,
          privateIPAllocationMethod: "Static",
          privateIPAddress: ips[i],
          privateIPAddressVersion: "IPv4",
          subnet: { id: subnet.id },
          loadBalancerBackendAddressPools: [
            { id: pulumi.interpolate`${lb.id}/backendAddressPools/backend` },
          ],
        },
      ],
    });
    const disk = new compute.Disk(`${name}-${node}-data`, {
      ...base,
      diskName: `${name}-${node}-data`,
      sku: { name: "Standard_LRS" },
      diskSizeGB: 20,
      creationData: { createOption: "Empty" },
    });
    return new compute.VirtualMachine(`${name}-${node}-vm`, {
      ...base,
      vmName: node,
      hardwareProfile: { vmSize: "Standard_D2s_v5" },
      availabilitySet: { id: avset.id },
      networkProfile: {
        networkInterfaces: [{ id: nic.id, primary: true, deleteOption: "Detach" }],
      },
      osProfile: {
        computerName: node,
        adminUsername: "azureuser",
        adminPassword,
        linuxConfiguration: {
          provisionVMAgent: true,
          disablePasswordAuthentication: false,
          patchSettings: {
            patchMode: "AutomaticByPlatform",
            assessmentMode: "AutomaticByPlatform",
            automaticByPlatformSettings: {
              rebootSetting: "IfRequired",
              bypassPlatformSafetyChecksOnUserSchedule: false,
            },
          },
        },
      },
      storageProfile: {
        imageReference: {
          publisher: "RedHat",
          offer: "RHEL",
          sku: "9-lvm-gen2",
          version: "latest",
        },
        osDisk: {
          name: `${name}-${node}-osdisk`,
          createOption: "FromImage",
          caching: "ReadWrite",
          managedDisk: { storageAccountType: "StandardSSD_LRS" },
          deleteOption: "Delete",
        },
        dataDisks: [
          {
            lun: 0,
            createOption: "Attach",
            caching: "None",
            managedDisk: { id: disk.id },
            deleteOption: "Detach",
          },
        ],
      },
      securityProfile: {
        securityType: "TrustedLaunch",
        uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    });
  });

  // The bootstrap chain, node by node: prepare → reboot → wait → gate → await-ready → license;
  // push on node1; per node reboot → wait → gate; start on node1; the Scheduled Events agent.
  const scripts: Record<string, string> = {};
  const script = (node: string, step: string) => {
    const key = `${node}-${step}`;
    const bytes = scriptBytes[key];
    if (bytes === undefined) throw new Error(`baseline: no script size for step ${key}`);
    return (scripts[key] ??= scriptOf(
      `#!/bin/bash\n# ${name} ${node} ${step}\nCLUSTER_NAME=${name}\nNODE_NAME=${node}\n`,
      bytes,
    ));
  };
  const step = (
    node: string,
    stepName: string,
    order: number,
    timeoutInSeconds: number,
    dependsOn: pulumi.Resource[],
    afterHash?: string,
  ) =>
    new compute.VirtualMachineRunCommandByVirtualMachine(
      `${name}-${node}-${stepName}`,
      {
        resourceGroupName: rg.name,
        vmName: vms[nodes.indexOf(node)].name,
        location,
        runCommandName: `hacluster-${stepName}`,
        source: { script: script(node, stepName) },
        parameters: afterHash ? [{ name: "AFTER_HASH", value: afterHash }] : undefined,
        asyncExecution: false,
        treatFailureAsDeploymentFailure: true,
        timeoutInSeconds,
        tags: {
          ...tags,
          "ha-cluster-node": node,
          "ha-cluster-step": stepName,
          "ha-cluster-os": "linux",
          "ha-cluster-order": String(order),
        },
      },
      { dependsOn: [vms[nodes.indexOf(node)], ...dependsOn] },
    );
  const reboot = (
    node: string,
    reason: string,
    order: number,
    after: pulumi.Resource[],
    afterHash: string,
  ) => {
    const r = step(node, `reboot-${reason}`, order, 900, after, afterHash);
    const wait = new time.Sleep(
      `${name}-${node}-wait-${reason}`,
      {
        createDuration: "180s",
        triggers: { afterHash, rebootScript: hash32(script(node, `reboot-${reason}`)) },
      },
      { dependsOn: [r] },
    );
    return { reboot: r, gate: step(node, `gate-${reason}`, order + 1, 600, [wait], afterHash) };
  };

  const chain: pulumi.Resource[] = [];
  const licenses: pulumi.Resource[] = [];
  let previousGate: pulumi.Resource | undefined;
  for (const node of nodes) {
    const prepare = step(node, "prepare", 0, 3600, []);
    const installHash = hash32(script(node, "prepare"));
    const r = reboot(
      node,
      "after-install",
      1,
      [prepare, ...(previousGate ? [previousGate] : [])],
      installHash,
    );
    previousGate = r.gate;
    const ready = step(node, "await-ready", 3, 1200, [r.gate], installHash);
    const license = step(node, "license", 4, 600, [ready]);
    licenses.push(license);
    chain.push(prepare, r.gate, ready, license);
  }
  const push = step("node1", "push", 5, 1800, [...licenses, previousGate!]);
  chain.push(push);
  const pushHash = hash32(script("node1", "push"));
  const gates: pulumi.Resource[] = [];
  for (const node of nodes) {
    const r = reboot(node, "after-push", 6, [push, ...gates], pushHash);
    gates.push(r.gate);
    chain.push(r.gate);
  }
  chain.push(step("node1", "start", 8, 1200, gates, pushHash));
  for (const node of nodes) step(node, "scheduled-events", 9, 600, chain);
  return { vms };
}
