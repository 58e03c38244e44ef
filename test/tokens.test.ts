/**
 * The shared names (components/core/tokens.ts) are the ones the components register, and the
 * error brand checks the planner uses recognise errors thrown by another copy of the package.
 */
import { record, one, ofType } from "./helpers";
import { HaClusterInternalLb } from "../components/internal-lb";
import { ConfigError, isConfigError } from "../components/core/errors";
import { isPolicyViolationError, PolicyViolationError } from "../components/core/rules";
import { COMPONENT_TYPES, isComponentType, TAG } from "../components/core/tokens";
import { argsOf, stackCluster } from "./fixtures/clusters";
import { T } from "./support/types";

describe("tokens", () => {
  it("the component type token and the tag keys are the ones registered", async () => {
    const seed = stackCluster("ilb-linux");
    const rs = await record(() => new HaClusterInternalLb(seed.name, argsOf(seed)));
    one(rs, COMPONENT_TYPES.internalLb, seed.name);
    expect(rs.filter((r) => isComponentType(r.type)).map((r) => r.name)).toEqual([seed.name]);
    const vm = one(rs, T.vm, `${seed.name}-${seed.nodes[0].name}-vm`).inputs as any;
    expect(vm.tags[TAG.cluster]).toBe(seed.name);
    expect(vm.tags[TAG.topology]).toBe("internal-lb");
    expect(vm.tags[TAG.timing]).toMatch(/^sw=clusterpro /);
    expect(vm.tags[TAG.net]).toMatch(/^nodes=2 /);
    const runs = ofType(rs, T.run).map((r) => (r.inputs as any).tags);
    expect(runs.length).toBeGreaterThan(0);
    for (const tags of runs) {
      expect(seed.nodes.map((n) => n.name)).toContain(tags[TAG.node]);
      expect(tags[TAG.os]).toBe("linux");
      expect(tags[TAG.step]).toEqual(expect.any(String));
      expect(tags[TAG.order]).toMatch(/^\d+$/);
    }
  });
});

describe("error brands", () => {
  /** The error classes of a second copy of the modules (as a user's project may load). */
  function otherCopy() {
    let copy: {
      errors: typeof import("../components/core/errors");
      rules: typeof import("../components/core/rules");
    };
    jest.isolateModules(() => {
      copy = {
        errors: require("../components/core/errors"),
        rules: require("../components/core/rules"),
      };
    });
    return copy!;
  }

  it("recognise a ConfigError / PolicyViolationError of another copy, where instanceof does not", () => {
    const copy = otherCopy();
    const config = new copy.errors.ConfigError([{ path: "clusters", message: "x" }]);
    const policy = new copy.rules.PolicyViolationError([]);
    expect(config instanceof ConfigError).toBe(false);
    expect(policy instanceof PolicyViolationError).toBe(false);
    expect(isConfigError(config)).toBe(true);
    expect(isPolicyViolationError(policy)).toBe(true);
  });

  it("refuse look-alikes: same name, other class", () => {
    const fake = Object.assign(new Error("invalid cluster config"), { name: "ConfigError" });
    const fakePolicy = Object.assign(new Error("x"), { name: "PolicyViolationError" });
    expect(isConfigError(fake)).toBe(false);
    expect(isPolicyViolationError(fakePolicy)).toBe(false);
    expect(isConfigError(new PolicyViolationError([]))).toBe(false);
    expect(isPolicyViolationError(new ConfigError([]))).toBe(false);
    for (const v of [undefined, null, "ConfigError", 1]) {
      expect(isConfigError(v)).toBe(false);
      expect(isPolicyViolationError(v)).toBe(false);
    }
  });

  it("are not copied by a spread: a plain object is not an error", () => {
    expect(isConfigError({ ...new ConfigError([{ path: "clusters", message: "x" }]) })).toBe(false);
    expect(isPolicyViolationError({ ...new PolicyViolationError([]) })).toBe(false);
  });
});
