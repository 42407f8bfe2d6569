// MachineProvider, shapes 004 (`config`, `authentication`, `capabilities`, `networkConfig`,
// `storageConfig`, `computeConfig`) and 001 (`endpoint`, `credentials`, `config.proxmox|kubevirt`,
// `templates`, `capacity`). The `config` object holds the fields of both documents.
import { formats, s, type Infer } from '../schema';
import { memorySize, secretRef, storageSize } from './common';
import { checkBridge, checkUrl } from './machineprovider-formats';

// ---------------------------------------------------------------- config (004 + 001)

export const retryPolicy = s
  .object('How failed provider API calls are retried.', {
    maxRetries: s.int('Maximum retry attempts.', { min: 0 }),
    backoffMultiplier: s.decimal('Backoff multiplier between attempts, e.g. "1.5".'),
    maxBackoffDelay: s.duration('Longest wait between attempts, e.g. "30s".'),
  })
  .refine((p, rep) => {
    if (p.backoffMultiplier !== undefined && Number(p.backoffMultiplier) < 1) {
      rep.add(
        ['backoffMultiplier'],
        'is below 1 (a backoff multiplier must be at least "1.0", or the waits would shrink)',
        p.backoffMultiplier,
      );
    }
  });

export const rateLimiting = s
  .object('Client-side rate limit for provider API calls.', {
    requestsPerSecond: s.decimal('Requests per second, e.g. "10.5".'),
    burstLimit: s.int('Burst request limit.', { min: 1 }),
  })
  .refine((r, rep) => {
    if (r.requestsPerSecond !== undefined && Number(r.requestsPerSecond) <= 0) {
      rep.add(
        ['requestsPerSecond'],
        'is not above zero (expected a rate like "10.0"; remove rateLimiting to disable it)',
        r.requestsPerSecond,
      );
    }
  });

export const proxmoxConfig = s.object('Proxmox defaults (type proxmox, 001).', {
  node: s.text('Default Proxmox node, e.g. "pve1".'),
  storage: s.text('Default storage pool, e.g. "local-lvm".'),
  networkBridge: s.string('Default network bridge, e.g. "vmbr0".', { check: checkBridge }),
});

export const kubevirtConfig = s.object('KubeVirt defaults (type kubevirt, 001).', {
  storageClass: s.subdomain('Default StorageClass for VM disks.'),
  networkPolicy: s.subdomain('Default NetworkPolicy applied to VMs.'),
});

export const providerConfig = s.object('Provider API configuration (004) and defaults (001).', {
  endpoint: s.text('Provider API endpoint, e.g. "ec2.us-west-2.amazonaws.com".'),
  version: s.text('Provider API version to use, e.g. "7.0".'),
  timeout: s.duration('Request timeout, e.g. "30s" or "5m".'),
  retryPolicy,
  rateLimiting,
  customSettings: s.stringMap(
    'Provider-specific settings, e.g. datacenter, datastore, resourcePool, subscriptionId, resourceGroup, project, zone.',
  ),
  proxmox: proxmoxConfig,
  kubevirt: kubevirtConfig,
});

// ---------------------------------------------------------------- authentication (004)

export const AUTH_METHOD_FIELD = {
  apikey: 'apiKey',
  oauth2: 'oauth2',
  certificate: 'certificate',
  serviceaccount: 'serviceAccount',
} as const;
export type AuthType = keyof typeof AUTH_METHOD_FIELD;

