// Stack program entry point (Pulumi.yaml: main: stacks/). See program.ts.
import { deployClusters } from "./program";

export = deployClusters();
