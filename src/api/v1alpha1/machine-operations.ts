// Machine: how the VM is run (API reference shape, 000). Software, placement, health checks,
// monitoring, backup, lifecycle hooks, scheduling, security and environment variables.
import { s } from '../schema';

// ------------------------------------------------------------------ software

export const machineSoftware = s.object('Software installed on the machine.', {
  packages: s.array(
    'Packages to install.',
    s.object('A package to install.', {
      name: s.text('Package name.').req(),
      version: s.text('Package version or pattern, e.g. "20.10.*".'),
      source: s.text('Package source, e.g. apt or yum.'),
    }),
    { uniqueBy: 'name' },
  ),
  containerRuntime: s.object('Container runtime.', {
    type: s.enum('Container runtime.', ['docker', 'containerd', 'cri-o']),
    version: s.text('Runtime version.'),
    config: s.freeform('Runtime-specific configuration.'),
  }),
  kubernetes: s.object('Kubernetes components on the machine.', {
    version: s.text('Kubernetes version, e.g. "1.28".'),
    role: s.enum('Role of the machine in the cluster.', ['master', 'worker', 'standalone']),
    components: s.array(
      'Kubernetes components.',
      s.object('A Kubernetes component.', {
        name: s.text('Component name.').req(),
        version: s.text('Component version.'),
        config: s.freeform('Component configuration.'),
      }),
      { uniqueBy: 'name' },
    ),
  }),
  scripts: s.array(
    'Custom scripts run on the machine.',
    s.object('A custom script.', {
      name: s.text('Script name, unique among the scripts.').req(),
      content: s.text('Script content (never shown in messages).').secret().req(),
      order: s.int('Execution order; lower runs first.'),
      runAsUser: s.text('User the script runs as.'),
      environment: s.stringMap('Environment variables for the script.'),
    }),
    { uniqueBy: 'name' },
  ),
});

// ------------------------------------------------------------------ placement

const matchExpression = s.object('A node selector requirement.', {
  key: s.text('Label key.').req(),
  operator: s.enum('How the key relates to the values.', [
    'In',
    'NotIn',
    'Exists',
    'DoesNotExist',
    'Gt',
    'Lt',
  ]),
  values: s.strings('Label values.'),
});

export const machinePlacement = s
  .object('Where the machine is placed.', {
    availabilityZone: s.text('Availability zone, e.g. us-west-2a.'),
    placementGroup: s.text('Placement group name.'),
    tenancy: s.enum('Tenancy of the machine.', ['default', 'dedicated', 'host']),
    hostId: s.text('Dedicated host ID; needs tenancy "host".'),
    affinity: s.object('Affinity rules.', {
      nodeAffinity: s.object('Node affinity.', {
        requiredDuringSchedulingIgnoredDuringExecution: s.object('Hard node affinity.', {
          nodeSelectorTerms: s.array(
            'Node selector terms; any one must match.',
            s.object('A node selector term.', {
              matchExpressions: s.array('Requirements; all must match.', matchExpression),
            }),
          ),
        }),
      }),
    }),
    antiAffinity: s.object('Anti-affinity rules.', {
      podAntiAffinity: s.object('Workload anti-affinity.', {
        requiredDuringSchedulingIgnoredDuringExecution: s.array(
          'Hard anti-affinity terms.',
          s.object('An anti-affinity term.', {
            labelSelector: s.object('Which workloads to keep apart from.', {
              matchLabels: s.stringMap('Labels to match.'),
            }),
            topologyKey: s.text('Topology key, e.g. kubernetes.io/hostname.').req(),
          }),
        ),
      }),
    }),
  })
  .refine((v, r) => {
    if (v.hostId !== undefined && v.tenancy !== undefined && v.tenancy !== 'host') {
      r.add(
        ['hostId'],
        `requires tenancy "host", but tenancy is "${v.tenancy}" (set tenancy: host, or remove hostId)`,
        v.hostId,
      );
    }
  });

// ------------------------------------------------------------------ health, monitoring, backup