export const authentication = s
  .object('How the controller authenticates to the provider (004).', {
    type: s
      .enum('Authentication method.', ['apikey', 'oauth2', 'certificate', 'serviceaccount'])
      .req(),
    apiKey: s.object('API key authentication.', {
      secretRef: secretRef('Secret holding the API key.').req(),
    }),
    oauth2: s.object('OAuth2 client-credentials authentication.', {
      clientId: s.text('OAuth2 client ID.').req(),
      clientSecretRef: secretRef('Secret holding the client secret.').req(),
      tokenURL: s.string('Token endpoint URL.', { check: checkUrl }).req(),
      scopes: s.array('Scopes to request.', s.text('A scope.'), { unique: true }),
    }),
    certificate: s.object('Client certificate authentication.', {
      certSecretRef: secretRef('Secret holding the client certificate.').req(),
      keySecretRef: secretRef('Secret holding the private key.').req(),
    }),
    serviceAccount: s.object('Service account authentication.', {
      secretRef: secretRef('Secret holding the service account key.').req(),
    }),
  })
  .refine((a, rep) => {
    const wanted = AUTH_METHOD_FIELD[a.type];
    if (a[wanted] === undefined) {
      rep.missing(
        [wanted],
        `is required because type is "${a.type}" (at least one authentication method must be configured: add ${wanted} with its Secret reference)`,
      );
    }
    for (const [method, field] of Object.entries(AUTH_METHOD_FIELD)) {
      if (field !== wanted && a[field] !== undefined) {
        rep.missing(
          [field],
          `is set but type is "${a.type}" (configure only the method named by type, or set type to "${method}")`,
        );
      }
    }
  });

// ---------------------------------------------------------------- capabilities (004)

export const ARCHITECTURES = ['x86_64', 'arm64', 'i386', 'ppc64le', 's390x'] as const;

export const availableImage = s.object('A machine image (template) the provider offers.', {
  name: s.text('Image name, e.g. "ubuntu-20.04-server".').req(),
  id: s.text('Provider image or template ID.').req(),
  osType: s.text('Operating system type, e.g. linux or windows.'),
  version: s.text('Operating system version, e.g. "20.04".'),
  architecture: s.enum('CPU architecture.', ARCHITECTURES),
  description: s.string('Description of the image.'),
});

export const capabilities = s.object('What the provider can do (004).', {
  supportedOperations: s.array(
    'Machine operations the provider supports.',
    s.enum('An operation.', ['create', 'delete', 'start', 'stop', 'restart', 'resize']),
    { unique: true },
  ),
  supportedOSTypes: s.array(
    'Operating systems supported, e.g. linux, windows, freebsd.',
    s.text('An OS type.'),
    { unique: true },
  ),
  supportedInstanceTypes: s.array(
    'Instance types or flavors supported.',
    s.text('An instance type name.'),
    { unique: true },
  ),
  availableImages: s.array('Machine images available.', availableImage, { uniqueBy: 'name' }),
  features: s.object('Feature support flags.', {
    snapshotSupport: s.bool('Snapshots are supported.'),
    liveResize: s.bool('Machines can be resized while running.'),
    hotPlugDisks: s.bool('Disks can be hot-plugged.'),
    hotPlugNetworks: s.bool('Network interfaces can be hot-plugged.'),
    customMetadata: s.bool('Custom metadata is supported.'),
    tagSupport: s.bool('Tags are supported.'),
    monitoringIntegration: s.bool('Monitoring integration is available.'),
    backupIntegration: s.bool('Backup integration is available.'),
  }),
});

// ---------------------------------------------------------------- networkConfig (004)

/** CIDR, IP, or a security group ID/name (which starts with a letter). */
function checkRuleSource(v: string): string | undefined {
  const asRef = /^[A-Za-z][\w.-]*$/.test(v);
  const asCidr = formats.isIP(v) || formats.parseCidr(v).cidr !== undefined;
  return asRef || asCidr
    ? undefined
    : 'is not a CIDR block, IP address or security group ID (expected a form like "10.0.0.0/16" or "sg-12345678")';
}

export const networkRule = s.object('A firewall rule (004).', {
  protocol: s.enum('IP protocol.', ['tcp', 'udp', 'icmp']).req(),
  port: s.portRange('Port or range, e.g. "22" or "80-443".'),
  source: s.string('Source: a CIDR block or a security group ID.', { check: checkRuleSource }),
  direction: s.enum('Direction of the rule. Defaults to ingress.', ['ingress', 'egress']),
});

