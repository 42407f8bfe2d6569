// From the cache to the stack target of one Vitistack: validate it and the objects around it,
// resolve its StackModel, read the values of the Secrets it references. Problems become
// conditions with the spec's reasons, and no engine call happens: the reconcile stops here.
//
// An invalid object that would belong to the stack stops it too: left out, the stack would
// delete what that object built (a typo in a Machine must not destroy its VM).
import type { Vitistack } from '../api/v1alpha1';
import type { SecretValues, StackTarget } from '../engine/engine';
import { membersOf } from '../engine/render-stack';
import { LABELS, ModelErrors, resolveStack, type ModelError, type StackModel } from '../model';
import {
  CONDITION_REASONS as R,
  CONDITION_TYPES as T,
  type ConditionReason,
} from '../status/conditions';
import type { ObjectCache, RawObject } from './cache';
import type { ReconcileContext, ReconcilerDeps } from './context';
import { memberKey } from './owners';
import { writeMemberStatus } from './status-writer';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The provider name a Machine or KubernetesCluster names, read without validating it. */
function rawProviderName(kind: string, raw: RawObject | undefined): string | undefined {
  const spec = raw?.spec;
  if (!isRecord(spec)) return undefined;
  const ref =
    kind === 'Machine'
      ? (spec.providerRef ?? spec.machineProvider)
      : isRecord(spec.data)
        ? spec.data.provider
        : undefined;
  if (typeof ref === 'string') return ref;
  if (isRecord(ref) && typeof ref.name === 'string') return ref.name;
  return undefined;
}

/** Invalid objects that would (or did) belong to the Vitistack's stack, one line each. */
export function invalidMembers(
  vitistack: Vitistack,
  invalid: readonly { kind: string; key: string; errors: readonly string[] }[],
  cache: ObjectCache,
  previousMembers: readonly string[],
): string[] {
  const ns = vitistack.metadata.namespace;
  const refs = vitistack.spec.providerRefs;
  const named = (kind: string, key: string): boolean => {
    const list = kind === 'MachineProvider' ? refs.machine : refs.kubernetes;
    return list.some((r) => `${r.namespace ?? ns}/${r.name}` === key);
  };
  const providerNames = new Set([...refs.machine, ...refs.kubernetes].map((r) => r.name));
  const out: string[] = [];
  for (const i of invalid) {
    const [objectNs = ''] = i.key.split('/');
    const raw = cache.get(i.kind as 'Machine', i.key);
    const labelled = raw?.metadata.labels?.[LABELS.vitistack] === vitistack.metadata.name;
    const belongs =
      previousMembers.includes(`${i.kind}/${i.key}`) ||
      ((i.kind === 'MachineProvider' || i.kind === 'KubernetesProvider') && named(i.kind, i.key)) ||
      (objectNs === ns && labelled) ||
      (objectNs === ns &&
        (i.kind === 'Machine' || i.kind === 'KubernetesCluster') &&
        providerNames.has(rawProviderName(i.kind, raw) ?? '')) ||
      (objectNs === ns &&
        i.kind === 'KubernetesCluster' &&
        rawProviderName(i.kind, raw) === undefined);
    if (belongs) out.push(`${i.kind} ${i.key}: ${i.errors.join('; ')}`);
  }
  return out;
}

/** Values of the Secrets the model references, from the watched Secrets. */
export function secretValuesOf(cache: ObjectCache, model: StackModel): SecretValues {
  const out: Record<string, Record<string, string>> = {};
  for (const ref of model.secretRefs) {
    const id = `${ref.namespace}/${ref.name}`;
    const values = cache.secretValues(id);
    if (values !== undefined) out[id] = values;
  }
  return out;
}

