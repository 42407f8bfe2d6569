// The three modes of a reconcile whose inputs resolved, and the drift check they share.
//   apply:   preview, then up.
//   preview: preview only; the plan (id and summary) goes into status.plan.
//   approve: preview with a saved plan into status.plan; up with exactly that plan once annotation
//            vitistack.io/approve-plan names its id and the inputs are still those it was made
//            for. New inputs make a new plan (and id), so an old approval never matches it.
// Inputs already applied: no engine call, unless a drift check is due or drift is remediated.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackTarget } from '../engine/engine';
import type { OperationResult } from '../engine/result';
import { ANNOTATIONS } from '../model';
import { CONDITION_REASONS as R, CONDITION_TYPES as T } from '../status/conditions';
import { describeChanges, type PlanRecord } from '../status/stack-record';
import type { Steering } from './annotations';
import type { ReconcileContext, ReconcileResult, ReconcilerDeps } from './context';
import { runOperation } from './operation-runner';
import { applied, failed, markApplied } from './outcomes';
import { EVENT_REASONS as E } from './recorder';

/** Where mode approve keeps a saved plan. */
export function planFile(deps: ReconcilerDeps, target: StackTarget, planId: string): string {
  return join(deps.settings.planDir, target.model.stackName, `${planId}.json`);
}

/** Milliseconds until the next drift check of an applied stack; undefined when disabled. */
function driftDueIn(deps: ReconcilerDeps, ctx: ReconcileContext): number | undefined {
  const interval = deps.settings.driftIntervalMs;
  if (interval <= 0) return undefined;
  const last = Date.parse(ctx.draft.stack.lastDriftCheckTime ?? '');
  if (Number.isNaN(last)) return 0;
  return Math.max(0, last + interval - deps.now());
}

const after = (ms: number | undefined): ReconcileResult =>
  ms === undefined ? {} : { requeueAfterMs: ms };

/** A refresh preview: any step means the clouds drifted from the stack's state. */
async function checkDrift(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  steering: Steering,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const d = ctx.draft;
  const r = await runOperation(deps, ctx, 'preview', target, { refresh: true });
  d.updateStack({ lastDriftCheckTime: new Date(deps.now()).toISOString() });
  if (r.failure) return failed(deps, ctx, r, failuresBefore);
  d.updateStack({ failures: 0 });
  d.settled(`Stack ${target.model.stackName} is up to date; drift checked.`);
  if (r.steps.length === 0) {
    d.set(T.Drifted, 'False', R.NoDrift, 'The last drift check found no drift.');
    return after(deps.settings.driftIntervalMs);
  }
  const remediate = steering.driftRemediation === 'auto' && steering.mode === 'apply';
  const message = `The clouds differ from stack ${target.model.stackName}: ${describeChanges(r.changeSummary, false)} to bring them back. ${
    remediate
      ? 'The next reconcile runs up to remediate it (drift-remediation: auto).'
      : `Set annotation ${ANNOTATIONS.driftRemediation}: auto (mode apply), or change the spec, to run up.`
  }`;
  const was = d.get(T.Drifted)?.status;
  d.set(T.Drifted, 'True', R.DriftDetected, message);
  if (was !== 'True') await deps.recorder.record(ctx.raw, 'Warning', E.DriftDetected, message);
  return remediate ? { requeueAfterMs: 0 } : after(deps.settings.driftIntervalMs);
}

/** Inputs applied: nothing to do unless a drift check is due. */
async function upToDate(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  steering: Steering,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const due = driftDueIn(deps, ctx);
  if (due === 0) return checkDrift(deps, ctx, target, steering, failuresBefore);
  const d = ctx.draft;
  d.plan = null;
  d.remove(T.PlanPending);
  d.settled(`Stack ${target.model.stackName} is up to date.`);
  return after(due);
}

async function upThenRecord(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  failuresBefore: number,
  opts: { refresh?: boolean; plan?: string },
): Promise<ReconcileResult> {
  const up = await runOperation(deps, ctx, 'up', target, opts);
  if (up.failure) return failed(deps, ctx, up, failuresBefore);
  await applied(deps, ctx, target, up);
  return after(deps.settings.driftIntervalMs > 0 ? deps.settings.driftIntervalMs : undefined);
}

/** Mode apply: preview, then up (with refresh when remediating drift). */
async function applyMode(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  failuresBefore: number,
  remediate: boolean,
): Promise<ReconcileResult> {
  const preview = await runOperation(deps, ctx, 'preview', target, { refresh: remediate });
  if (preview.failure) return failed(deps, ctx, preview, failuresBefore);
  return upThenRecord(deps, ctx, target, failuresBefore, { refresh: remediate });
}

function planOf(
  ctx: ReconcileContext,
  r: OperationResult,
  inputsHash: string,
  now: string,
): PlanRecord {
  const generation = ctx.raw.metadata.generation;
  return {
    id: r.planId ?? '',
    summary: r.changeSummary,
    ...(generation !== undefined ? { generation } : {}),
    inputsHash,
    createdAt: now,
  };
}

/** A preview that changes nothing: the stack already matches these inputs. */
function nothingToDo(deps: ReconcilerDeps, ctx: ReconcileContext, target: StackTarget): void {
  const d = ctx.draft;
  markApplied(deps, ctx, target);
  d.set(T.PlanPending, 'False', R.NoChanges, 'The last preview found nothing to change.');
  d.settled(`Stack ${target.model.stackName} already matches the spec.`);
}

