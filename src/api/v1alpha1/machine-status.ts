// Machine status: the union of the API reference status (000: machine, health, software,
// monitoring, backup, costs, events) and the CRD status (001: providerStatus, networkStatus,
// addresses).
import { s } from '../schema';
import { statusBasics } from './common';

const usage = (description: string) =>
  s.object(description, {
    allocated: s.text('Allocated amount.'),
    used: s.text('Amount in use.'),
    utilization: s.percent('Utilisation, e.g. "45%".'),
  });

const machineInfo = s.object('The provisioned machine, as the provider reports it.', {
  id: s.text('Machine or instance ID.'),
  state: s.text('Machine state as the provider reports it, e.g. running.'),
  launchTime: s.timestamp('When the machine was launched.'),
  networking: s.object('Network information.', {
    privateIP: s.ip('Private IP address.'),
    publicIP: s.ip('Public IP address.'),
    privateDNS: s.text('Private DNS name.'),
    publicDNS: s.text('Public DNS name.'),
    networkInterfaces: s.array(
      'Network interfaces.',
      s.object('A network interface.', {
        id: s.text('Interface ID.'),
        privateIP: s.ip('Private IP address.'),
        publicIP: s.ip('Public IP address.'),
        macAddress: s.mac('MAC address.'),
        subnetId: s.text('Subnet ID.'),
        vpcId: s.text('VPC ID.'),
      }),
    ),
  }),
  storage: s.object('Storage information.', {
    rootVolume: s.object('The root volume.', {
      id: s.text('Volume ID.'),
      size: s.quantity('Volume size.'),
      type: s.text('Volume type.'),
      state: s.text('Volume state.'),
    }),
    additionalVolumes: s.array(
      'Additional volumes.',
      s.object('A volume.', {
        id: s.text('Volume ID.'),
        name: s.text('Volume name.'),
        size: s.quantity('Volume size.'),
        mountPath: s.text('Mount path.'),
        state: s.text('Volume state.'),
      }),
    ),
  }),
  resources: s.object('Resource usage.', {
    cpu: usage('CPU usage.'),
    memory: usage('Memory usage.'),
    storage: usage('Storage usage.'),
  }),
});

const versioned = (description: string) =>
  s.object(description, {
    name: s.text('Name.'),
    version: s.text('Installed version.'),
    status: s.text('Installation status.'),
  });

export const machineStatus = s.object('Observed state of the machine.', {
  ...statusBasics,
  phase: s.enum('Lifecycle phase.', [
    'Pending',
    'Provisioning',
    'Running',
    'Failed',
    'Terminating',
  ]),
  machine: machineInfo,
  health: s.object('Health of the machine.', {
    overall: s.text('Overall health, e.g. Healthy.'),
    checks: s.array(
      'Individual health checks.',
      s.object('A health check result.', {
        name: s.text('Check name.'),
        status: s.text('Check status.'),
        message: s.string('Check message.'),
        lastCheck: s.timestamp('When the check last ran.'),
      }),
    ),
  }),
  software: s.object('Installed software.', {
    packages: s.array('Installed packages.', versioned('An installed package.')),
    containerRuntime: s.object('Container runtime.', {
      type: s.text('Runtime type.'),
      version: s.text('Runtime version.'),
      status: s.text('Runtime status.'),
    }),
    kubernetes: s.object('Kubernetes on the machine.', {
      version: s.text('Kubernetes version.'),
      role: s.text('Node role.'),
      status: s.text('Kubernetes status.'),
      components: s.array('Component status.', versioned('A component.')),
    }),
  }),
  monitoring: s.object('Monitoring status.', {
    agents: s.array(
      'Monitoring agents.',
      s.object('An agent.', {
        name: s.text('Agent name.'),
        status: s.text('Agent status.'),
        lastReport: s.timestamp('When the agent last reported.'),
      }),
    ),
    metrics: s.array(
      'Metrics collection.',
      s.object('A metric.', {
        name: s.text('Metric name.'),
        status: s.text('Collection status.'),
        lastCollection: s.timestamp('When the metric was last collected.'),
      }),
    ),
  }),
  backup: s.object('Backup status.', {
    enabled: s.bool('Whether backups are enabled.'),
    lastBackup: s.timestamp('When the last backup ran.'),
    nextBackup: s.timestamp('When the next backup runs.'),
    backups: s.array(
      'Available backups.',
      s.object('A backup.', {
        id: s.text('Backup ID.'),
        timestamp: s.timestamp('When the backup was taken.'),
        size: s.quantity('Backup size.'),
        status: s.text('Backup status.'),
      }),
    ),
  }),
  costs: s.object('Cost estimates.', {
    hourly: s.price('Hourly cost estimate, e.g. "$0.05".'),
    daily: s.price('Daily cost estimate.'),
    monthly: s.price('Monthly cost estimate.'),
    currentMonth: s.price('Cost so far this month.'),
  }),
  events: s.array(
    'Recent events.',
    s.object('An event.', {
      type: s.text('Event type, e.g. Normal or Warning.'),
      reason: s.text('Event reason.'),
      message: s.string('Event message.'),
      timestamp: s.timestamp('When the event happened.'),
      count: s.int('How often the event happened.', { min: 1 }),
    }),
  ),
  providerStatus: s.freeform('Provider-specific status (CRD shape).'),
  networkStatus: s.object('Network status (CRD shape).', {
    interfaces: s.array(
      'Observed interfaces.',
      s.object('An observed interface.', {
        name: s.text('Interface name.'),
        network: s.text('Name of the NetworkConfiguration the interface is attached to.'),
        macAddress: s.mac('MAC address.'),
        ipAddresses: s.array('IP addresses of the interface.', s.ip('An IP address.')),
        state: s.text('Link state, e.g. up.'),
      }),
    ),
  }),
  addresses: s.object('Addresses of the machine (CRD shape).', {
    internal: s.array('Internal IP addresses.', s.ip('An IP address.')),
    external: s.array('External IP addresses.', s.ip('An IP address.')),
  }),
});
