// Machine: one compute instance or virtual machine. The API reference (000) and the CRD document
// (001) describe it differently; the schema holds the union of both and normalise() turns either
// shape (or a mix) into the one canonical `Machine`.
import { defineKind, type RawResource, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import { AGE_COLUMN, compact, PHASE_COLUMN, toRef } from './common';
import {
  environmentVariable,
  machineBackup,
  machineHealthCheck,
  machineLifecycle,
  machineMonitoring,
  machinePlacement,
  machineScheduling,
  machineSecurity,
  machineSoftware,
} from './machine-operations';
import {
  bootConfig,
  cloudInitConfig,
  machineNetworking,
  machineProviderField,
  machineResources,
  machineStorage,
  operatingSystem,
  providerRefField,
  sshKey,
} from './machine-provision';
import { machineStatus } from './machine-status';

export const machineSpec = s
  .object('Desired machine: provider, size, image, storage, networking and configuration.', {
    machineProvider: machineProviderField,
    providerRef: providerRefField,
    instanceType: s.text('Instance type, e.g. m5.large.'),
    machineImage: s.text(
      'Machine image name, e.g. ubuntu-20.04; set this or operatingSystem.image, not both.',
    ),
    resources: machineResources,
    storage: machineStorage,
    networking: machineNetworking,
    operatingSystem,
    boot: bootConfig,
    sshKeys: s.array('SSH keys installed on the machine.', sshKey, { uniqueBy: 'name' }),
    software: machineSoftware,
    userData: s
      .string('User data script (never shown in messages); set this or cloudInit.userData.')
      .secret(),
    cloudInit: cloudInitConfig,
    placement: machinePlacement,
    healthCheck: machineHealthCheck,
    monitoring: machineMonitoring,
    backup: machineBackup,
    lifecycle: machineLifecycle,
    scheduling: machineScheduling,
    security: machineSecurity,
    environment: s.array('Environment variables.', environmentVariable, { uniqueBy: 'name' }),
    labels: s.stringMap('Labels of the machine itself (for the VM or instance).'),
    annotations: s.stringMap('Annotations of the machine itself (for the VM or instance).'),
    tags: s.stringMap('Tags for the cloud resources of the machine.'),
  })
  .refine((v, r) => {
    if (v.machineProvider === undefined && v.providerRef === undefined) {
      r.missing(
        ['providerRef'],
        'is required (add providerRef with the name of the MachineProvider that provisions this machine; machineProvider is accepted too)',
      );
    }
    if (v.machineProvider !== undefined && v.providerRef !== undefined) {
      r.missing(
        ['machineProvider'],
        'cannot be set together with providerRef (both name the MachineProvider: keep one)',
      );
    }
    const imageUrl = v.operatingSystem?.image?.url;
    if (v.machineImage !== undefined && imageUrl !== undefined) {
      r.add(
        ['operatingSystem', 'image', 'url'],
        'cannot be set together with machineImage (both choose the image: keep one)',
        imageUrl,
      );
    }
    if (v.userData !== undefined && v.cloudInit?.userData !== undefined) {
      r.missing(
        ['cloudInit', 'userData'],
        'cannot be set together with userData (both give the user data: keep one)',
      );
    }
  });

export type RawMachineSpec = Infer<typeof machineSpec>;
export type MachineStatus = Infer<typeof machineStatus>;

type Raw<K extends keyof RawMachineSpec> = NonNullable<RawMachineSpec[K]>;
type RawCloudInit = Raw<'cloudInit'>;

/** The MachineProvider a machine belongs to (`providerRef` or `machineProvider`). */
export interface MachineProviderRef {
  readonly name: string;
  /** Absent: the machine's namespace. */
  readonly namespace?: string;
}

/** Operating system (001 `operatingSystem`, without the image location). */
export interface MachineOs {
  readonly type?: 'linux' | 'windows' | 'freebsd';
  readonly distribution?: string;
  readonly version?: string;
  /** How `MachineSpec.image` is to be read: an ISO, a template or a cloud image. */
  readonly imageSource?: 'iso' | 'template' | 'cloud-image';
}

/** Virtual CPU topology (001 `resources.cpu`). */
export interface MachineCpu {
  readonly cores?: number;
  readonly threads?: number;
  readonly sockets?: number;
}

/** GPUs passed through (001 `resources.gpu`). */
export interface MachineGpu {
  readonly type?: 'nvidia' | 'amd' | 'intel';
  readonly count?: number;
  readonly model?: string;
}

/** The root volume, from either document (`encryption` becomes `encrypted`). */
export interface MachineRootVolume {
  readonly size?: string;
  /** Free text: cloud types (gp3, io1) or disk classes (ssd, hdd, nvme). */
  readonly type?: string;
  readonly storageClass?: string;
  readonly iops?: number;
  readonly throughput?: number;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly deleteOnTermination?: boolean;
}

/** A volume besides the root volume: 000 `additionalVolumes` then 001 `dataVolumes`. */
export interface MachineVolume {
  readonly name: string;
  readonly size: string;
  readonly type?: string;
  readonly storageClass?: string;
  readonly mountPath?: string;
  readonly encrypted?: boolean;
  readonly iops?: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** A network interface: 001 `interfaces` first, then 000 `networkInterfaces`. */
export interface MachineInterface {
  readonly name?: string;
  /** The NetworkConfiguration the interface attaches to (001). */
  readonly networkRef?: { readonly name: string; readonly namespace?: string };
  /** Static address: 001 `ipAddress` or 000 `privateIP`. */
  readonly ipAddress?: string;
  readonly macAddress?: string;
  readonly subnetId?: string;
  readonly deviceIndex?: number;
  readonly publicIP?: boolean;
  readonly securityGroups: readonly string[];
  readonly deleteOnTermination?: boolean;
}

/** Network placement of the machine. */
export interface MachineNetwork {
  /** Subnet ID or name: 000 `subnet` or `subnetId`. */
  readonly subnet?: string;
  readonly privateIP?: string;
  readonly publicIP?: boolean;
  readonly securityGroups: readonly string[];
  readonly interfaces: readonly MachineInterface[];
}

/** An SSH key to install: a public key, or the name of a key pair the provider already has. */
export interface MachineSshKey {
  readonly name: string;
  readonly publicKey?: string;
  readonly keyPairName?: string;
}

/** Structured cloud-init (000) and its raw metadata and network data (001). */
export interface MachineCloudInit {
  readonly enabled?: boolean;
  readonly users: NonNullable<RawCloudInit['users']>;
  readonly packages: readonly string[];
  readonly writeFiles: NonNullable<RawCloudInit['writeFiles']>;
  readonly runcmd: readonly string[];
  readonly metaData?: string;
  readonly networkData?: string;
}

/** The canonical Machine spec: one shape for both documents. */
export interface MachineSpec {
  /** The MachineProvider that provisions the machine. */
  readonly providerRef: MachineProviderRef;
  /** Provider instance type (000 `instanceType`), e.g. m5.large. */
  readonly instanceType?: string;
  /** Image: 000 `machineImage`, or 001 `operatingSystem.image.url` (URL or template name). */
  readonly image?: string;
  readonly os?: MachineOs;
  readonly cpu?: MachineCpu;
  /** Memory size (001 `resources.memory.size`), e.g. "4Gi". */
  readonly memory?: string;
  readonly gpu?: MachineGpu;
  readonly rootVolume?: MachineRootVolume;
  readonly volumes: readonly MachineVolume[];
  readonly network: MachineNetwork;
  readonly sshKeys: readonly MachineSshKey[];
  /** Raw user data: 000 `userData` or 001 `cloudInit.userData`. A secret: never log it. */
  readonly userData?: string;
  readonly cloudInit?: MachineCloudInit;
  readonly software?: Raw<'software'>;
  readonly placement?: Raw<'placement'>;
  readonly boot?: Raw<'boot'>;
  /** Labels of the VM or instance (`spec.labels`, not `metadata.labels`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Cloud resource tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly healthCheck?: Raw<'healthCheck'>;
  readonly monitoring?: Raw<'monitoring'>;
  readonly backup?: Raw<'backup'>;
  readonly lifecycle?: Raw<'lifecycle'>;
  readonly scheduling?: Raw<'scheduling'>;
  readonly security?: Raw<'security'>;
  /** 000 resource requests and limits (kept apart from the 001 cpu and memory sizes). */
  readonly resources?: { readonly requests?: ResourceList; readonly limits?: ResourceList };
  readonly environment: Raw<'environment'>;
}

type ResourceList = NonNullable<Raw<'resources'>['requests']>;

/** A Machine in canonical form. */
export type Machine = Resource<'Machine', MachineSpec, MachineStatus>;

function emptyToUndefined<T extends object>(value: T): T | undefined {
  return Object.keys(value).length === 0 ? undefined : value;
}

function normaliseNetwork(net: Raw<'networking'> | undefined): MachineNetwork {
  const vm: MachineInterface[] = (net?.interfaces ?? []).map((i) =>
    compact({
      name: i.name,
      networkRef: i.networkRef,
      ipAddress: i.ipAddress,
      macAddress: i.macAddress,
      securityGroups: [],
    }),
  );
  const eni: MachineInterface[] = (net?.networkInterfaces ?? []).map((i) =>
    compact({
      ipAddress: i.privateIP,
      subnetId: i.subnetId,
      deviceIndex: i.deviceIndex,
      publicIP: i.publicIP,
      securityGroups: i.securityGroups ?? [],
      deleteOnTermination: i.deleteOnTermination,
    }),
  );
  return compact({
    subnet: net?.subnet ?? net?.subnetId,
    privateIP: net?.privateIP,
    publicIP: net?.publicIP,
    securityGroups: net?.securityGroups ?? [],
    interfaces: [...vm, ...eni],
  });
}

function normaliseVolumes(storage: Raw<'storage'> | undefined): MachineVolume[] {
  const additional = (storage?.additionalVolumes ?? []).map((v) =>
    compact({
      name: v.name,
      size: v.size,
      type: v.type,
      mountPath: v.mountPath,
      encrypted: v.encryption,
      iops: v.iops,
      tags: v.tags ?? {},
    }),
  );
  const data = (storage?.dataVolumes ?? []).map((v) =>
    compact({
      name: v.name,
      size: v.size,
      storageClass: v.storageClass,
      mountPath: v.mountPath,
      tags: {},
    }),
  );
  return [...additional, ...data];
}

function normaliseRootVolume(root: Raw<'storage'>['rootVolume']): MachineRootVolume | undefined {
  if (root === undefined) return undefined;
  return compact({
    size: root.size,
    type: root.type,
    storageClass: root.storageClass,
    iops: root.iops,
    throughput: root.throughput,
    encrypted: root.encryption,
    kmsKeyId: root.kmsKeyId,
    deleteOnTermination: root.deleteOnTermination,
  });
}

function normaliseCloudInit(ci: RawCloudInit | undefined): MachineCloudInit | undefined {
  if (ci === undefined) return undefined;
  return compact({
    enabled: ci.enabled,
    users: ci.users ?? [],
    packages: ci.packages ?? [],
    writeFiles: ci.writeFiles ?? [],
    runcmd: ci.runcmd ?? [],
    metaData: ci.metaData,
    networkData: ci.networkData,
  });
}

/** Turns either documented Machine shape (or a mix) into the canonical spec. */
export function normaliseMachineSpec(spec: RawMachineSpec): MachineSpec {
  // The schema guarantees exactly one of the two references.
  const ref = spec.providerRef ?? spec.machineProvider ?? { name: '' };
  const os = spec.operatingSystem;
  const res = spec.resources;
  return compact({
    providerRef: toRef(ref),
    instanceType: spec.instanceType,
    image: spec.machineImage ?? os?.image?.url,
    os:
      os === undefined
        ? undefined
        : emptyToUndefined(
            compact({
              type: os.type,
              distribution: os.distribution,
              version: os.version,
              imageSource: os.image?.source,
            }),
          ),
    cpu: res?.cpu,
    memory: res?.memory?.size,
    gpu: res?.gpu,
    rootVolume: normaliseRootVolume(spec.storage?.rootVolume),
    volumes: normaliseVolumes(spec.storage),
    network: normaliseNetwork(spec.networking),
    sshKeys: (spec.sshKeys ?? []).map((k) =>
      compact({ name: k.name, publicKey: k.publicKey, keyPairName: k.keyPairName }),
    ),
    userData: spec.userData ?? spec.cloudInit?.userData,
    cloudInit: normaliseCloudInit(spec.cloudInit),
    software: spec.software,
    placement: spec.placement,
    boot: spec.boot,
    labels: spec.labels ?? {},
    annotations: spec.annotations ?? {},
    tags: spec.tags ?? {},
    healthCheck: spec.healthCheck,
    monitoring: spec.monitoring,
    backup: spec.backup,
    lifecycle: spec.lifecycle,
    scheduling: spec.scheduling,
    security: spec.security,
    resources:
      res?.requests === undefined && res?.limits === undefined
        ? undefined
        : compact({ requests: res.requests, limits: res.limits }),
    environment: spec.environment ?? [],
  });
}

export const machineKind = defineKind({
  kind: 'Machine',
  plural: 'machines',
  singular: 'machine',
  shortNames: ['mach'],
  description:
    'Machine is one compute instance or virtual machine, provisioned by the MachineProvider it names: size, image, storage, networking, SSH keys, cloud-init and software.',
  spec: machineSpec,
  status: machineStatus,
  printerColumns: [
    {
      name: 'Provider',
      type: 'string',
      jsonPath: '.spec.providerRef.name',
      description: 'MachineProvider (providerRef).',
    },
    {
      name: 'MachineProvider',
      type: 'string',
      jsonPath: '.spec.machineProvider.name',
      description: 'MachineProvider (machineProvider, the API reference shape).',
      priority: 1,
    },
    {
      name: 'Instance Type',
      type: 'string',
      jsonPath: '.spec.instanceType',
      description: 'Instance type.',
      priority: 1,
    },
    PHASE_COLUMN,
    {
      name: 'Internal IPs',
      type: 'string',
      jsonPath: '.status.addresses.internal',
      description: 'Internal IP addresses.',
    },
    AGE_COLUMN,
  ],
  normalise: (raw: RawResource<RawMachineSpec, MachineStatus>): Machine =>
    compact({
      kind: 'Machine' as const,
      metadata: raw.metadata,
      spec: normaliseMachineSpec(raw.spec),
      status: raw.status,
    }),
});
