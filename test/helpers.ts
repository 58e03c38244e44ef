/**
 * The one shared mock helper of the component tests: installs the project's mocks (the same the
 * planner uses) before the module under test is loaded, records every registration, and throws
 * on unmocked invokes.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, redact, settle, type RecordedResource, type Recorder } from "../cli/mocks";

export const recorder: Recorder = installMocks("azure-ha-cluster", "test");

/** Runs `build` (which creates components), waits for every registration, returns the records. */
export async function record(build: () => unknown): Promise<RecordedResource[]> {
  recorder.reset();
  build();
  await settle(recorder);
  return recorder.resources.map((r) => ({
    ...r,
    inputs: redact(r.inputs) as Record<string, unknown>,
  }));
}

/** Raw records (secret markers kept), for secrecy assertions. */
export function rawRecords(): RecordedResource[] {
  return [...recorder.resources];
}

export const ofType = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
export const one = (rs: RecordedResource[], type: string, name?: string): RecordedResource => {
  const found = rs.filter((r) => r.type === type && (name === undefined || r.name === name));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((f) => f.name).join(", ")}`,
    );
  }
  return found[0];
};

export { pulumi };

/** The value of an Output (under the mocks every Output resolves). */
export const value = <V>(o: pulumi.Output<V>): Promise<V> =>
  new Promise<V>((resolve) => o.apply(resolve));
