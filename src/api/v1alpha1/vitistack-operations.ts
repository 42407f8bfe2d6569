// Vitistack operations: high availability, disaster recovery, monitoring, logging, backup, edge
// computing (spec 000), edge management (spec 003) and global settings (spec 001).
import { s, type Infer, type Reporter } from '../schema';
import { checkUniqueRefs, compact } from './common';

export const highAvailability = s.object('High availability of the Vitistack.', {
  enabled: s.bool('Enable the high availability configuration.'),
  replicationFactor: s.int('Number of replicas.', { min: 1 }),
  crossZone: s.bool('Spread across availability zones.'),
  crossRegion: s.bool('Spread across regions.'),
  backupSchedule: s.cron('Backup schedule in cron format, e.g. "0 */6 * * *".'),
});

export const REPLICATION_MODES = ['sync', 'async', 'snapshot'] as const;

export const disasterRecovery = s
  .object('Disaster recovery: where this Vitistack is replicated to.', {
    enabled: s.bool('Enable disaster recovery.'),
    replicationTargets: s.array(
      'Vitistacks this one is replicated to.',
      s.object('A replication target.', {
        name: s.name('Name of the target Vitistack.').req(),
        namespace: s.name(
          "Namespace of the target Vitistack. Defaults to this object's namespace.",
        ),
        region: s.text('Region of the target, e.g. "us-east-1".'),
        provider: s.text('Provider of the target, e.g. aws or azure.'),
        replicationMode: s.enum(
          'How data is replicated: sync, async, or snapshot.',
          REPLICATION_MODES,
        ),
        rpo: s.duration('Recovery point objective: the data loss allowed, e.g. "1h".'),
        rto: s.duration('Recovery time objective: the downtime allowed, e.g. "30m".'),
        schedule: s.cron('Replication schedule in cron format (for snapshot replication).'),
      }),
    ),
  })
  .refine((d, r) => {
    checkUniqueRefs(d.replicationTargets, ['replicationTargets'], r, 'replication target');
  });

const dashboard = s.object('A dashboard.', {
  name: s.name('Dashboard name.').req(),
  source: s.text('Where the dashboard comes from: configmap, url, and so on.'),
  config: s.freeform('Dashboard-specific settings.'),
});

const alertRule = s.object('An alert rule.', {
  name: s.text('Alert name, e.g. HighCPUUsage.').req(),
  expression: s.text('PromQL expression that fires the alert.').req(),
  severity: s.text('Alert severity, e.g. critical or warning.'),
  labels: s.stringMap('Additional labels.'),
  annotations: s.stringMap('Alert annotations, e.g. summary and description.'),
});

export const monitoring = s.object('Monitoring and alerting.', {
  enabled: s.bool('Enable monitoring.'),
  provider: s.text('Monitoring provider: prometheus, datadog, and so on.'),
  retention: s.duration('How long metrics are kept, e.g. "30d".'),
  exporters: s.strings('Metric exporters to run, e.g. node, cluster.', { unique: true }),
  dashboards: s.array('Dashboards.', dashboard, { uniqueBy: 'name' }),
  alerting: s.object('Alerting.', {
    enabled: s.bool('Enable alerting.'),
    rules: s.array('Alert rules.', alertRule, { uniqueBy: 'name' }),
  }),
  aggregateEdgeMetrics: s.bool('Collect the metrics of managed edge Vitistacks here (spec 003).'),
});

export const logging = s.object('Centralised logging.', {
  enabled: s.bool('Enable centralised logging.'),
  provider: s.text('Logging provider: elasticsearch, splunk, and so on.'),
  retention: s.duration('How long logs are kept, e.g. "30d".'),
  aggregation: s.object('Log aggregation.', {
    enabled: s.bool('Enable log aggregation.'),
    filters: s.strings('Log filters.'),
    forwarding: s.array(
      'Log forwarding rules.',
      s.object('A forwarding rule.', {
        destination: s.text('Where the logs go.').req(),
        filter: s.text('Filter expression selecting the logs.'),
        format: s.text('Log format, e.g. json.'),
      }),
    ),
  }),
  aggregateEdgeLogs: s.bool('Collect the logs of managed edge Vitistacks here (spec 003).'),
});

