// Vitistack: one infrastructure stack (spec 000 calls it Datacenter, spec 001 Vitistack). Each
// Vitistack becomes one Pulumi stack. The schema is the union of spec 000's Datacenter, spec
// 001's Vitistack and the fields the examples of specs 002 and 003 use; `normalise` folds them
// into the canonical `Vitistack`.
import { defineKind, type Resource } from '../kind';
import { s, type Infer, type ObjectOf, type Reporter } from '../schema';
import {
  AGE_COLUMN,
  checkUniqueRefs,
  compact,
  objectRef,
  PHASE_COLUMN,
  toRef,
  type NamespacedRef,
} from './common';
import { networking, normaliseNetworking, type VitistackNetworking } from './vitistack-networking';
import {
  backup,
  checkSettingsAgree,
  disasterRecovery,
  edge,
  edgeManagement,
  highAvailability,
  logging,
  monitoring,
  normaliseEdge,
  normaliseEdgeManagement,
  normaliseLogging,
  normaliseMonitoring,
  normaliseSettings,
  settings,
  type EdgeManagement,
  type VitistackBackup,
  type VitistackDisasterRecovery,
  type VitistackEdge,
  type VitistackHighAvailability,
  type VitistackLogging,
  type VitistackMonitoring,
  type VitistackSettings,
} from './vitistack-operations';
import {
  checkProviderRefs,
  checkQuotasAgree,
  infrastructure,
  kubernetesProviderRef,
  machineProviderRef,
  normaliseInfrastructure,
  normaliseProviderRefs,
  normaliseQuotas,
  quotas,
  resourceQuotas,
  type InfrastructureProvider,
  type ProviderRefs,
  type VitistackQuotas,
} from './vitistack-resources';
import {
  globalPolicies,
  security,
  type GlobalPolicies,
  type VitistackSecurity,
} from './vitistack-security';
import { normaliseStatus, vitistackStatus, type VitistackStatus } from './vitistack-status';

export const VITISTACK_ROLES = [
  'standalone',
  'primary',
  'disaster-recovery',
  'edge',
  'management',
] as const;
export type VitistackRole = (typeof VITISTACK_ROLES)[number];

const hierarchyProps = {
  role: s.enum(
    'Role of this Vitistack: standalone, primary, disaster-recovery (stands in for primaryVitistack), edge (managed by managementVitistack) or management.',
    VITISTACK_ROLES,
  ),
  primaryVitistack: objectRef(
    'The primary Vitistack this disaster-recovery Vitistack stands in for.',
  ),
  managementVitistack: objectRef('The central Vitistack that manages this (edge) Vitistack.'),
  parentVitistack: objectRef('The parent Vitistack in a hierarchy.'),
  inheritPolicies: s.bool("Apply the parent Vitistack's globalPolicies to this one."),
  childVitistacks: s.array(
    'Child Vitistacks in a hierarchy under this one.',
    objectRef('A child Vitistack.'),
  ),
  globalPolicies,
};

function checkHierarchy(spec: ObjectOf<typeof hierarchyProps>, r: Reporter): void {
  if (spec.role === 'disaster-recovery' && spec.primaryVitistack === undefined) {
    r.missing(
      ['primaryVitistack'],
      'is required when role is "disaster-recovery" (name the Vitistack this one stands in for)',
    );
  }
  if (
    spec.primaryVitistack !== undefined &&
    spec.role !== undefined &&
    spec.role !== 'disaster-recovery'
  ) {
    r.add(
      ['role'],
      'does not fit primaryVitistack (only a disaster-recovery Vitistack has a primary; set role: disaster-recovery or remove primaryVitistack)',
      spec.role,
    );
  }
  if (spec.inheritPolicies === true && spec.parentVitistack === undefined) {
    r.add(
      ['inheritPolicies'],
      'needs spec.parentVitistack (policies are inherited from the parent Vitistack)',
      true,
    );
  }
  checkUniqueRefs(spec.childVitistacks, ['childVitistacks'], r, 'child Vitistack');
  const parent = spec.parentVitistack;
  spec.childVitistacks?.forEach((c, i) => {
    if (parent !== undefined && c.name === parent.name && c.namespace === parent.namespace) {
      r.add(
        ['childVitistacks', i, 'name'],
        'is also the parentVitistack (a Vitistack cannot be both parent and child of this one)',
        c.name,
      );
    }
  });
}

export const vitistackSpec = s
  .object(
    'Desired state of the Vitistack: region, networking, security, quotas, providers, operations and its place among other Vitistacks.',
    {
      region: s.text(
        'Geographical region, e.g. "us-west-2". Required unless infrastructure.providers is given.',
      ),
      description: s.string('Human-readable description.'),
      ...hierarchyProps,
      infrastructure,
      settings,
      networking,
      security,
      resourceQuotas,
      quotas,
      machineProviders: s.array('MachineProviders this Vitistack uses.', machineProviderRef),
      kubernetesProviders: s.array(
        'KubernetesProviders this Vitistack uses.',
        kubernetesProviderRef,
      ),
      highAvailability,
      disasterRecovery,
      monitoring,
      logging,
      backup,
      edge,
      edgeManagement,
    },
  )
  .refine((spec, r) => {
    if (spec.region === undefined && (spec.infrastructure?.providers ?? []).length === 0) {
      r.missing(
        ['region'],
        'is required unless spec.infrastructure.providers is given (the geographical region, like "us-west-2")',
      );
    }
    checkHierarchy(spec, r);
    checkProviderRefs(spec, r);
    checkQuotasAgree(spec, r);
    checkSettingsAgree(spec, r);
  });

