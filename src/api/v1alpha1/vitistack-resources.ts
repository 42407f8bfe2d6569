// What a Vitistack uses and may use: provider references (spec 000), infrastructure providers
// (spec 001) and resource quotas (spec 000 `resourceQuotas` and spec 001 `quotas`, merged).
import { formats, s, type Infer, type Reporter } from '../schema';
import { checkUniqueRefs, compact, secretRef, type NamespacedRef } from './common';

// ---------------------------------------------------------------- provider references

export const CONDITION_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'notin',
  'exists',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

const providerCondition = s
  .object('A condition under which the provider is used.', {
    type: s.text('What the condition tests, e.g. region, instanceType or cost.').req(),
    operator: s
      .enum('Comparison: eq, ne, gt, gte, lt, lte, in, notin, or exists.', CONDITION_OPERATORS)
      .req(),
    value: s.string('Value to compare with; not used by the exists operator.'),
  })
  .refine((c, r) => {
    if (c.operator === 'exists' && c.value !== undefined) {
      r.add(['value'], 'cannot be set for operator "exists" (it only tests presence)', c.value);
    } else if (c.operator !== 'exists' && c.value === undefined) {
      r.missing(['value'], `is required for operator "${c.operator}" (only exists needs no value)`);
    }
  });

export const providerRef = (what: string) =>
  s.object(`A reference to a ${what} this Vitistack uses.`, {
    name: s.name(`Name of the ${what}.`).req(),
    namespace: s.name(`Namespace of the ${what}. Defaults to the Vitistack's namespace.`),
    priority: s.int('Provider priority; 1 is the highest.', { min: 1 }),
    weight: s.int('Traffic weight when several providers share a priority.', { min: 0 }),
    conditions: s.array('Conditions for using this provider; all must hold.', providerCondition),
  });

export const machineProviderRef = providerRef('MachineProvider');
export const kubernetesProviderRef = providerRef('KubernetesProvider');

// ---------------------------------------------------------------- infrastructure (spec 001)

export const INFRASTRUCTURE_PROVIDER_TYPES = ['proxmox', 'talos', 'kubevirt', 'kea'] as const;

export const infrastructure = s.object('On-premises infrastructure providers (spec 001).', {
  providers: s.array(
    'Infrastructure provider instances.',
    s.object('An infrastructure provider instance.', {
      type: s
        .enum('Provider type: proxmox, talos, kubevirt, or kea.', INFRASTRUCTURE_PROVIDER_TYPES)
        .req(),
      name: s.name('Provider instance name, unique within the Vitistack.').req(),
      endpoint: s.text('Provider API endpoint, e.g. "https://proxmox.example.com:8006".'),
      region: s.text('Provider region or zone.'),
      credentials: s.object('Credentials of the provider.', {
        secretRef: secretRef('Secret holding the credentials.').req(),
      }),
    }),
    { uniqueBy: 'name' },
  ),
});

// ---------------------------------------------------------------- quotas

export const resourceQuotas = s.object('Resource quotas (spec 000).', {
  maxMachines: s.int('Maximum number of machines.', { min: 1 }),
  maxClusters: s.int('Maximum number of clusters.', { min: 1 }),
  maxProviders: s.int('Maximum number of providers.', { min: 1 }),
  maxCPU: s.positiveQuantity('Maximum CPU, in cores, e.g. "100".', '100'),
  maxMemory: s.positiveQuantity('Maximum memory, e.g. "200Gi".', '200Gi'),
  maxStorage: s.positiveQuantity('Maximum storage, e.g. "1Ti".', '1Ti'),
  maxNetworkBandwidth: s.bandwidth('Maximum network bandwidth, e.g. "10Gbps".'),
});

export const quotas = s
  .object('Resource quotas (spec 001).', {
    machines: s.object('Machine quotas.', {
      total: s.int('Maximum machines across providers.', { min: 1 }),
      perProvider: s.int('Maximum machines per provider.', { min: 1 }),
    }),
    storage: s.object('Storage quotas.', {
      total: s.positiveQuantity('Total storage quota, e.g. "1Ti".', '1Ti'),
      perMachine: s.positiveQuantity('Maximum storage per machine, e.g. "500Gi".', '500Gi'),
    }),
    network: s.object('Network quotas.', {
      maxNetworks: s.int('Maximum networks per namespace.', { min: 1 }),
    }),
  })
  .refine((q, r) => {
    const m = q.machines;
    if (m?.total !== undefined && m.perProvider !== undefined && m.perProvider > m.total) {
      r.add(
        ['machines', 'perProvider'],
        `is above machines.total (${m.total}); a provider cannot hold more machines than the whole Vitistack`,
        m.perProvider,
      );
    }
    const st = q.storage;
    if (st?.total !== undefined && st.perMachine !== undefined) {
      const total = formats.parseQuantity(st.total) ?? 0;
      if ((formats.parseQuantity(st.perMachine) ?? 0) > total) {
        r.add(
          ['storage', 'perMachine'],
          `is above storage.total ("${st.total}"); one machine cannot use more than the whole quota`,
          st.perMachine,
        );
      }
    }
  });

type RawResourceQuotas = Infer<typeof resourceQuotas>;
type RawQuotas = Infer<typeof quotas>;