export const machineHealthCheck = s.object('Health checks of the machine.', {
  enabled: s.bool('Enable health checks.'),
  interval: s.duration('Check interval, e.g. "30s".'),
  timeout: s.duration('Check timeout, e.g. "10s".'),
  retries: s.int('Failures before the machine is unhealthy.', { min: 0 }),
  initialDelay: s.duration('Delay before the first check, e.g. "60s".'),
  checks: s.array(
    'Health check methods.',
    s
      .object('A health check.', {
        name: s.text('Check name.').req(),
        type: s.enum('Check method.', ['tcp', 'http', 'command', 'file']).req(),
        config: s.object('Check-specific configuration.', {
          port: s.port('Port, for tcp and http checks.'),
          path: s.text('HTTP path, for http checks.'),
          command: s.strings('Command and arguments, for command checks.', { minItems: 1 }),
          file: s.text('File path, for file checks.'),
          expectedStatus: s.int('Expected HTTP status.', { min: 100, max: 599 }),
          expectedContent: s.string('Expected content.'),
        }),
      })
      .refine((v, r) => {
        const needs = { tcp: 'port', command: 'command', file: 'file' } as const;
        const field = v.type === 'http' ? undefined : needs[v.type];
        if (field !== undefined && v.config?.[field] === undefined) {
          r.missing(['config', field], `is required for a ${v.type} check`);
        }
      }),
    { uniqueBy: 'name' },
  ),
});

export const machineMonitoring = s.object('Monitoring of the machine.', {
  enabled: s.bool('Enable monitoring.'),
  agents: s.array(
    'Monitoring agents.',
    s.object('A monitoring agent.', {
      name: s.text('Agent name.').req(),
      type: s.text('Agent type, e.g. datadog or prometheus.'),
      config: s.freeform('Agent configuration.'),
      version: s.text('Agent version.'),
    }),
    { uniqueBy: 'name' },
  ),
  metrics: s.array(
    'Custom metrics.',
    s.object('A custom metric.', {
      name: s.text('Metric name.').req(),
      type: s.text('Metric type.'),
      interval: s.duration('Collection interval, e.g. "60s".'),
      config: s.freeform('Metric configuration.'),
    }),
    { uniqueBy: 'name' },
  ),
});

export const machineBackup = s.object('Backups of the machine.', {
  enabled: s.bool('Enable backups.'),
  schedule: s.cron('Backup schedule, e.g. "0 2 * * *".'),
  retention: s.duration('How long backups are kept, e.g. "30d".'),
  targets: s.array(
    'What is backed up.',
    s.object('A backup target.', {
      type: s.enum('Target type.', ['snapshot', 'file', 'database']).req(),
      config: s.freeform('Target-specific configuration.'),
      encryption: s.bool('Encrypt the backup.'),
      compression: s.bool('Compress the backup.'),
    }),
  ),
});

// ------------------------------------------------------------------ lifecycle

/** Scripts may hold credentials: their text is never shown in messages. */
const privateScripts = (description: string) =>
  s.array(description, s.string('A script.').secret());

const hook = (description: string) =>
  s.object(description, {
    enabled: s.bool('Enable the hook.'),
    scripts: privateScripts('Scripts to run (never shown in messages).'),
    timeout: s.duration('Hook timeout, e.g. "5m".'),
  });

export const machineLifecycle = s.object('Lifecycle hooks and shutdown behaviour.', {
  preCreate: hook('Hooks run before the machine is created.'),
  postCreate: hook('Hooks run after the machine is created.'),
  preDelete: s.object('Hooks run before the machine is deleted.', {
    enabled: s.bool('Enable the hook.'),
    drainTimeout: s.duration('How long to drain workloads, e.g. "10m".'),
    gracePeriod: s.duration('Grace period before deletion, e.g. "30s".'),
    scripts: privateScripts('Scripts to run (never shown in messages).'),
  }),
  shutdown: s.object('Shutdown behaviour.', {
    behavior: s.enum('What shutting down the machine does.', ['stop', 'terminate']),
    timeout: s.duration('Shutdown timeout, e.g. "2m".'),
  }),
});

