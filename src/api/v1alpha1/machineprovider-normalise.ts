// Normalises a validated MachineProvider spec, in any documented shape, into the canonical
// MachineProviderSpec. The field-by-field mapping is documented at the top of
// machineprovider-canonical.ts.
import { formats } from '../schema';
import type {
  InstanceTypeOffer,
  MachineImageOffer,
  MachineProviderSpec,
  MachineProviderType,
  CloudIdentity,
  ProviderAutoScaling,
  ProviderCredentials,
  ProviderEndpoint,
  ProviderNetwork,
  ProviderStorage,
  SecretReference,
  SecurityGroup,
} from './machineprovider-canonical';
import { compact, toSeconds } from './common';
import { providerBlockKey, shapeOf } from './machineprovider-rules';
import type { RawMachineProviderSpec } from './machineprovider-spec';

type Block = NonNullable<RawMachineProviderSpec['aws']>;

const num = (v: string | undefined): number | undefined =>
  v === undefined ? undefined : Number(v);

function ports(r: {
  readonly port?: number | string;
  readonly ports?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
}): { fromPort?: number; toPort?: number } {
  if (typeof r.port === 'number') return { fromPort: r.port, toPort: r.port };
  const range = typeof r.port === 'string' ? r.port : r.ports;
  if (range !== undefined) {
    const [fromPort, toPort] = formats.parsePortRange(range);
    return { fromPort, toPort };
  }
  return compact({ fromPort: r.fromPort, toPort: r.toPort });
}

const noRefs: Readonly<Record<string, SecretReference>> = {};

function credentialsOf(
  spec: RawMachineProviderSpec,
  block: Block | undefined,
): ProviderCredentials | undefined {
  const c = block?.credentials;
  if (c !== undefined) {
    return compact({
      method: c.secretRef !== undefined ? ('apikey' as const) : ('iam-role' as const),
      secretRef: c.secretRef,
      serviceAccount: c.serviceAccount,
      extraSecretRefs: {},
    });
  }
  const a = spec.authentication;
  if (a !== undefined) {
    switch (a.type) {
      case 'apikey':
        return { method: 'apikey', secretRef: a.apiKey?.secretRef, extraSecretRefs: {} };
      case 'serviceaccount':
        return {
          method: 'serviceaccount',
          secretRef: a.serviceAccount?.secretRef,
          extraSecretRefs: {},
        };
      case 'certificate':
        return compact({
          method: 'certificate' as const,
          secretRef: a.certificate?.certSecretRef,
          extraSecretRefs: a.certificate ? { key: a.certificate.keySecretRef } : noRefs,
        });
      case 'oauth2':
        return compact({
          method: 'oauth2' as const,
          secretRef: a.oauth2?.clientSecretRef,
          extraSecretRefs: {},
          oauth2: a.oauth2 && {
            clientId: a.oauth2.clientId,
            tokenURL: a.oauth2.tokenURL,
            scopes: a.oauth2.scopes ?? [],
          },
        });
    }
  }
  const k = spec.credentials;
  return k && { method: k.type, secretRef: k.secretRef, extraSecretRefs: {} };
}

function endpointOf(spec: RawMachineProviderSpec): ProviderEndpoint | undefined {
  const e = spec.endpoint;
  const c = spec.config;
  const r = c?.retryPolicy;
  const l = c?.rateLimiting;
  const out = compact<ProviderEndpoint>({
    url: e?.url ?? c?.endpoint,
    insecureSkipTLSVerify: e?.insecureSkipTLSVerify,
    timeout: e?.timeout ?? c?.timeout,
    apiVersion: c?.version,
    retryPolicy:
      r &&
      compact({
        maxRetries: r.maxRetries,
        backoffMultiplier: num(r.backoffMultiplier),
        maxBackoffDelay: r.maxBackoffDelay,
      }),
    rateLimiting:
      l && compact({ requestsPerSecond: num(l.requestsPerSecond), burstLimit: l.burstLimit }),
  });
  return Object.keys(out).length === 0 ? undefined : out;
}

