// Small helpers shared by the Proxmox VE components: validation messages and Proxmox's own
// value formats (VM tags, names, disk and network device keys).
import { formatValue } from '../../api/schema/issues';

/** A Proxmox VE tag (pve-tag format, as the API stores it: lower case). */
export const PROXMOX_TAG = /^[a-z0-9_][a-z0-9_+.-]*$/;

/** A VM name: Proxmox requires a DNS name. */
export const VM_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** A disk slot of a VM: `scsi0`, `virtio1`, `sata2`, `ide3`. */
export const DISK_INTERFACE = /^(scsi|virtio|sata|ide)[0-9]{1,2}$/;

/** A Proxmox cluster firewall security group name. */
export const SECURITY_GROUP = /^[A-Za-z][A-Za-z0-9_-]{1,17}$/;

/** `disks[1].sizeGiB: 0 must be ...` (the style of the API layer's messages). */
export function problem(path: string, value: unknown, reason: string): string {
  return `${path}: ${formatValue(value)} ${reason}`;
}

/** Throws one Error listing every problem, before the component makes any resource. */
export function assertValid(kind: string, name: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(
    `${kind} "${name}" has invalid arguments:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
}

/** Checks `value` is a whole number in [min, max]; returns a problem or undefined. */
export function checkInt(
  path: string,
  value: number | undefined,
  min: number,
  max: number,
  hint: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    return problem(path, value, `is not a whole number from ${min} to ${max}; ${hint}.`);
  }
  return undefined;
}
