// A Vitistack being deleted (deletionTimestamp set, our finalizer present). Policy from
// annotation vitistack.io/deletion-policy: `Delete` (default) destroys the stack and removes it
// from the backend, then the finalizer; `Retain` releases the stack without destroying anything.
// A failed destroy keeps the finalizer and says why, retried with backoff like any operation.
import type { StackTarget } from '../engine/engine';
import { ANNOTATIONS, resolveStack, type StackModel } from '../model';
import { CONDITION_REASONS as R } from '../status/conditions';
import { readSteering } from './annotations';
import { keyOf } from './cache';
import {
  FINALIZER,
  RetryLater,
  type ReconcileContext,
  type ReconcileResult,
  type ReconcilerDeps,
} from './context';
import { statusCodeOf } from './kube-client';
import { runOperation } from './operation-runner';
import { EVENT_REASONS as E } from './recorder';
import { secretValuesOf } from './resolve-target';

/**
 * The model to destroy with. Destroy runs on the stack's state, not its program: when the objects
 * around the Vitistack are already gone (a namespace being deleted), a model without members is
 * enough to name the stack.
 */
function destroyModel(deps: ReconcilerDeps, ctx: ReconcileContext): StackModel | undefined {
  const parsed = deps.cache.parsed('Vitistack', ctx.key);
  if (parsed?.ok !== true || parsed.object.kind !== 'Vitistack') return undefined;
  const vitistack = parsed.object;
  const namespaces = [...new Set([ctx.ref.namespace, ...deps.settings.allowedNamespaces])];
  try {
    return resolveStack(vitistack, deps.cache.objectsIn(namespaces).objects, {
      allowedNamespaces: deps.settings.allowedNamespaces,
    });
  } catch {
    const bare = {
      ...vitistack,
      spec: { ...vitistack.spec, providerRefs: { machine: [], kubernetes: [] } },
    };
    return resolveStack(bare, []);
  }
}

async function removeFinalizer(deps: ReconcilerDeps, ctx: ReconcileContext): Promise<void> {
  const rest = (ctx.raw.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
  try {
    const written = await deps.writer.setFinalizers(
      ctx.ref,
      rest,
      ctx.raw.metadata.resourceVersion ?? '',
    );
    deps.cache.upsertWritten('Vitistack', written);
    ctx.raw = written;
  } catch (err) {
    const code = statusCodeOf(err);
    if (code === 404) return;
    if (code === 409) throw new RetryLater(`Vitistack ${ctx.key} changed; retrying`);
    throw err;
  }
  deps.index.forget(ctx.key);
  ctx.log.info({}, 'finalizer removed');
}

/** Runs the deletion policy; returns whether the finalizer was removed. */
export async function finalize(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  failuresBefore: number,
): Promise<{ result: ReconcileResult; released: boolean }> {
  const d = ctx.draft;
  d.deleting = true;
  const steering = readSteering(ctx.raw.metadata.annotations, deps.settings.mode);
  if (!steering.ok) {
    d.stalled(R.ValidationFailed, `Deletion waits: ${steering.errors.join(' ')}`);
    return { result: {}, released: false };
  }
  const model = destroyModel(deps, ctx);
  const stackName = model?.stackName ?? `${ctx.ref.namespace}.${ctx.ref.name}`;
  if (steering.steering.deletionPolicy === 'Retain') {
    await deps.recorder.record(
      ctx.raw,
      'Normal',
      E.StackRetained,
      `Stack ${stackName} and its resources are kept (${ANNOTATIONS.deletionPolicy}: Retain); the controller no longer manages them.`,
    );
    await removeFinalizer(deps, ctx);
    return { result: {}, released: true };
  }
  if (model === undefined) {
    d.stalled(
      R.ValidationFailed,
      `The Vitistack is invalid, so its stack cannot be named for destroy; fix the spec, or set ${ANNOTATIONS.deletionPolicy}: Retain to let it go without destroying.`,
    );
    return { result: {}, released: false };
  }
  const target: StackTarget = { model, secrets: secretValuesOf(deps.cache, model) };
  if (d.stack.lastOperation?.result === 'in-progress') {
    // Left by a controller that stopped mid-operation: its lock would block the destroy.
    await deps.engine.unlock(target).catch((err: unknown) => {
      ctx.log.warn({ error: err }, 'could not clear the stack lock before destroy');
    });
  }
  const r = await runOperation(deps, ctx, 'destroy', target, { remove: true });
  if (r.failure && r.failure.kind !== 'stack-not-found') {
    const failures = failuresBefore + 1;
    d.updateStack({ failures });
    const message = `destroy of stack ${stackName} failed: ${r.failure.message}. The finalizer stays until destroy succeeds; to delete the Vitistack without destroying, set annotation ${ANNOTATIONS.deletionPolicy}: Retain.`;
    if (r.failure.kind === 'locked' || failures < deps.settings.stallAfter) {
      d.progressing(R.DestroyFailed, message);
      throw new RetryLater(message);
    }
    d.stalled(R.DestroyFailed, message);
    return { result: {}, released: false };
  }
  await removeFinalizer(deps, ctx);
  ctx.log.info({ stack: stackName, key: keyOf(ctx.raw.metadata) }, 'stack destroyed');
  return { result: {}, released: true };
}