type RawSpec = Infer<typeof vitistackSpec>;

// ---------------------------------------------------------------- canonical

/** Where a Vitistack sits among others: disaster recovery, edge management, hierarchy. */
export interface VitistackHierarchy {
  readonly role?: VitistackRole;
  /** `parentVitistack`. */
  readonly parent?: NamespacedRef;
  /** `primaryVitistack`: the Vitistack a disaster-recovery one stands in for. */
  readonly primary?: NamespacedRef;
  /** `managementVitistack`: the central Vitistack managing an edge one. */
  readonly management?: NamespacedRef;
  /** `childVitistacks`; always present, maybe empty. */
  readonly children: readonly NamespacedRef[];
  readonly inheritPolicies?: boolean;
  /** Policies this Vitistack sets for its children. */
  readonly globalPolicies?: GlobalPolicies;
}

/** The Vitistack spec in one shape, whichever document's shape it was written in. */
export interface VitistackSpec {
  /** Geographical region; absent only when infrastructure providers are given (spec 001). */
  readonly region?: string;
  readonly description?: string;
  /** VPCs and subnets, load balancers, firewall rules (ports as numbers) and DNS. */
  readonly networking: VitistackNetworking;
  /** Encryption, RBAC, audit logging and compliance. */
  readonly security?: VitistackSecurity;
  /** Spec 000 `resourceQuotas` and spec 001 `quotas` merged; every limit optional. */
  readonly quotas: VitistackQuotas;
  /** The MachineProviders and KubernetesProviders this Vitistack uses. */
  readonly providerRefs: ProviderRefs;
  /** On-premises provider instances (spec 001 `infrastructure.providers`); maybe empty. */
  readonly infrastructureProviders: readonly InfrastructureProvider[];
  readonly highAvailability?: VitistackHighAvailability;
  readonly disasterRecovery?: VitistackDisasterRecovery;
  /** Monitoring, with spec 001 `settings.monitoring` folded in. */
  readonly monitoring?: VitistackMonitoring;
  /** Logging, with spec 001 `settings.logging` folded in. */
  readonly logging?: VitistackLogging;
  readonly backup?: VitistackBackup;
  /** Edge locations served, or this Vitistack's own edge connectivity and autonomy. */
  readonly edge?: VitistackEdge;
  /** Edge locations this (central) Vitistack manages. */
  readonly edgeManagement?: EdgeManagement;
  /** Role and links to primary, management, parent and child Vitistacks. */
  readonly hierarchy: VitistackHierarchy;
  /** Spec 001 defaults: storage class and network policy. */
  readonly settings: VitistackSettings;
}

export type { VitistackStatus };

/** A Vitistack (or a Datacenter, its older name), normalised. */
export type Vitistack = Resource<'Vitistack', VitistackSpec, VitistackStatus>;

export function normaliseVitistackSpec(spec: RawSpec): VitistackSpec {
  return compact({
    region: spec.region,
    description: spec.description,
    networking: normaliseNetworking(spec.networking),
    security: spec.security,
    quotas: normaliseQuotas(spec),
    providerRefs: normaliseProviderRefs(spec),
    infrastructureProviders: normaliseInfrastructure(spec.infrastructure),
    highAvailability: spec.highAvailability,
    disasterRecovery: spec.disasterRecovery,
    monitoring: normaliseMonitoring(spec),
    logging: normaliseLogging(spec),
    backup: spec.backup,
    edge: normaliseEdge(spec.edge),
    edgeManagement: normaliseEdgeManagement(spec.edgeManagement),
    hierarchy: compact({
      role: spec.role,
      parent: toRef(spec.parentVitistack),
      primary: toRef(spec.primaryVitistack),
      management: toRef(spec.managementVitistack),
      children: (spec.childVitistacks ?? []).map((c) => toRef(c)),
      inheritPolicies: spec.inheritPolicies,
      globalPolicies: spec.globalPolicies,
    }),
    settings: normaliseSettings(spec.settings),
  });
}

export const vitistackKind = defineKind({
  kind: 'Vitistack',
  plural: 'vitistacks',
  singular: 'vitistack',
  shortNames: ['vstack'],
  description:
    'Vitistack is one infrastructure stack (a logical datacenter or region): its networking, security, quotas, the MachineProviders and KubernetesProviders it uses, operations (monitoring, logging, backup, HA, DR, edge) and its links to other Vitistacks. Each Vitistack becomes one Pulumi stack. The older kind name Datacenter is accepted.',
  spec: vitistackSpec,
  status: vitistackStatus,
  printerColumns: [
    { name: 'Region', type: 'string', jsonPath: '.spec.region', description: 'Region.' },
    {
      name: 'Role',
      type: 'string',
      jsonPath: '.spec.role',
      description: 'Role among other Vitistacks.',
      priority: 1,
    },
    PHASE_COLUMN,
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].status',
      description: 'Whether the stack matches the spec.',
    },
    {
      name: 'Last Operation',
      type: 'string',
      jsonPath: '.status.stack.lastOperation.type',
      description: 'The last stack operation.',
      priority: 1,
    },
    {
      name: 'Result',
      type: 'string',
      jsonPath: '.status.stack.lastOperation.result',
      description: 'Outcome of the last stack operation.',
    },
    AGE_COLUMN,
  ],
  normalise: (raw): Vitistack =>
    compact({
      kind: 'Vitistack' as const,
      metadata: raw.metadata,
      spec: normaliseVitistackSpec(raw.spec),
      status: normaliseStatus(raw.status),
    }),
});
