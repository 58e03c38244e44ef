/** Old import path: the NIC limits of VM sizes moved to azure-limits.ts. */
export { allowsOnlyOneNic, ONE_NIC_VM_SIZES } from "./azure-limits";