/** Every object key (`Kind/namespace/name`) the stack reads, Secrets included. */
export function memberKeysOf(model: StackModel): string[] {
  const m = membersOf(model);
  return [
    ...m.machineProviders,
    ...m.kubernetesProviders,
    ...m.kubernetesClusters,
    ...m.machines.map((x) => x.key),
    ...model.networkConfigurations.map((o) =>
      memberKey(o.kind, o.metadata.namespace, o.metadata.name),
    ),
    ...model.networkNamespaces.map((o) => memberKey(o.kind, o.metadata.namespace, o.metadata.name)),
    ...Object.values(model.operatorConfigs).flatMap((c) =>
      [c.proxmox, c.kubevirt].flatMap((o) =>
        o === undefined ? [] : [memberKey(o.kind, o.metadata.namespace, o.metadata.name)],
      ),
    ),
    ...model.secretRefs.map((s) => memberKey('Secret', s.namespace, s.name)),
  ];
}

/** `Kind namespace/name` (as ModelError.object says it) -> `Kind/namespace/name`. */
function keyOfObjectName(object: string): string | undefined {
  const m = /^(\w+) ([^/\s]+)\/([^/\s]+)$/.exec(object);
  return m ? `${m[1] ?? ''}/${m[2] ?? ''}/${m[3] ?? ''}` : undefined;
}

async function reportOnMembers(
  deps: ReconcilerDeps,
  vitistackKey: string,
  errors: readonly ModelError[],
): Promise<void> {
  const byObject = new Map<string, ModelError[]>();
  for (const e of errors) {
    const key = keyOfObjectName(e.object);
    if (key === undefined || key === `Vitistack/${vitistackKey}`) continue;
    byObject.set(key, [...(byObject.get(key) ?? []), e]);
  }
  for (const [key, list] of byObject) {
    const first = list[0];
    if (first === undefined) continue;
    await writeMemberStatus(deps, {
      key,
      fields: {},
      ready: { ok: false, reason: first.reason, message: list.map((e) => e.message).join(' ') },
    });
  }
}

/** Stalls the Vitistack; an Event says so when the message is new (not on every resync). */
async function stall(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
  reason: ConditionReason,
  message: string,
): Promise<void> {
  const before = ctx.draft.get(T.Stalled);
  ctx.draft.stalled(reason, message);
  if (before?.status !== 'True' || before.message !== message) {
    await deps.recorder.record(ctx.raw, 'Warning', reason, message);
  }
}

/**
 * The target of the stack, or undefined when the Vitistack cannot be deployed as it is (the
 * draft then says why).
 */
export async function resolveTarget(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
): Promise<StackTarget | undefined> {
  const { cache, index, settings } = deps;
  const d = ctx.draft;
  const parsed = cache.parsed('Vitistack', ctx.key);
  if (parsed === undefined) return undefined;
  if (!parsed.ok || parsed.object.kind !== 'Vitistack') {
    const errors = parsed.ok ? ['kind: not a Vitistack'] : parsed.errors;
    await stall(
      deps,
      ctx,
      R.ValidationFailed,
      `Vitistack ${ctx.key} is invalid: ${errors.join('; ')}`,
    );
    return undefined;
  }
  const vitistack = parsed.object;
  const namespaces = [...new Set([ctx.ref.namespace, ...settings.allowedNamespaces])];
  const { objects, invalid } = cache.objectsIn(namespaces);
  const bad = invalidMembers(vitistack, invalid, cache, index.membersOf(ctx.key));
  if (bad.length > 0) {
    await stall(
      deps,
      ctx,
      R.ValidationFailed,
      `Objects of this stack are invalid; fix them (nothing is deployed until then): ${bad.join(' | ')}`,
    );
    index.markWaiting(ctx.key, namespaces);
    return undefined;
  }
  let model: StackModel;
  try {
    model = resolveStack(vitistack, objects, {
      allowedNamespaces: settings.allowedNamespaces,
      secrets: cache.secretInfos(namespaces),
    });
  } catch (err) {
    if (!(err instanceof ModelErrors)) throw err;
    await stall(deps, ctx, err.reason, err.message);
    const missing = err.errors.find((e) => e.reason === 'ProviderNotFound');
    if (missing) d.set(T.ProvidersReady, 'False', R.ProviderNotFound, missing.message);
    index.markWaiting(ctx.key, namespaces);
    await reportOnMembers(deps, ctx.key, err.errors);
    return undefined;
  }
  index.record(ctx.key, memberKeysOf(model));
  return { model, secrets: secretValuesOf(cache, model) };
}