export const backup = s.object('Backups.', {
  enabled: s.bool('Enable backups.'),
  schedule: s.cron('Backup schedule in cron format, e.g. "0 2 * * *".'),
  retention: s.duration('How long backups are kept, e.g. "30d".'),
  storage: s.object('Where backups are stored.', {
    type: s.text('Storage type: s3, gcs, azure, and so on.'),
    bucket: s.text('Bucket or container.'),
    region: s.text('Region of the storage.'),
    encryption: s.bool('Encrypt backups.'),
  }),
  excludes: s.strings('Resources excluded from backups.', { unique: true }),
});

const edgeConnectivity = s.object('Connectivity of the edge location.', {
  type: s.text('Connection type: satellite, fiber, cellular, and so on.'),
  bandwidth: s.bandwidth('Available bandwidth, e.g. "100Mbps".'),
  latency: s.duration('Expected latency, e.g. "500ms".'),
});

const edgeAutonomy = s.object('How the edge location runs when it loses its connection.', {
  enabled: s.bool('Enable autonomous operation.'),
  offlineTimeout: s.duration('How long it may run offline, e.g. "1h".'),
  localDecisionMaking: s.bool('Make scheduling and healing decisions locally.'),
});

const edgeLocation = s.object('An edge location.', {
  name: s.name('Location name, unique within the Vitistack.').req(),
  region: s.text('Region of the location.'),
  connectivity: edgeConnectivity,
  resources: s.object('Resources available at the location.', {
    maxMachines: s.int('Maximum machines at this location.', { min: 1 }),
    maxCPU: s.positiveQuantity('Maximum CPU at this location, in cores.', '16'),
    maxMemory: s.positiveQuantity('Maximum memory at this location.', '64Gi'),
  }),
  autonomy: edgeAutonomy,
});

export const edge = s.object(
  'Edge computing: the edge locations this Vitistack serves (locations), or, for a Vitistack that is itself an edge location, its connectivity and autonomy.',
  {
    enabled: s.bool('Enable edge computing features.'),
    locations: s.array('Edge locations.', edgeLocation, { uniqueBy: 'name' }),
    connectivity: edgeConnectivity,
    autonomy: edgeAutonomy,
  },
);

export const edgeManagement = s.object(
  'Central management of edge Vitistacks (spec 003): the edge locations this Vitistack manages.',
  {
    enabled: s.bool('Enable edge management.'),
    edgeLocations: s.array(
      'Managed edge locations.',
      s.object('A managed edge location.', {
        name: s.name('Name of the edge location (and its Vitistack).').req(),
        region: s.text('Region of the edge location.'),
        maxMachines: s.int('Maximum machines at the location.', { min: 1 }),
        maxClusters: s.int('Maximum clusters at the location.', { min: 1 }),
      }),
      { uniqueBy: 'name' },
    ),
  },
);

export const settings = s.object('Global settings (spec 001).', {
  defaultStorageClass: s.text('Default storage class for volumes.'),
  defaultNetworkPolicy: s.text('Default network policy, e.g. deny-all.'),
  monitoring: s.object('Monitoring integration.', {
    enabled: s.bool('Enable monitoring integration.'),
    namespace: s.name('Namespace of the monitoring stack.'),
  }),
  logging: s.object('Centralised logging.', {
    enabled: s.bool('Enable centralised logging.'),
    endpoint: s.text('Log aggregation endpoint, e.g. "https://logs.example.com".'),
  }),
});

// ---------------------------------------------------------------- canonical

/** High availability, as written. */
export type VitistackHighAvailability = Infer<typeof highAvailability>;
/** Disaster recovery, as written. */
export type VitistackDisasterRecovery = Infer<typeof disasterRecovery>;
/** Backups, as written. */
export type VitistackBackup = Infer<typeof backup>;
export type EdgeLocation = Infer<typeof edgeLocation>;
export type EdgeConnectivity = Infer<typeof edgeConnectivity>;
export type EdgeAutonomy = Infer<typeof edgeAutonomy>;

