// The stack config of the root Pulumi.yaml program: which manifests, which Vitistack, and the
// credential Secrets' values. Pure parsing over a ConfigSource, so tests need no engine.
import * as pulumi from '@pulumi/pulumi';
import type { SecretValues } from './from-directory';

export const CONFIG_KEYS = {
  /** Directory (or file) of manifests, relative to the directory of Pulumi.yaml or absolute. */
  manifests: 'vitistack:manifests',
  /** `namespace/name` of the Vitistack this stack deploys. */
  vitistack: 'vitistack:vitistack',
  /** `{"<namespace>/<name>": {"<key>": "<value>"}}`, set as secret config. */
  secrets: 'vitistack:secrets',
  /** Namespaces references may reach besides the Vitistack's own (list, or comma-separated). */
  allowNamespaces: 'vitistack:allowNamespaces',
} as const;

/** What the program reads config through: the Pulumi runtime, or a test's map. */
export interface ConfigSource {
  /** The stack's name, for the commands in messages. */
  readonly stack: string;
  /** The raw (decrypted) value of a full key such as `vitistack:manifests`. */
  get(key: string): string | undefined;
  /** Whether the key was set with `--secret`. */
  isSecret(key: string): boolean;
}

export interface StackConfig {
  readonly manifests: string;
  readonly vitistack?: string;
  readonly secrets: SecretValues;
  readonly allowedNamespaces: readonly string[];
  /** Things the user should know (e.g. secrets stored in plain text); never holds a value. */
  readonly warnings: readonly string[];
}

/**
 * Bad stack config or manifests. A Pulumi RunError: the Node runtime prints only the message
 * (no stack trace) and fails the program. Messages never hold a Secret value.
 */
export class StackConfigError extends pulumi.RunError {
  override readonly name = 'StackConfigError';
}

const NAMESPACED = /^[^/\s]+\/[^/\s]+$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The `--path` command that sets one key of one Secret (the value left as a placeholder). */
export function secretCommand(stack: string, secret: string, key: string, typed = false): string {
  const type = typed ? ' --type string' : '';
  return `pulumi config set -s ${stack} --secret${type} --path '${CONFIG_KEYS.secrets}["${secret}"]["${key}"]' <value>`;
}

/**
 * Parses `vitistack:secrets`. The text is secret: no message quotes it, not even in part (so
 * no JSON.parse or Config.getObject error, which would, reaches the user).
 */
export function parseSecrets(text: string, stack: string): SecretValues {
  const shape = `{"<namespace>/<name>": {"<key>": "<value>"}}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StackConfigError(
      `${CONFIG_KEYS.secrets} is not valid JSON (its value is not shown: it holds secrets); set it to ${shape}, or key by key: ${secretCommand(stack, '<namespace>/<name>', '<key>')}`,
    );
  }
  if (!isRecord(parsed)) {
    throw new StackConfigError(
      `${CONFIG_KEYS.secrets} is ${typeName(parsed)}; it must be a JSON object ${shape}`,
    );
  }
  const out: Record<string, Record<string, string>> = {};
  const problems: string[] = [];
  for (const [secret, values] of Object.entries(parsed)) {
    const at = `${CONFIG_KEYS.secrets}["${secret}"]`;
    if (!NAMESPACED.test(secret)) {
      problems.push(
        `${at}: "${secret}" is not <namespace>/<name> (e.g. production/aws-credentials)`,
      );
      continue;
    }
    if (!isRecord(values)) {
      problems.push(`${at} is ${typeName(values)}; it must be an object of "<key>": "<value>"`);
      continue;
    }
    const keys: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'string') keys[key] = value;
      else {
        // `--path` stores 123 and true as a number and a boolean: converting back could lose
        // leading zeros or digits, so the value must be set again as a string.
        problems.push(
          `${at}["${key}"] is ${typeName(value)}; Secret values must be strings: ${secretCommand(stack, secret, key, true)}`,
        );
      }
    }
    out[secret] = keys;
  }
  if (problems.length > 0) throw new StackConfigError(problems.join('\n'));
  return out;
}

/** `vitistack:allowNamespaces`: a JSON list (set with --path) or a comma-separated string. */
export function parseNamespaces(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  if (text.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((x): x is string => typeof x === 'string')) {
      throw new StackConfigError(
        `${CONFIG_KEYS.allowNamespaces} must be a list of namespaces or a comma-separated string (got ${text})`,
      );
    }
    return parsed.map((x) => x.trim()).filter((x) => x !== '');
  }
  return text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Reads and checks every key; throws StackConfigError naming the key and the fix. */
export function readStackConfig(source: ConfigSource): StackConfig {
  const manifests = source.get(CONFIG_KEYS.manifests)?.trim();
  if (manifests === undefined || manifests === '') {
    throw new StackConfigError(
      `${CONFIG_KEYS.manifests} is not set: set it to the directory of manifests this stack deploys, relative to the directory of Pulumi.yaml (e.g. pulumi config set -s ${source.stack} ${CONFIG_KEYS.manifests} stacks/aws-production)`,
    );
  }
  const vitistack = source.get(CONFIG_KEYS.vitistack)?.trim();
  if (vitistack !== undefined && vitistack !== '' && !NAMESPACED.test(vitistack)) {
    throw new StackConfigError(
      `${CONFIG_KEYS.vitistack} "${vitistack}" is not <namespace>/<name> (e.g. pulumi config set -s ${source.stack} ${CONFIG_KEYS.vitistack} production/aws-production)`,
    );
  }
  const raw = source.get(CONFIG_KEYS.secrets);
  const warnings: string[] = [];
  if (raw !== undefined && !source.isSecret(CONFIG_KEYS.secrets)) {
    warnings.push(
      `${CONFIG_KEYS.secrets} is stored in plain text in the stack config; set it again with --secret (${secretCommand(source.stack, '<namespace>/<name>', '<key>')})`,
    );
  }
  return {
    manifests,
    ...(vitistack !== undefined && vitistack !== '' ? { vitistack } : {}),
    secrets: raw === undefined || raw.trim() === '' ? {} : parseSecrets(raw, source.stack),
    allowedNamespaces: parseNamespaces(source.get(CONFIG_KEYS.allowNamespaces)),
    warnings,
  };
}
