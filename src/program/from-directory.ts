// Directories (or files) of manifests -> the StackModel of one Vitistack in them, plus the
// values of the Secrets it references. Shared by the program of the root Pulumi.yaml
// (src/program/from-config.ts) and meant for the CLI too: both need "read, validate, pick the
// Vitistack, resolve, check the Secrets" with the same verdicts. No Pulumi here. Errors say
// what is wrong in words that fit any caller and carry structured data; callers add their own
// fix (a config key, a command-line option).
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { formatLocated, loadDocuments, type LocatedIssue } from '../api/documents';
import type { AnyResource, Vitistack } from '../api/v1alpha1';
import { readManifests } from '../api/yaml-source';
import { resolveStack, type StackModel } from '../model';
import type { ProgramInputs } from './inputs';

/** Secret values by `namespace/name`, then key. Never logged, never in a message. */
export type SecretValues = ProgramInputs['secrets'];

export type SourceErrorReason =
  | 'NotFound'
  | 'InvalidManifests'
  | 'NoVitistack'
  | 'AmbiguousVitistack'
  | 'UnknownVitistack'
  | 'MissingSecrets';

/** A Secret the stack references that was not supplied, or lacks keys. */
export interface MissingSecret {
  /** `namespace/name`. */
  readonly id: string;
  /** Whether the whole Secret is missing (else only `keys` are). */
  readonly absent: boolean;
  /** Keys the stack reads that are missing; empty when it takes the whole Secret. */
  readonly keys: readonly string[];
  readonly usedBy: readonly string[];
  /** The Secret holds AWS credentials (of an aws MachineProvider or eks KubernetesProvider). */
  readonly aws: boolean;
}

export interface SourceErrorDetails {
  /** `namespace/name` of every Vitistack found. */
  readonly found?: readonly string[];
  /** The validation errors, for InvalidManifests. */
  readonly issues?: readonly LocatedIssue[];
  /** For MissingSecrets. */
  readonly missing?: readonly MissingSecret[];
}

/** The manifests cannot give a StackModel. `message` is complete without any caller's fix. */
export class StackSourceError extends Error {
  override readonly name = 'StackSourceError';
  readonly found: readonly string[];
  readonly issues: readonly LocatedIssue[];
  readonly missing: readonly MissingSecret[];
  constructor(
    readonly reason: SourceErrorReason,
    message: string,
    details: SourceErrorDetails = {},
  ) {
    super(message);
    this.found = details.found ?? [];
    this.issues = details.issues ?? [];
    this.missing = details.missing ?? [];
  }
}

export interface DirectorySource {
  /** Directories or files of manifests; relative paths are resolved against `base`. */
  readonly paths: readonly string[];
  /** Base for relative paths and for the file names in messages. */
  readonly base: string;
  /** `namespace/name` of the Vitistack; optional when the manifests hold exactly one. */
  readonly vitistack?: string;
  /** Namespace of objects that name none (default `default`). */
  readonly namespace?: string;
  /** Namespaces references may point into besides the Vitistack's own. */
  readonly allowedNamespaces?: readonly string[];
  /** Secret values from elsewhere (config, environment): each replaces a manifest's whole. */
  readonly secrets?: SecretValues;
  /**
   * Every Secret the stack references must be supplied, with every key it names, as the
   * controller requires before it deploys (DependencyNotReady there). Defaults to false: the
   * offline render builds without them.
   */
  readonly requireSecrets?: boolean;
}

export interface DirectoryStack {
  readonly model: StackModel;
  /** Secret manifests' values, overridden per Secret by `DirectorySource.secrets`. */
  readonly secrets: SecretValues;
}

/** How messages show a file: relative to `base` when below it, else absolute. */
export function displayUnder(base: string): (file: string) => string {
  return (file) => {
    const rel = relative(base, file);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? resolve(file) : rel;
  };
}

const keyOf = (o: AnyResource): string => `${o.metadata.namespace}/${o.metadata.name}`;

