// MachineProvider, shape 000: the provider block keyed by the type (`aws:`, `azure:`, `gcp:`,
// `vsphere:`, `openstack:`, `baremetal:`). The spec documents only the aws block; the others share
// its shape, and azure, gcp and vsphere add the identity fields later code needs.
import { s, type Infer } from '../schema';
import { secretRef, storageSize } from './common';
import {
  checkAzureResourceGroup,
  checkGcpProject,
  checkGcpZone,
  checkGuid,
  checkVsphereName,
} from './machineprovider-formats';

// ---------------------------------------------------------------- networking

/** A 000/003 security group rule: a port (`port`), a range (`ports`) or `fromPort`/`toPort`. */
export const blockRule = s
  .object('A security group rule.', {
    type: s.enum('Direction of the rule. Defaults to ingress.', ['ingress', 'egress']),
    protocol: s.enum('IP protocol.', ['tcp', 'udp', 'icmp', 'all']).req(),
    fromPort: s.port('First port of the range (with toPort).'),
    toPort: s.port('Last port of the range (with fromPort).'),
    port: s.port('A single port, instead of fromPort and toPort.'),
    ports: s.portRange('A port range as a string, e.g. "30000-32767", instead of fromPort/toPort.'),
    source: s.cidrOrIp('Source CIDR block, e.g. "10.0.0.0/8".'),
  })
  .refine((r, rep) => {
    if (r.port !== undefined && r.ports !== undefined) {
      rep.add(
        ['ports'],
        'cannot be set together with port (use port for one port or ports for a range)',
        r.ports,
      );
    }
    const hasRange = r.fromPort !== undefined || r.toPort !== undefined;
    if (hasRange && r.port !== undefined) {
      const which = r.fromPort !== undefined ? 'fromPort' : 'toPort';
      rep.add(
        [which],
        'cannot be set together with port (use port for one port, or fromPort and toPort for a range)',
        r[which],
      );
    }
    if (hasRange && r.ports !== undefined) {
      rep.add(
        ['ports'],
        'cannot be set together with fromPort/toPort (give the range once: ports "80-443", or fromPort and toPort)',
        r.ports,
      );
    }
    if (r.fromPort !== undefined && r.toPort === undefined) {
      rep.missing(['toPort'], 'is required when fromPort is set (use port for a single port)');
    }
    if (r.toPort !== undefined && r.fromPort === undefined) {
      rep.missing(['fromPort'], 'is required when toPort is set (use port for a single port)');
    }
    if (r.fromPort !== undefined && r.toPort !== undefined && r.fromPort > r.toPort) {
      rep.add(
        ['fromPort'],
        `is greater than toPort (${r.toPort}) (fromPort must be at most toPort)`,
        r.fromPort,
      );
    }
  });

export const blockSecurityGroup = s.object('A security group and its rules.', {
  name: s.name('Name of the security group.').req(),
  description: s.string('What the security group is for.'),
  rules: s.array('Rules of the security group.', blockRule),
});

export const blockNetworking = s.object('Networking for the instances.', {
  vpcId: s.text(
    'Existing VPC/network ID, e.g. "vpc-12345678". Optional: the Vitistack may manage it.',
  ),
  subnets: s.array('Subnet IDs to place instances in.', s.text('A subnet ID.'), { unique: true }),
  securityGroups: s.array('Security groups to create for the instances.', blockSecurityGroup, {
    uniqueBy: 'name',
  }),
});

// ---------------------------------------------------------------- catalog

export const instanceType = s.object('An instance type (flavor) the provider offers.', {
  name: s.text('Instance type name, e.g. "t3.micro".').req(),
  vcpus: s.int('Number of vCPUs.', { min: 1, max: 1024 }),
  memory: s.quantity(
    'Memory of the instance type, e.g. "1Gi".',
    { min: '128Mi', max: '32Ti' },
    '1Gi',
  ),
  storage: storageSize('Root volume size, e.g. "8Gi".'),
  networkPerformance: s.text('Network performance tier, e.g. low, moderate or high.'),
  pricing: s.object('Pricing of the instance type.', {
    onDemand: s.price('On-demand price, e.g. "$0.0104/hour".'),
    spot: s.price('Spot price, e.g. "$0.0031/hour".'),
    reserved1Year: s.price('Price with a one-year reservation.'),
    reserved3Year: s.price('Price with a three-year reservation.'),
  }),
  availability: s.object('Where the instance type is available.', {
    regions: s.array('Regions offering it.', s.text('A region.'), { unique: true }),
    zones: s.array('Zones offering it.', s.text('A zone.'), { unique: true }),
  }),
});

