// The arguments of a KubeVirt VirtualMachine (kubevirt.io/v1) and the manifest made from them,
// pure so the tests can read it without mocks. Disks are CDI DataVolumes written as the VM's
// `dataVolumeTemplates`, not as separate DataVolume objects: KubeVirt then creates them with the
// VM and owns them (deleting the Machine deletes its disks), and CDI's garbage collection of
// completed standalone DataVolumes cannot make Pulumi see a disk "deleted" and recreate it.
import type * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { isDnsLabel, isDnsSubdomain, labelKeyProblem, validateLabels } from './names';

export const ACCESS_MODES = [
  'ReadWriteOnce',
  'ReadWriteMany',
  'ReadOnlyMany',
  'ReadWriteOncePod',
] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
export const VOLUME_MODES = ['Filesystem', 'Block'] as const;
export type VolumeMode = (typeof VOLUME_MODES)[number];
export const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted'] as const;
export type RunStrategy = (typeof RUN_STRATEGIES)[number];

/** Name of the cloud-init disk inside the VM. */
export const CLOUD_INIT_DISK = 'cloudinit';

/** Where a disk's content comes from (a CDI DataVolume source); exactly one member is set. */
export type DiskSource =
  /** A container image holding a disk image, `docker://registry/repo:tag`. */
  | { readonly registry: { readonly url: string } }
  /** A disk image downloaded over HTTP(S) (qcow2, raw, optionally .gz/.xz compressed). */
  | { readonly http: { readonly url: string } }
  /** A clone of an existing PVC (a "golden image"). */
  | { readonly pvc: { readonly namespace: string; readonly name: string } }
  /** An empty disk. */
  | { readonly blank: Readonly<Record<string, never>> };

export interface VmDisk {
  /** Disk name inside the VM (a DNS-1123 label); the DataVolume is `<vm>-<name>`. Required. */
  readonly name: string;
  /** Size in GiB (> 0). Required. */
  readonly sizeGiB: number;
  /** Content of the disk. Defaults to a blank disk. */
  readonly source?: DiskSource;
  /** StorageClass of the PVC. Defaults to the cluster's default class. */
  readonly storageClass?: string;
  /** PVC access mode. Defaults to what CDI's StorageProfile says for the class. */
  readonly accessMode?: AccessMode;
  /** PVC volume mode. Defaults to what CDI's StorageProfile says for the class. */
  readonly volumeMode?: VolumeMode;
  /**
   * Serial number the guest sees (`/dev/disk/by-id/virtio-<serial>`, at most 20 characters).
   * Defaults to none.
   */
  readonly serial?: string;
}

export interface VmInterface {
  /** Interface and network name inside the VM (a DNS-1123 label). Required. */
  readonly name: string;
  /** Multus network `namespace/name` (a NetworkAttachmentDefinition). Absent: the pod network. */
  readonly networkName?: pulumi.Input<string>;
  /**
   * How the interface is bound: `bridge`, `masquerade`, `sriov`, or the name of a network
   * binding plugin (e.g. `passt`). Defaults to `bridge` on a Multus network, `masquerade` on the
   * pod network (bridge binding on the pod network breaks live migration).
   */
  readonly binding?: string;
  /** MAC address. Defaults to one KubeVirt picks. */
  readonly macAddress?: string;
}

export interface VmCpu {
  /** Cores per socket (>= 1). Required. */
  readonly cores: number;
  /** Sockets (>= 1). Defaults to 1. */
  readonly sockets?: number;
  /** Threads per core (>= 1). Defaults to 1. */
  readonly threads?: number;
  /** CPU model, e.g. `host-passthrough`. Defaults to KubeVirt's (`host-model`). */
  readonly model?: string;
}

