// A machine's disks, keys and first-boot data, cloud-neutral: sizes in GiB with the provider's
// defaults applied, encryption from the machine else the provider's storage settings, the first
// SSH public key, the cloud-init document. Each cloud maps this onto its disks and instances.
import type { ResolvedMachine, ResolvedMachineProvider } from '../model';
import { machineUserData } from './cloud-init';
import { gibOf } from './units';

/** Root disk size when neither the machine nor its provider names one. */
export const DEFAULT_ROOT_GIB = 20;

export interface PlannedDisk {
  readonly name: string;
  readonly sizeGiB: number;
  /** The disk type as written (volume's, else the provider's default); clouds map or refuse it. */
  readonly type?: string;
  readonly encrypted: boolean;
  /** A key the manifests name (machine, else provider storage), only when encrypted. */
  readonly kmsKeyId?: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly deleteOnTermination?: boolean;
  readonly mountPath?: string;
}

export interface MachinePlan {
  readonly root: PlannedDisk;
  readonly volumes: readonly PlannedDisk[];
  /** The first SSH key with a public key. */
  readonly sshPublicKey?: { readonly name: string; readonly publicKey: string };
  /** A key pair by name (AWS), when no public key is given. */
  readonly keyPairName?: string;
  /** The cloud-init document. Secret: wrap it in pulumi.secret, never log it. */
  readonly userData?: string;
}

export function machinePlan(m: ResolvedMachine, provider: ResolvedMachineProvider): MachinePlan {
  const spec = m.machine.spec;
  const storage = provider.provider.spec.storage;
  const encryptedDefault = storage.encryption ?? true;
  const key = (encrypted: boolean, explicit: string | undefined) => {
    const k = encrypted ? (explicit ?? storage.kmsKeyId) : undefined;
    return k !== undefined ? { kmsKeyId: k } : {};
  };
  const root = spec.rootVolume;
  const rootEncrypted = root?.encrypted ?? encryptedDefault;
  const rootType = root?.type ?? storage.defaultVolumeType;
  const withKey = spec.sshKeys.find((k) => k.publicKey !== undefined);
  const pair = spec.sshKeys.find((k) => k.keyPairName !== undefined);
  const userData = machineUserData(m.machine);
  return {
    root: {
      name: 'root',
      sizeGiB: gibOf(root?.size) ?? gibOf(storage.defaultVolumeSize) ?? DEFAULT_ROOT_GIB,
      ...(rootType !== undefined ? { type: rootType } : {}),
      encrypted: rootEncrypted,
      ...key(rootEncrypted, root?.kmsKeyId),
      ...(root?.iops !== undefined ? { iops: root.iops } : {}),
      ...(root?.throughput !== undefined ? { throughput: root.throughput } : {}),
      ...(root?.deleteOnTermination !== undefined
        ? { deleteOnTermination: root.deleteOnTermination }
        : {}),
    },
    volumes: spec.volumes.map((v) => {
      const encrypted = v.encrypted ?? encryptedDefault;
      const type = v.type ?? storage.defaultVolumeType;
      return {
        name: v.name,
        sizeGiB: gibOf(v.size) ?? DEFAULT_ROOT_GIB,
        ...(type !== undefined ? { type } : {}),
        encrypted,
        ...key(encrypted, undefined),
        ...(v.iops !== undefined ? { iops: v.iops } : {}),
        ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
      };
    }),
    ...(withKey?.publicKey !== undefined
      ? { sshPublicKey: { name: withKey.name, publicKey: withKey.publicKey } }
      : {}),
    ...(pair?.keyPairName !== undefined && withKey === undefined
      ? { keyPairName: pair.keyPairName }
      : {}),
    ...(userData !== undefined ? { userData } : {}),
  };
}