export const machineImage = s.object('A machine image (e.g. an AMI).', {
  name: s.text('Image name, e.g. "ubuntu-20.04".').req(),
  imageId: s.text('Provider image ID, e.g. "ami-0c55b159cbfafe1d0".').req(),
  architecture: s.enum('CPU architecture.', ['x86_64', 'arm64']),
  operatingSystem: s.text('Operating system, e.g. "ubuntu".'),
  version: s.text('Operating system version, e.g. "20.04".'),
  description: s.string('Description of the image.'),
  public: s.bool('Whether the image is public.'),
  encrypted: s.bool('Whether the image is encrypted.'),
  tags: s.stringMap('Tags of the image.'),
});

// ---------------------------------------------------------------- storage

export const additionalVolume = s.object('An extra volume attached to each instance.', {
  name: s.name('Volume name.').req(),
  size: storageSize('Volume size, e.g. "100Gi".').req(),
  type: s.text('Volume type, e.g. "gp3".'),
  mountPath: s.string('Absolute mount path, e.g. "/data".', {
    expected: 'an absolute path like "/data"',
    check: (v) =>
      v.startsWith('/') ? undefined : 'is not an absolute path (expected a form like "/data")',
  }),
  encryption: s.bool('Encrypt the volume.'),
});

/** The block storage fields; the top-level `storage` of 003 accepts them too. */
export const blockStorageProps = {
  defaultVolumeType: s.text('Default volume type, e.g. "gp3".'),
  defaultVolumeSize: storageSize('Default root volume size, e.g. "20Gi".'),
  encryption: s.bool('Encrypt volumes.'),
  kmsKeyId: s.text('KMS key (ID or ARN) used to encrypt volumes.'),
  iops: s.int('Provisioned IOPS (io1/io2, gp3).', { min: 1 }),
  throughput: s.int('Throughput in MB/s (gp3).', { min: 1 }),
  additionalVolumes: s.array('Extra volumes per instance.', additionalVolume, { uniqueBy: 'name' }),
};

export function checkKmsWithoutEncryption(
  v: { readonly kmsKeyId?: string; readonly encryption?: boolean },
  rep: { add(rel: readonly (string | number)[], reason: string, value?: unknown): void },
): void {
  if (v.kmsKeyId !== undefined && v.encryption === false) {
    rep.add(
      ['kmsKeyId'],
      'is set but encryption is false (remove kmsKeyId or set encryption: true)',
      v.kmsKeyId,
    );
  }
}

export const blockStorage = s
  .object('Volume defaults for the instances.', blockStorageProps)
  .refine(checkKmsWithoutEncryption);

// ---------------------------------------------------------------- scaling and placement

export const customMetric = s
  .object('A custom scaling metric.', {
    name: s.name('Metric name.').req(),
    targetValue: s.number('Target value of the metric.'),
    scaleUpThreshold: s.number('Value above which to scale up.'),
    scaleDownThreshold: s.number('Value below which to scale down.'),
  })
  .refine((m, rep) => {
    const up = m.scaleUpThreshold;
    const down = m.scaleDownThreshold;
    if (up !== undefined && down !== undefined && down >= up) {
      rep.add(
        ['scaleDownThreshold'],
        `is not below scaleUpThreshold (${up}) (scale down must trigger below scale up)`,
        down,
      );
    }
  });

/** Auto scaling, in the provider block (000) or at the top level (003). */
export const autoScaling = s
  .object('Auto scaling of the instance group.', {
    enabled: s.bool('Enable auto scaling.'),
    minSize: s.int('Minimum number of instances.', { min: 0 }),
    maxSize: s.int('Maximum number of instances.', { min: 0 }),
    desiredCapacity: s.int('Desired number of instances.', { min: 0 }),
    targetCPUUtilization: s.int('Target CPU utilization in percent.', { min: 1, max: 100 }),
    targetMemoryUtilization: s.int('Target memory utilization in percent.', { min: 1, max: 100 }),
    scaleUpCooldown: s.durationOrSeconds('Cooldown after scaling up: seconds (300) or "5m".'),
    scaleDownCooldown: s.durationOrSeconds('Cooldown after scaling down: seconds (300) or "10m".'),
    customMetrics: s.array('Custom metrics to scale on.', customMetric, { uniqueBy: 'name' }),
  })
  .refine((a, rep) => {
    const { minSize, maxSize, desiredCapacity } = a;
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      rep.add(
        ['minSize'],
        `is greater than maxSize (${maxSize}) (minSize must be at most maxSize)`,
        minSize,
      );
      return;
    }
    if (desiredCapacity === undefined) return;
    if (minSize !== undefined && desiredCapacity < minSize) {
      rep.add(
        ['desiredCapacity'],
        `is below minSize (${minSize}) (set desiredCapacity between minSize and maxSize)`,
        desiredCapacity,
      );
    }
    if (maxSize !== undefined && desiredCapacity > maxSize) {
      rep.add(
        ['desiredCapacity'],
        `is above maxSize (${maxSize}) (set desiredCapacity between minSize and maxSize)`,
        desiredCapacity,
      );
    }
  });

