// The Vitistack status a reconcile builds up and writes once at the end (STYLE 14): it starts from
// the status as written, the reconcile sets conditions and records, and `toStatus` derives the
// summary `Ready` and the phase from the other conditions. Pure: times come from the caller.
import {
  CONDITION_REASONS as R,
  CONDITION_TYPES as T,
  findCondition,
  readConditions,
  removeCondition,
  setCondition,
  type Condition,
  type ConditionReason,
  type ConditionStatus,
  type ConditionType,
  type ConditionUpdate,
} from './conditions';
import { readPlan, readStackRecord, type PlanRecord, type StackRecord } from './stack-record';

export type VitistackPhase =
  'Pending' | 'Initializing' | 'Active' | 'Ready' | 'Failed' | 'Deleting';

/** Status fields that come from stack outputs (networking, counts, secretRefs ...). */
export type OutputFields = Readonly<Record<string, unknown>>;

export class StatusDraft {
  conditions: Condition[];
  stack: StackRecord;
  /** `undefined`: leave as written; `null`: remove. */
  plan: PlanRecord | null | undefined;
  observedGeneration: number | undefined;
  outputFields: OutputFields | undefined;
  deleting = false;
  paused = false;
  /** Set when the not-built provider types make the stack only partly built. */
  notBuilt: string | undefined;

  readonly previousPlan: PlanRecord | undefined;
  readonly previousStack: StackRecord | undefined;
  /** The status as written, carried forward where this reconcile does not change it. */
  private readonly previous: Readonly<Record<string, unknown>>;

  constructor(
    previous: unknown,
    readonly generation: number | undefined,
    private readonly now: () => string,
  ) {
    this.previous =
      typeof previous === 'object' && previous !== null && !Array.isArray(previous)
        ? (previous as Record<string, unknown>)
        : {};
    this.conditions = readConditions(previous);
    this.previousStack = readStackRecord(previous);
    this.stack = this.previousStack ?? { name: '' };
    this.previousPlan = readPlan(previous);
    this.plan = undefined;
    const og = (previous as { observedGeneration?: unknown } | undefined)?.observedGeneration;
    this.observedGeneration = typeof og === 'number' ? og : undefined;
  }

  set(
    type: ConditionType,
    status: ConditionStatus,
    reason: ConditionReason,
    message: string,
  ): void {
    const update: ConditionUpdate = { type, status, reason, message };
    this.conditions = setCondition(this.conditions, update, this.now(), this.generation);
  }

  remove(type: ConditionType): void {
    this.conditions = removeCondition(this.conditions, type);
  }

  get(type: ConditionType): Condition | undefined {
    return findCondition(this.conditions, type);
  }

  /** The stack cannot progress until a user changes something. */
  stalled(reason: ConditionReason, message: string): void {
    this.set(T.Stalled, 'True', reason, message);
    this.set(T.Reconciling, 'False', reason, message);
  }

  /** Work is under way (or will be retried). */
  progressing(reason: ConditionReason, message: string): void {
    this.set(T.Reconciling, 'True', reason, message);
    this.set(T.Stalled, 'False', reason, message);
  }

  /** Nothing left to do for these inputs. */
  settled(message: string): void {
    this.set(T.Reconciling, 'False', R.Succeeded, message);
    this.set(T.Stalled, 'False', R.Succeeded, message);
  }

  updateStack(fields: Partial<StackRecord>): void {
    this.stack = { ...this.stack, ...fields };
  }

  /** `Ready` from the others, in order of what blocks most. */
  private deriveReady(): void {
    if (this.paused) {
      if (this.get(T.Ready) === undefined) {
        this.set(T.Ready, 'False', R.Paused, 'Reconciles are paused; nothing was deployed yet.');
      }
      return;
    }
    const blockers: [ConditionType, ConditionStatus][] = [
      [T.Stalled, 'True'],
      [T.Reconciling, 'True'],
      [T.ProvidersReady, 'False'],
      [T.PlanPending, 'True'],
      [T.NetworkingReady, 'False'],
    ];
    for (const [type, status] of blockers) {
      const c = this.get(type);
      if (c?.status === status) {
        this.set(T.Ready, 'False', c.reason as ConditionReason, c.message);
        return;
      }
    }
    if (this.notBuilt !== undefined) {
      this.set(T.Ready, 'False', R.ProviderNotSupported, this.notBuilt);
      return;
    }
    if (this.stack.appliedInputsHash === undefined) {
      this.set(T.Ready, 'False', R.Progressing, 'The stack has not been deployed yet.');
      return;
    }
    const drift = this.get(T.Drifted)?.status === 'True' ? ' (drift detected: see Drifted)' : '';
    this.set(T.Ready, 'True', R.Succeeded, `Stack ${this.stack.name} is up to date${drift}.`);
  }

  private phase(): VitistackPhase {
    if (this.deleting) return 'Deleting';
    const ready = this.get(T.Ready);
    if (ready?.status === 'True') return 'Ready';
    if (this.get(T.Stalled)?.status === 'True') return 'Failed';
    if (this.stack.lastOperation?.result === 'in-progress') {
      return this.stack.appliedInputsHash === undefined ? 'Initializing' : 'Active';
    }
    if (this.stack.appliedInputsHash !== undefined) return 'Active';
    return 'Pending';
  }

  /**
   * The whole status to write (it replaces the written one): what was there, with the fields
   * this reconcile changed.
   */
  toStatus(): Record<string, unknown> {
    this.deriveReady();
    const out: Record<string, unknown> = {
      ...this.previous,
      ...(this.outputFields ?? {}),
      phase: this.phase(),
      conditions: this.conditions,
      message: this.get(T.Ready)?.message ?? '',
      lastUpdateTimestamp: this.now(),
    };
    if (this.stack.name !== '') out.stack = this.stack;
    if (this.observedGeneration !== undefined) out.observedGeneration = this.observedGeneration;
    if (this.plan === null) delete out.plan;
    else if (this.plan !== undefined) out.plan = this.plan;
    return out;
  }
}
