/**
 * The NSG rules a topology needs, and nothing else (pure). Azure's default rules already allow
 * VNet-internal traffic (cluster heartbeats between nodes) and deny inbound Internet traffic;
 * these explicit rules make the LB probe and the client path independent of those defaults.
 */
import type { ResolvedCluster } from "./types";

/** One inbound NSG rule. */
export interface NsgRule {
  name: string;
  priority: number;
  protocol: "Tcp" | "Udp" | "Icmp" | "*";
  sourceAddressPrefixes: string[];
  destinationPortRanges: string[];
  description: string;
  /** Default "Allow". */
  access?: "Allow" | "Deny";
}

/**
 * The WSFC cluster ports between nodes (the same set the WSFC prepare opens in Windows Firewall):
 * cluster service TCP/UDP 3343, RPC endpoint mapper TCP 135, SMB TCP 445, dynamic RPC TCP
 * 49152–65535, ICMP echo (Microsoft Learn, "Service overview and network port requirements for
 * Windows", Failover Cluster service).
 */
export const WSFC_CLUSTER_PORTS: { protocol: "Tcp" | "Udp" | "Icmp"; ports: string[] }[] = [
  { protocol: "Tcp", ports: ["135", "445", "3343", "49152-65535"] },
  { protocol: "Udp", ports: ["3343"] },
  { protocol: "Icmp", ports: ["*"] },
];

/**
 * The NSG of the WSFC interconnect NICs (seed 000's cluster-interconnect LAN): the cluster ports
 * from the nodes' interconnect addresses only, then every other inbound packet denied (the
 * default rules would admit the whole VNet). Empty without an interconnect (pure).
 */
export function interconnectNsgRulesFor(c: ResolvedCluster): NsgRule[] {
  const peers = c.nodes.map((n) => n.interconnectIp).filter((ip): ip is string => !!ip);
  if (peers.length === 0) return [];
  const rules: NsgRule[] = WSFC_CLUSTER_PORTS.map((p, i) => ({
    name: `allow-cluster-${p.protocol.toLowerCase()}`,
    priority: 100 + 10 * i,
    protocol: p.protocol,
    sourceAddressPrefixes: peers,
    destinationPortRanges: p.ports,
    description: `WSFC cluster traffic (${p.protocol} ${p.ports.join(",")}) between the nodes' interconnect addresses`,
  }));
  rules.push({
    name: "deny-all-other-inbound",
    priority: 4096,
    protocol: "*",
    sourceAddressPrefixes: ["*"],
    destinationPortRanges: ["*"],
    description: "The interconnect carries cluster traffic only: nothing else may reach it",
    access: "Deny",
  });
  return rules;
}

/** The inbound rules of a cluster's NSG. */
export function nsgRulesFor(c: ResolvedCluster): NsgRule[] {
  const rules: NsgRule[] = [];
  const lb = c.lb;
  if (lb) {
    rules.push({
      name: "allow-lb-probe",
      priority: 100,
      protocol: "Tcp",
      sourceAddressPrefixes: ["AzureLoadBalancer"],
      destinationPortRanges: [String(lb.probePort)],
      description: `Azure LB health probe (168.63.129.16) to the probe port ${lb.probePort}; only the active node answers`,
    });
    const byProto = new Map<string, Set<string>>();
    for (const r of lb.rules) {
      const proto = r.protocol === "All" ? "*" : r.protocol;
      const port = r.protocol === "All" ? "*" : String(r.backendPort);
      if (!byProto.has(proto)) byProto.set(proto, new Set());
      byProto.get(proto)!.add(port);
    }
    let priority = 110;
    for (const [proto, ports] of [...byProto.entries()].sort()) {
      rules.push({
        name: `allow-clients-${proto === "*" ? "all" : proto.toLowerCase()}`,
        priority,
        protocol: proto as NsgRule["protocol"],
        sourceAddressPrefixes: [...lb.clientSources],
        destinationPortRanges: [...ports].sort((a, b) => Number(a) - Number(b)),
        description: `Clients to the backend port(s) behind the ${lb.kind} LB`,
      });
      priority += 10;
    }
  }
  const dns = c.dns;
  const dnsPorts = dns?.clientPorts ?? [];
  if (dns && dnsPorts.length > 0) {
    // DNS topology: clients connect to the node address the record points at, not to an LB.
    rules.push({
      name: "allow-clients-tcp",
      priority: 110,
      protocol: "Tcp",
      sourceAddressPrefixes: [...(dns.clientSources ?? ["VirtualNetwork"])],
      destinationPortRanges: dnsPorts.map(String),
      description: `Clients to the business port(s) on the node that ${dns.fqdn} points at`,
    });
  }
  return rules;
}
