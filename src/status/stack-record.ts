// What the controller remembers about a stack, kept in the Vitistack's status (so a restarted
// controller knows it too): `status.stack` (last operation, applied inputs, failures, drift
// check) and `status.plan` (a previewed plan waiting). Pure: reading and building these records.
import type { ChangeSummary, OperationKind, OperationResult } from '../engine/result';

export type OperationOutcome = 'succeeded' | 'failed' | 'in-progress' | 'cancelled';

export interface LastOperation {
  readonly type: OperationKind;
  readonly result: OperationOutcome;
  readonly startTime: string;
  readonly endTime?: string;
  readonly generation?: number;
  readonly inputsHash?: string;
  readonly changeSummary?: ChangeSummary;
  readonly message?: string;
  /** Identity of the controller instance that ran it. */
  readonly holder?: string;
}

export interface StackRecord {
  readonly name: string;
  readonly lastOperation?: LastOperation;
  readonly appliedInputsHash?: string;
  readonly appliedGeneration?: number;
  readonly failures?: number;
  readonly lastDriftCheckTime?: string;
  readonly lastHandledReconcileRequest?: string;
}

export interface PlanRecord {
  readonly id: string;
  readonly summary: ChangeSummary;
  readonly generation?: number;
  readonly inputsHash: string;
  readonly createdAt?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function summaryOf(v: unknown): ChangeSummary {
  if (!isRecord(v)) return {};
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
}

/** Drops undefined fields, so records compare and serialise cleanly. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const OPERATIONS: readonly string[] = ['preview', 'up', 'destroy', 'refresh'];
const OUTCOMES: readonly string[] = ['succeeded', 'failed', 'in-progress', 'cancelled'];

function readLastOperation(v: unknown): LastOperation | undefined {
  if (!isRecord(v)) return undefined;
  const type = str(v.type);
  const result = str(v.result);
  if (type === undefined || !OPERATIONS.includes(type)) return undefined;
  return defined({
    type: type as OperationKind,
    result: (result !== undefined && OUTCOMES.includes(result)
      ? result
      : 'failed') as OperationOutcome,
    startTime: str(v.startTime) ?? '',
    endTime: str(v.endTime),
    generation: num(v.generation),
    inputsHash: str(v.inputsHash),
    changeSummary: isRecord(v.changeSummary) ? summaryOf(v.changeSummary) : undefined,
    message: str(v.message),
    holder: str(v.holder),
  });
}

/** `status.stack` as written; undefined before the first reconcile. */
export function readStackRecord(status: unknown): StackRecord | undefined {
  if (!isRecord(status) || !isRecord(status.stack)) return undefined;
  const s = status.stack;
  return defined({
    name: str(s.name) ?? '',
    lastOperation: readLastOperation(s.lastOperation),
    appliedInputsHash: str(s.appliedInputsHash),
    appliedGeneration: num(s.appliedGeneration),
    failures: num(s.failures),
    lastDriftCheckTime: str(s.lastDriftCheckTime),
    lastHandledReconcileRequest: str(s.lastHandledReconcileRequest),
  });
}

/** `status.plan` as written; undefined when no plan waits. */
export function readPlan(status: unknown): PlanRecord | undefined {
  if (!isRecord(status) || !isRecord(status.plan)) return undefined;
  const p = status.plan;
  const id = str(p.id);
  const inputsHash = str(p.inputsHash);
  if (id === undefined || inputsHash === undefined) return undefined;
  return defined({
    id,
    summary: summaryOf(p.summary),
    generation: num(p.generation),
    inputsHash,
    createdAt: str(p.createdAt),
  });
}

/** Past tense of the step operations a summary counts; others keep their name. */
const DONE: Readonly<Record<string, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  replace: 'replaced',
  import: 'imported',
  refresh: 'refreshed',
  read: 'read',
};

/**
 * Steps that change something: `3 to create, 1 to update` (planned) or `3 created, 1 updated`
 * (done); `no changes` when none.
 */
export function describeChanges(summary: ChangeSummary, done: boolean): string {
  const parts: string[] = [];
  for (const [op, n] of Object.entries(summary)) {
    if (op === 'same' || n === 0) continue;
    parts.push(done ? `${String(n)} ${DONE[op] ?? op}` : `${String(n)} to ${op}`);
  }
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}

/** The one-line message of an operation's record: what changed, or why it failed. */
export function operationMessage(r: OperationResult): string {
  if (r.failure) return `${r.operation} failed (${r.failure.kind}): ${r.failure.message}`;
  const done = r.operation !== 'preview';
  return `${r.operation} succeeded: ${describeChanges(r.changeSummary, done)}`;
}

/** The record of a finished operation. */
export function finishedOperation(
  r: OperationResult,
  at: { generation?: number; inputsHash: string; holder: string },
): LastOperation {
  return defined({
    type: r.operation,
    // A timeout cancels the operation as a stop does: both may leave pending operations.
    result:
      r.failure?.kind === 'cancelled' || r.failure?.kind === 'timeout' ? 'cancelled' : r.result,
    startTime: r.startedAt,
    endTime: r.endedAt,
    generation: at.generation,
    inputsHash: at.inputsHash,
    changeSummary: r.changeSummary,
    message: operationMessage(r),
    holder: at.holder,
  });
}
