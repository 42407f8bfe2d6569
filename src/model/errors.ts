// Errors of the model layer. Each problem is a ModelError with a reason from spec 000 "Common
// Error Codes" (plus CrossNamespaceRefused); resolveStack collects every problem it finds and
// throws them together as one ModelErrors, so a user fixes them all in one round.

/** Reasons a Vitistack cannot be resolved; used as the condition reason in status. */
export const MODEL_ERROR_REASONS = {
  /** A referenced MachineProvider or KubernetesProvider does not exist. */
  ProviderNotFound: 'ProviderNotFound',
  /** References or values that do not fit together (instance types, images, ambiguous types). */
  ValidationFailed: 'ValidationFailed',
  /** A Secret or other object the stack needs does not exist (yet). */
  DependencyNotReady: 'DependencyNotReady',
  /** A quota of the Vitistack or the capacity of a provider would be exceeded. */
  InsufficientCapacity: 'InsufficientCapacity',
  /** A reference into a namespace the controller was not allowed to read. */
  CrossNamespaceRefused: 'CrossNamespaceRefused',
} as const;

export type ModelErrorReason = keyof typeof MODEL_ERROR_REASONS;

/** The parts of a ModelError. */
export interface ModelErrorInit {
  readonly reason: ModelErrorReason;
  /** The object the problem is about, as `Kind namespace/name`, e.g. `Machine production/web-1`. */
  readonly object: string;
  /** A whole sentence saying what is wrong and how to fix it; never holds a secret value. */
  readonly message: string;
  /** Path of the offending field in that object, e.g. `spec.instanceType`. */
  readonly field?: string;
}

/** One problem found while resolving a Vitistack. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly reason: ModelErrorReason;
  readonly object: string;
  readonly field?: string;

  constructor(init: ModelErrorInit) {
    super(init.message);
    this.reason = init.reason;
    this.object = init.object;
    if (init.field !== undefined) this.field = init.field;
  }
}

/**
 * Every problem found while resolving one Vitistack, in the order found (providers, machines,
 * clusters, secrets, quotas). `reason` is the first problem's reason, for a single condition.
 */
export class ModelErrors extends Error {
  override readonly name = 'ModelErrors';
  readonly errors: readonly ModelError[];

  constructor(subject: string, errors: readonly ModelError[]) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super(
      `${subject} cannot be resolved (${count}):\n${errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
    this.errors = errors;
  }

  /** Reason of the first problem. */
  get reason(): ModelErrorReason {
    return this.errors[0]?.reason ?? 'ValidationFailed';
  }
}

/** `Kind namespace/name`: how messages name an object. */
export function objectName(kind: string, meta: { namespace: string; name: string }): string {
  return `${kind} ${meta.namespace}/${meta.name}`;
}

/** The ProviderNotFound message of spec 000, plus where the reference was made. */
export function providerNotFound(
  kind: 'MachineProvider' | 'KubernetesProvider',
  name: string,
  namespace: string,
  from: { object: string; field: string },
): ModelError {
  return new ModelError({
    reason: 'ProviderNotFound',
    object: from.object,
    field: from.field,
    message: `${kind} '${name}' not found in namespace '${namespace}' (referenced by ${from.object} ${from.field})`,
  });
}

/** A reference into a namespace the controller was not allowed to use. */
export function crossNamespaceRefused(
  kind: string,
  name: string,
  namespace: string,
  from: { object: string; field: string },
): ModelError {
  return new ModelError({
    reason: 'CrossNamespaceRefused',
    object: from.object,
    field: from.field,
    message: `${from.object} references ${kind} '${name}' in namespace '${namespace}'; cross-namespace references are refused unless the controller allows namespace '${namespace}' (--allow-namespace ${namespace})`,
  });
}
