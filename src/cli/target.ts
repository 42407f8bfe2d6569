// The stack target of preview/up/destroy/refresh: the manifests -> one Vitistack's model, plus
// the values of the credential Secrets it references, from v1 Secret manifests (in the manifest
// paths or `--secrets-file`) or from the VITISTACK_SECRETS environment variable. Values are
// never printed; errors name keys and files only.
import { formatLocated } from '../api/documents';
import type { Vitistack } from '../api/v1alpha1';
import type { SecretValues, StackTarget } from '../engine/engine';
import { ModelErrors, resolveStack, secretInfoOf, type SecretInfo } from '../model';
import { validatePaths } from './validate';

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

/** Loads, validates and resolves; throws TargetError for anything the user must fix. */
export function loadTarget(
  paths: readonly string[],
  opts: TargetOptions,
  env: NodeJS.ProcessEnv,
): StackTarget {
  const loaded = validatePaths([...paths, ...opts.secretsFiles], opts.namespace);
  if (loaded.errors.length > 0) {
    const n = loaded.errors.length;
    throw new TargetError(
      `${loaded.errors.map(formatLocated).join('\n')}\n${n} validation ${n === 1 ? 'error' : 'errors'}; fix them first (vitistack validate)`,
    );
  }
  const objects = loaded.objects.map((o) => o.object);
  const stacks = objects.filter((o): o is Vitistack => o.kind === 'Vitistack');
  const keyOf = (v: Vitistack) => `${v.metadata.namespace}/${v.metadata.name}`;
  const found = stacks.map(keyOf).join(', ') || 'none';
  const chosen = opts.vitistack ? stacks.filter((v) => keyOf(v) === opts.vitistack) : stacks;
  const vitistack = chosen[0];
  if (!vitistack) {
    throw new TargetError(
      opts.vitistack
        ? `no Vitistack ${opts.vitistack} in ${paths.join(', ')} (found: ${found})`
        : `no Vitistack in ${paths.join(', ')}`,
    );
  }
  if (chosen.length > 1) {
    throw new TargetError(
      `${paths.join(', ')} holds ${chosen.length} Vitistacks (${found}); choose one with --vitistack <namespace/name>`,
    );
  }
  const secrets: Record<string, Readonly<Record<string, string>>> = {};
  const infos = new Map<string, SecretInfo>();
  for (const s of loaded.secrets) {
    const ref = `${s.metadata.namespace}/${s.metadata.name}`;
    secrets[ref] = s.values;
    infos.set(ref, secretInfoOf(s));
  }
  for (const [ref, values] of Object.entries(secretsFromEnv(env[SECRETS_ENV]))) {
    const [namespace = '', name = ''] = ref.split('/');
    secrets[ref] = values;
    infos.set(ref, { namespace, name, keys: Object.keys(values).sort() });
  }
  try {
    const model = resolveStack(vitistack, objects, {
      allowedNamespaces: opts.allowNamespace,
      secrets: [...infos.values()],
    });
    return { model, secrets };
  } catch (err) {
    if (err instanceof ModelErrors) {
      const missingSecret =
        err.message.includes("Secret '") && err.message.includes('does not exist');
      throw new TargetError(
        missingSecret
          ? `${err.message.trimEnd()}\nSupply the values of the Secrets with --secrets-file <YAML with v1 Secret manifests> or the ${SECRETS_ENV} environment variable ({"<namespace>/<name>": {"<key>": "<value>"}}).`
          : err.message,
      );
    }
    throw err;
  }
}
