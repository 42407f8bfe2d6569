// One structured result for every engine operation (preview, up, destroy, refresh), built from
// the engine's events. The CLI prints it (text, json, markdown); the controller maps it to status.
// It never holds a secret value: outputs marked secret are masked.

/** The operations the engine runs on a stack. */
export type OperationKind = 'preview' | 'up' | 'destroy' | 'refresh';

/** A step's operation, as the engine names it (`same`, `create`, `update`, `replace`, ...). */
export type StepOp =
  | 'same'
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'create-replacement'
  | 'delete-replaced'
  | 'read'
  | 'read-replacement'
  | 'refresh'
  | 'discard'
  | 'discard-replaced'
  | 'remove-pending-replace'
  | 'import'
  | 'import-replacement';

/** Count of steps per operation, as the engine's summary gives it. */
export type ChangeSummary = Partial<Record<StepOp, number>>;

export interface ResourceStep {
  readonly op: StepOp;
  readonly urn: string;
  /** Type token, e.g. `aws:ec2/instance:Instance`. */
  readonly type: string;
  /** The resource's name (last URN segment). */
  readonly name: string;
  /** Top-level input keys that change (sorted). */
  readonly changedKeys: readonly string[];
  /** Keys whose change forces a replacement (sorted). */
  readonly replaceKeys: readonly string[];
  /** `done` once the engine reported the step's outputs, `failed` when it failed. */
  readonly status: 'planned' | 'done' | 'failed';
}

/** The engine's names are `advisory` / `mandatory` (events say `warning` for advisory). */
export type PolicyLevel = 'advisory' | 'mandatory';

export interface PolicyViolation {
  readonly policyPack: string;
  readonly policyPackVersion: string;
  readonly policy: string;
  readonly level: PolicyLevel;
  readonly message: string;
  /** The resource it is about; absent for stack policies. */
  readonly urn?: string;
}

export interface Diagnostic {
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly urn?: string;
}

/** How an operation failed; see errors.ts. */
export type FailureKind =
  | 'locked'
  | 'stack-not-found'
  | 'cli-missing'
  | 'plugin-missing'
  | 'credentials'
  | 'policy'
  | 'cancelled'
  | 'timeout'
  | 'failed';

export interface OperationFailure {
  readonly kind: FailureKind;
  /** One line a user can act on (says how to fix it where that is known). */
  readonly message: string;
  /** URNs of the resources whose step failed. */
  readonly resources: readonly string[];
}

/** Value shown in place of a secret output. */
export const MASKED = '[secret]';

export interface OperationResult {
  readonly operation: OperationKind;
  /** Stack name, `<namespace>.<name>`. */
  readonly stack: string;
  /** ISO 8601 times. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly result: 'succeeded' | 'failed';
  readonly changeSummary: ChangeSummary;
  /** Steps that change something, in the order the engine reported them (`same` left out). */
  readonly steps: readonly ResourceStep[];
  /** Count of resources left unchanged. */
  readonly unchanged: number;
  readonly policyViolations: readonly PolicyViolation[];
  readonly diagnostics: readonly Diagnostic[];
  /** Stack outputs after up/refresh (secret ones masked as `[secret]`); empty for preview/destroy. */
  readonly outputs: Readonly<Record<string, unknown>>;
  /**
   * Preview only: hash of the inputs hash and the planned steps. Approving this id approves
   * exactly these changes to exactly these inputs.
   */
  readonly planId?: string;
  /** Preview only: the saved plan file, when one was asked for. */
  readonly planFile?: string;
  /** Lock retries this operation needed. */
  readonly lockRetries: number;
  readonly failure?: OperationFailure;
}

/** True when a mandatory policy was violated. */
export function hasMandatoryViolation(r: OperationResult): boolean {
  return r.policyViolations.some((v) => v.level === 'mandatory');
}

/** A succeeded result with nothing in it, for results built outside the engine's events. */
export function emptyResult(
  operation: OperationKind,
  stack: string,
  startedAt: string,
  endedAt: string,
): OperationResult {
  return {
    operation,
    stack,
    startedAt,
    endedAt,
    result: 'succeeded',
    changeSummary: {},
    steps: [],
    unchanged: 0,
    policyViolations: [],
    diagnostics: [],
    outputs: {},
    lockRetries: 0,
  };
}