/** Monitoring, with spec 001's settings.monitoring folded in. */
export type VitistackMonitoring = Infer<typeof monitoring> & {
  /** Namespace of the monitoring stack (spec 001 `settings.monitoring.namespace`). */
  readonly namespace?: string;
};

/** Logging, with spec 001's settings.logging folded in. */
export type VitistackLogging = Infer<typeof logging> & {
  /** Log aggregation endpoint (spec 001 `settings.logging.endpoint`). */
  readonly endpoint?: string;
};

export interface VitistackEdge {
  readonly enabled?: boolean;
  /** Edge locations this Vitistack serves (spec 000); always present, maybe empty. */
  readonly locations: readonly EdgeLocation[];
  /** Connectivity of this Vitistack when it is itself an edge location (spec 003). */
  readonly connectivity?: EdgeConnectivity;
  readonly autonomy?: EdgeAutonomy;
}

export interface ManagedEdgeLocation {
  readonly name: string;
  readonly region?: string;
  readonly maxMachines?: number;
  readonly maxClusters?: number;
}

export interface EdgeManagement {
  readonly enabled?: boolean;
  /** Always present; empty when none are given. */
  readonly locations: readonly ManagedEdgeLocation[];
}

export interface VitistackSettings {
  readonly defaultStorageClass?: string;
  readonly defaultNetworkPolicy?: string;
}

export interface OperationsInput {
  readonly monitoring?: Infer<typeof monitoring>;
  readonly logging?: Infer<typeof logging>;
  readonly settings?: Infer<typeof settings>;
  readonly edge?: Infer<typeof edge>;
  readonly edgeManagement?: Infer<typeof edgeManagement>;
}

/** `settings.monitoring.enabled` and `monitoring.enabled` (and the logging pair) must agree. */
export function checkSettingsAgree(spec: OperationsInput, r: Reporter): void {
  const pairs = [
    ['monitoring', spec.settings?.monitoring?.enabled, spec.monitoring?.enabled],
    ['logging', spec.settings?.logging?.enabled, spec.logging?.enabled],
  ] as const;
  for (const [what, inSettings, inBlock] of pairs) {
    if (inSettings !== undefined && inBlock !== undefined && inSettings !== inBlock) {
      r.add(
        ['settings', what, 'enabled'],
        `contradicts spec.${what}.enabled (${inBlock}); set it in one place`,
        inSettings,
      );
    }
  }
}

export function normaliseMonitoring(spec: OperationsInput): VitistackMonitoring | undefined {
  const fromSettings = spec.settings?.monitoring;
  if (spec.monitoring === undefined && fromSettings === undefined) return undefined;
  return compact({
    ...spec.monitoring,
    enabled: spec.monitoring?.enabled ?? fromSettings?.enabled,
    namespace: fromSettings?.namespace,
  });
}

export function normaliseLogging(spec: OperationsInput): VitistackLogging | undefined {
  const fromSettings = spec.settings?.logging;
  if (spec.logging === undefined && fromSettings === undefined) return undefined;
  return compact({
    ...spec.logging,
    enabled: spec.logging?.enabled ?? fromSettings?.enabled,
    endpoint: fromSettings?.endpoint,
  });
}

export function normaliseEdge(e: Infer<typeof edge> | undefined): VitistackEdge | undefined {
  if (e === undefined) return undefined;
  return compact({
    enabled: e.enabled,
    locations: e.locations ?? [],
    connectivity: e.connectivity,
    autonomy: e.autonomy,
  });
}

export function normaliseEdgeManagement(
  e: Infer<typeof edgeManagement> | undefined,
): EdgeManagement | undefined {
  if (e === undefined) return undefined;
  return compact({ enabled: e.enabled, locations: e.edgeLocations ?? [] });
}

export function normaliseSettings(x: Infer<typeof settings> | undefined): VitistackSettings {
  return compact({
    defaultStorageClass: x?.defaultStorageClass,
    defaultNetworkPolicy: x?.defaultNetworkPolicy,
  });
}
