// Loads a CrossGuard policy pack (ours or a third party's) into this process without starting its
// analyzer server, so `vitistack render` can evaluate it offline (policy-eval.ts).
//
// A pack's program calls `new PolicyPack(name, args, initialConfig?)` from '@pulumi/policy', whose
// constructor reads package.json from the working directory and starts a gRPC server (a second
// pack exits the process). While the pack's entry module is required, requests for
// '@pulumi/policy' (and '@pulumi/policy/policy') get the pack's own copy of the package with
// `PolicyPack` swapped for a recorder; everything else (validateResourceOfType, ...) is real.
// Meanwhile the `serve` of the real server (the pack's copy and ours) throws, so a pack that
// reaches the real PolicyPack another way fails to load instead of serving.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type {
  EnforcementLevel,
  PolicyPackConfig,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy/policy';

export type PackPolicy = ResourceValidationPolicy | StackValidationPolicy;

export interface LoadedPack {
  /** Absolute directory of the pack. */
  readonly dir: string;
  /** Absolute path of the module that was loaded (package.json `main`, else `index.js`). */
  readonly entry: string;
  /** The name the pack gave its PolicyPack. */
  readonly name: string;
  /** PulumiPolicy.yaml `version`, else package.json `version` (what the engine reports). */
  readonly version: string;
  /** The PolicyPack's `description`, else PulumiPolicy.yaml's. */
  readonly description?: string;
  /** Level of policies that set none: the PolicyPack's `enforcementLevel`, else advisory. */
  readonly enforcementLevel: EnforcementLevel;
  readonly policies: readonly PackPolicy[];
  /** The PolicyPack's third argument: applied over the defaults, under any config given. */
  readonly initialConfig?: PolicyPackConfig;
}

/** A pack that cannot be loaded; the message names the pack directory and the fix. */
export class PolicyPackLoadError extends Error {
  override readonly name = 'PolicyPackLoadError';
  constructor(
    readonly dir: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`policy pack ${dir}: ${message}`, options);
  }
}

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  'advisory',
  'mandatory',
  'remediate',
  'disabled',
];

/** The pack name rule of @pulumi/policy's server. */
const PACK_NAME = /^[a-zA-Z0-9-_.]{1,100}$/;
const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'];
/** The requests that get the recording PolicyPack. */
const SWAPPED = new Set(['@pulumi/policy', '@pulumi/policy/policy', '@pulumi/policy/policy.js']);

interface ModuleInternals {
  _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
  _resolveFilename: (request: string, parent: unknown, isMain?: boolean) => string;
}

interface ServerModule {
  serve?: unknown;
}