export const networkSecurityGroup = s
  .object('A security group or firewall (004).', {
    id: s.text('Provider ID of an existing security group.'),
    name: s.text('Name of the security group.'),
    description: s.string('What the security group is for.'),
    rules: s.array('Rules of the security group.', networkRule),
  })
  .refine((g, rep) => {
    if (g.id === undefined && g.name === undefined) {
      rep.missing(
        ['name'],
        'is required when id is not set (name the security group or give its id)',
      );
    }
  });

export const networkConfig = s.object('Network defaults and what networks exist (004).', {
  defaultNetworkId: s.text('Network (VPC, port group) machines join by default.'),
  defaultSubnetId: s.text('Subnet machines join by default.'),
  availableNetworks: s.array(
    'Networks machines may use.',
    s.object('An available network.', {
      id: s.text('Provider network ID or port group name.').req(),
      name: s.text('Display name.'),
      cidr: s.cidr('Address range of the network.'),
      type: s.enum('Kind of network.', ['public', 'private', 'management']),
      vlan: s.vlan('VLAN ID.'),
    }),
    { uniqueBy: 'id' },
  ),
  securityGroups: s.array('Security groups.', networkSecurityGroup, { uniqueBy: 'name' }),
  loadBalancer: s.object('Load balancer defaults.', {
    enabled: s.bool('Offer load balancers.'),
    type: s.enum('Load balancer type.', ['application', 'network', 'classic']),
    algorithm: s.enum('Balancing algorithm.', ['round-robin', 'least-connections', 'ip-hash']),
    healthCheck: s.object('Target health check.', {
      protocol: s.enum('Health check protocol.', ['tcp', 'http', 'https']),
      port: s.port('Health check port.'),
      path: s.text('HTTP path, e.g. "/healthz".'),
      interval: s.duration('Time between checks, e.g. "30s".'),
      timeout: s.duration('Check timeout, e.g. "5s".'),
      healthyThreshold: s.int('Successes before a target is healthy.', { min: 1 }),
      unhealthyThreshold: s.int('Failures before a target is unhealthy.', { min: 1 }),
    }),
  }),
});

// ---------------------------------------------------------------- storageConfig (004)

export const storageConfig = s
  .object('Storage defaults and storage types (004).', {
    defaultStorageClass: s.text('Storage type used by default, e.g. "gp3" or "thin".'),
    defaultDiskSize: storageSize('Default disk size, e.g. "20Gi".'),
    availableStorageTypes: s.array(
      'Storage types machines may use.',
      s.object('A storage type.', {
        name: s.text('Storage type name.').req(),
        type: s.enum('Media.', ['ssd', 'hdd', 'nvme']),
        iopsPerGB: s.decimal('IOPS per GB, e.g. "3.0".'),
        throughputMBps: s.decimal('Throughput in MB/s, e.g. "40.0".'),
        encrypted: s.bool('Volumes of this type are encrypted.'),
        replication: s.enum('Replication.', ['none', 'raid1', 'raid5', 'raid10']),
      }),
      { uniqueBy: 'name' },
    ),
    backup: s.object('Disk backups.', {
      enabled: s.bool('Enable backups.'),
      retentionDays: s.int('Days to keep backups.', { min: 1 }),
      schedule: s.cron('Backup schedule, e.g. "0 2 * * *".'),
      destination: s.enum('Where backups go.', ['s3', 'gcs', 'azure-blob', 'local']),
      encryption: s.bool('Encrypt backups.'),
    }),
  })
  .refine((c, rep) => {
    const types = c.availableStorageTypes;
    const dflt = c.defaultStorageClass;
    if (dflt === undefined || types === undefined || types.length === 0) return;
    const names = types.map((t) => t.name);
    if (!names.includes(dflt)) {
      rep.add(
        ['defaultStorageClass'],
        `is not one of availableStorageTypes (${names.join(', ')}) (add it there or pick one of them)`,
        dflt,
      );
    }
  });

