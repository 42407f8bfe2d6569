// One engine operation as the controller runs it: within the concurrency limit, with the
// controller's stop signal and timeout, recorded in status.stack.lastOperation and in Events and
// logs. An operation that takes the stack lock (up, destroy, refresh) is first recorded as
// in-progress with this instance as holder, so a controller that restarts after a crash knows
// the lock and pending operations are its own leftovers.
import { join } from 'node:path';
import type { OperationOptions, PreviewOptions, StackTarget, UpOptions } from '../engine/engine';
import { policyPackArgs } from '../engine/policy-config';
import { emptyResult, type OperationKind, type OperationResult } from '../engine/result';
import { CONDITION_REASONS as R, CONDITION_TYPES as T } from '../status/conditions';
import { finishedOperation } from '../status/stack-record';
import type { ReconcileContext, ReconcilerDeps } from './context';
import { EVENT_REASONS as E } from './recorder';
import { writeVitistackStatus } from './status-writer';

export interface RunOptions {
  readonly refresh?: boolean;
  readonly savePlan?: string;
  readonly plan?: string;
  readonly clearPendingCreates?: boolean;
  readonly remove?: boolean;
}

/** A result for an operation that threw instead of failing (a bug or an unexpected error). */
function thrownResult(
  kind: OperationKind,
  target: StackTarget,
  startedAt: string,
  endedAt: string,
  err: unknown,
): OperationResult {
  return {
    ...emptyResult(kind, target.model.stackName, startedAt, endedAt),
    result: 'failed',
    failure: {
      kind: 'failed',
      message: err instanceof Error ? err.message : String(err),
      resources: [],
    },
  };
}

function call(
  deps: ReconcilerDeps,
  kind: OperationKind,
  target: StackTarget,
  opts: RunOptions,
): Promise<OperationResult> {
  const { settings } = deps;
  const common: OperationOptions = {
    signal: deps.signal,
    timeoutMs: settings.operationTimeoutMs,
    ...(settings.policyPacks.length > 0
      ? policyPackArgs(
          target.model,
          settings.policyPacks,
          settings.policyPackConfigs,
          join(settings.planDir, target.model.stackName),
        )
      : {}),
  };
  switch (kind) {
    case 'preview': {
      const o: PreviewOptions = {
        ...common,
        ...(opts.refresh === true ? { refresh: true } : {}),
        ...(opts.savePlan !== undefined ? { savePlan: opts.savePlan } : {}),
      };
      return deps.engine.preview(target, o);
    }
    case 'up': {
      const o: UpOptions = {
        ...common,
        ...(opts.refresh === true ? { refresh: true } : {}),
        ...(opts.plan !== undefined ? { plan: opts.plan } : {}),
      };
      return deps.engine.up(target, o);
    }
    case 'destroy':
      return deps.engine.destroy(target, { ...common, remove: opts.remove === true });
    case 'refresh':
      return deps.engine.refresh(target, {
        ...common,
        clearPendingCreates: opts.clearPendingCreates === true,
      });
  }
}

/** Violations listed in a condition message; the rest are counted. */
const MAX_LISTED = 10;

/** The PolicyViolations condition from a preview's or up's violations. */
function recordPolicyViolations(ctx: ReconcileContext, result: OperationResult): void {
  const all = result.policyViolations;
  if (all.length === 0 && !result.failure) {
    ctx.draft.set(T.PolicyViolations, 'False', R.NoViolations, 'No policy violations.');
    return;
  }
  if (all.length === 0) return;
  const mandatory = all.filter((v) => v.level === 'mandatory');
  const listed = [...mandatory, ...all.filter((v) => v.level !== 'mandatory')]
    .slice(0, MAX_LISTED)
    .map(
      (v) =>
        `[${v.level}] ${v.policyPack}/${v.policy}: ${v.message}${v.urn ? ` (${v.urn.slice(v.urn.lastIndexOf('::') + 2)})` : ''}`,
    );
  const more = all.length > MAX_LISTED ? ` ... and ${String(all.length - MAX_LISTED)} more` : '';
  ctx.draft.set(
    T.PolicyViolations,
    'True',
    mandatory.length > 0 ? R.MandatoryViolations : R.AdvisoryViolations,
    `${String(mandatory.length)} mandatory, ${String(all.length - mandatory.length)} advisory: ${listed.join(' ')}${more}`,
  );
}

/** Runs one operation and records it; never throws for an engine failure (see `result`). */
export async function runOperation(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  kind: OperationKind,
  target: StackTarget,
  opts: RunOptions = {},
): Promise<OperationResult> {
  const { model } = target;
  const generation = ctx.raw.metadata.generation;
  const identity = deps.settings.identity;
  return deps.operations.run(async () => {
    const startedAt = new Date(deps.now()).toISOString();
    if (kind !== 'preview') {
      ctx.draft.updateStack({
        name: model.stackName,
        lastOperation: {
          type: kind,
          result: 'in-progress',
          startTime: startedAt,
          ...(generation !== undefined ? { generation } : {}),
          inputsHash: model.inputsHash,
          holder: identity,
        },
      });
      ctx.draft.progressing(R.Progressing, `${kind} of stack ${model.stackName} is running.`);
      await writeVitistackStatus(deps, ctx);
    }
    const log = ctx.log.child({ operation: kind, stack: model.stackName });
    log.info({ generation, inputsHash: model.inputsHash }, `${kind} started`);
    await deps.recorder.record(
      ctx.raw,
      'Normal',
      E.OperationStarted,
      `${kind} of stack ${model.stackName} started (generation ${String(generation ?? '?')})`,
    );
    deps.observer?.operationStarted();
    const t0 = deps.now();
    let result: OperationResult;
    try {
      result = await call(deps, kind, target, opts);
    } catch (err) {
      result = thrownResult(kind, target, startedAt, new Date(deps.now()).toISOString(), err);
    }
    const seconds = (deps.now() - t0) / 1000;
    deps.observer?.operationFinished(kind, result.result, seconds);
    const record = finishedOperation(result, {
      ...(generation !== undefined ? { generation } : {}),
      inputsHash: model.inputsHash,
      holder: identity,
    });
    ctx.draft.updateStack({ name: model.stackName, lastOperation: record });
    if (deps.settings.policyPacks.length > 0 && (kind === 'preview' || kind === 'up')) {
      recordPolicyViolations(ctx, result);
    }
    if (result.failure) {
      log.warn({ failure: result.failure.kind, error: result.failure.message }, `${kind} failed`);
      await deps.recorder.record(ctx.raw, 'Warning', E.OperationFailed, record.message ?? '');
    } else {
      log.info({ changeSummary: result.changeSummary, seconds }, `${kind} succeeded`);
      await deps.recorder.record(ctx.raw, 'Normal', E.OperationSucceeded, record.message ?? '');
    }
    return result;
  });
}
