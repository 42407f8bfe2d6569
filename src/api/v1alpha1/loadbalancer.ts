// LoadBalancer: a load balancer of its own (spec 001 lists the kind without fields). It is the
// standalone form of an entry of a Vitistack's `spec.networking.loadBalancers`: the same type,
// scheme, listeners and health check, plus the Vitistack it belongs to, a VIP and its targets.
import { defineKind, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import {
  AGE_COLUMN,
  checkUniqueRefs,
  compact,
  objectRef,
  PHASE_COLUMN,
  statusBasics,
  toRef,
  type NamespacedRef,
} from './common';
import {
  checkLoadBalancer,
  loadBalancerProps,
  normaliseLoadBalancerSettings,
  type LoadBalancerSettings,
} from './vitistack-networking';

export const loadBalancerTargets = s
  .object(
    'Where the load balancer sends traffic: Machines chosen by label, named Machines, or both.',
    {
      machineSelector: s.object('Selects Machines by label.', {
        matchLabels: s.stringMap('Labels a Machine must have, all of them.').req(),
      }),
      machines: s.array('Machines by name.', objectRef('A Machine.')),
    },
  )
  .refine((t, r) => {
    if (t.machineSelector === undefined && t.machines === undefined) {
      r.missing(
        [],
        'needs machineSelector or machines (or leave targets out to add targets later)',
      );
    }
    if (
      t.machineSelector !== undefined &&
      Object.keys(t.machineSelector.matchLabels).length === 0
    ) {
      r.missing(
        ['machineSelector', 'matchLabels'],
        'is empty (an empty selector would match every Machine; give at least one label)',
      );
    }
    checkUniqueRefs(t.machines, ['machines'], r, 'Machine');
  });

export const loadBalancerSpec = s
  .object(
    'Desired load balancer: its Vitistack, type, scheme, listeners, health check and targets.',
    {
      vitistackRef: objectRef(
        'The Vitistack this load balancer belongs to; its stack builds it.',
      ).req(),
      ...loadBalancerProps,
      vip: s.ip(
        'Virtual IP address, for on-premises providers (e.g. a kube-vip or MetalLB address).',
      ),
      targets: loadBalancerTargets,
    },
  )
  .refine(checkLoadBalancer);

export const LOAD_BALANCER_PHASES = [
  'Pending',
  'Provisioning',
  'Ready',
  'Failed',
  'Deleting',
] as const;

export const loadBalancerStatus = s.object('Observed state of the load balancer.', {
  ...statusBasics,
  phase: s.enum(
    'Lifecycle phase: Pending, Provisioning, Ready, Failed or Deleting.',
    LOAD_BALANCER_PHASES,
  ),
  dnsName: s.text('DNS name of the load balancer.'),
  arn: s.text('ARN of the load balancer (AWS).'),
  id: s.text('ID of the load balancer in the cloud or on the platform.'),
  addresses: s.array('IP addresses of the load balancer.', s.ip('An IP address.'), {
    unique: true,
  }),
});

type RawSpec = Infer<typeof loadBalancerSpec>;

// ---------------------------------------------------------------- canonical

export interface LoadBalancerTargets {
  /** Labels selecting Machines; absent when no selector is given. */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** Machines by name; always present, maybe empty. */
  readonly machines: readonly NamespacedRef[];
}

/** The LoadBalancer spec: a Vitistack load balancer entry plus owner, VIP and targets. */
export interface LoadBalancerSpec extends LoadBalancerSettings {
  /** The Vitistack whose stack builds this load balancer. */
  readonly vitistackRef: NamespacedRef;
  readonly vip?: string;
  /** Always present; both parts empty when targets are added later. */
  readonly targets: LoadBalancerTargets;
}

export type LoadBalancerStatus = Infer<typeof loadBalancerStatus>;
export type LoadBalancer = Resource<'LoadBalancer', LoadBalancerSpec, LoadBalancerStatus>;

export function normaliseLoadBalancerSpec(spec: RawSpec): LoadBalancerSpec {
  return compact({
    vitistackRef: toRef(spec.vitistackRef),
    ...normaliseLoadBalancerSettings(spec),
    vip: spec.vip,
    targets: compact({
      matchLabels: spec.targets?.machineSelector?.matchLabels,
      machines: (spec.targets?.machines ?? []).map((m) => toRef(m)),
    }),
  });
}

export const loadBalancerKind = defineKind({
  kind: 'LoadBalancer',
  plural: 'loadbalancers',
  singular: 'loadbalancer',
  shortNames: ['vlb'],
  description:
    "LoadBalancer is a load balancer of its own: the standalone form of an entry of a Vitistack's spec.networking.loadBalancers (type, scheme, listeners, health check), with the Vitistack it belongs to, an optional VIP for on-premises providers, and the Machines it sends traffic to.",
  spec: loadBalancerSpec,
  status: loadBalancerStatus,
  printerColumns: [
    {
      name: 'Vitistack',
      type: 'string',
      jsonPath: '.spec.vitistackRef.name',
      description: 'The Vitistack it belongs to.',
    },
    { name: 'Type', type: 'string', jsonPath: '.spec.type', description: 'Load balancer type.' },
    { name: 'Scheme', type: 'string', jsonPath: '.spec.scheme', description: 'Scheme.' },
    { name: 'Address', type: 'string', jsonPath: '.status.dnsName', description: 'DNS name.' },
    { name: 'VIP', type: 'string', jsonPath: '.spec.vip', description: 'Virtual IP.', priority: 1 },
    PHASE_COLUMN,
    AGE_COLUMN,
  ],
  normalise: (raw): LoadBalancer =>
    compact({
      kind: 'LoadBalancer' as const,
      metadata: raw.metadata,
      spec: normaliseLoadBalancerSpec(raw.spec),
      status: raw.status,
    }),
});
