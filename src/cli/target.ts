// The stack target of preview/up/destroy/refresh: the manifests -> one Vitistack's model, plus
// the values of the credential Secrets it references, from v1 Secret manifests (in the manifest
// paths or `--secrets-file`) or from the VITISTACK_SECRETS environment variable. Values are
// never printed; errors name keys and files only.
import type { SecretValues, StackTarget } from '../engine/engine';
import { ModelErrors } from '../model';
import {
  loadStackFromDirectory,
  StackSourceError,
  type SourceErrorReason,
} from '../program/from-directory';

/** Bad input: the command exits 2 with this message. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

export interface TargetOptions {
  readonly namespace: string;
  /** `namespace/name`; required when the paths hold more than one Vitistack. */
  readonly vitistack?: string;
  readonly allowNamespace: readonly string[];
  /** YAML files with v1 Secrets (kept out of the manifest directory, e.g. in CI). */
  readonly secretsFiles: readonly string[];
}

export const SECRETS_ENV = 'VITISTACK_SECRETS';

/**
 * Secret values from `VITISTACK_SECRETS`: a JSON object `{"<namespace>/<name>": {"<key>":
 * "<value>"}}`. Errors say where the shape is wrong, never what the values are.
 */
export function secretsFromEnv(text: string | undefined): SecretValues {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TargetError(
      `${SECRETS_ENV} is not valid JSON; set it to {"<namespace>/<name>": {"<key>": "<value>"}}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TargetError(
      `${SECRETS_ENV} must be a JSON object {"<namespace>/<name>": {"<key>": "<value>"}}`,
    );
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [ref, values] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(ref)) {
      throw new TargetError(
        `${SECRETS_ENV}: key ${JSON.stringify(ref)} is not "<namespace>/<name>" of a Secret`,
      );
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new TargetError(`${SECRETS_ENV}["${ref}"] must be an object of string values`);
    }
    const entries = Object.entries(values as Record<string, unknown>);
    const bad = entries.find(([, v]) => typeof v !== 'string');
    if (bad) {
      throw new TargetError(
        `${SECRETS_ENV}["${ref}"].${bad[0]} must be a string (its value is not shown)`,
      );
    }
    out[ref] = Object.fromEntries(entries) as Record<string, string>;
  }
  return out;
}

/** The fix on the command line for each way the manifests can fall short. */
const CLI_FIX: Partial<Record<SourceErrorReason, string>> = {
  AmbiguousVitistack: 'choose one with --vitistack <namespace/name>',
  InvalidManifests: 'fix them first (vitistack validate)',
  MissingSecrets: `supply their values with --secrets-file <YAML with v1 Secret manifests> or the ${SECRETS_ENV} environment variable ({"<namespace>/<name>": {"<key>": "<value>"}})`,
};

/** Loads, validates and resolves; throws TargetError for anything the user must fix. */
export function loadTarget(
  paths: readonly string[],
  opts: TargetOptions,
  env: NodeJS.ProcessEnv,
): StackTarget {
  try {
    return loadStackFromDirectory({
      paths: [...paths, ...opts.secretsFiles],
      base: process.cwd(),
      namespace: opts.namespace,
      allowedNamespaces: opts.allowNamespace,
      ...(opts.vitistack !== undefined ? { vitistack: opts.vitistack } : {}),
      secrets: secretsFromEnv(env[SECRETS_ENV]),
      requireSecrets: true,
    });
  } catch (err) {
    if (err instanceof StackSourceError) {
      const fix = CLI_FIX[err.reason];
      throw new TargetError(fix !== undefined ? `${err.message}\n${fix}` : err.message);
    }
    if (err instanceof ModelErrors) throw new TargetError(err.message);
    throw err;
  }
}
