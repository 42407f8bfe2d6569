// MachineProvider spec schema: one object holding the union of the three documented shapes
// (000 provider block, 004 config, 001 endpoint) plus the top-level fields of 000 and 003.
// Which combinations are allowed is checked by machineprovider-rules.ts.
import { formats, s, type Infer, type Reporter } from '../schema';
import {
  autoScaling,
  awsBlock,
  azureBlock,
  blockStorageProps,
  checkKmsWithoutEncryption,
  gcpBlock,
  genericBlock,
  vsphereBlock,
} from './machineprovider-block';
import {
  authentication,
  capabilities,
  capacity,
  computeConfig,
  credentials,
  endpoint,
  networkConfig,
  providerConfig,
  storageConfig,
  template,
} from './machineprovider-config';

/** Every provider type the documents name (000 table, 004 list, 001 list). */
export const MACHINE_PROVIDER_TYPES = [
  'aws',
  'azure',
  'gcp',
  'vsphere',
  'vmware',
  'openstack',
  'baremetal',
  'libvirt',
  'proxmox',
  'kubevirt',
] as const;
export type RawMachineProviderType = (typeof MACHINE_PROVIDER_TYPES)[number];

/** The provider block keys of 000, each with the type it belongs to. */
export const PROVIDER_BLOCKS = [
  'aws',
  'azure',
  'gcp',
  'vsphere',
  'openstack',
  'baremetal',
] as const;
export type ProviderBlockKey = (typeof PROVIDER_BLOCKS)[number];

/** Reports `timeout` when it is not shorter than `interval`. */
function checkTimeoutBelowInterval(
  v: { readonly interval?: string; readonly timeout?: string },
  rep: Reporter,
): void {
  if (v.interval === undefined || v.timeout === undefined) return;
  const interval = formats.parseDurationSeconds(v.interval) ?? 0;
  const timeout = formats.parseDurationSeconds(v.timeout) ?? 0;
  if (timeout >= interval) {
    rep.add(
      ['timeout'],
      `is not shorter than interval ("${v.interval}") (a check must time out before the next one starts)`,
      v.timeout,
    );
  }
}

const healthCheckMethod = s
  .object('A way to check a machine is healthy.', {
    type: s.enum('Check method.', ['tcp', 'http', 'command']).req(),
    port: s.port('Port to check (tcp, http).'),
    path: s.string('HTTP path, e.g. "/health" (http only).', {
      expected: 'a path like "/health"',
      check: (v) =>
        v.startsWith('/') ? undefined : 'does not start with "/" (expected a form like "/health")',
    }),
    expectedStatus: s.int('Expected HTTP status (http only).', { min: 100, max: 599 }),
    command: s.array(
      'Command and arguments to run on the machine (command only).',
      s.text('An argument.'),
      {
        minItems: 1,
      },
    ),
  })
  .refine((m, rep) => {
    if ((m.type === 'tcp' || m.type === 'http') && m.port === undefined) {
      const article = m.type === 'http' ? 'an' : 'a';
      rep.missing(['port'], `is required for ${article} ${m.type} check (the port to connect to)`);
    }
    if (m.type === 'command' && m.command === undefined) {
      rep.missing(
        ['command'],
        'is required for a command check (the command to run, e.g. ["/bin/true"])',
      );
    }
    if (m.type !== 'http') {
      for (const field of ['path', 'expectedStatus'] as const) {
        if (m[field] !== undefined) {
          rep.add(
            [field],
            `applies only to http checks, but type is "${m.type}" (remove it)`,
            m[field],
          );
        }
      }
    }
  });

export const healthCheck = s
  .object('Health checks of the machines (000).', {
    enabled: s.bool('Enable health checks.'),
    interval: s.duration('Time between checks, e.g. "30s".'),
    timeout: s.duration('Check timeout, e.g. "10s".'),
    retries: s.int('Failed checks before a machine is unhealthy.', { min: 0 }),
    initialDelay: s.duration('Delay before the first check, e.g. "60s".'),
    methods: s.array('Check methods.', healthCheckMethod),
  })
  .refine(checkTimeoutBelowInterval);