// ------------------------------------------------------------------ scheduling and security

export const machineScheduling = s.object('Scheduling of the machine.', {
  priority: s.int('Scheduling priority.'),
  schedulingPolicy: s.text('Scheduling policy.'),
  nodeSelector: s.stringMap('Node labels the machine must be placed on.'),
  tolerations: s.array(
    'Taints the machine tolerates.',
    s
      .object('A toleration.', {
        key: s.text('Taint key.'),
        operator: s.enum('How the key is matched.', ['Equal', 'Exists']),
        value: s.string('Taint value.'),
        effect: s.enum('Taint effect.', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
        tolerationSeconds: s.int('How long a NoExecute taint is tolerated.', { min: 0 }),
      })
      .refine((v, r) => {
        if (v.operator === 'Exists' && v.value !== undefined && v.value !== '') {
          r.add(
            ['value'],
            'must be empty when operator is Exists (remove value, or use operator: Equal)',
            v.value,
          );
        }
      }),
  ),
});

export const machineSecurity = s.object('Security settings of the machine.', {
  serviceAccount: s.object('Service account.', {
    name: s.subdomain('Service account name.'),
    create: s.bool('Create the service account.'),
    annotations: s.stringMap('Service account annotations.'),
  }),
  securityContext: s
    .object('Security context.', {
      runAsUser: s.int('User ID.', { min: 0 }),
      runAsGroup: s.int('Group ID.', { min: 0 }),
      runAsNonRoot: s.bool('Refuse to run as root.'),
      fsGroup: s.int('File system group ID.', { min: 0 }),
      capabilities: s.object('Linux capabilities.', {
        add: s.strings('Capabilities to add.', { unique: true }),
        drop: s.strings('Capabilities to drop.', { unique: true }),
      }),
    })
    .refine((v, r) => {
      if (v.runAsNonRoot === true && v.runAsUser === 0) {
        r.add(
          ['runAsUser'],
          'is root, but runAsNonRoot is true (use a non-zero user ID, or set runAsNonRoot: false)',
          0,
        );
      }
    }),
  podSecurityPolicy: s.object('Pod security policy.', {
    name: s.subdomain('Policy name.'),
    create: s.bool('Create the policy.'),
    spec: s.freeform('Policy specification.'),
  }),
});

// ------------------------------------------------------------------ environment

const keyRef = (description: string) =>
  s.object(description, {
    name: s.subdomain('Name of the object.').req(),
    key: s.text('Key within the object.').req(),
  });

export const environmentVariable = s
  .object('An environment variable.', {
    name: s
      .string('Variable name.', {
        minLength: 1,
        expected: 'a variable name like "LOG_LEVEL"',
        check: (v) =>
          /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v)
            ? undefined
            : 'is not a valid variable name (use letters, digits, "_", "-" and ".", not starting with a digit, like "LOG_LEVEL")',
      })
      .req(),
    value: s.string('Variable value (never shown in messages).').secret(),
    valueFrom: s
      .object('Where the value comes from.', {
        secretKeyRef: keyRef('A key of a Secret.'),
        configMapKeyRef: keyRef('A key of a ConfigMap.'),
        fieldRef: s.object('A field of the object.', {
          fieldPath: s.text('Field path, e.g. metadata.name.').req(),
        }),
      })
      .refine((v, r) => {
        const set = (['secretKeyRef', 'configMapKeyRef', 'fieldRef'] as const).filter(
          (k) => v[k] !== undefined,
        );
        if (set.length !== 1) {
          const what = set.length === 0 ? 'none is set' : `${set.join(' and ')} are set`;
          r.missing(
            [],
            `must set exactly one of secretKeyRef, configMapKeyRef or fieldRef (${what})`,
          );
        }
      }),
  })
  .refine((v, r) => {
    if (v.value !== undefined && v.valueFrom !== undefined) {
      r.missing(['valueFrom'], 'cannot be set together with value (keep one)');
    }
  });
