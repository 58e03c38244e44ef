/**
 * Guest patching of the nodes: which images may use Azure-orchestrated, availability-first
 * patching (`AutomaticByPlatform`), and the patch settings every node gets (pure).
 *
 * Why: `AutomaticByOS` (Windows Update on its own schedule) and a Linux image's own updater
 * (`ImageDefault`) ignore update domains and zones, so every node of a cluster may install and
 * reboot in the same night. `AutomaticByPlatform` patches "VMs in a common availability set …
 * within Update Domain boundaries" and "VMs in different Availability Zones … not concurrently"
 * (Microsoft Learn, "Automatic Guest Patching for Azure Virtual Machines and Scale Sets",
 * MicrosoftDocs/azure-compute-docs articles/virtual-machines/automatic-vm-guest-patching.md,
 * sections "Availability-first Updates" and "Supported OS images"). It is supported only for
 * the exact publisher/offer/SKU combinations listed there; everywhere else a node gets Windows
 * `Manual` (no automatic updates; patch with Cluster-Aware Updating or Azure Update Manager)
 * or Linux `ImageDefault` (the image's own configuration).
 */
import { AUTOMATIC_BY_PLATFORM_IMAGES } from "./azure-limits";
import { imageFor, OS_NAMES, type OsName } from "./os";

/**
 * The images Microsoft lists for AutomaticByPlatform (the list and its source are in
 * azure-limits.ts); re-exported here, its old import path.
 */
export { AUTOMATIC_BY_PLATFORM_IMAGES };

/** Whether an image is on Microsoft's AutomaticByPlatform list. */
export function supportsAutomaticByPlatform(image: {
  publisher: string;
  offer: string;
  sku: string;
}): boolean {
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return AUTOMATIC_BY_PLATFORM_IMAGES.some(
    ([p, o, s]) => eq(p, image.publisher) && eq(o, image.offer) && eq(s, image.sku),
  );
}

/** The patch mode a node of this OS gets. */
export type PatchMode = "AutomaticByPlatform" | "Manual" | "ImageDefault";

/** The patch mode of every `os` this package offers (pure; tests check it against the list). */
export function patchModeFor(os: OsName): PatchMode {
  if (supportsAutomaticByPlatform(imageFor(os))) return "AutomaticByPlatform";
  return os.startsWith("windows-") ? "Manual" : "ImageDefault";
}

/** Every offered OS with its patch mode (for the README and the plan). */
export function patchModes(): Record<OsName, PatchMode> {
  return Object.fromEntries(OS_NAMES.map((os) => [os, patchModeFor(os)])) as Record<
    OsName,
    PatchMode
  >;
}

/**
 * The `osProfile.windowsConfiguration` patch fields. `enableAutomaticUpdates` is fixed when the
 * VM is created: AutomaticByPlatform needs it true, Manual needs it false (same doc, "Patch
 * orchestration modes"). `rebootSetting: IfRequired` lets the platform reboot after a patch
 * (one update domain / zone at a time); `assessmentMode: AutomaticByPlatform` keeps the
 * platform's periodic assessment.
 */
export function windowsPatchSettings(os: OsName) {
  const mode = patchModeFor(os);
  if (mode === "AutomaticByPlatform") {
    return {
      enableAutomaticUpdates: true,
      patchSettings: {
        patchMode: "AutomaticByPlatform",
        assessmentMode: "AutomaticByPlatform",
        automaticByPlatformSettings: {
          rebootSetting: "IfRequired",
          bypassPlatformSafetyChecksOnUserSchedule: false,
        },
      },
    };
  }
  return {
    enableAutomaticUpdates: false,
    patchSettings: { patchMode: "Manual", assessmentMode: "ImageDefault" },
  };
}

/** The `osProfile.linuxConfiguration.patchSettings` of a Linux node. */
export function linuxPatchSettings(os: OsName) {
  if (patchModeFor(os) === "AutomaticByPlatform") {
    return {
      patchMode: "AutomaticByPlatform",
      assessmentMode: "AutomaticByPlatform",
      automaticByPlatformSettings: {
        rebootSetting: "IfRequired",
        bypassPlatformSafetyChecksOnUserSchedule: false,
      },
    };
  }
  return { patchMode: "ImageDefault", assessmentMode: "ImageDefault" };
}