export const lifecycle = s.object('Lifecycle hooks and update strategy (000).', {
  preDelete: s.object('Before a machine is deleted.', {
    enabled: s.bool('Enable pre-delete hooks.'),
    drainTimeout: s.duration('How long to drain the node, e.g. "600s".'),
    gracePeriod: s.duration('Graceful shutdown period, e.g. "30s".'),
  }),
  postCreate: s.object('After a machine is created.', {
    enabled: s.bool('Enable post-create hooks.'),
    scripts: s.array(
      'Scripts to run.',
      s.object('A post-create script.', {
        name: s.name('Script name.').req(),
        content: s
          .string('Script content (may hold secrets; never printed).', {
            minLength: 1,
            expected: 'a non-empty script',
          })
          .secret()
          .req(),
      }),
      { uniqueBy: 'name' },
    ),
  }),
  updateStrategy: s
    .object('How machines are replaced on update.', {
      type: s.enum('Update strategy.', ['RollingUpdate', 'Recreate']),
      maxUnavailable: s.intOrPercent(
        'Machines that may be unavailable during an update: 1 or "25%".',
      ),
      maxSurge: s.intOrPercent('Extra machines allowed during an update: 1 or "25%".'),
    })
    .refine((u, rep) => {
      if (u.type !== 'Recreate') return;
      for (const field of ['maxUnavailable', 'maxSurge'] as const) {
        if (u[field] !== undefined) {
          rep.add(
            [field],
            'applies only to type "RollingUpdate", but type is "Recreate" (remove it)',
            u[field],
          );
        }
      }
    }),
});

export const failover = s.object('Failover to other providers (003).', {
  enabled: s.bool('Enable failover.'),
  healthCheck: s
    .object('How the provider health is checked for failover.', {
      interval: s.duration('Time between checks, e.g. "30s".'),
      timeout: s.duration('Check timeout, e.g. "10s".'),
      failureThreshold: s.int('Failed checks before failing over.', { min: 1 }),
    })
    .refine(checkTimeoutBelowInterval),
  targets: s.array(
    'Providers to fail over to.',
    s.object('A failover target.', {
      name: s.name('Name of the target MachineProvider.').req(),
      namespace: s.name("Namespace of the target. Defaults to this object's namespace."),
      priority: s.int('Priority: lower numbers are tried first.', { min: 1 }),
      conditions: s.array(
        'Conditions of this provider that trigger failover to the target.',
        s.object('A condition to match.', {
          type: s.text('Condition type, e.g. ProviderHealthy.').req(),
          status: s
            .enum('Condition status that triggers failover.', ['True', 'False', 'Unknown'])
            .req(),
        }),
        { uniqueBy: 'type' },
      ),
    }),
    { uniqueBy: 'name' },
  ),
});

export const shareWith = s.array(
  'Vitistacks (besides its own) that may use this provider (003).',
  s.object('A Vitistack to share with.', {
    vitistack: s.name('Name of the Vitistack.').req(),
    namespace: s.name("Namespace of the Vitistack. Defaults to this object's namespace."),
  }),
);

export const topStorage = s
  .object('Shared storage (003) and volume defaults (as in the provider block).', {
    shared: s.object('Storage shared across Vitistacks.', {
      enabled: s.bool('Enable shared storage.'),
      replication: s.object('Replication of the shared storage.', {
        crossRegion: s.bool('Replicate across regions.'),
        targets: s.array(
          'Regions to replicate to.',
          s.object('A replication target.', { region: s.text('Target region.').req() }),
          { uniqueBy: 'region' },
        ),
      }),
    }),
    ...blockStorageProps,
  })
  .refine(checkKmsWithoutEncryption);

export const machineProviderSpecProps = {
  type: s.enum('Provider type ("vmware" is the same as "vsphere").', MACHINE_PROVIDER_TYPES).req(),
  region: s.text('Primary region or datacenter location, e.g. "us-west-2".'),
  availabilityZones: s.array('Zones (or vSphere clusters) within the region.', s.text('A zone.'), {
    unique: true,
  }),
  // 000: the provider block, keyed by the type
  aws: awsBlock,
  azure: azureBlock,
  gcp: gcpBlock,
  vsphere: vsphereBlock,
  openstack: genericBlock('OpenStack Nova configuration (type openstack).'),
  baremetal: genericBlock('Bare metal configuration (type baremetal).'),
  // 004 (config also holds 001's proxmox/kubevirt defaults)
  config: providerConfig,
  authentication,
  capabilities,
  networkConfig,
  storageConfig,
  computeConfig,
  // 001
  endpoint,
  credentials,
  templates: s.array('Machine size templates (001).', template, { uniqueBy: 'name' }),
  capacity,
  // 000 / 003 top level
  autoScaling,
  healthCheck,
  lifecycle,
  tags: s.stringMap('Tags applied to every resource the provider creates.'),
  failover,
  shareWith,
  storage: topStorage,
};

export const rawMachineProviderSpec = s.object(
  'Desired provider: type, region, credentials, and what machines it offers.',
  machineProviderSpecProps,
);

export type RawMachineProviderSpec = Infer<typeof rawMachineProviderSpec>;
