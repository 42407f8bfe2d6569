// One reconcile of one Vitistack, in the order of cluster-api's reconcilers:
//   gone -> forget it; being deleted -> deletion policy (deletion.ts);
//   finalizer first; steering annotations; paused -> stop;
//   resolve (resolve-target.ts: validation and reference errors stop here, no engine);
//   crashed operation of a previous controller -> clear its lock, refresh with
//   clearPendingCreates; Stalled with these inputs -> stop until inputs or reconcile-request
//   change; then the mode (modes.ts).
// The status is written at the end, whatever happened (STYLE 14).
import { canonicalJson } from '../model';
import type { StackTarget } from '../engine/engine';
import { CONDITION_REASONS as R, CONDITION_TYPES as T } from '../status/conditions';
import { StatusDraft } from '../status/vitistack-draft';
import { readSteering, type Steering } from './annotations';
import {
  FINALIZER,
  RetryLater,
  type ReconcileContext,
  type ReconcileResult,
  type ReconcilerDeps,
} from './context';
import { finalize } from './deletion';
import { statusCodeOf } from './kube-client';
import { runMode } from './modes';
import { runOperation } from './operation-runner';
import { failed } from './outcomes';
import { EVENT_REASONS as E } from './recorder';
import { resolveTarget } from './resolve-target';
import { vitistackStatusOf, writeVitistackStatus } from './status-writer';

/** Failed operations in a row that count towards Stalled for these inputs. */
function failuresFor(ctx: ReconcileContext, inputsHash: string | undefined): number {
  const s = ctx.draft.stack;
  if (inputsHash !== undefined && s.lastOperation?.inputsHash !== inputsHash) return 0;
  return s.failures ?? 0;
}

function statusWithoutTimestamp(status: unknown): string {
  if (typeof status !== 'object' || status === null) return canonicalJson(status);
  const { lastUpdateTimestamp: _t, ...rest } = status as Record<string, unknown>;
  return canonicalJson(rest);
}