/** When both quota blocks give the same limit, they must agree. */
export function checkQuotasAgree(
  spec: { readonly resourceQuotas?: RawResourceQuotas; readonly quotas?: RawQuotas },
  r: Reporter,
): void {
  const rq = spec.resourceQuotas;
  const total = spec.quotas?.machines?.total;
  if (rq?.maxMachines !== undefined && total !== undefined && rq.maxMachines !== total) {
    r.add(
      ['quotas', 'machines', 'total'],
      `contradicts spec.resourceQuotas.maxMachines (${rq.maxMachines}); give the machine quota once, in resourceQuotas or quotas`,
      total,
    );
  }
  const storage = spec.quotas?.storage?.total;
  if (rq?.maxStorage !== undefined && storage !== undefined) {
    if (formats.parseQuantity(rq.maxStorage) !== formats.parseQuantity(storage)) {
      r.add(
        ['quotas', 'storage', 'total'],
        `contradicts spec.resourceQuotas.maxStorage ("${rq.maxStorage}"); give the storage quota once, in resourceQuotas or quotas`,
        storage,
      );
    }
  }
}

// ---------------------------------------------------------------- canonical

export interface ProviderCondition {
  readonly type: string;
  readonly operator: ConditionOperator;
  /** Absent for `exists`. */
  readonly value?: string;
}

export interface ProviderRef extends NamespacedRef {
  /** 1 is the highest. */
  readonly priority?: number;
  readonly weight?: number;
  /** Always present; empty when none are given. */
  readonly conditions: readonly ProviderCondition[];
}

export interface ProviderRefs {
  /** MachineProviders (`spec.machineProviders`); always present, maybe empty. */
  readonly machine: readonly ProviderRef[];
  /** KubernetesProviders (`spec.kubernetesProviders`); always present, maybe empty. */
  readonly kubernetes: readonly ProviderRef[];
}

export interface InfrastructureProvider {
  readonly type: (typeof INFRASTRUCTURE_PROVIDER_TYPES)[number];
  readonly name: string;
  readonly endpoint?: string;
  readonly region?: string;
  /** The Secret holding the credentials (`credentials.secretRef`). */
  readonly credentialsRef?: {
    readonly name: string;
    readonly namespace?: string;
    readonly key?: string;
  };
}

/** Quotas from spec 000 `resourceQuotas` and spec 001 `quotas` in one object; all optional. */
export interface VitistackQuotas {
  /** `resourceQuotas.maxMachines` or `quotas.machines.total`. */
  readonly maxMachines?: number;
  /** `quotas.machines.perProvider`. */
  readonly maxMachinesPerProvider?: number;
  readonly maxClusters?: number;
  readonly maxProviders?: number;
  /** CPU cores as a quantity string, e.g. "100". */
  readonly maxCPU?: string;
  readonly maxMemory?: string;
  /** `resourceQuotas.maxStorage` or `quotas.storage.total`. */
  readonly maxStorage?: string;
  /** `quotas.storage.perMachine`. */
  readonly maxStoragePerMachine?: string;
  /** `quotas.network.maxNetworks`. */
  readonly maxNetworks?: number;
  readonly maxNetworkBandwidth?: string;
}

type RawProviderRef = Infer<typeof machineProviderRef>;

function normaliseProviderRef(p: RawProviderRef): ProviderRef {
  return compact({
    name: p.name,
    namespace: p.namespace,
    priority: p.priority,
    weight: p.weight,
    conditions: (p.conditions ?? []).map((c) => compact({ ...c })),
  });
}

export function normaliseProviderRefs(spec: {
  readonly machineProviders?: readonly RawProviderRef[];
  readonly kubernetesProviders?: readonly RawProviderRef[];
}): ProviderRefs {
  return {
    machine: (spec.machineProviders ?? []).map(normaliseProviderRef),
    kubernetes: (spec.kubernetesProviders ?? []).map(normaliseProviderRef),
  };
}

export function checkProviderRefs(
  spec: {
    readonly machineProviders?: readonly RawProviderRef[];
    readonly kubernetesProviders?: readonly RawProviderRef[];
  },
  r: Reporter,
): void {
  checkUniqueRefs(spec.machineProviders, ['machineProviders'], r, 'MachineProvider');
  checkUniqueRefs(spec.kubernetesProviders, ['kubernetesProviders'], r, 'KubernetesProvider');
}

export function normaliseInfrastructure(
  i: Infer<typeof infrastructure> | undefined,
): InfrastructureProvider[] {
  return (i?.providers ?? []).map((p) =>
    compact({
      type: p.type,
      name: p.name,
      endpoint: p.endpoint,
      region: p.region,
      credentialsRef:
        p.credentials === undefined ? undefined : compact({ ...p.credentials.secretRef }),
    }),
  );
}

export function normaliseQuotas(spec: {
  readonly resourceQuotas?: RawResourceQuotas;
  readonly quotas?: RawQuotas;
}): VitistackQuotas {
  const rq = spec.resourceQuotas;
  const q = spec.quotas;
  return compact({
    maxMachines: rq?.maxMachines ?? q?.machines?.total,
    maxMachinesPerProvider: q?.machines?.perProvider,
    maxClusters: rq?.maxClusters,
    maxProviders: rq?.maxProviders,
    maxCPU: rq?.maxCPU,
    maxMemory: rq?.maxMemory,
    maxStorage: rq?.maxStorage ?? q?.storage?.total,
    maxStoragePerMachine: q?.storage?.perMachine,
    maxNetworks: q?.network?.maxNetworks,
    maxNetworkBandwidth: rq?.maxNetworkBandwidth,
  });
}
