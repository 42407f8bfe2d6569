// Vitistack status: what spec 000 ("Datacenter" status) and spec 001 ("Vitistack" status)
// document, plus what the controller writes: the Pulumi stack, its last operation, the plan
// awaiting approval, outputs and the Secrets holding secret outputs.
import { s, type Infer } from '../schema';
import { compact, statusBasics } from './common';

export const VITISTACK_PHASES = [
  'Pending',
  'Initializing',
  'Active',
  'Ready',
  'Failed',
  'Deleting',
] as const;

const count = (what: string) => s.int(`Number of ${what}.`, { min: 0 });

const providerCounts = (what: string) =>
  s.object(`Status of the ${what} providers.`, {
    total: count(`${what} providers`),
    ready: count(`ready ${what} providers`),
    failed: count(`failed ${what} providers`),
  });

const providerStatus = s.object('Status of one provider (spec 001 ProviderStatus).', {
  name: s.text('Provider name.').req(),
  namespace: s.name('Provider namespace.'),
  kind: s.enum('Provider kind.', ['MachineProvider', 'KubernetesProvider', 'Infrastructure']),
  type: s.text('Provider type, e.g. aws, proxmox.'),
  ready: s.bool('Whether the provider is ready.'),
  phase: s.string('Provider phase.'),
  message: s.string('Human-readable state of the provider.'),
});

const machineCounts = s.object('Machines by state.', {
  total: count('machines'),
  running: count('running machines'),
  pending: count('pending machines'),
  failed: count('failed machines'),
});

const storageUsage = s.object('Storage allocated, used and available.', {
  allocated: s.quantity('Allocated storage.', {}, '500Gi'),
  used: s.quantity('Used storage.', {}, '200Gi'),
  available: s.quantity('Available storage.', {}, '300Gi'),
});

const operationSummary = (description: string) =>
  s.map(description, s.int('Number of resources.', { min: 0 }));

export const OPERATION_TYPES = ['preview', 'up', 'destroy', 'refresh'] as const;
export const OPERATION_RESULTS = ['succeeded', 'failed', 'in-progress', 'cancelled'] as const;

export const stackStatus = s.object('The Pulumi stack of this Vitistack and its last operation.', {
  name: s.text('Stack name: "<namespace>.<name>" in project vitistack.'),
  lastOperation: s.object('The last stack operation the controller ran.', {
    type: s.enum('Operation: preview, up, destroy, or refresh.', OPERATION_TYPES).req(),
    result: s.enum('Outcome: succeeded, failed, in-progress, or cancelled.', OPERATION_RESULTS),
    startTime: s.timestamp('When the operation started.'),
    endTime: s.timestamp('When the operation ended.'),
    generation: s.int('The Vitistack generation the operation ran for.', { min: 0 }),
    inputsHash: s.text(
      'Hash of the resolved inputs (spec, referenced objects, Secret resourceVersions) the operation used.',
    ),
    changeSummary: operationSummary('Resources by change, e.g. {create: 3, update: 1, same: 12}.'),
    message: s.string('Summary or error message of the operation.'),
    holder: s.text(
      'The controller instance (pod) that ran it; an in-progress operation of a gone holder crashed.',
    ),
  }),
  appliedInputsHash: s.text('Inputs hash of the last successful up: what the stack matches now.'),
  appliedGeneration: s.int('The Vitistack generation of the last successful up.', { min: 0 }),
  failures: s.int('Failed operations in a row for the inputs hash of the last operation.', {
    min: 0,
  }),
  lastDriftCheckTime: s.timestamp('When the last drift check (a refresh preview) ran.'),
  lastHandledReconcileRequest: s.string(
    'The value of annotation vitistack.io/reconcile-request the controller last acted on.',
  ),
});