export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(key: string): Promise<ReconcileResult> {
    const { deps } = this;
    const raw = deps.cache.get('Vitistack', key);
    if (raw === undefined) {
      deps.index.forget(key);
      return {};
    }
    const [namespace = '', name = ''] = key.split('/');
    const now = () => new Date(deps.now()).toISOString();
    const ctx: ReconcileContext = {
      key,
      ref: { kind: 'Vitistack', namespace, name },
      raw,
      draft: new StatusDraft(raw.status, raw.metadata.generation, now),
      log: deps.log.child({ key }),
    };
    const written = () => statusWithoutTimestamp(ctx.raw.status);
    let released = false;
    try {
      if (raw.metadata.deletionTimestamp !== undefined) {
        if (!(raw.metadata.finalizers ?? []).includes(FINALIZER)) {
          released = true; // not ours (any more): nothing to write
          return {};
        }
        const done = await finalize(deps, ctx, failuresFor(ctx, undefined));
        released = done.released;
        return done.result;
      }
      await this.ensureFinalizer(ctx);
      return await this.sync(ctx);
    } finally {
      if (!released && statusWithoutTimestamp(vitistackStatusOf(deps, ctx)) !== written()) {
        await writeVitistackStatus(deps, ctx);
      }
    }
  }

  private async ensureFinalizer(ctx: ReconcileContext): Promise<void> {
    const finalizers = ctx.raw.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZER)) return;
    try {
      const written = await this.deps.writer.setFinalizers(
        ctx.ref,
        [...finalizers, FINALIZER],
        ctx.raw.metadata.resourceVersion ?? '',
      );
      this.deps.cache.upsertWritten('Vitistack', written);
      ctx.raw = written;
    } catch (err) {
      if (statusCodeOf(err) === 409) throw new RetryLater(`Vitistack ${ctx.key} changed; retrying`);
      throw err;
    }
  }

  private async sync(ctx: ReconcileContext): Promise<ReconcileResult> {
    const { deps } = this;
    const d = ctx.draft;
    const read = readSteering(ctx.raw.metadata.annotations, deps.settings.mode);
    if (!read.ok) {
      const message = read.errors.join(' ');
      if (d.get(T.Stalled)?.message !== message) {
        await deps.recorder.record(ctx.raw, 'Warning', E.ValidationFailed, message);
      }
      d.stalled(R.ValidationFailed, message);
      return {};
    }
    const steering = read.steering;
    if (steering.paused) {
      const message =
        'Reconciles are paused by annotation vitistack.io/paused: "true"; remove it to resume.';
      d.paused = true;
      d.set(T.Reconciling, 'False', R.Paused, message);
      d.set(T.Stalled, 'False', R.Paused, message);
      return {};
    }
    const target = await resolveTarget(deps, ctx);
    if (target === undefined) return {};
    return this.operate(ctx, target, steering);
  }

  private async operate(
    ctx: ReconcileContext,
    target: StackTarget,
    steering: Steering,
  ): Promise<ReconcileResult> {
    const { deps } = this;
    const d = ctx.draft;
    const { model } = target;
    d.updateStack({ name: model.stackName });
    const notBuilt = model.warnings.filter((w) => w.code === 'ProviderNotSupported');
    d.notBuilt = notBuilt.length > 0 ? notBuilt.map((w) => w.message).join(' ') : undefined;
    d.set(
      T.ProvidersReady,
      notBuilt.length > 0 ? 'False' : 'True',
      notBuilt.length > 0 ? R.ProviderNotSupported : R.Succeeded,
      notBuilt.length > 0
        ? (d.notBuilt ?? '')
        : `${String(model.counts.providers)} provider(s) resolved.`,
    );
    let failuresBefore = failuresFor(ctx, model.inputsHash);
    const requested =
      steering.reconcileRequest !== undefined &&
      steering.reconcileRequest !== d.stack.lastHandledReconcileRequest;
    if (requested) {
      d.updateStack({ lastHandledReconcileRequest: steering.reconcileRequest, failures: 0 });
      failuresBefore = 0;
    }
    const last = d.stack.lastOperation;
    const interrupted =
      last !== undefined &&
      last.type !== 'preview' &&
      (last.result === 'in-progress' || last.result === 'cancelled');
    if (interrupted) {
      const recovered = await this.recoverInterrupted(ctx, target, failuresBefore);
      if (!recovered) return {};
    }
    if (failuresBefore >= deps.settings.stallAfter) {
      // Already Stalled for these inputs: the condition written then still says why.
      if (d.get(T.Stalled)?.status !== 'True') {
        d.stalled(R.RetryLimitReached, d.stack.lastOperation?.message ?? 'Retry limit reached.');
      }
      return {};
    }
    return runMode(deps, ctx, target, steering, failuresBefore);
  }

  /**
   * The last operation that takes the stack lock did not finish: it was cancelled (the controller
   * stopped, or its timeout passed), or status.stack still says in-progress although no reconcile
   * of this key runs here, so the controller that ran it is gone (crashed, or lost its lease).
   * Only the leader reconciles, so a lock that controller left is stale: clear it. Either way the
   * operation may have left pending creates, which block the next update: refresh with
   * clearPendingCreates, and say so in an Event.
   */
  private async recoverInterrupted(
    ctx: ReconcileContext,
    target: StackTarget,
    failuresBefore: number,
  ): Promise<boolean> {
    const { deps } = this;
    const last = ctx.draft.stack.lastOperation;
    const crashed = last?.result === 'in-progress';
    ctx.log.warn(
      {
        previous: last?.type,
        result: last?.result,
        holder: last?.holder,
        startTime: last?.startTime,
      },
      'previous operation did not finish; clearing its lock and pending operations',
    );
    if (crashed) {
      try {
        await deps.engine.unlock(target);
      } catch (err) {
        ctx.log.warn({ error: err }, 'could not clear the stack lock');
      }
    }
    const r = await runOperation(deps, ctx, 'refresh', target, { clearPendingCreates: true });
    if (r.failure) {
      await failed(deps, ctx, r, failuresBefore);
      return false;
    }
    const what = `The ${last?.type ?? 'operation'} started ${last?.startTime ?? '?'} by ${last?.holder ?? 'a controller'}`;
    await deps.recorder.record(
      ctx.raw,
      'Warning',
      E.PendingOperationsCleared,
      crashed
        ? `${what} did not finish; its lock was cleared and the stack refreshed with pending creates cleared. Resources it was creating may exist outside the stack: check the cloud for them.`
        : `${what} was cancelled; the stack was refreshed with pending creates cleared. Resources it was creating may exist outside the stack: check the cloud for them.`,
    );
    return true;
  }
}