interface Constructed {
  readonly name: unknown;
  readonly args: unknown;
  readonly initialConfig: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(file: string, dir: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PolicyPackLoadError(
      dir,
      `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  if (!isRecord(parsed)) throw new PolicyPackLoadError(dir, `${file} must hold a JSON object.`);
  return parsed;
}

interface PolicyProject {
  readonly runtime?: string;
  readonly version?: string;
  readonly description?: string;
}

/** PulumiPolicy.yaml, when the pack has one. */
function readPolicyProject(dir: string, shown: string): PolicyProject {
  const file = join(dir, 'PulumiPolicy.yaml');
  if (!existsSync(file)) return {};
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PolicyPackLoadError(
      shown,
      `PulumiPolicy.yaml is not valid YAML (${(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''}).`,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (!isRecord(doc)) throw new PolicyPackLoadError(shown, 'PulumiPolicy.yaml must be a mapping.');
  const runtime = isRecord(doc.runtime) ? doc.runtime.name : doc.runtime;
  const version = doc.version;
  return {
    ...(typeof runtime === 'string' ? { runtime } : {}),
    ...(typeof version === 'string' || typeof version === 'number'
      ? { version: String(version) }
      : {}),
    ...(typeof doc.description === 'string' ? { description: doc.description } : {}),
  };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** Node's resolution of a file path: as is, with `.js`/`.cjs`, or a directory's index.js. */
function resolveFile(path: string): string | undefined {
  for (const candidate of [path, `${path}.js`, `${path}.cjs`, join(path, 'index.js')]) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/** How a path is shown: relative to the working directory when under it. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function typeScriptError(shown: string, dir: string, file: string, missing?: string): Error {
  const compile =
    `compile the pack first (e.g. \`npm run build\` in ${shownPath(dir)}) and point "main" in ` +
    `its package.json at the compiled JavaScript`;
  return new PolicyPackLoadError(
    shown,
    missing === undefined
      ? `its entry ${shownPath(file)} is TypeScript, which cannot be loaded without compiling; ${compile}.`
      : `its entry ${shownPath(missing)} does not exist and its source ${shownPath(file)} is TypeScript, which cannot be loaded without compiling; ${compile}.`,
  );
}

/** The pack's entry module: package.json `main`, else index.js. */
function entryOf(dir: string, shown: string, pkg: Record<string, unknown> | undefined): string {
  const main = typeof pkg?.main === 'string' && pkg.main !== '' ? pkg.main : undefined;
  const wanted = resolve(dir, main ?? 'index.js');
  const found = resolveFile(wanted);
  if (found !== undefined) {
    if (TS_EXTENSIONS.includes(extname(found))) throw typeScriptError(shown, dir, found);
    return found;
  }
  const stem = extname(wanted) === '.js' ? wanted.slice(0, -3) : wanted;
  const source = [`${stem}.ts`, join(dir, 'index.ts')].find(isFile);
  if (source !== undefined) throw typeScriptError(shown, dir, source, wanted);
  throw new PolicyPackLoadError(
    shown,
    main !== undefined
      ? `its entry ${shownPath(wanted)} (package.json "main") does not exist.`
      : `it has no entry: no index.js and no "main" in a package.json.`,
  );
}

/** The `type` of the package.json nearest to a file. */
function moduleTypeOf(file: string): string | undefined {
  let dir = dirname(file);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (isFile(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as unknown;
        return isRecord(pkg) && typeof pkg.type === 'string' ? pkg.type : undefined;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function inNodeModules(file: string): boolean {
  return file.split(sep).includes('node_modules');
}

function isUnder(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * Requires `entry` with '@pulumi/policy' swapped; returns every PolicyPack it constructed. The
 * pack's own modules are dropped from the require cache before and after, so a pack loads (and
 * constructs its PolicyPack) again each time; shared dependencies (node_modules) stay cached.
 */
function requireRecording(entry: string, dir: string): Constructed[] {
  const constructed: Constructed[] = [];
  class RecordingPolicyPack {
    readonly name: unknown;
    readonly policies: unknown;
    constructor(name: unknown, args: unknown, initialConfig?: unknown) {
      this.name = name;
      this.policies = isRecord(args) ? args.policies : undefined;
      constructed.push({ name, args, initialConfig });
    }
  }
  const loader = Module as unknown as ModuleInternals;
  const originalLoad = loader._load;
  const ours = createRequire(__filename);
  const swapped = new Map<string, object>();
  const guarded = new Map<ServerModule, unknown>();

  const guardServer = (policyFile: string, parent: unknown): void => {
    const serverFile = join(dirname(policyFile), 'server.js');
    if (!isFile(serverFile)) return;
    const server = originalLoad.call(loader, serverFile, parent, false) as ServerModule;
    if (guarded.has(server)) return;
    guarded.set(server, server.serve);
    server.serve = () => {
      throw new Error(
        `${shownPath(entry)} constructed a PolicyPack that could not be intercepted (a copy of @pulumi/policy loaded another way); it would start an analyzer server`,
      );
    };
  };

  const substitute = (request: string, parent: unknown): object => {
    let file: string;
    try {
      file = loader._resolveFilename(request, parent, false);
    } catch {
      // The pack's dependencies are not installed: use ours for the swapped package.
      file = ours.resolve(request);
    }
    const cached = swapped.get(file);
    if (cached) return cached;
    guardServer(file, parent);
    const real = originalLoad.call(loader, file, parent, false) as object;
    const copy: Record<string, unknown> = {};
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(real))) {
      if (key !== 'PolicyPack') Object.defineProperty(copy, key, descriptor);
    }
    Object.defineProperty(copy, 'PolicyPack', { enumerable: true, value: RecordingPolicyPack });
    swapped.set(file, copy);
    return copy;
  };

  const cache = ours.cache;
  const entryDir = dirname(entry);
  const packOwned = (file: string) =>
    !inNodeModules(file) && (isUnder(file, dir) || isUnder(file, entryDir));
  for (const key of Object.keys(cache)) if (packOwned(key)) Reflect.deleteProperty(cache, key);
  const before = new Set(Object.keys(cache));

  const packRequire = createRequire(join(dir, 'package.json'));
  try {
    // Guard the copies a pack can reach before it asks for one: its own and ours.
    for (const from of [packRequire, ours]) {
      let index: string | undefined;
      try {
        index = from.resolve('@pulumi/policy');
      } catch {
        index = undefined;
      }
      if (index !== undefined) guardServer(index, null);
    }
    loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean) {
      if (SWAPPED.has(request)) return substitute(request, parent);
      return originalLoad.call(this, request, parent, isMain);
    };
    packRequire(entry);
  } finally {
    loader._load = originalLoad;
    for (const [server, serve] of guarded) server.serve = serve;
    for (const key of Object.keys(cache)) {
      if (!before.has(key) && !inNodeModules(key)) Reflect.deleteProperty(cache, key);
    }
  }
  return constructed;
}

function loadError(shown: string, entry: string, err: unknown): PolicyPackLoadError {
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  const code = isRecord(err) ? err.code : undefined;
  const hint =
    code === 'MODULE_NOT_FOUND'
      ? `; install the pack's dependencies (\`npm install\` in ${shown})`
      : '';
  return new PolicyPackLoadError(
    shown,
    `loading ${shownPath(entry)} failed: ${message ?? ''}${hint}.`,
    { cause: err },
  );
}

function checkLevel(shown: string, where: string, level: unknown): EnforcementLevel | undefined {
  if (level === undefined) return undefined;
  if (typeof level === 'string' && (ENFORCEMENT_LEVELS as readonly string[]).includes(level)) {
    return level as EnforcementLevel;
  }
  throw new PolicyPackLoadError(
    shown,
    `${where} has enforcementLevel ${JSON.stringify(level)}; use advisory, mandatory, remediate or disabled.`,
  );
}

function isValidation(v: unknown): boolean {
  return typeof v === 'function' || (Array.isArray(v) && v.every((f) => typeof f === 'function'));
}

/** The checks @pulumi/policy's server makes before serving, plus the shape of each policy. */
function checkPolicies(shown: string, packName: string, raw: unknown): PackPolicy[] {
  if (!Array.isArray(raw)) {
    throw new PolicyPackLoadError(shown, `PolicyPack "${packName}" has no policies array.`);
  }
  return raw.map((p: unknown, i) => {
    const where = `policy ${String(i)} of PolicyPack "${packName}"`;
    if (!isRecord(p) || typeof p.name !== 'string' || p.name === '') {
      throw new PolicyPackLoadError(shown, `${where} has no name.`);
    }
    const named = `policy "${p.name}" of PolicyPack "${packName}"`;
    if (p.name === 'all') {
      throw new PolicyPackLoadError(shown, `${named}: "all" is a reserved policy name.`);
    }
    const resource = isValidation(p.validateResource) || typeof p.remediateResource === 'function';
    if (!resource && typeof p.validateStack !== 'function') {
      throw new PolicyPackLoadError(
        shown,
        `${named} has neither validateResource, remediateResource nor validateStack.`,
      );
    }
    checkLevel(shown, named, p.enforcementLevel);
    const schema = p.configSchema;
    if (schema !== undefined) {
      if (!isRecord(schema) || !isRecord(schema.properties)) {
        throw new PolicyPackLoadError(shown, `${named}: configSchema must have "properties".`);
      }
      if ('enforcementLevel' in schema.properties) {
        throw new PolicyPackLoadError(
          shown,
          `${named}: enforcementLevel cannot be a property of configSchema.`,
        );
      }
      const required: unknown = schema.required;
      if (required !== undefined && !Array.isArray(required)) {
        throw new PolicyPackLoadError(shown, `${named}: configSchema.required must be an array.`);
      }
      if (Array.isArray(required) && required.includes('enforcementLevel')) {
        throw new PolicyPackLoadError(
          shown,
          `${named}: "enforcementLevel" cannot be in configSchema.required.`,
        );
      }
    }
    return p as unknown as PackPolicy;
  });
}

/**
 * Loads the policy pack in `dir`: runs its entry module with a recording PolicyPack and returns
 * what it constructed. Throws PolicyPackLoadError when the directory, the entry or the pack is
 * not usable (TypeScript entry, ES module, no PolicyPack or several, a bad policy).
 */
export function loadPolicyPack(dir: string): LoadedPack {
  const abs = resolve(dir);
  const shown = dir;
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new PolicyPackLoadError(shown, "no such directory (give a CrossGuard pack's directory).");
  }
  const pkg = readJson(join(abs, 'package.json'), shown);
  const project = readPolicyProject(abs, shown);
  if (project.runtime !== undefined && project.runtime !== 'nodejs') {
    throw new PolicyPackLoadError(
      shown,
      `its runtime is ${project.runtime} (PulumiPolicy.yaml); only Node.js packs can be evaluated offline.`,
    );
  }
  const entry = entryOf(abs, shown, pkg);
  if (extname(entry) === '.mjs' || (extname(entry) === '.js' && moduleTypeOf(entry) === 'module')) {
    throw new PolicyPackLoadError(
      shown,
      `its entry ${shownPath(entry)} is an ES module; only CommonJS packs can be evaluated offline (compile the pack to CommonJS).`,
    );
  }
  let constructed: Constructed[];
  try {
    constructed = requireRecording(entry, abs);
  } catch (err) {
    throw loadError(shown, entry, err);
  }
  const [first, ...others] = constructed;
  if (first === undefined) {
    throw new PolicyPackLoadError(
      shown,
      `${shownPath(entry)} constructs no PolicyPack; a pack's program must call new PolicyPack(name, { policies }) from '@pulumi/policy'.`,
    );
  }
  if (others.length > 0) {
    const names = constructed.map((c) => JSON.stringify(c.name)).join(', ');
    throw new PolicyPackLoadError(
      shown,
      `${shownPath(entry)} constructs ${String(constructed.length)} PolicyPacks (${names}); a pack may construct only one.`,
    );
  }
  const name = first.name;
  if (typeof name !== 'string' || !PACK_NAME.test(name)) {
    throw new PolicyPackLoadError(
      shown,
      `invalid PolicyPack name ${JSON.stringify(name)}: use letters, digits, "-", "_" and "." only (at most 100).`,
    );
  }
  const args = isRecord(first.args) ? first.args : {};
  const policies = checkPolicies(shown, name, args.policies);
  const version =
    project.version ??
    (typeof pkg?.version === 'string' && pkg.version !== '' ? pkg.version : undefined);
  if (version === undefined) {
    throw new PolicyPackLoadError(
      shown,
      'it has no version: set "version" in its package.json (as @pulumi/policy requires).',
    );
  }
  const enforcementLevel =
    checkLevel(shown, `PolicyPack "${name}"`, args.enforcementLevel) ?? 'advisory';
  const description = typeof args.description === 'string' ? args.description : project.description;
  const initialConfig = first.initialConfig;
  if (initialConfig !== undefined && !isRecord(initialConfig)) {
    throw new PolicyPackLoadError(
      shown,
      `the initial config of PolicyPack "${name}" must be an object.`,
    );
  }
  return {
    dir: abs,
    entry,
    name,
    version,
    ...(description !== undefined ? { description } : {}),
    enforcementLevel,
    policies,
    ...(initialConfig !== undefined ? { initialConfig: initialConfig as PolicyPackConfig } : {}),
  };
}