export const spot = s.object('Spot (preemptible) instances.', {
  enabled: s.bool('Use spot instances.'),
  maxPrice: s.price('Highest spot price to pay, e.g. "$0.05".'),
  spotFleetRequestConfig: s.object('Spot fleet request.', {
    targetCapacity: s.int('Target number of instances in the fleet.', { min: 1 }),
    allocationStrategy: s.enum('How the fleet picks spot pools.', [
      'lowestPrice',
      'diversified',
      'capacityOptimized',
      'priceCapacityOptimized',
    ]),
    instanceInterruptionBehavior: s.enum('What happens to an interrupted instance.', [
      'terminate',
      'stop',
      'hibernate',
    ]),
  }),
});

// The 000 example sets partitionCount with strategy "cluster", so it is accepted there (and ignored).
export const placementGroup = s.object('A placement group.', {
  name: s.name('Placement group name.').req(),
  strategy: s.enum('Placement strategy.', ['cluster', 'partition', 'spread']).req(),
  partitionCount: s.int('Number of partitions (used by the partition strategy only).', {
    min: 1,
    max: 7,
  }),
});

// ---------------------------------------------------------------- credentials and the blocks

export const blockCredentials = s
  .object('Credentials of the provider block: a Secret, a service account, or both.', {
    secretRef: secretRef('Secret holding the cloud credentials.'),
    serviceAccount: s.name(
      'Kubernetes service account whose workload identity (e.g. IRSA) gives cloud access.',
    ),
  })
  .refine((c, rep) => {
    if (c.secretRef === undefined && c.serviceAccount === undefined) {
      rep.missing(
        ['secretRef'],
        'is required when serviceAccount is not set (name a Secret with the credentials, or a service account with workload identity)',
      );
    }
  });

/** What every provider block holds (the aws block of 000). */
export const providerBlockProps = {
  credentials: blockCredentials,
  instanceTypes: s.array('Instance types offered.', instanceType, { uniqueBy: 'name' }),
  machineImages: s.array('Machine images offered.', machineImage, { uniqueBy: 'name' }),
  networking: blockNetworking,
  storage: blockStorage,
  autoScaling,
  spot,
  placementGroups: s.array('Placement groups.', placementGroup, { uniqueBy: 'name' }),
  userData: s
    .string('User data script run on first boot (may hold secrets; never printed).', {
      minLength: 1,
      expected: 'a non-empty script',
    })
    .secret(),
};

export const awsBlock = s.object('AWS EC2 configuration (type aws).', providerBlockProps);

export const azureBlock = s.object('Azure Virtual Machines configuration (type azure).', {
  subscriptionId: s
    .string('Azure subscription ID (GUID).', { check: checkGuid('Azure subscription ID') })
    .req(),
  resourceGroup: s
    .string('Resource group for the machines.', { check: checkAzureResourceGroup })
    .req(),
  tenantId: s.string('Azure AD tenant ID (GUID).', { check: checkGuid('Azure tenant ID') }),
  location: s.text('Azure location, e.g. "westeurope". Defaults to spec.region.'),
  ...providerBlockProps,
});

export const gcpBlock = s.object('Google Compute Engine configuration (type gcp).', {
  project: s.string('GCP project ID, e.g. "my-project-123".', { check: checkGcpProject }).req(),
  zone: s.string('GCP zone, e.g. "us-central1-a".', { check: checkGcpZone }).req(),
  ...providerBlockProps,
});

export const vsphereBlock = s.object('VMware vSphere configuration (type vsphere or vmware).', {
  datacenter: s.string('vSphere datacenter name.', { check: checkVsphereName }).req(),
  cluster: s.string('vSphere cluster name.', { check: checkVsphereName }),
  datastore: s.text('Datastore for disks.'),
  resourcePool: s.text('Resource pool (name or path) for the VMs.'),
  folder: s.text('VM folder (name or path).'),
  ...providerBlockProps,
});

export const genericBlock = (description: string) => s.object(description, providerBlockProps);

export type BlockRule = Infer<typeof blockRule>;
export type ProviderBlock = Infer<typeof awsBlock>;
export type AutoScalingSpec = Infer<typeof autoScaling>;
export type InstanceTypeSpec = Infer<typeof instanceType>;