type Previewed = { readonly plan: PlanRecord } | { readonly done: ReconcileResult };

/** A preview whose plan goes into status.plan, unless it fails or changes nothing. */
async function previewPlan(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  failuresBefore: number,
  savePlan?: string,
): Promise<Previewed> {
  const r = await runOperation(deps, ctx, 'preview', target, savePlan ? { savePlan } : {});
  if (r.failure) return { done: await failed(deps, ctx, r, failuresBefore) };
  if (r.steps.length === 0) {
    nothingToDo(deps, ctx, target);
    return { done: {} };
  }
  const plan = planOf(ctx, r, target.model.inputsHash, new Date(deps.now()).toISOString());
  ctx.draft.plan = plan;
  ctx.draft.updateStack({ failures: 0 });
  return { plan };
}

/** Mode preview: preview only; the plan goes into status.plan. */
async function previewMode(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const d = ctx.draft;
  if (d.previousPlan?.inputsHash === target.model.inputsHash) {
    d.settled('The plan for these inputs is in status.plan (mode preview never applies it).');
    return {};
  }
  const previewed = await previewPlan(deps, ctx, target, failuresBefore);
  if ('done' in previewed) return previewed.done;
  const { plan } = previewed;
  d.set(
    T.PlanPending,
    'True',
    R.PreviewOnly,
    `Plan ${plan.id} would make ${describeChanges(plan.summary, false)}. Mode preview never applies it: set annotation ${ANNOTATIONS.mode} to apply or approve to deploy.`,
  );
  d.settled('Previewed; the plan is in status.plan.');
  return {};
}

function awaitApproval(ctx: ReconcileContext, plan: PlanRecord, steering: Steering): void {
  const d = ctx.draft;
  const { namespace, name } = ctx.ref;
  const how = `kubectl annotate vitistack -n ${namespace} ${name} --overwrite ${ANNOTATIONS.approvePlan}=${plan.id}`;
  const stale =
    steering.approvePlan !== undefined
      ? ` The approval for ${steering.approvePlan} is for another plan (the inputs changed since) and does not apply.`
      : '';
  d.set(
    T.PlanPending,
    'True',
    R.AwaitingApproval,
    `Plan ${plan.id} would make ${describeChanges(plan.summary, false)}.${stale} Approve it with: ${how}`,
  );
  d.settled(`Waiting for approval of plan ${plan.id}.`);
}

/** Mode approve: a saved plan into status.plan; up with it once approved. */
async function approveMode(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  steering: Steering,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const d = ctx.draft;
  const hash = target.model.inputsHash;
  let plan = d.previousPlan?.inputsHash === hash ? d.previousPlan : undefined;
  if (plan !== undefined && !existsSync(planFile(deps, target, plan.id))) plan = undefined;
  if (plan === undefined) {
    const file = (id: string) => planFile(deps, target, id);
    mkdirSync(join(deps.settings.planDir, target.model.stackName), { recursive: true });
    // The id is known only after the preview: save under a temporary name, then keep it by id.
    const saved = file(`pending-${String(deps.now())}`);
    let previewed: Previewed;
    try {
      previewed = await previewPlan(deps, ctx, target, failuresBefore, saved);
    } catch (err) {
      rmSync(saved, { force: true });
      throw err;
    }
    if ('done' in previewed) {
      rmSync(saved, { force: true });
      return previewed.done;
    }
    plan = previewed.plan;
    renamePlan(saved, file(plan.id));
    await deps.recorder.record(
      ctx.raw,
      'Normal',
      E.PlanReady,
      `Plan ${plan.id} would make ${describeChanges(plan.summary, false)}; approve it with annotation ${ANNOTATIONS.approvePlan}: ${plan.id}`,
    );
  }
  if (steering.approvePlan !== plan.id) {
    awaitApproval(ctx, plan, steering);
    return {};
  }
  const result = await upThenRecord(deps, ctx, target, failuresBefore, {
    plan: planFile(deps, target, plan.id),
  });
  if (d.stack.appliedInputsHash === hash) rmSync(planFile(deps, target, plan.id), { force: true });
  return result;
}

/** Keeps a saved plan under its id (replacing an older file of the same plan). */
function renamePlan(from: string, to: string): void {
  if (existsSync(from)) renameSync(from, to);
}

/**
 * Runs the Vitistack's mode. Inputs already applied need no engine call, unless a drift check is
 * due or (mode apply, drift-remediation auto) drift is to be undone.
 */
export async function runMode(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  target: StackTarget,
  steering: Steering,
  failuresBefore: number,
): Promise<ReconcileResult> {
  const d = ctx.draft;
  const isApplied = d.stack.appliedInputsHash === target.model.inputsHash;
  const remediate =
    isApplied &&
    steering.mode === 'apply' &&
    steering.driftRemediation === 'auto' &&
    d.get(T.Drifted)?.status === 'True';
  if (isApplied && !remediate) return upToDate(deps, ctx, target, steering, failuresBefore);
  switch (steering.mode) {
    case 'apply':
      return applyMode(deps, ctx, target, failuresBefore, remediate);
    case 'preview':
      return previewMode(deps, ctx, target, failuresBefore);
    case 'approve':
      return approveMode(deps, ctx, target, steering, failuresBefore);
  }
}
