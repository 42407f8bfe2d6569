// Conditions in the metav1.Condition shape: the kstatus ones (Ready, Reconciling, Stalled) and
// the domain ones the controller sets on a Vitistack. Types and reasons are documented constants;
// `setCondition` keeps `lastTransitionTime` while the status stays the same, as
// apimachinery's meta.SetStatusCondition does. Pure: no clock of its own, no I/O.

/** Condition types the controller writes. */
export const CONDITION_TYPES = {
  /** Summary: the stack matches the objects and every part is built. */
  Ready: 'Ready',
  /** The controller is working towards the desired state (kstatus). */
  Reconciling: 'Reconciling',
  /** The controller cannot make progress without a change from a user (kstatus). */
  Stalled: 'Stalled',
  /** Every provider exists, is valid and is of a type that is built. */
  ProvidersReady: 'ProvidersReady',
  /** The networks, firewalls and load balancers of the stack are deployed. */
  NetworkingReady: 'NetworkingReady',
  /** A previewed plan waits (mode preview or approve): its id and summary are in status.plan. */
  PlanPending: 'PlanPending',
  /** The last preview or up found policy violations (policy packs configured). */
  PolicyViolations: 'PolicyViolations',
  /** The last drift check found the clouds differ from the stack's state. */
  Drifted: 'Drifted',
} as const;

export type ConditionType = (typeof CONDITION_TYPES)[keyof typeof CONDITION_TYPES];

/** Reasons, each documented where it is set; the model's reasons come from spec 000. */
export const CONDITION_REASONS = {
  Succeeded: 'Succeeded',
  Progressing: 'Progressing',
  ValidationFailed: 'ValidationFailed',
  ProviderNotFound: 'ProviderNotFound',
  DependencyNotReady: 'DependencyNotReady',
  InsufficientCapacity: 'InsufficientCapacity',
  CrossNamespaceRefused: 'CrossNamespaceRefused',
  ProviderNotSupported: 'ProviderNotSupported',
  OperationFailed: 'OperationFailed',
  StackLocked: 'StackLocked',
  RetryLimitReached: 'RetryLimitReached',
  Paused: 'Paused',
  AwaitingApproval: 'AwaitingApproval',
  PreviewOnly: 'PreviewOnly',
  NoChanges: 'NoChanges',
  DriftDetected: 'DriftDetected',
  NoDrift: 'NoDrift',
  Deleting: 'Deleting',
  DestroyFailed: 'DestroyFailed',
  /** Mandatory policy violations: the update is blocked until the spec or the policy changes. */
  MandatoryViolations: 'MandatoryViolations',
  AdvisoryViolations: 'AdvisoryViolations',
  NoViolations: 'NoViolations',
} as const;

export type ConditionReason = (typeof CONDITION_REASONS)[keyof typeof CONDITION_REASONS];

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

/** What a caller says about one condition; the time and generation are filled in. */
export interface ConditionUpdate {
  readonly type: ConditionType;
  readonly status: ConditionStatus;
  readonly reason: ConditionReason;
  readonly message: string;
}

/** Reads conditions from a status as written (anything not shaped like one is dropped). */
export function readConditions(status: unknown): Condition[] {
  if (typeof status !== 'object' || status === null) return [];
  const list = (status as { conditions?: unknown }).conditions;
  if (!Array.isArray(list)) return [];
  const out: Condition[] = [];
  for (const c of list as unknown[]) {
    if (typeof c !== 'object' || c === null) continue;
    const r = c as Record<string, unknown>;
    if (typeof r.type !== 'string') continue;
    const status = r.status === 'True' || r.status === 'False' ? r.status : 'Unknown';
    out.push({
      type: r.type,
      status,
      reason: typeof r.reason === 'string' ? r.reason : '',
      message: typeof r.message === 'string' ? r.message : '',
      lastTransitionTime: typeof r.lastTransitionTime === 'string' ? r.lastTransitionTime : '',
      ...(typeof r.observedGeneration === 'number'
        ? { observedGeneration: r.observedGeneration }
        : {}),
    });
  }
  return out;
}

/**
 * Sets one condition in `conditions` (a new array). The transition time changes only when the
 * status does; reason, message and generation always follow the update.
 */
export function setCondition(
  conditions: readonly Condition[],
  update: ConditionUpdate,
  now: string,
  generation: number | undefined,
): Condition[] {
  const old = conditions.find((c) => c.type === update.type);
  const next: Condition = {
    ...update,
    lastTransitionTime:
      old !== undefined && old.status === update.status && old.lastTransitionTime !== ''
        ? old.lastTransitionTime
        : now,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  };
  if (old === undefined) return [...conditions, next];
  return conditions.map((c) => (c.type === update.type ? next : c));
}

/** Applies several updates in order. */
export function setConditions(
  conditions: readonly Condition[],
  updates: readonly ConditionUpdate[],
  now: string,
  generation: number | undefined,
): Condition[] {
  return updates.reduce<Condition[]>(
    (acc, u) => setCondition(acc, u, now, generation),
    [...conditions],
  );
}

/** Removes a condition type (e.g. PlanPending once no plan waits). */
export function removeCondition(
  conditions: readonly Condition[],
  type: ConditionType,
): Condition[] {
  return conditions.filter((c) => c.type !== type);
}

export function findCondition(
  conditions: readonly Condition[],
  type: ConditionType,
): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

export function isTrue(conditions: readonly Condition[], type: ConditionType): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
