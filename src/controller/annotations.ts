// The annotations that steer the controller on one Vitistack, read and checked. A bad value is
// a ValidationFailed naming the annotation, the value and what is allowed; it never falls back
// silently (a typo in `deletion-policy: Retian` must not destroy a stack).
import { ANNOTATIONS } from '../model';

export const MODES = ['apply', 'preview', 'approve'] as const;
export type Mode = (typeof MODES)[number];

export const DELETION_POLICIES = ['Delete', 'Retain'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export interface Steering {
  readonly mode: Mode;
  readonly paused: boolean;
  readonly deletionPolicy: DeletionPolicy;
  readonly driftRemediation: 'auto' | 'manual';
  readonly approvePlan?: string;
  readonly reconcileRequest?: string;
}

export type SteeringResult =
  | { readonly ok: true; readonly steering: Steering }
  | { readonly ok: false; readonly errors: readonly string[] };

function pick<T extends string>(
  annotations: Readonly<Record<string, string>>,
  key: string,
  allowed: readonly T[],
  fallback: T,
  errors: string[],
): T {
  const value = annotations[key];
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  errors.push(
    `metadata.annotations["${key}"]: ${JSON.stringify(value)} is not allowed; use ${allowed.map((a) => `"${a}"`).join(', ')} (or remove the annotation for "${fallback}").`,
  );
  return fallback;
}

/** Reads the steering annotations; `defaultMode` is the controller's `--mode`. */
export function readSteering(
  annotations: Readonly<Record<string, string>> | undefined,
  defaultMode: Mode,
): SteeringResult {
  const a = annotations ?? {};
  const errors: string[] = [];
  const mode = pick(a, ANNOTATIONS.mode, MODES, defaultMode, errors);
  const paused = pick(a, ANNOTATIONS.paused, ['true', 'false'], 'false', errors) === 'true';
  const deletionPolicy = pick(a, ANNOTATIONS.deletionPolicy, DELETION_POLICIES, 'Delete', errors);
  const driftRemediation = pick(
    a,
    ANNOTATIONS.driftRemediation,
    ['auto', 'manual'],
    'manual',
    errors,
  );
  if (errors.length > 0) return { ok: false, errors };
  const approvePlan = a[ANNOTATIONS.approvePlan];
  const reconcileRequest = a[ANNOTATIONS.reconcileRequest];
  return {
    ok: true,
    steering: {
      mode,
      paused,
      deletionPolicy,
      driftRemediation,
      ...(approvePlan !== undefined && approvePlan !== '' ? { approvePlan } : {}),
      ...(reconcileRequest !== undefined ? { reconcileRequest } : {}),
    },
  };
}
