// Writes status through the /status subresource: the Vitistack's (the draft, whole) and its
// members' (the fields the stack outputs give them, plus a Ready condition). A member status is
// written only when it would change, so an unchanged resync writes nothing.
import { canonicalJson } from '../model';
import {
  CONDITION_TYPES as T,
  readConditions,
  setCondition,
  type ConditionReason,
} from '../status/conditions';
import { splitKey } from '../status/from-outputs';
import type { CachedKind, RawObject } from './cache';
import type { ReconcileContext, ReconcilerDeps } from './context';
import { statusCodeOf } from './kube-client';

/**
 * Every string in `value` with known secret values replaced. The engine redacts its own messages
 * already; this holds whatever path a value took (a failure message, an output, a typo'd field).
 */
export function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactDeep(v, redact)]),
    );
  }
  return value;
}

/** The Vitistack status this reconcile would write, redacted. */
export function vitistackStatusOf(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
): Record<string, unknown> {
  return redactDeep(ctx.draft.toStatus(), deps.redact) as Record<string, unknown>;
}

/** Writes the Vitistack's status; a Vitistack gone meanwhile (404) is not an error. */
export async function writeVitistackStatus(
  deps: ReconcilerDeps,
  ctx: ReconcileContext,
): Promise<void> {
  const status = vitistackStatusOf(deps, ctx);
  try {
    const written = await deps.writer.replaceStatus(ctx.ref, status);
    deps.cache.upsertWritten('Vitistack', written);
    ctx.raw = written;
  } catch (err) {
    if (statusCodeOf(err) === 404) return;
    throw err;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface MemberStatus {
  /** `Kind/namespace/name`. */
  readonly key: string;
  /** Fields to set (the rest of the written status is kept). */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly ready: {
    readonly ok: boolean;
    readonly reason: ConditionReason;
    readonly message: string;
  };
}

/** Writes one member's status when it differs from what is written; returns whether it wrote. */
export async function writeMemberStatus(deps: ReconcilerDeps, m: MemberStatus): Promise<boolean> {
  const { kind, namespace, name } = splitKey(m.key);
  const raw: RawObject | undefined = deps.cache.get(kind as CachedKind, `${namespace}/${name}`);
  if (raw === undefined) return false;
  const previous = isRecord(raw.status) ? raw.status : {};
  const now = new Date(deps.now()).toISOString();
  const generation = raw.metadata.generation;
  const conditions = setCondition(
    readConditions(previous),
    {
      type: T.Ready,
      status: m.ready.ok ? 'True' : 'False',
      reason: m.ready.reason,
      message: deps.redact(m.ready.message),
    },
    now,
    generation,
  );
  const next: Record<string, unknown> = {
    ...previous,
    ...(redactDeep(m.fields, deps.redact) as Record<string, unknown>),
    conditions,
    ...(m.ready.ok && generation !== undefined ? { observedGeneration: generation } : {}),
  };
  if (canonicalJson(next) === canonicalJson(previous)) return false;
  try {
    const written = await deps.writer.replaceStatus({ kind, namespace, name }, next);
    deps.cache.upsertWritten(kind as CachedKind, written);
  } catch (err) {
    if (statusCodeOf(err) === 404) return false;
    throw err;
  }
  return true;
}
