// The program of the root Pulumi.yaml: stack config -> manifests -> StackModel -> the stack
// program in deploy mode, its outputs as stack outputs. Every input problem becomes one
// StackConfigError whose message names the config key, file or field and the fix.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { CREDENTIAL_KEYS } from '../components/aws/provider';
import { ModelErrors } from '../model';
import { stackOutputs, type StackOutputMap } from './entry';
import {
  loadStackFromDirectory,
  StackSourceError,
  type DirectoryStack,
  type MissingSecret,
} from './from-directory';
import { ProgramInputError } from './program';
import {
  CONFIG_KEYS,
  readStackConfig,
  secretCommand,
  StackConfigError,
  type ConfigSource,
  type StackConfig,
} from './stack-config';

/**
 * Config through the Node runtime's raw config map, which holds decrypted values of secret keys.
 * Why not `pulumi.Config`: `getSecretObject` gives an Output, but the model and the program need
 * the plain strings before any resource exists (resources must not be created inside an apply);
 * and `getObject` on a malformed value throws a ConfigTypeError that quotes the whole value, which
 * for `vitistack:secrets` would print the secrets. Reading the raw string and parsing it ourselves
 * also avoids the "secret read as plain" warning some SDK versions log for `get`. The values stay
 * secret where it matters: the program wraps every credential in pulumi.secret.
 */
export function pulumiConfigSource(): ConfigSource {
  // `isConfigSecret` is exported by the runtime but left out of its type declarations; without
  // it, every key counts as secret (no warning rather than a wrong one).
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  const isConfigSecret = runtime.isConfigSecret;
  return {
    stack: pulumi.getStack(),
    get: (key) => pulumi.runtime.getConfig(key),
    isSecret: (key) => (typeof isConfigSecret === 'function' ? isConfigSecret(key) : true),
  };
}

/**
 * The directory of Pulumi.yaml, the base of `vitistack:manifests`. Not process.cwd(): with
 * `main: dist/src/index.js` the CLI starts the program in dist/src. Newer CLIs pass the project
 * root (pulumi.getRootDirectory()); the SDK answers the placeholder "rootDirectory" when none was
 * passed (and under mocks), so then the nearest Pulumi.yaml up from the working directory counts.
 */
export function projectRoot(
  reported: string = pulumi.getRootDirectory(),
  cwd: string = process.cwd(),
): string {
  if (isAbsolute(reported) && existsSync(reported)) return reported;
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'Pulumi.yaml')) || existsSync(join(dir, 'Pulumi.yml'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** The commands that supply the missing Secrets key by key (AWS credentials: their two keys). */
function secretCommands(missing: readonly MissingSecret[], stack: string): string[] {
  const awsKeys = [CREDENTIAL_KEYS.accessKeyId[0], CREDENTIAL_KEYS.secretAccessKey[0]];
  return missing.flatMap((m) => {
    const keys = m.keys.length > 0 ? m.keys : m.aws ? awsKeys : ['<key>'];
    return keys.map((k) => `  ${secretCommand(stack, m.id, k)}`);
  });
}

/** Why the manifests cannot be used, with the fix in terms of stack config. */
function sourceMessage(err: StackSourceError, config: StackConfig, stack: string): string {
  const set = (key: string, value: string) => `pulumi config set -s ${stack} ${key} ${value}`;
  switch (err.reason) {
    case 'NotFound':
      return `${CONFIG_KEYS.manifests}: ${err.message}; set it to a directory of manifests, relative to the directory of Pulumi.yaml or absolute (${set(CONFIG_KEYS.manifests, '<directory>')})`;
    case 'InvalidManifests':
      return `${CONFIG_KEYS.manifests}: ${err.message}\nFix the manifests (npm run vitistack -- validate ${config.manifests} lists the same errors)`;
    case 'NoVitistack':
      return `${CONFIG_KEYS.manifests}: ${err.message}; point it at a directory that holds the Vitistack this stack deploys`;
    case 'AmbiguousVitistack':
      return `${CONFIG_KEYS.vitistack} is not set and ${err.message}; choose the one this stack deploys (${set(CONFIG_KEYS.vitistack, err.found[0] ?? '<namespace>/<name>')})`;
    case 'UnknownVitistack':
      return `${CONFIG_KEYS.vitistack}: ${err.message}; set it to one of those (${set(CONFIG_KEYS.vitistack, '<namespace>/<name>')})`;
    case 'MissingSecrets':
      return [
        err.message,
        `Supply them as secret stack config, key by key (or as v1 Secret manifests in ${config.manifests}):`,
        ...secretCommands(err.missing, stack),
      ].join('\n');
  }
}

/** The manifests the config names -> model and secrets; problems as StackConfigErrors. */
export function loadFromConfig(config: StackConfig, stack: string, root: string): Loaded {
  try {
    const loaded = loadStackFromDirectory({
      paths: [config.manifests],
      base: root,
      ...(config.vitistack !== undefined ? { vitistack: config.vitistack } : {}),
      allowedNamespaces: config.allowedNamespaces,
      secrets: config.secrets,
      // As the controller and `vitistack preview`: a deployment needs every Secret referenced.
      requireSecrets: true,
    });
    return { config, ...loaded };
  } catch (err) {
    if (err instanceof StackSourceError) {
      throw new StackConfigError(sourceMessage(err, config, stack));
    }
    if (err instanceof ModelErrors) {
      const refused = err.errors.some((e) => e.reason === 'CrossNamespaceRefused');
      const hint = refused
        ? `\nWith plain pulumi, allow a namespace with: pulumi config set -s ${stack} --path '${CONFIG_KEYS.allowNamespaces}[0]' <namespace>`
        : '';
      throw new StackConfigError(`${err.message}${hint}`);
    }
    throw err;
  }
}

interface Loaded extends DirectoryStack {
  readonly config: StackConfig;
}

export interface RunOptions {
  readonly source?: ConfigSource;
  readonly root?: string;
  /** Where config warnings go (never a value); pulumi.log.warn by default. */
  readonly warn?: (message: string) => void;
}

/**
 * The whole program: returns one stack output per key of StackOutputs. Bad input fails it with
 * one StackConfigError; anything else is a bug and keeps its stack.
 */
export async function runFromConfig(opts: RunOptions = {}): Promise<StackOutputMap> {
  const source = opts.source ?? pulumiConfigSource();
  const config = readStackConfig(source);
  const warn = opts.warn ?? ((m: string) => void pulumi.log.warn(m));
  for (const w of config.warnings) warn(w);
  const loaded = loadFromConfig(config, source.stack, opts.root ?? projectRoot());
  try {
    return await stackOutputs({ model: loaded.model, secrets: loaded.secrets, mode: 'deploy' });
  } catch (err) {
    // Every referenced Secret was checked above; what is left names fields and keys (a region,
    // credential key names), never a value.
    if (err instanceof ProgramInputError) throw new StackConfigError(err.message);
    throw err;
  }
}