function byName<T extends { readonly name: string }>(...lists: (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of lists.flat()) {
    if (seen.has(item.name)) continue;
    seen.add(item.name);
    out.push(item);
  }
  return out;
}

function networkOf(spec: RawMachineProviderSpec, block: Block | undefined): ProviderNetwork {
  const n = block?.networking;
  const c = spec.networkConfig;
  const blockGroups = (n?.securityGroups ?? []).map((g): SecurityGroup =>
    compact({
      name: g.name,
      description: g.description,
      rules: (g.rules ?? []).map((r) =>
        compact({
          direction: r.type ?? 'ingress',
          protocol: r.protocol,
          ...ports(r),
          source: r.source,
        }),
      ),
    }),
  );
  const configGroups = (c?.securityGroups ?? []).map((g): SecurityGroup =>
    compact({
      name: g.name ?? g.id ?? '',
      id: g.id,
      description: g.description,
      rules: (g.rules ?? []).map((r) =>
        compact({
          direction: r.direction ?? 'ingress',
          protocol: r.protocol,
          ...ports(r),
          source: r.source,
        }),
      ),
    }),
  );
  return compact({
    vpcId: n?.vpcId,
    subnetIds: n?.subnets ?? [],
    defaultNetworkId: c?.defaultNetworkId,
    defaultSubnetId: c?.defaultSubnetId,
    availableNetworks: c?.availableNetworks ?? [],
    securityGroups: [...blockGroups, ...configGroups],
    loadBalancer: c?.loadBalancer,
  });
}

function storageOf(spec: RawMachineProviderSpec, block: Block | undefined): ProviderStorage {
  const b = block?.storage;
  const t = spec.storage;
  const c = spec.storageConfig;
  return compact({
    defaultVolumeType: b?.defaultVolumeType ?? t?.defaultVolumeType ?? c?.defaultStorageClass,
    defaultVolumeSize: b?.defaultVolumeSize ?? t?.defaultVolumeSize ?? c?.defaultDiskSize,
    encryption: b?.encryption ?? t?.encryption,
    kmsKeyId: b?.kmsKeyId ?? t?.kmsKeyId,
    iops: b?.iops ?? t?.iops,
    throughput: b?.throughput ?? t?.throughput,
    additionalVolumes: b?.additionalVolumes ?? t?.additionalVolumes ?? [],
    storageTypes: (c?.availableStorageTypes ?? []).map((s) =>
      compact({
        name: s.name,
        type: s.type,
        iopsPerGB: num(s.iopsPerGB),
        throughputMBps: num(s.throughputMBps),
        encrypted: s.encrypted,
        replication: s.replication,
      }),
    ),
    backup: c?.backup,
  });
}

function autoScalingOf(a: RawMachineProviderSpec['autoScaling']): ProviderAutoScaling | undefined {
  if (a === undefined) return undefined;
  return compact({
    enabled: a.enabled,
    minSize: a.minSize,
    maxSize: a.maxSize,
    desiredCapacity: a.desiredCapacity,
    targetCPUUtilization: a.targetCPUUtilization,
    targetMemoryUtilization: a.targetMemoryUtilization,
    scaleUpCooldownSeconds: toSeconds(a.scaleUpCooldown),
    scaleDownCooldownSeconds: toSeconds(a.scaleDownCooldown),
    customMetrics: a.customMetrics ?? [],
  });
}

