// The engine the controller tests inject: it keeps one state per stack (the resources deployed,
// outputs, a lock, pending creates) and diffs the program's resources against it, so previews and
// ups report real steps. The program runs for real, under mocks (renderStack), unless a test or
// the benchmark gives a cheaper `render`. Tests script failures, hangs, held locks and drift.
import { readFileSync, writeFileSync } from 'node:fs';
import type {
  DestroyOptions,
  Engine,
  PreviewOptions,
  RefreshOptions,
  StackTarget,
  UpOptions,
} from '../../src/engine/engine';
import type { RecordedResource } from '../../src/engine/mocks';
import { planIdOf } from '../../src/engine/plan-id';
import { evaluatePacks } from '../../src/engine/policy-eval';
import { readPolicyPackConfig } from '../../src/engine/policy-pack-config';
import { loadPolicyPack } from '../../src/engine/policy-pack-loader';
import { renderStack } from '../../src/engine/render-stack';
import {
  emptyResult,
  type ChangeSummary,
  type FailureKind,
  type OperationKind,
  type OperationResult,
  type PolicyViolation,
  type ResourceStep,
  type StepOp,
} from '../../src/engine/result';
import { canonicalJson, type StackModel } from '../../src/model';
import type { SecretOutput, StackOutputs } from '../../src/program/outputs';

/** What the program of a stack would deploy. */
export interface Desired {
  readonly resources: readonly {
    readonly urn: string;
    readonly type: string;
    readonly inputs: string;
  }[];
  readonly outputs: StackOutputs;
  /** Every resource as the mocks recorded it: what policy packs are evaluated on. */
  readonly recorded?: readonly RecordedResource[];
}

export type RenderFn = (target: StackTarget) => Promise<Desired>;

interface Deployed {
  resources: Map<string, { type: string; inputs: string }>;
  outputs: Readonly<Record<string, unknown>>;
  secretOutputs: readonly SecretOutput[];
  pendingCreates: string[];
}

export interface EngineCall {
  readonly op: OperationKind | 'unlock' | 'secretOutputs';
  readonly stack: string;
  readonly inputsHash: string;
  readonly refresh?: boolean;
  readonly savePlan?: string;
  readonly plan?: string;
  readonly clearPendingCreates?: boolean;
  readonly remove?: boolean;
}

interface Fault {
  readonly op: OperationKind;
  readonly stack?: string;
  readonly kind: FailureKind;
  readonly message: string;
  remaining: number;
}

export interface Hang {
  /** Resolves once the operation has started (and holds the lock). */
  readonly started: Promise<void>;
  /** Lets the operation finish normally. */
  release(): void;
}

interface PendingHang {
  readonly op: OperationKind;
  readonly stack?: string;
  readonly ignoreAbort: boolean;
  readonly gate: Promise<void>;
  readonly onStart: () => void;
}

let renderLock: Promise<unknown> = Promise.resolve();

/** The real program under mocks; one at a time (the SDK's runtime state is process-wide). */
export const renderWithMocks: RenderFn = (target) => {
  const run = renderLock.then(async () => {
    const r = await renderStack(target.model, { secrets: target.secrets });
    return {
      resources: r.resources
        .filter((x) => x.custom)
        .map((x) => ({ urn: x.urn, type: x.type, inputs: canonicalJson(x.inputs) })),
      outputs: r.outputs,
      recorded: r.resources,
    };
  });
  renderLock = run.catch(() => undefined);
  return run;
};

