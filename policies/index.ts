// Only this file constructs the pack: `new PolicyPack` starts a gRPC server and never returns.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("azure-ha-cluster", { policies });
