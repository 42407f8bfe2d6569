// A Machine's cloud-init user, keys and user data on Proxmox. Proxmox builds the cloud-init drive
// itself from the VM's settings (user, SSH keys, addresses, DNS); user data of one's own can only
// come as a snippet file on a datastore of the node, which the provider uploads over SSH. With a
// snippet Proxmox ignores its user settings, so the SSH keys are added to the document (a
// #cloud-config's top-level ssh_authorized_keys, for the default user).
import { parse, stringify } from 'yaml';
import type { MachineCloudInit } from '../../components/proxmox/machine';
import type { ResolvedMachine } from '../../model';
import type { MachinePlan } from '../machine-plan';
import { providerName, snippetsDatastore, type ProxmoxSite } from './site';

export type VmCloudInitUser = Pick<MachineCloudInit, 'username' | 'sshKeys' | 'userData'>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `userData` with `keys` added to its ssh_authorized_keys; unchanged without keys; undefined when
 * it is not a #cloud-config document (a script cannot take them).
 */
export function withSshKeys(userData: string, keys: readonly string[]): string | undefined {
  if (keys.length === 0) return userData;
  if (!/^#cloud-config\s*\n/.test(userData)) return undefined;
  let doc: unknown;
  try {
    doc = parse(userData);
  } catch {
    return undefined;
  }
  const config = isRecord(doc) ? doc : doc === null ? {} : undefined;
  if (config === undefined) return undefined;
  const existing = Array.isArray(config.ssh_authorized_keys)
    ? config.ssh_authorized_keys.filter((k): k is string => typeof k === 'string')
    : [];
  config.ssh_authorized_keys = [...new Set([...existing, ...keys])];
  return `#cloud-config\n${stringify(config)}`;
}

/**
 * The user part of the VM's cloud-init; undefined when the Machine turns cloud-init off. What
 * cannot be delivered goes to `warnings` (never the user data itself: it is secret).
 */
export function machineCloudInitUser(
  site: Pick<ProxmoxSite, 'provider' | 'canUploadSnippets'>,
  m: ResolvedMachine,
  plan: Pick<MachinePlan, 'userData'>,
  warnings: string[],
): VmCloudInitUser | undefined {
  const where = `Machine ${m.key}`;
  const spec = m.machine.spec;
  if (spec.cloudInit?.enabled === false) return undefined;
  for (const field of ['metaData', 'networkData'] as const) {
    if (spec.cloudInit?.[field] !== undefined) {
      warnings.push(
        `${where}: spec.cloudInit.${field} is not built: Proxmox generates the ${field === 'metaData' ? 'metadata (host name from the VM name)' : 'network data (from the NetworkConfiguration addresses)'} itself`,
      );
    }
  }
  for (const k of spec.sshKeys) {
    if (k.publicKey === undefined) {
      warnings.push(
        `${where}: SSH key ${k.name} (key pair ${k.keyPairName ?? ''}) is not installed: Proxmox has no key pairs; give its publicKey`,
      );
    }
  }
  const keys = spec.sshKeys.flatMap((k) => (k.publicKey !== undefined ? [k.publicKey.trim()] : []));
  const username = spec.cloudInit?.users[0]?.name;
  const user: VmCloudInitUser = {
    ...(username !== undefined ? { username } : {}),
    ...(keys.length > 0 ? { sshKeys: keys } : {}),
  };
  if (plan.userData === undefined) return user;
  if (!site.canUploadSnippets) {
    warnings.push(
      `${where}: its cloud-init user data is not delivered: Proxmox takes user data only as a snippet file, which the provider uploads over SSH, and ${providerName(site)} has no SSH access (add ssh-private-key, and ssh-username unless it is root, to its credentials Secret). The VM boots with Proxmox's own cloud-init settings only (addresses, DNS, user and SSH keys)`,
    );
    return user;
  }
  const content = withSshKeys(plan.userData, keys);
  if (content === undefined) {
    warnings.push(
      `${where}: spec.sshKeys are not installed: with user data Proxmox ignores its own user settings, and the user data is not a #cloud-config document to add them to`,
    );
  }
  const { namespace, name } = m.machine.metadata;
  return {
    userData: {
      content: content ?? plan.userData,
      datastoreId: snippetsDatastore(site),
      // Snippets of every stack share the datastore: namespace and name keep them apart.
      fileName: `${namespace}-${name}-user-data.yaml`,
    },
  };
}
