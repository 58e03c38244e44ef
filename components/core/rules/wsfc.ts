/**
 * WSFC rules about the client role (issue 20): who owns the VIP and the shared data disks.
 */
import { defineRule } from "./types";

/**
 * The plan says who owns the client role. With `software.role.mode: none` nothing answers the LB
 * probe and the shared disks stay in Available Storage until the application's installer (e.g.
 * SQL Server FCI setup) creates its role, IP and network name; its IP resource then needs the
 * probe port (Microsoft Learn, sql-docs "failover-cluster-instance-vnn-azure-load-balancer-
 * configure": Set-ClusterParameter … ProbePort). Advisory: a warning that says what is left.
 */
export const wsfcClientRole = defineRule({
  id: "wsfc-client-role",
  description:
    "The WSFC client role owns the VIP and the shared data disks so they fail over together, or is explicitly left to the application's installer.",
  enforcement: "advisory",
  cluster(f, v) {
    const role = f.wsfc?.role;
    if (!role) return [];
    if (role.mode === "ip-and-disks") {
      const what = [f.lb ? "the VIP's IP Address resource" : undefined, ...role.disks]
        .filter(Boolean)
        .join(", ");
      return [v.pass(`role '${role.name}' owns ${what || "nothing yet (no VIP, no shared disk)"}`)];
    }
    return [
      v.fail(
        `software.role.mode none: no role is created; the application installer must create its role with its IP${f.lb ? ` (set ProbePort ${f.lb.probePort} on it)` : ""} and take the shared disks${role.disks.length > 0 ? ` ${role.disks.join(", ")}` : ""} from Available Storage`,
      ),
    ];
  },
});