// ---------------------------------------------------------------- computeConfig (004)

export const computeConfig = s
  .object('Compute defaults and limits (004).', {
    defaultCPU: s.positiveDecimal('Default vCPUs, e.g. "2".'),
    defaultMemoryGB: s.positiveDecimal('Default memory in GB, e.g. "4.0".'),
    maxCPU: s.positiveDecimal('Most vCPUs a machine may have, e.g. "96".'),
    maxMemoryGB: s.positiveDecimal('Most memory in GB a machine may have, e.g. "384.0".'),
    cpuOptions: s.object('CPU options.', {
      hyperThreading: s.bool('Hyper-threading is enabled.'),
      supportedArchitectures: s.array(
        'CPU architectures.',
        s.enum('An architecture.', ARCHITECTURES),
        {
          unique: true,
        },
      ),
      cpuFeatures: s.array('CPU features, e.g. avx, avx2, sse4.', s.text('A CPU feature.'), {
        unique: true,
      }),
    }),
    memoryOptions: s.object('Memory options.', {
      hugePagesSupport: s.bool('Huge pages are supported.'),
      memoryOvercommit: s.bool('Memory may be overcommitted.'),
      swapEnabled: s.bool('Swap is enabled.'),
    }),
    gpuSupport: s.object('GPU support.', {
      enabled: s.bool('GPUs are available.'),
      availableTypes: s.array('GPU types, e.g. nvidia-tesla-v100.', s.text('A GPU type.'), {
        unique: true,
      }),
      maxGPUs: s.int('Most GPUs per machine.', { min: 0 }),
    }),
  })
  .refine((c, rep) => {
    const pairs = [
      ['defaultCPU', 'maxCPU'],
      ['defaultMemoryGB', 'maxMemoryGB'],
    ] as const;
    for (const [dflt, max] of pairs) {
      const d = c[dflt];
      const m = c[max];
      if (d !== undefined && m !== undefined && Number(d) > Number(m)) {
        rep.add([dflt], `is greater than ${max} ("${m}") (the default must fit the limit)`, d);
      }
    }
  });

// ---------------------------------------------------------------- 001: endpoint, credentials, templates, capacity

export const endpoint = s.object('Connection to the provider API (001).', {
  url: s
    .string('Provider API URL, e.g. "https://pve.example.com:8006/api2/json".', { check: checkUrl })
    .req(),
  insecureSkipTLSVerify: s.bool('Skip TLS certificate verification (testing only).'),
  timeout: s.duration('Connection timeout, e.g. "30s".'),
});

export const credentials = s.object('Credentials for the provider API (001).', {
  type: s.enum('Authentication type.', ['password', 'token', 'certificate']).req(),
  secretRef: secretRef('Secret holding the credentials.').req(),
});

export const template = s.object('A machine size template (001).', {
  name: s.name('Template name.').req(),
  resources: s
    .object('Resources of machines from this template.', {
      cpu: s.int('CPU cores.', { min: 1, max: 128 }),
      memory: memorySize('Memory, e.g. "4Gi".'),
      storage: storageSize('Disk size, e.g. "20Gi".'),
    })
    .req(),
});

export const capacity = s.object('Capacity limits of the provider (001).', {
  maxMachines: s.int('Most machines at once.', { min: 0 }),
  reservedResources: s.object('Resources kept free for the provider host.', {
    cpu: s.int('Reserved CPU cores.', { min: 0 }),
    memory: s.quantity('Reserved memory, e.g. "8Gi".', {}, '8Gi'),
    storage: s.quantity('Reserved storage, e.g. "100Gi".', {}, '100Gi'),
  }),
});

export type ProviderConfig = Infer<typeof providerConfig>;
export type Authentication = Infer<typeof authentication>;
export type NetworkConfig = Infer<typeof networkConfig>;
export type StorageConfig = Infer<typeof storageConfig>;
export type ComputeConfig = Infer<typeof computeConfig>;
