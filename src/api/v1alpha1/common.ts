// What several kinds share: references (schemas and canonical form), conditions, resource
// requirements, status basics, printer columns, and helpers for canonical objects and rules.
import type { PrinterColumn } from '../kind';
import { formats, s, type Path, type Reporter } from '../schema';

export const GROUP = 'vitistack.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** `secretRef` as the documents write it; `key` picks one entry of the Secret. */
export const secretRef = (description = 'Reference to a Secret holding credentials.') =>
  s.object(description, {
    name: s.name('Name of the Secret.').req(),
    namespace: s.name('Namespace of the Secret. Defaults to the namespace of this object.'),
    key: s.text('Key within the Secret. Defaults to all keys.'),
  });

/** A `{name, namespace}` reference to another vitistack.io object. */
export const objectRef = (description: string) =>
  s.object(description, {
    name: s.name('Name of the referenced object.').req(),
    namespace: s.name("Namespace of the referenced object. Defaults to this object's namespace."),
  });

/** A full object reference (`apiVersion`, `kind`, `name`, `namespace`, `uid`). */
export const typedObjectRef = (description: string) =>
  s.object(description, {
    apiVersion: s.text('API version of the referenced object, e.g. "vitistack.io/v1alpha1".'),
    kind: s.text('Kind of the referenced object, e.g. "MachineProvider".'),
    name: s.name('Name of the referenced object.').req(),
    namespace: s.name("Namespace of the referenced object. Defaults to this object's namespace."),
    uid: s.text('UID of the referenced object.'),
  });

/** A `{name, namespace}` reference in canonical form. */
export interface NamespacedRef {
  /** Name of the referenced object. */
  readonly name: string;
  /** Namespace of the referenced object; absent means the referring object's namespace. */
  readonly namespace?: string;
}

/** A reference in canonical form (only name and namespace). */
export function toRef(ref: NamespacedRef): NamespacedRef;
export function toRef(ref: NamespacedRef | undefined): NamespacedRef | undefined;
export function toRef(ref: NamespacedRef | undefined): NamespacedRef | undefined {
  return ref === undefined ? undefined : compact({ name: ref.name, namespace: ref.namespace });
}

/**
 * Reports references that appear twice in one list. The key is namespace and name as written:
 * a reference without a namespace and one naming this object's namespace are not compared.
 */
export function checkUniqueRefs(
  items: readonly NamespacedRef[] | undefined,
  path: Path,
  r: Reporter,
  what: string,
): void {
  const seen = new Map<string, number>();
  items?.forEach((item, i) => {
    const key = `${item.namespace ?? ''}/${item.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const ns = item.namespace === undefined ? '' : ` in namespace "${item.namespace}"`;
    r.add(
      [...path, i, 'name'],
      `is a duplicate of item ${first}${ns} (each ${what} may be listed once)`,
      item.name,
    );
  });
}

/** metav1.Condition, plus the spec's optional fields. */
export const condition = s.object('A status condition (metav1.Condition shape).', {
  type: s.text('Condition type, e.g. Ready, Reconciling, Stalled, ProvidersReady.').req(),
  status: s.enum('Status of the condition.', ['True', 'False', 'Unknown']).req(),
  reason: s.string('Machine-readable reason in CamelCase, e.g. ProviderNotFound.'),
  message: s.string('Human-readable message.'),
  lastTransitionTime: s.timestamp('When the condition last changed status.'),
  observedGeneration: s.int('The generation the condition was computed for.', { min: 0 }),
});

export const conditions = s.array(
  'Conditions of the object (kstatus and domain conditions).',
  condition,
  {
    uniqueBy: 'type',
  },
);

/** CPU, memory and storage quantities (requests or limits). */
export const resourceList = (description: string) =>
  s.object(description, {
    cpu: s.cpuQuantity('CPU, as cores ("2") or millicores ("500m").'),
    memory: s.quantity('Memory, e.g. "512Mi".', {}, '512Mi'),
    storage: s.quantity('Storage, e.g. "10Gi".'),
  });

export const resourceRequirements = (description: string) =>
  s.object(description, {
    requests: resourceList('Resource requests.'),
    limits: resourceList('Resource limits.'),
  });

export const taint = s.object('A Kubernetes node taint.', {
  key: s.text('Taint key.').req(),
  value: s.string('Taint value.'),
  effect: s.enum('Taint effect.', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']).req(),
});

/** Memory sizes for machines: 128Mi to 1024Gi (spec: Memory Specifications). */
export const memorySize = (description: string) =>
  s.quantity(description, { min: '128Mi', max: '1024Gi' }, '4Gi');

/** Storage sizes for volumes: 1Gi to 100Ti (spec: Storage Specifications). */
export const storageSize = (description: string) =>
  s.quantity(description, { min: '1Gi', max: '100Ti' }, '20Gi');

/** Fields every status has: phase, conditions, observedGeneration. */
export const statusBasics = {
  phase: s.string('Current lifecycle phase, e.g. Pending, Provisioning, Ready, Failed, Deleting.'),
  conditions,
  observedGeneration: s.int('The generation last reconciled successfully.', { min: 0 }),
  message: s.string('Human-readable summary of the current state.'),
};

/** etcd keeps quorum only with an odd number of members: control planes have 1, 3 or 5 nodes. */
export function checkOddReplicas(replicas: number, r: Reporter): void {
  if (replicas % 2 === 0) {
    r.add(
      ['replicas'],
      'is an even number (etcd needs an odd number of control plane nodes to keep quorum: use 1, 3 or 5)',
      replicas,
    );
  }
}

// ---------------------------------------------------------------- printer columns

/** The `Age` column every kind shows last. */
export const AGE_COLUMN: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'Age.',
};

/** The `Phase` column of kinds whose status has a phase. */
export const PHASE_COLUMN: PrinterColumn = {
  name: 'Phase',
  type: 'string',
  jsonPath: '.status.phase',
  description: 'Lifecycle phase.',
};

// ---------------------------------------------------------------- canonical objects

/** Drops keys whose value is undefined, so canonical objects hold only what was written. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Seconds from an integer or a duration string ("30s", "5m"); undefined when absent. */
export function toSeconds(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : formats.parseDurationSeconds(value);
}