export interface VirtualMachineArgs {
  /** VM name in the namespace (a DNS-1123 label: it is also the guest's host name). Required. */
  readonly name: string;
  /** Namespace of the VM, its disks and Secrets. Required. */
  readonly namespace: string;
  /** Labels of the VM and of the pods that run it (NetworkPolicies select by them). Required. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the VM. Defaults to none. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly cpu: VmCpu;
  /** Guest memory as a quantity, e.g. `4Gi`. Required. */
  readonly memory: string;
  /** QEMU machine type, e.g. `q35`. Defaults to KubeVirt's. */
  readonly machineType?: string;
  /** UEFI instead of BIOS, optionally with Secure Boot (which needs SMM). Defaults to BIOS. */
  readonly firmware?: { readonly uefi: boolean; readonly secureBoot?: boolean };
  /** The boot disk; its source is required. */
  readonly rootDisk: VmDisk & { readonly source: DiskSource };
  /** Further disks, attached in order. Defaults to none. */
  readonly dataDisks?: readonly VmDisk[];
  /** Network interfaces in order. Defaults to one `default` interface on the pod network. */
  readonly interfaces?: readonly VmInterface[];
  /** cloud-init user data; kept secret and stored in a Secret. Defaults to none. */
  readonly userData?: pulumi.Input<string>;
  /** cloud-init network data (network-config v2); not secret. Defaults to none. */
  readonly networkData?: string;
  /** SSH public keys, given to the guest through cloud-init NoCloud. Defaults to none. */
  readonly sshPublicKeys?: readonly string[];
  /** Defaults to `Always`: KubeVirt keeps the VM running and restarts it when it stops. */
  readonly runStrategy?: RunStrategy;
}

const SERIAL = /^[A-Za-z0-9_.+-]{1,20}$/;
const SSH_KEY =
  /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9-]+@openssh\.com) \S+/;

function validateDisk(d: VmDisk, path: string, out: string[]): void {
  if (!isDnsLabel(d.name)) {
    out.push(
      `${path}.name: "${d.name}" is not a DNS-1123 label; use lower-case letters, digits and "-".`,
    );
  }
  if (!Number.isInteger(d.sizeGiB) || d.sizeGiB <= 0) {
    out.push(`${path}.sizeGiB: ${d.sizeGiB} must be a whole number greater than 0.`);
  }
  if (d.storageClass !== undefined && !isDnsSubdomain(d.storageClass)) {
    out.push(`${path}.storageClass: "${d.storageClass}" is not a StorageClass name.`);
  }
  if (d.serial !== undefined && !SERIAL.test(d.serial)) {
    out.push(
      `${path}.serial: "${d.serial}" is not a disk serial; use up to 20 letters, digits, ".", "-", "_" and "+".`,
    );
  }
  const s = d.source;
  if (s !== undefined && 'registry' in s && !/^docker:\/\/[^\s/]+\/\S+$/.test(s.registry.url)) {
    out.push(
      `${path}.source.registry.url: "${s.registry.url}" is not a container image URL; use a form like "docker://quay.io/containerdisks/ubuntu:22.04".`,
    );
  }
  if (s !== undefined && 'http' in s && formats.checkHttpUrl(s.http.url) !== undefined) {
    out.push(`${path}.source.http.url: "${s.http.url}" is not an http(s) URL.`);
  }
  if (
    s !== undefined &&
    'pvc' in s &&
    (!isDnsLabel(s.pvc.namespace) || !isDnsSubdomain(s.pvc.name))
  ) {
    out.push(`${path}.source.pvc: "${s.pvc.namespace}/${s.pvc.name}" is not a PVC namespace/name.`);
  }
}

