// MachineProvider status: the union of the status fields of 000 (instances, capacity counts,
// costs, regions, autoScaling), 001 (ready, capacity quotas, machines) and 004 (connectivity,
// authentication, resources, health, capabilities).
import { s, type Infer } from '../schema';
import { resourceList, statusBasics } from './common';

const count = (description: string) => s.int(description, { min: 0 });

/** 001's ResourceQuota: cpu, memory and storage. */
const resourceQuota = (description: string) => resourceList(description);

/** `capacity.available` / `used`: a count in 000, a ResourceQuota in 001. */
const countOrQuota = (description: string) =>
  s.either(description, {
    integer: count(description),
    object: resourceQuota(description),
  });

export const machineProviderStatus = s.object('Observed state of the provider.', {
  ...statusBasics,
  phase: s.enum('Lifecycle phase.', [
    'Pending',
    'Initializing',
    'Ready',
    'NotReady',
    'Updating',
    'Deleting',
    'Failed',
    'Error',
  ]),
  // 001
  ready: s.bool('The provider is ready to provision machines.'),
  machines: count('Active machines.'),
  // 000 + 001
  capacity: s.object('Capacity: counts (000) or resource quotas (001).', {
    total: resourceQuota('Total resources of the provider.'),
    available: countOrQuota('Available capacity: a count of machines, or resources.'),
    used: countOrQuota('Used capacity: a count of machines, or resources.'),
    reserved: count('Reserved capacity (machines).'),
  }),
  // 000
  instances: s.object('Instances by state.', {
    total: count('All instances.'),
    running: count('Running instances.'),
    pending: count('Pending instances.'),
    stopped: count('Stopped instances.'),
    terminated: count('Terminated instances.'),
  }),
  costs: s.object('Estimated costs.', {
    hourly: s.price('Estimated hourly cost, e.g. "$0.35".'),
    monthly: s.price('Estimated monthly cost, e.g. "$252.00".'),
    lastMonth: s.price("Last month's actual cost."),
  }),
  regions: s.array(
    'Availability by region.',
    s.object('A region.', {
      name: s.text('Region name.').req(),
      available: s.bool('The region is available.'),
      instances: count('Instances in the region.'),
      capacity: count('Available capacity in the region.'),
    }),
    { uniqueBy: 'name' },
  ),
  autoScaling: s.object('Auto scaling state.', {
    enabled: s.bool('Auto scaling is enabled.'),
    currentCapacity: count('Current number of instances.'),
    desiredCapacity: count('Desired number of instances.'),
    lastScaleUp: s.timestamp('Last scale up.'),
    lastScaleDown: s.timestamp('Last scale down.'),
  }),
  // 004
  connectivity: s.object('Connection to the provider API.', {
    status: s.enum('Connection state.', ['Connected', 'Disconnected', 'Error']),
    lastChecked: s.timestamp('When connectivity was last checked.'),
    endpoint: s.text('Endpoint that was checked.'),
    latencyMs: count('Round-trip latency in milliseconds.'),
  }),
  authentication: s.object('Credential state.', {
    status: s.enum('Credential state.', ['Valid', 'Invalid', 'Expired', 'Error']),
    lastVerified: s.timestamp('When the credentials were last verified.'),
    expiresAt: s.timestamp('When the credentials expire.'),
  }),
  resources: s.object('Resource usage, limits and quotas.', {
    usage: s.object('Current usage.', {
      machines: count('Machines managed.'),
      totalCPU: s.decimal('Total vCPUs allocated.'),
      totalMemoryGB: s.decimal('Total memory allocated, in GB.'),
      totalStorageGB: s.decimal('Total storage allocated, in GB.'),
    }),
    limits: s.object('Provider limits.', {
      maxMachines: count('Most machines.'),
      maxCPU: s.decimal('Most vCPUs.'),
      maxMemoryGB: s.decimal('Most memory, in GB.'),
      maxStorageGB: s.decimal('Most storage, in GB.'),
    }),
    quotas: s.array(
      'Quotas of the provider account.',
      s.object('A quota.', {
        resource: s.text('Resource, e.g. cpu, memory, storage or instances.').req(),
        used: s.quantity('Amount used.', {}, '12'),
        limit: s.quantity('Quota limit.', {}, '64'),
        available: s.quantity('Amount still available.', {}, '52'),
        unit: s.text('Unit of the amounts, e.g. cores or GB.'),
      }),
      { uniqueBy: 'resource' },
    ),
  }),
  health: s.object('Health of the provider.', {
    score: s.int('Health score from 0 to 100.', { min: 0, max: 100 }),
    lastChecked: s.timestamp('When health was last checked.'),
    metrics: s.object('Health metrics.', {
      successRate: s.decimal('Success rate in percent, e.g. "99.5".'),
      avgResponseTime: s.duration('Average response time, e.g. "120ms".'),
      errorRate: s.decimal('Error rate in percent, e.g. "0.5".'),
    }),
  }),
  capabilities: s.object('Verified capabilities.', {
    verified: s.array('Capabilities verified to work.', s.text('A capability.'), { unique: true }),
    unsupported: s.array('Features found unsupported.', s.text('A feature.'), { unique: true }),
    lastVerified: s.timestamp('When capabilities were last verified.'),
  }),
});

export type MachineProviderStatus = Infer<typeof machineProviderStatus>;
