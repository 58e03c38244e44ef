/**
 * Azure regions with availability zones (Microsoft Learn, "Azure regions with availability zone
 * support", 2025). Used only for defaults (zone-redundant public IPs); a region missing here gets
 * a non-zonal public IP unless `zoneRedundant: true` is set.
 */
const ZONAL_REGIONS = new Set([
  "australiaeast",
  "austriaeast",
  "belgiumcentral",
  "brazilsouth",
  "canadacentral",
  "centralindia",
  "centralus",
  "chilecentral",
  "eastasia",
  "eastus",
  "eastus2",
  "francecentral",
  "germanywestcentral",
  "indonesiacentral",
  "israelcentral",
  "italynorth",
  "japaneast",
  "japanwest",
  "koreacentral",
  "malaysiawest",
  "mexicocentral",
  "newzealandnorth",
  "northeurope",
  "norwayeast",
  "polandcentral",
  "qatarcentral",
  "southafricanorth",
  "southcentralus",
  "southeastasia",
  "spaincentral",
  "swedencentral",
  "switzerlandnorth",
  "uaenorth",
  "uksouth",
  "westeurope",
  "westus2",
  "westus3",
  "usgovvirginia",
  "chinanorth3",
]);

/** True when the region has availability zones. */
export function regionHasZones(location: string): boolean {
  return ZONAL_REGIONS.has(location.toLowerCase().replace(/\s+/g, ""));
}
