// What a finished operation means for the Vitistack: success (outputs published, inputs applied,
// observedGeneration set) or failure (a held lock retried; other failures counted, retried with
// backoff, and Stalled after `stallAfter` in a row with the same inputs).
import type { StackTarget } from '../engine/engine';
import type { OperationResult } from '../engine/result';
import { ANNOTATIONS } from '../model';
import { CONDITION_REASONS as R, CONDITION_TYPES as T } from '../status/conditions';
import {
  RetryLater,
  type ReconcileContext,
  type ReconcileResult,
  type ReconcilerDeps,
} from './context';
import { publishOutputs } from './publish-outputs';
import { EVENT_REASONS as E } from './recorder';

/** Records that the stack now matches `target`'s inputs (observedGeneration moves). */
export function markApplied(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
): void {
  const d = ctx.draft;
  const generation = ctx.raw.metadata.generation;
  d.updateStack({
    appliedInputsHash: target.model.inputsHash,
    ...(generation !== undefined ? { appliedGeneration: generation } : {}),
    failures: 0,
    lastDriftCheckTime: new Date(deps.now()).toISOString(),
  });
  d.observedGeneration = generation;
  d.plan = null;
}

/** Records a successful up of `target`. */
export async function applied(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  result: OperationResult,
): Promise<void> {
  const d = ctx.draft;
  await publishOutputs(deps, ctx, target, result);
  markApplied(deps, ctx, target);
  d.remove(T.PlanPending);
  if (d.get(T.Drifted) !== undefined) {
    d.set(T.Drifted, 'False', R.NoDrift, 'The last up brought the clouds back to the stack.');
  }
  const fields = d.outputFields ?? {};
  const networking = (fields.networking ?? {}) as Record<string, readonly unknown[] | undefined>;
  const count = (k: string) => networking[k]?.length ?? 0;
  d.set(
    T.NetworkingReady,
    'True',
    R.Succeeded,
    `${String(count('vpcs'))} VPC(s), ${String(count('firewalls'))} firewall(s) and ${String(count('loadBalancers'))} load balancer(s) deployed.`,
  );
  // The same words as an unchanged resync, so that one writes nothing; the operation's own
  // summary is in status.stack.lastOperation.message.
  d.settled(`Stack ${target.model.stackName} is up to date.`);
}

/** Handles a failed operation: throws RetryLater to retry, or returns when it stalls. */
export async function failed(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  result: OperationResult,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const d = ctx.draft;
  const failure = result.failure;
  if (failure === undefined) return {};
  if (failure.kind === 'locked') {
    const message = `Stack ${result.stack} is locked by another operation; retrying with backoff. ${failure.message}`;
    d.progressing(R.StackLocked, message);
    await deps.recorder.record(ctx.raw, 'Warning', E.StackLocked, message);
    throw new RetryLater(message);
  }
  if (failure.kind === 'cancelled' && deps.signal.aborted) {
    d.progressing(
      R.Progressing,
      `${result.operation} was cancelled because the controller is stopping; it runs again when a controller leads.`,
    );
    return {};
  }
  const failures = failuresBefore + 1;
  if (failure.kind === 'policy') {
    // A retry cannot help: the same inputs break the same policies. PolicyViolations lists them.
    const message = `${result.operation} was blocked by mandatory policy violations (see condition PolicyViolations): ${failure.message} Fix the spec, or change the policy's level in its pack config.`;
    // Counted as the whole retry budget: stalled until the inputs or reconcile-request change.
    d.updateStack({ failures: Math.max(failures, deps.settings.stallAfter) });
    d.stalled(R.MandatoryViolations, message);
    await deps.recorder.record(ctx.raw, 'Warning', E.Stalled, message);
    return {};
  }
  const { stallAfter } = deps.settings;
  d.updateStack({ failures });
  if (failures >= stallAfter) {
    const message = `${result.operation} failed ${String(failures)} times in a row with the same inputs: ${failure.message}. Fix the cause and change the spec, or set annotation ${ANNOTATIONS.reconcileRequest} to a new value to try again.`;
    d.stalled(R.RetryLimitReached, message);
    await deps.recorder.record(ctx.raw, 'Warning', E.Stalled, message);
    return {};
  }
  const message = `${result.operation} failed (attempt ${String(failures)} of ${String(stallAfter)}): ${failure.message}. Retrying with backoff.`;
  d.progressing(R.OperationFailed, message);
  throw new RetryLater(message);
}