/** Picks the Vitistack named `wanted`, or the only one; the message names what was found. */
export function chooseVitistack(
  objects: readonly AnyResource[],
  wanted: string | undefined,
  where: string,
): Vitistack {
  const stacks = objects.filter((o): o is Vitistack => o.kind === 'Vitistack');
  const found = stacks.map(keyOf).sort();
  if (wanted !== undefined) {
    const hit = stacks.find((v) => keyOf(v) === wanted);
    if (hit) return hit;
    throw new StackSourceError(
      'UnknownVitistack',
      `no Vitistack ${wanted} in ${where} (found: ${found.join(', ') || 'none'})`,
      { found },
    );
  }
  const [only] = stacks;
  if (only && stacks.length === 1) return only;
  if (stacks.length === 0) {
    throw new StackSourceError('NoVitistack', `no Vitistack in ${where}`, { found });
  }
  throw new StackSourceError(
    'AmbiguousVitistack',
    `${where} holds ${stacks.length} Vitistacks (${found.join(', ')}) and none was chosen`,
    { found },
  );
}

/** The Secrets `model` references that `secrets` lacks, whole or by key. */
export function missingSecrets(model: StackModel, secrets: SecretValues): MissingSecret[] {
  const aws = new Set<string>();
  for (const p of model.machineProviders) {
    if (p.type === 'aws' && p.credentialsSecret)
      aws.add(`${p.credentialsSecret.namespace}/${p.credentialsSecret.name}`);
  }
  for (const p of model.kubernetesProviders) {
    if (p.type === 'eks' && p.credentialsSecret)
      aws.add(`${p.credentialsSecret.namespace}/${p.credentialsSecret.name}`);
  }
  const out: MissingSecret[] = [];
  for (const ref of model.secretRefs) {
    const id = `${ref.namespace}/${ref.name}`;
    const have = secrets[id];
    const keys = have === undefined ? ref.keys : ref.keys.filter((k) => have[k] === undefined);
    if (have !== undefined && keys.length === 0) continue;
    out.push({ id, absent: have === undefined, keys, usedBy: ref.usedBy, aws: aws.has(id) });
  }
  return out;
}

function describeMissing(m: MissingSecret): string {
  const keys = m.keys.map((k) => `'${k}'`).join(', ');
  const what = m.absent
    ? `${m.id}${keys === '' ? '' : ` (keys ${keys})`}`
    : `${m.id} has no key ${keys}`;
  return `  - ${what}: ${m.usedBy.join('; ')}`;
}

/**
 * Reads, validates and resolves. Throws StackSourceError for a missing path, invalid manifests
 * (every error with file:line), a Vitistack that cannot be chosen, or (with `requireSecrets`)
 * Secrets not supplied; and ModelErrors from resolveStack.
 */
export function loadStackFromDirectory(source: DirectorySource): DirectoryStack {
  const display = displayUnder(source.base);
  const paths = source.paths.map((p) => resolve(source.base, p));
  const where = paths.map(display).join(', ');
  for (const p of paths) {
    if (!existsSync(p)) {
      throw new StackSourceError('NotFound', `${display(p)} does not exist (resolved to ${p})`);
    }
  }
  const parsed = readManifests(paths, display);
  const loaded = loadDocuments(parsed.documents, parsed.syntaxErrors, source.namespace);
  if (loaded.errors.length > 0) {
    const n = loaded.errors.length;
    const lines = loaded.errors.map((e) => `  ${formatLocated(e)}`).join('\n');
    throw new StackSourceError(
      'InvalidManifests',
      `${n} validation ${n === 1 ? 'error' : 'errors'} in ${where}:\n${lines}`,
      { issues: loaded.errors },
    );
  }
  const objects = loaded.objects.map((o) => o.object);
  const vitistack = chooseVitistack(objects, source.vitistack, where);
  // Secrets are checked below, against the values, rather than by resolveStack: the same
  // verdict (every referenced Secret and key), with structured data for the caller's fix.
  const model = resolveStack(vitistack, objects, {
    ...(source.allowedNamespaces ? { allowedNamespaces: source.allowedNamespaces } : {}),
  });
  const secrets: SecretValues = {
    ...Object.fromEntries(
      loaded.secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.values]),
    ),
    ...source.secrets,
  };
  const missing = source.requireSecrets === true ? missingSecrets(model, secrets) : [];
  if (missing.length > 0) {
    throw new StackSourceError(
      'MissingSecrets',
      `Vitistack ${keyOf(vitistack)} references Secrets that were not supplied:\n${missing.map(describeMissing).join('\n')}`,
      { missing },
    );
  }
  return { model, secrets };
}
