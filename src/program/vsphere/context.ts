// What the vSphere machine and node mappings share for one stack: the sites (one per vSphere
// MachineProvider whose provider resource was built) and warnings said once however many VMs
// share them.
import type { DiskProvisioning } from '../../components/vsphere';
import type { CloudEnv } from '../cloud';
import type { VsphereSite } from './site';

export interface VsphereContext {
  readonly env: CloudEnv;
  /** By MachineProvider key. */
  readonly sites: ReadonlyMap<string, VsphereSite>;
  /** env.warn, once per distinct message. */
  warn(message: string): void;
}

/** Disk provisioning in the words of the storage types (spec 004 `thin`, `thick-eager`). */
export const PROVISIONING_WORDS: Readonly<Record<DiskProvisioning, string>> = {
  thin: 'thin',
  thick: 'thick',
  eager: 'thick-eager',
};

/** The provisioning of a template disk, in those words (thin when unknown). */
export function provisioningOf(
  disk: { readonly thinProvisioned: boolean; readonly eagerlyScrub: boolean } | undefined,
): string {
  if (disk === undefined || disk.thinProvisioned) return PROVISIONING_WORDS.thin;
  return disk.eagerlyScrub ? PROVISIONING_WORDS.eager : PROVISIONING_WORDS.thick;
}
