/**
 * VM sizes whose network-interface limit matters to the package (pure data).
 *
 * A WSFC interconnect gives every node a second NIC, so the size must allow two. Most sizes do
 * (Dsv5, Dsv3, Bv1: "2 - 8 NICs"); the sizes below are documented with one NIC only. Source:
 * Microsoft Learn, VM sizes, DCsv2-series specifications ("Network | 1 NICs"),
 * MicrosoftDocs/azure-compute-docs articles/virtual-machines/sizes/general-purpose/includes/
 * dcsv2-series-specs.md. A size missing here is not refused; Azure refuses it at creation.
 */
export const ONE_NIC_VM_SIZES: readonly string[] = [
  "Standard_DC1s_v2",
  "Standard_DC2s_v2",
  "Standard_DC4s_v2",
  "Standard_DC8_v2",
];

/** Whether a size is known to allow only one NIC (case-insensitive, as Azure compares). */
export function allowsOnlyOneNic(size: string): boolean {
  return ONE_NIC_VM_SIZES.some((s) => s.toLowerCase() === size.toLowerCase());
}
