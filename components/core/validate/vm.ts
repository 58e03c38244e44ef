/** VM: admin name (Azure's reserved list and lengths), size, image version, SSH keys. */
import { ADMIN_USER, IMAGE_VERSION, SSH_PUBLIC_KEY, VM_SIZE } from "../azure-limits";
import { LIST_MAX } from "../limits";
import type { Ctx } from "./context";

/** `vm.*`: what Azure accepts for the admin user, the size, the image and the keys. */
export function vm(ctx: Ctx): void {
  const vm = ctx.partial.vm;
  if (!vm) return;
  adminUsername(ctx);
  if (!VM_SIZE.re.test(vm.size)) ctx.add(["vm", "size"], VM_SIZE.rule);
  if (vm.imageVersion !== undefined && !IMAGE_VERSION.re.test(vm.imageVersion))
    ctx.add(["vm", "imageVersion"], IMAGE_VERSION.rule);
  if ((vm.sshPublicKeys?.length ?? 0) > LIST_MAX.sshPublicKeys)
    ctx.add(["vm", "sshPublicKeys"], `lists more than ${LIST_MAX.sshPublicKeys} keys`, "[…]");
  if (ctx.facts.family === "windows" && vm.sshPublicKeys !== undefined) {
    ctx.add(
      ["vm", "sshPublicKeys"],
      "SSH keys are for Linux images; Windows nodes use adminPassword",
    );
  }
  (vm.sshPublicKeys ?? []).forEach((k, i) => {
    if (!SSH_PUBLIC_KEY.test(k.trim())) {
      ctx.add(
        ["vm", "sshPublicKeys", i],
        "expected an OpenSSH public key (ssh-rsa/ssh-ed25519/ecdsa-… AAAA…)",
      );
    }
  });
}

function adminUsername(ctx: Ctx): void {
  const name = ctx.e.vm.adminUsername;
  const family = ctx.facts.family;
  if (ADMIN_USER.reserved.has(name.toLowerCase())) {
    ctx.add(
      ["vm", "adminUsername"],
      `Azure refuses this admin name (reserved: administrator, admin, root, user1, …, support_388945a0); choose another, e.g. azureadmin (${ADMIN_USER.source})`,
    );
  }
  const max = ADMIN_USER.maxLength[family ?? "windows"];
  const shape = new RegExp(`^[A-Za-z_][A-Za-z0-9_.-]{0,${max - 1}}$`);
  if (!shape.test(name) || (family !== "linux" && name.endsWith("."))) {
    ctx.add(
      ["vm", "adminUsername"],
      `expected 1–${max} letters, digits, '_', '.', '-', starting with a letter or '_'${family === "linux" ? "" : ", not ending in '.'"} (${family ?? "windows"}; ${ADMIN_USER.source})`,
    );
  }
}