function lastSegment(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

export class FakeEngine implements Engine {
  readonly calls: EngineCall[] = [];
  readonly stacks = new Map<string, Deployed>();
  /** Held locks by stack, with who holds them. */
  readonly locks = new Map<string, string>();
  /** Resources that drifted, by stack: a refresh preview shows this many updates. */
  readonly drift = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly hangs: PendingHang[] = [];

  constructor(private readonly render: RenderFn = renderWithMocks) {}

  /** The next `times` calls of `op` (on `stack`, or any) fail with `kind`. */
  failNext(
    op: OperationKind,
    opts: { stack?: string; kind?: FailureKind; message?: string; times?: number } = {},
  ): void {
    this.faults.push({
      op,
      ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
      kind: opts.kind ?? 'failed',
      message: opts.message ?? `${op} failed: the cloud said no`,
      remaining: opts.times ?? 1,
    });
  }

  /**
   * The next `op` (on `stack`, or any) starts, takes the lock, records pending creates, and waits
   * for `release()`. Aborting it cancels it (and frees the lock) unless `ignoreAbort`: then it
   * stays as a crashed process leaves it.
   */
  hangNext(op: OperationKind, opts: { stack?: string; ignoreAbort?: boolean } = {}): Hang {
    let release = (): void => undefined;
    let onStart = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const started = new Promise<void>((r) => (onStart = r));
    this.hangs.push({
      op,
      ...(opts.stack !== undefined ? { stack: opts.stack } : {}),
      ignoreAbort: opts.ignoreAbort === true,
      gate,
      onStart,
    });
    return { started, release };
  }

  /** Calls of `op`, on `stack` or any. */
  count(op: EngineCall['op'], stack?: string): number {
    return this.calls.filter((c) => c.op === op && (stack === undefined || c.stack === stack))
      .length;
  }

  private record(op: EngineCall['op'], model: StackModel, extra: object = {}): void {
    const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined));
    this.calls.push({ op, stack: model.stackName, inputsHash: model.inputsHash, ...defined });
  }

  private takeFault(op: OperationKind, stack: string): Fault | undefined {
    const f = this.faults.find((x) => x.op === op && (x.stack === undefined || x.stack === stack));
    if (f === undefined) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  private takeHang(op: OperationKind, stack: string): PendingHang | undefined {
    const i = this.hangs.findIndex(
      (h) => h.op === op && (h.stack === undefined || h.stack === stack),
    );
    if (i < 0) return undefined;
    return this.hangs.splice(i, 1)[0];
  }

  private deployed(stack: string): Deployed {
    let d = this.stacks.get(stack);
    if (d === undefined) {
      d = { resources: new Map(), outputs: {}, secretOutputs: [], pendingCreates: [] };
      this.stacks.set(stack, d);
    }
    return d;
  }

  private diff(desired: Desired | undefined, d: Deployed, refresh: boolean, stack: string) {
    const steps: ResourceStep[] = [];
    const step = (op: StepOp, urn: string, type: string): ResourceStep => ({
      op,
      urn,
      type,
      name: lastSegment(urn),
      changedKeys: [],
      replaceKeys: [],
      status: 'planned',
    });
    let same = 0;
    const want = new Map((desired?.resources ?? []).map((r) => [r.urn, r]));
    for (const [urn, r] of want) {
      const have = d.resources.get(urn);
      if (have === undefined) steps.push(step('create', urn, r.type));
      else if (have.inputs !== r.inputs) steps.push(step('update', urn, r.type));
      else same += 1;
    }
    for (const [urn, r] of d.resources) if (!want.has(urn)) steps.push(step('delete', urn, r.type));
    if (refresh) {
      let n = this.drift.get(stack) ?? 0;
      for (const [urn, r] of d.resources) {
        if (n <= 0) break;
        if (!want.has(urn) || steps.some((s) => s.urn === urn)) continue;
        steps.push(step('update', urn, r.type));
        same -= 1;
        n -= 1;
      }
    }
    const summary: Record<string, number> = {};
    for (const s of steps) summary[s.op] = (summary[s.op] ?? 0) + 1;
    if (same > 0) summary.same = same;
    return { steps, summary: summary as ChangeSummary, same };
  }

  private result(
    operation: OperationKind,
    target: StackTarget,
    startedAt: string,
    body: Partial<OperationResult>,
  ): OperationResult {
    return {
      ...emptyResult(operation, target.model.stackName, startedAt, new Date().toISOString()),
      result: body.failure ? 'failed' : 'succeeded',
      ...body,
    };
  }

  private failure(kind: FailureKind, message: string): Partial<OperationResult> {
    return { failure: { kind, message, resources: [] } };
  }

  /** Common start of every operation: faults, locks, hangs. */
  private async begin(
    op: OperationKind,
    target: StackTarget,
    signal: AbortSignal | undefined,
  ): Promise<Partial<OperationResult> | undefined> {
    const stack = target.model.stackName;
    const fault = this.takeFault(op, stack);
    if (fault) return this.failure(fault.kind, fault.message);
    const locking = op !== 'preview';
    const holder = this.locks.get(stack);
    if (locking && holder !== undefined) {
      return this.failure('locked', `the stack is currently locked by 1 lock(s): ${holder}`);
    }
    const hang = this.takeHang(op, stack);
    if (hang === undefined) return undefined;
    if (locking) this.locks.set(stack, `${op} by a controller (fake)`);
    if (op === 'up') {
      const desired = await this.render(target);
      const d = this.deployed(stack);
      d.pendingCreates = desired.resources.filter((r) => !d.resources.has(r.urn)).map((r) => r.urn);
    }
    hang.onStart();
    const aborted = new Promise<'aborted'>((resolve) => {
      if (hang.ignoreAbort || signal === undefined) return;
      if (signal.aborted) resolve('aborted');
      signal.addEventListener(
        'abort',
        () => {
          resolve('aborted');
        },
        { once: true },
      );
    });
    const how = await Promise.race([hang.gate.then(() => 'released' as const), aborted]);
    if (locking) this.locks.delete(stack);
    // Cancelled or finished, the operation leaves nothing pending (only a crash does).
    if (op === 'up') this.deployed(stack).pendingCreates = [];
    if (how === 'aborted') return this.failure('cancelled', `${op} was cancelled`);
    return undefined;
  }

  /** The packs of the operation evaluated offline on the program's resources, as the CLI would. */
  private async policies(
    desired: Desired,
    target: StackTarget,
    opts: PreviewOptions,
  ): Promise<readonly PolicyViolation[]> {
    const packs = opts.policyPacks ?? [];
    if (packs.length === 0 || desired.recorded === undefined) return [];
    return evaluatePacks(desired.recorded, packs.map(loadPolicyPack), {
      stack: target.model.stackName,
      configs: (opts.policyPackConfigs ?? []).map(readPolicyPackConfig),
    });
  }

  async preview(target: StackTarget, opts: PreviewOptions = {}): Promise<OperationResult> {
    const startedAt = new Date().toISOString();
    this.record('preview', target.model, { refresh: opts.refresh, savePlan: opts.savePlan });
    const failed = await this.begin('preview', target, opts.signal);
    if (failed) return this.result('preview', target, startedAt, failed);
    const stack = target.model.stackName;
    const desired = await this.render(target);
    const { steps, summary, same } = this.diff(
      desired,
      this.deployed(stack),
      opts.refresh === true,
      stack,
    );
    const policyViolations = await this.policies(desired, target, opts);
    if (policyViolations.some((v) => v.level === 'mandatory')) {
      return this.result('preview', target, startedAt, {
        policyViolations,
        ...this.failure('policy', 'mandatory policy violations'),
      });
    }
    const planId = planIdOf(target.model.inputsHash, steps);
    if (opts.savePlan !== undefined) writeFileSync(opts.savePlan, JSON.stringify({ planId }));
    return this.result('preview', target, startedAt, {
      policyViolations,
      steps,
      changeSummary: summary,
      unchanged: same,
      planId,
      ...(opts.savePlan !== undefined ? { planFile: opts.savePlan } : {}),
    });
  }

  async up(target: StackTarget, opts: UpOptions = {}): Promise<OperationResult> {
    const startedAt = new Date().toISOString();
    this.record('up', target.model, { refresh: opts.refresh, plan: opts.plan });
    const failed = await this.begin('up', target, opts.signal);
    if (failed) return this.result('up', target, startedAt, failed);
    const stack = target.model.stackName;
    const d = this.deployed(stack);
    if (d.pendingCreates.length > 0) {
      return this.result(
        'up',
        target,
        startedAt,
        this.failure(
          'failed',
          `the stack has ${String(d.pendingCreates.length)} pending create operation(s) from an interrupted update; run refresh with --clear-pending-creates`,
        ),
      );
    }
    const desired = await this.render(target);
    const { steps, summary, same } = this.diff(desired, d, opts.refresh === true, stack);
    if (opts.plan !== undefined) {
      const saved = JSON.parse(readFileSync(opts.plan, 'utf8')) as { planId: string };
      if (saved.planId !== planIdOf(target.model.inputsHash, steps)) {
        return this.result(
          'up',
          target,
          startedAt,
          this.failure('failed', 'the update deviates from the saved plan; preview again'),
        );
      }
    }
    d.resources = new Map(
      desired.resources.map((r) => [r.urn, { type: r.type, inputs: r.inputs }]),
    );
    d.secretOutputs = desired.outputs.secrets;
    d.outputs = { ...desired.outputs, secrets: '[secret]' };
    this.drift.delete(stack);
    return this.result('up', target, startedAt, {
      steps: steps.map((s) => ({ ...s, status: 'done' })),
      changeSummary: summary,
      unchanged: same,
      outputs: d.outputs,
    });
  }

  async destroy(target: StackTarget, opts: DestroyOptions = {}): Promise<OperationResult> {
    const startedAt = new Date().toISOString();
    this.record('destroy', target.model, { remove: opts.remove });
    const failed = await this.begin('destroy', target, opts.signal);
    if (failed) return this.result('destroy', target, startedAt, failed);
    const stack = target.model.stackName;
    const d = this.deployed(stack);
    const { steps, summary } = this.diff(undefined, d, false, stack);
    if (opts.remove === true) this.stacks.delete(stack);
    else d.resources.clear();
    return this.result('destroy', target, startedAt, { steps, changeSummary: summary });
  }

  async refresh(target: StackTarget, opts: RefreshOptions = {}): Promise<OperationResult> {
    const startedAt = new Date().toISOString();
    this.record('refresh', target.model, { clearPendingCreates: opts.clearPendingCreates });
    const failed = await this.begin('refresh', target, opts.signal);
    if (failed) return this.result('refresh', target, startedAt, failed);
    const d = this.deployed(target.model.stackName);
    if (opts.clearPendingCreates === true) d.pendingCreates = [];
    return this.result('refresh', target, startedAt, { outputs: d.outputs });
  }

  outputs(target: StackTarget): Promise<Readonly<Record<string, unknown>>> {
    return Promise.resolve(this.stacks.get(target.model.stackName)?.outputs ?? {});
  }

  secretOutputs(target: StackTarget): Promise<readonly SecretOutput[]> {
    this.record('secretOutputs', target.model);
    return Promise.resolve(this.stacks.get(target.model.stackName)?.secretOutputs ?? []);
  }

  unlock(target: StackTarget): Promise<void> {
    this.record('unlock', target.model);
    this.locks.delete(target.model.stackName);
    return Promise.resolve();
  }
}
