/** Old import path: the zonal-region list moved to azure-limits.ts. */
export { regionHasZones } from "./azure-limits";