/** Problems with the args (field paths relative to the args). */
export function validateVirtualMachineArgs(args: VirtualMachineArgs): string[] {
  const out: string[] = [];
  if (!isDnsLabel(args.name)) {
    out.push(
      `name: "${args.name}" is not a DNS-1123 label; use up to 63 lower-case letters, digits and "-".`,
    );
  }
  if (!isDnsLabel(args.namespace))
    out.push(`namespace: "${args.namespace}" is not a namespace name.`);
  for (const [field, v] of [
    ['cores', args.cpu.cores],
    ['sockets', args.cpu.sockets],
    ['threads', args.cpu.threads],
  ] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      out.push(`cpu.${field}: ${v} must be a whole number of at least 1.`);
    }
  }
  if (formats.parseQuantity(args.memory) === undefined) {
    out.push(`memory: "${args.memory}" is not a quantity; use a form like "4Gi".`);
  }
  if (args.firmware?.secureBoot === true && !args.firmware.uefi) {
    out.push('firmware.secureBoot: Secure Boot needs UEFI; set firmware.uefi or drop secureBoot.');
  }
  validateDisk(args.rootDisk, 'rootDisk', out);
  const disks = [args.rootDisk, ...(args.dataDisks ?? [])];
  (args.dataDisks ?? []).forEach((d, i) => {
    validateDisk(d, `dataDisks[${i}]`, out);
  });
  const names = disks.map((d) => d.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i || n === CLOUD_INIT_DISK) {
      out.push(
        `disk "${n}" is named twice (or "${CLOUD_INIT_DISK}", which the cloud-init disk uses); give each disk its own name.`,
      );
    }
  });
  const ifaces = args.interfaces ?? [];
  const ifaceNames = ifaces.map((i) => i.name);
  ifaces.forEach((iface, i) => {
    if (!isDnsLabel(iface.name) || ifaceNames.indexOf(iface.name) !== i) {
      out.push(
        `interfaces[${i}].name: "${iface.name}" must be a DNS-1123 label unique among the interfaces.`,
      );
    }
    if (
      iface.macAddress !== undefined &&
      !/^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(iface.macAddress)
    ) {
      out.push(`interfaces[${i}].macAddress: "${iface.macAddress}" is not a MAC address.`);
    }
    if (iface.binding !== undefined && !isDnsLabel(iface.binding)) {
      out.push(`interfaces[${i}].binding: "${iface.binding}" is not a binding name.`);
    }
  });
  if (ifaces.filter((i) => i.networkName === undefined).length > 1) {
    out.push(
      'interfaces: only one interface may use the pod network; give the others a networkName.',
    );
  }
  (args.sshPublicKeys ?? []).forEach((k, i) => {
    if (!SSH_KEY.test(k)) {
      out.push(
        `sshPublicKeys[${i}]: is not an OpenSSH public key; use the one-line form "ssh-ed25519 AAAA... comment".`,
      );
    }
  });
  if (args.runStrategy !== undefined && !RUN_STRATEGIES.includes(args.runStrategy)) {
    out.push(
      `runStrategy: "${args.runStrategy}" is not allowed; use ${RUN_STRATEGIES.join(', ')}.`,
    );
  }
  out.push(...validateLabels(args.labels));
  // Annotation keys follow the label key rules; their values are free text.
  for (const key of Object.keys(args.annotations ?? {})) {
    const problem = labelKeyProblem(key);
    if (problem !== undefined) out.push(`annotations: the key ${JSON.stringify(key)} ${problem}.`);
  }
  return out;
}

/** The DataVolume name of a disk. */
export function dataVolumeName(vm: string, disk: string): string {
  return `${vm}-${disk}`;
}

/** One entry of `spec.dataVolumeTemplates`. */
export function dataVolumeTemplate(
  vm: string,
  d: VmDisk,
  labels: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return {
    metadata: { name: dataVolumeName(vm, d.name), labels: { ...labels } },
    spec: {
      source: d.source ?? { blank: {} },
      // `storage` (not `pvc`) lets CDI fill access and volume modes from the class's StorageProfile
      // and size the PVC for filesystem overhead.
      storage: {
        resources: { requests: { storage: `${d.sizeGiB}Gi` } },
        ...(d.storageClass !== undefined ? { storageClassName: d.storageClass } : {}),
        ...(d.accessMode !== undefined ? { accessModes: [d.accessMode] } : {}),
        ...(d.volumeMode !== undefined ? { volumeMode: d.volumeMode } : {}),
      },
    },
  };
}