export const vitistackStatus = s.object('Observed state of the Vitistack.', {
  ...statusBasics,
  phase: s.enum(
    'Lifecycle phase: Pending, Initializing, Active, Ready, Failed or Deleting.',
    VITISTACK_PHASES,
  ),
  providers: s.either(
    'Provider status: counts by kind (spec 000) or one entry per provider (spec 001).',
    {
      object: s.object('Provider counts by kind.', {
        machines: providerCounts('machine'),
        kubernetes: providerCounts('Kubernetes'),
      }),
      array: s.array('Status of each provider.', providerStatus),
    },
  ),
  resources: s.object('Resource usage.', {
    machines: s.either('Machines: counts by state (spec 000) or the machine count (spec 001).', {
      object: machineCounts,
      integer: count('machines'),
    }),
    clusters: s.object('Clusters by state.', {
      total: count('clusters'),
      ready: count('ready clusters'),
      pending: count('pending clusters'),
    }),
    networks: count('networks'),
    storage: s.either(
      'Storage: allocated, used and available (spec 000) or the usage as one quantity (spec 001).',
      { object: storageUsage, string: s.quantity('Storage in use, e.g. "200Gi".', {}, '200Gi') },
    ),
  }),
  networking: s.object('Networking status.', {
    vpcs: s.array(
      'VPC status.',
      s.object('Status of a VPC.', {
        name: s.text('VPC name.').req(),
        id: s.text('VPC ID in the cloud.'),
        state: s.text('VPC state, e.g. available.'),
        cidr: s.cidr('VPC CIDR block.'),
      }),
    ),
    loadBalancers: s.array(
      'Load balancer status.',
      s.object('Status of a load balancer.', {
        name: s.text('Load balancer name.').req(),
        arn: s.text('ARN or ID in the cloud.'),
        dnsName: s.text('DNS name of the load balancer.'),
        state: s.text('Load balancer state, e.g. active.'),
      }),
    ),
    firewalls: s.array(
      'Firewall status.',
      s.object('Status of a firewall (security group, NSG or firewall rule set).', {
        name: s.text('Firewall name.').req(),
        id: s.text('Firewall ID in the cloud.'),
        state: s.text('Firewall state.'),
      }),
    ),
  }),
  security: s.object('Security status.', {
    encryption: s.object('Encryption in effect.', {
      atRest: s.bool('Encryption at rest is in effect.'),
      inTransit: s.bool('Encryption in transit is in effect.'),
    }),
    compliance: s.object('Compliance status.', {
      frameworks: s.strings('Active compliance frameworks.'),
      lastScan: s.timestamp('When the last compliance scan ran.'),
      status: s.text('Compliance status, e.g. Compliant.'),
    }),
  }),
  monitoring: s.object('Monitoring status.', {
    enabled: s.bool('Monitoring is enabled.'),
    endpoints: s.array(
      'Monitoring endpoints.',
      s.object('A monitoring endpoint.', {
        name: s.text('Endpoint name.').req(),
        url: s.text('Endpoint URL.'),
        status: s.text('Endpoint status.'),
      }),
    ),
  }),
  backup: s.object('Backup status.', {
    enabled: s.bool('Backups are enabled.'),
    lastBackup: s.timestamp('When the last backup ran.'),
    nextBackup: s.timestamp('When the next backup is due.'),
    backupCount: count('available backups'),
  }),
  creationTimestamp: s.timestamp('When the Vitistack was created.'),
  lastUpdateTimestamp: s.timestamp('When the status was last updated.'),
  stack: stackStatus,
  plan: s.object(
    'The plan awaiting approval (mode approve); approve it with the annotation vitistack.io/approve-plan: <id>.',
    {
      id: s.text('Plan ID: a hash of the inputs and the preview.').req(),
      summary: operationSummary('Resources the plan would change, by change, e.g. {create: 3}.'),
      generation: s.int('The Vitistack generation the plan was made for.', { min: 0 }),
      inputsHash: s.text('Inputs hash the plan was made for; other inputs make it stale.'),
      createdAt: s.timestamp('When the plan was previewed.'),
    },
  ),
  outputs: s.freeform('Stack outputs; secret values are masked (they are in secretRefs).'),
  secretRefs: s.array(
    'Secrets owned by this Vitistack that hold secret outputs such as kubeconfigs and passwords.',
    s.object('A Secret holding secret outputs.', {
      name: s.subdomain('Name of the Secret, in the Vitistack namespace.').req(),
      key: s.text('Key within the Secret, when the output is one key.'),
      description: s.string('What the Secret holds, e.g. "kubeconfig of cluster prod".'),
    }),
  ),
});

type RawStatus = Infer<typeof vitistackStatus>;

export type ProviderStatus = Infer<typeof providerStatus>;
export type ProviderCounts = Infer<ReturnType<typeof providerCounts>>;
export type MachineCounts = Infer<typeof machineCounts>;
export type StorageUsage = Infer<typeof storageUsage>;

/**
 * The status in one shape. Spec 000 counts providers by kind and spec 001 lists them; spec 000
 * counts machines by state and gives storage as allocated/used/available, spec 001 gives one
 * machine count and one storage quantity. Both fit here.
 */
export type VitistackStatus = Omit<RawStatus, 'providers' | 'resources'> & {
  readonly providers?: {
    readonly machines?: ProviderCounts;
    readonly kubernetes?: ProviderCounts;
    /** One entry per provider (spec 001); always present, maybe empty. */
    readonly items: readonly ProviderStatus[];
  };
  readonly resources?: {
    /** From spec 001's machine count, only `total` is set. */
    readonly machines?: MachineCounts;
    readonly clusters?: NonNullable<RawStatus['resources']>['clusters'];
    readonly networks?: number;
    /** From spec 001's one quantity, only `used` is set. */
    readonly storage?: StorageUsage;
  };
};

export function normaliseStatus(raw: RawStatus | undefined): VitistackStatus | undefined {
  if (raw === undefined) return undefined;
  const { providers, resources, ...rest } = raw;
  const p =
    providers === undefined
      ? undefined
      : Array.isArray(providers)
        ? { items: providers as readonly ProviderStatus[] }
        : compact({ ...(providers as Exclude<typeof providers, readonly unknown[]>), items: [] });
  const res =
    resources === undefined
      ? undefined
      : compact({
          machines:
            typeof resources.machines === 'number'
              ? { total: resources.machines }
              : resources.machines,
          clusters: resources.clusters,
          networks: resources.networks,
          storage:
            typeof resources.storage === 'string' ? { used: resources.storage } : resources.storage,
        });
  return compact({ ...rest, providers: p, resources: res });
}