function cloudOf(spec: RawMachineProviderSpec, type: MachineProviderType): CloudIdentity {
  const set = spec.config?.customSettings ?? {};
  const zones = spec.availabilityZones ?? [];
  const out: {
    -readonly [K in keyof CloudIdentity]: CloudIdentity[K];
  } = {};
  if (type === 'azure') {
    const subscriptionId = spec.azure?.subscriptionId ?? set.subscriptionId;
    const resourceGroup = spec.azure?.resourceGroup ?? set.resourceGroup;
    if (subscriptionId !== undefined && resourceGroup !== undefined) {
      out.azure = compact({
        subscriptionId,
        resourceGroup,
        tenantId: spec.azure?.tenantId ?? set.tenantId,
        location: spec.azure?.location,
      });
    }
  }
  if (type === 'gcp') {
    const project = spec.gcp?.project ?? set.project;
    if (project !== undefined) {
      out.gcp = compact({ project, zone: spec.gcp?.zone ?? set.zone ?? zones[0] });
    }
  }
  if (type === 'vsphere') {
    const datacenter = spec.vsphere?.datacenter ?? set.datacenter;
    if (datacenter !== undefined) {
      const v = spec.vsphere;
      out.vsphere = compact({
        datacenter,
        cluster: v?.cluster ?? set.cluster,
        datastore: v?.datastore ?? set.datastore,
        resourcePool: v?.resourcePool ?? set.resourcePool,
        folder: v?.folder ?? set.folder,
      });
    }
  }
  if (spec.config?.proxmox) out.proxmox = spec.config.proxmox;
  if (spec.config?.kubevirt) out.kubevirt = spec.config.kubevirt;
  return out;
}

/** Turns a validated raw spec (any documented shape) into the canonical spec. */
export function normaliseMachineProviderSpec(spec: RawMachineProviderSpec): MachineProviderSpec {
  const type: MachineProviderType = spec.type === 'vmware' ? 'vsphere' : spec.type;
  const key = providerBlockKey(spec);
  const block: Block | undefined = key === undefined ? undefined : spec[key];
  const caps = spec.capabilities;
  const images = byName<MachineImageOffer>(
    (block?.machineImages ?? []).map((i) =>
      compact({
        name: i.name,
        id: i.imageId,
        architecture: i.architecture,
        os: i.operatingSystem,
        version: i.version,
        description: i.description,
        public: i.public,
        encrypted: i.encrypted,
        tags: i.tags,
      }),
    ),
    (caps?.availableImages ?? []).map((i) =>
      compact({
        name: i.name,
        id: i.id,
        architecture: i.architecture,
        os: i.osType,
        version: i.version,
        description: i.description,
      }),
    ),
  );
  const instanceTypes = byName<InstanceTypeOffer>(
    block?.instanceTypes ?? [],
    (spec.templates ?? []).map((t) =>
      compact({
        name: t.name,
        vcpus: t.resources.cpu,
        memory: t.resources.memory,
        storage: t.resources.storage,
      }),
    ),
    (caps?.supportedInstanceTypes ?? []).map((name) => ({ name })),
  );
  const cc = spec.computeConfig;
  const cap = spec.capacity;
  return compact<MachineProviderSpec>({
    type,
    shape: shapeOf(spec),
    region: spec.region,
    availabilityZones: spec.availabilityZones ?? [],
    endpoint: endpointOf(spec),
    credentials: credentialsOf(spec, block),
    instanceTypes,
    images,
    network: networkOf(spec, block),
    storage: storageOf(spec, block),
    compute:
      cc &&
      compact({
        defaultCPU: num(cc.defaultCPU),
        defaultMemoryGB: num(cc.defaultMemoryGB),
        maxCPU: num(cc.maxCPU),
        maxMemoryGB: num(cc.maxMemoryGB),
        cpuOptions: cc.cpuOptions,
        memoryOptions: cc.memoryOptions,
        gpuSupport: cc.gpuSupport,
      }),
    capabilities:
      caps &&
      compact({
        supportedOperations: caps.supportedOperations ?? [],
        supportedOSTypes: caps.supportedOSTypes ?? [],
        features: caps.features,
      }),
    autoScaling: autoScalingOf(block?.autoScaling ?? spec.autoScaling),
    spot: block?.spot,
    placementGroups: block?.placementGroups ?? [],
    userData: block?.userData,
    cloud: cloudOf(spec, type),
    customSettings: spec.config?.customSettings ?? {},
    capacity:
      cap &&
      compact({
        maxMachines: cap.maxMachines,
        reserved: cap.reservedResources,
      }),
    healthCheck: spec.healthCheck,
    lifecycle: spec.lifecycle,
    failover: spec.failover,
    shareWith: spec.shareWith ?? [],
    sharedStorage: spec.storage?.shared,
    tags: spec.tags ?? {},
  });
}