function binding(iface: VmInterface): Record<string, unknown> {
  const b = iface.binding ?? (iface.networkName === undefined ? 'masquerade' : 'bridge');
  if (b === 'bridge' || b === 'masquerade' || b === 'sriov') return { [b]: {} };
  return { binding: { name: b } };
}

/** What the VM's manifest refers to besides the args: the Secrets the component made. */
export interface VmRefs {
  readonly userDataSecret?: pulumi.Input<string>;
  readonly sshKeySecret?: pulumi.Input<string>;
}

/** The VM's `spec`. */
export function virtualMachineSpec(
  args: VirtualMachineArgs,
  refs: VmRefs,
): Record<string, unknown> {
  const disks = [args.rootDisk, ...(args.dataDisks ?? [])];
  const ifaces = args.interfaces ?? [{ name: 'default' }];
  const cloudInit =
    refs.userDataSecret !== undefined ||
    args.networkData !== undefined ||
    refs.sshKeySecret !== undefined;
  const fw = args.firmware;
  return {
    runStrategy: args.runStrategy ?? 'Always',
    dataVolumeTemplates: disks.map((d) => dataVolumeTemplate(args.name, d, args.labels)),
    template: {
      metadata: { labels: { ...args.labels } },
      spec: {
        domain: {
          cpu: {
            cores: args.cpu.cores,
            sockets: args.cpu.sockets ?? 1,
            threads: args.cpu.threads ?? 1,
            ...(args.cpu.model !== undefined ? { model: args.cpu.model } : {}),
          },
          memory: { guest: args.memory },
          ...(args.machineType !== undefined ? { machine: { type: args.machineType } } : {}),
          ...(fw === undefined
            ? {}
            : fw.uefi
              ? { firmware: { bootloader: { efi: { secureBoot: fw.secureBoot ?? false } } } }
              : { firmware: { bootloader: { bios: {} } } }),
          // Secure Boot's OVMF firmware needs System Management Mode.
          ...(fw?.secureBoot === true ? { features: { smm: { enabled: true } } } : {}),
          devices: {
            disks: [
              ...disks.map((d, i) => ({
                name: d.name,
                disk: { bus: 'virtio' },
                ...(i === 0 ? { bootOrder: 1 } : {}),
                ...(d.serial !== undefined ? { serial: d.serial } : {}),
              })),
              ...(cloudInit ? [{ name: CLOUD_INIT_DISK, disk: { bus: 'virtio' } }] : []),
            ],
            interfaces: ifaces.map((i) => ({
              name: i.name,
              ...binding(i),
              ...(i.macAddress !== undefined ? { macAddress: i.macAddress.toLowerCase() } : {}),
            })),
          },
        },
        networks: ifaces.map((i) =>
          i.networkName === undefined
            ? { name: i.name, pod: {} }
            : { name: i.name, multus: { networkName: i.networkName } },
        ),
        ...(refs.sshKeySecret !== undefined
          ? {
              accessCredentials: [
                {
                  sshPublicKey: {
                    source: { secret: { secretName: refs.sshKeySecret } },
                    propagationMethod: { noCloud: {} },
                  },
                },
              ],
            }
          : {}),
        volumes: [
          ...disks.map((d) => ({
            name: d.name,
            dataVolume: { name: dataVolumeName(args.name, d.name) },
          })),
          ...(cloudInit
            ? [
                {
                  name: CLOUD_INIT_DISK,
                  cloudInitNoCloud: {
                    ...(refs.userDataSecret !== undefined
                      ? { secretRef: { name: refs.userDataSecret } }
                      : {}),
                    ...(args.networkData !== undefined ? { networkData: args.networkData } : {}),
                  },
                },
              ]
            : []),
        ],
      },
    },
  };
}
