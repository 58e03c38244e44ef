/**
 * Pulumi mocks shared by the offline planner and the tests: deterministic ids and states, a
 * recorder of every registration (type, name, parent, raw inputs with secret markers) taken from
 * the mock monitor, and redaction of secrets.
 *
 * The caller must set PULUMI_CONFIG before the first `setMocks` (see PULUMI-NOTES.md §1).
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE } from "../components/core/tokens";

/** One registered resource. */
export interface RecordedResource {
  type: string;
  name: string;
  /** Name of the parent resource (null at the top). */
  parent: string | null;
  parentType: string | null;
  custom: boolean;
  /**
   * Names of the resources this one waits for, as registered (its `dependsOn` and the resources
   * whose outputs its inputs use), sorted; `dependsOnTypes` gives their types in the same order.
   */
  dependsOn: string[];
  dependsOnTypes: string[];
  /** Inputs as registered; secrets are still marked (use `redact`). */
  inputs: Record<string, unknown>;
}

/** Outputs a component registered with registerOutputs. */
export interface RecordedOutputs {
  type: string;
  name: string;
  outputs: Record<string, unknown>;
}

/** The Azure name input of each type: the mock's `name` output, as Azure would return it. */
const AZURE_NAME_INPUT: Record<string, string> = {
  "azure-native:resources:ResourceGroup": "resourceGroupName",
  "azure-native:network:VirtualNetwork": "virtualNetworkName",
  "azure-native:network:Subnet": "subnetName",
  "azure-native:compute:VirtualMachine": "vmName",
  "azure-native:dns:Zone": "zoneName",
  "azure-native:privatedns:PrivateZone": "privateZoneName",
  "azure-native:storage:StorageAccount": "accountName",
  "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
};

export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";

/** Mock outputs of a resource: its inputs plus the outputs children read. */
function mockState(
  type: string,
  name: string,
  inputs: Record<string, any>,
): Record<string, unknown> {
  const azureName = inputs[AZURE_NAME_INPUT[type]] ?? name;
  const state: Record<string, unknown> = { ...inputs, name: azureName };
  switch (type) {
    case "random:index/randomPassword:RandomPassword":
      state.result = pulumi.secret("mock-generated-password");
      break;
    case "azure-native:network:PublicIPAddress":
      state.ipAddress = "203.0.113.10";
      break;
    case "azure-native:managedidentity:UserAssignedIdentity":
      state.principalId = `${name}-principal-id`;
      state.clientId = `${name}-client-id`;
      break;
    case "azure-native:dns:Zone":
      state.nameServers = ["ns1-01.azure-dns.com.", "ns2-01.azure-dns.net."];
      break;
  }
  return state;
}

/** Invokes the components make. Anything else is an error: tests must not depend on unmocked calls. */
function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "azure-native:authorization:getClientConfig":
      return {
        subscriptionId: MOCK_SUBSCRIPTION_ID,
        tenantId: MOCK_TENANT_ID,
        clientId: "22222222-2222-2222-2222-222222222222",
        objectId: "33333333-3333-3333-3333-333333333333",
      };
    case "azure-native:storage:listStorageAccountKeys":
      return { keys: [{ keyName: "key1", value: "mock-storage-key", permissions: "FULL" }] };
    default:
      throw new Error(`unmocked call ${args.token}`);
  }
}

/** The recorder the mocks fill. */
export interface Recorder {
  resources: RecordedResource[];
  outputs: RecordedOutputs[];
  /** Clears what was recorded (tests). */
  reset(): void;
}

/** Type and name of a URN: `urn:pulumi:<stack>::<project>::<parentType>$<type>::<name>`. */
export function splitUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: (parts[2] ?? "").split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

function parentOf(urn: string | undefined): { name: string | null; type: string | null } {
  if (!urn) return { name: null, type: null };
  const u = splitUrn(urn);
  return { name: u.name, type: u.type };
}

/**
 * Installs the mocks and the recorder. `preview` false: outputs are known, as in `pulumi up`.
 */
export function installMocks(project = PACKAGE, stack = "plan"): Recorder {
  pulumi.runtime.setMocks(
    {
      newResource: (a) => ({ id: `${a.name}_id`, state: mockState(a.type, a.name, a.inputs) }),
      call: (a) => mockCall(a),
    },
    project,
    stack,
    false,
  );
  const rec: Recorder = {
    resources: [],
    outputs: [],
    reset() {
      rec.resources.length = 0;
      rec.outputs.length = 0;
    },
  };
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: any) => {
    const p = parentOf(req.getParent());
    const deps = [...new Set<string>(req.getDependenciesList?.() ?? [])]
      .map(splitUrn)
      .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type));
    rec.resources.push({
      type: req.getType(),
      name: req.getName(),
      parent: p.name,
      parentType: p.type,
      custom: req.getCustom(),
      dependsOn: deps.map((d) => d.name),
      dependsOnTypes: deps.map((d) => d.type),
      inputs: req.getObject()?.toJavaScript() ?? {},
    });
    return register(req, cb);
  };
  const registerOutputs = monitor.registerResourceOutputs?.bind(monitor);
  if (registerOutputs) {
    monitor.registerResourceOutputs = (req: any, cb: any) => {
      const u = splitUrn(req.getUrn());
      rec.outputs.push({ ...u, outputs: req.getOutputs()?.toJavaScript() ?? {} });
      return registerOutputs(req, cb);
    };
  }
  return rec;
}

/** Replaces secret values by "[secret]" and unknowns by "[unknown]". */
export function redact(v: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(v)) return "[secret]";
  if (v === pulumi.runtime.unknownValue) return "[unknown]";
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
  }
  return v;
}

/** Resolves when no new registration has arrived for a few rounds (tests). */
export async function settle(rec: Recorder, rounds = 3): Promise<void> {
  let last = -1;
  let quiet = 0;
  while (quiet < rounds) {
    await (pulumi.runtime as any).waitForRPCs?.();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    const n = rec.resources.length + rec.outputs.length;
    quiet = n === last ? quiet + 1 : 0;
    last = n;
  }
}
