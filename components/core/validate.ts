/**
 * Old import path of the entry validation and of the limits it used to hold. The validators live
 * in `validate/` (one per concern); Azure and vendor limits in `azure-limits.ts`.
 */
export { validateEntry } from "./validate/index";
export {
  CLUSTERPRO_MAX,
  CLUSTERPRO_MIN,
  isDnsZoneName,
  maxSharesLimit,
  parseVersion,
  sourcePrefixProblem,
} from "./azure-limits";
