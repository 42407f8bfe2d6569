// Offline CrossGuard: evaluates loaded policy packs (policy-pack-loader.ts) against the resources
// of an offline render, the way `pulumi preview --policy-pack` would, with no engine and no
// analyzer server. It mirrors @pulumi/policy 1.21's server.js and the engine's side of it:
//
// - Resource policies (`validateResource`) run on every registered resource, components and
//   providers included, and on the root `pulumi:pulumi:Stack` the engine creates (the step
//   generator analyzes every goal, not only custom ones), in registration order; for each
//   resource, pack by pack, policy by policy. `props` are the resource's *inputs*.
// - Stack policies (`validateStack`) run once per pack after that, on every resource with its
//   *outputs* (for the render: the mocks' state; the root stack's are the stack outputs), its
//   parent, dependencies and provider as objects.
// - Props go through @pulumi/policy's own `deserializeProperties` (secrets unwrapped to plain
//   values, assets as asset objects) and `unknownCheckingProxy`. Resource references become the
//   referenced id (or URN for components) and internal `__` keys are dropped, as the engine's
//   marshalling does. The mocks resolve everything, so no value is unknown.
// - Levels: config (`all` first, then the policy's own entry) over the PolicyPack's initial
//   config over the policy's `enforcementLevel` over the pack's (advisory by default).
//   `disabled` skips the policy; `remediate` is reported as mandatory (remediations do not run).
// - `args.notApplicable()` throws a marker caught here: not a violation. A policy that throws
//   anything else fails the evaluation with an error naming pack, policy and resource.
// - Messages are the engine's (`description`, newline, the reported text), with every secret
//   value found among the resources replaced by `[secret]`.
// - Config is reconciled and validated as the CLI does (policy-pack-config.ts).
// Not mirrored: propertyDependencies (the mocks do not record them; always `{}`), resource
// options the render does not record (ignoreChanges, aliases, custom timeouts: empty), provider
// `Check` defaults, and default providers (the program names its providers).
import { createRequire } from 'node:module';
import type {
  EnforcementLevel,
  PolicyPackConfig,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy/policy';
import { redact } from './errors';
import type { RecordedResource } from './mocks';
import { resolvePackConfig, type ResolvedPackConfig } from './policy-pack-config';
import type { LoadedPack, PackPolicy } from './policy-pack-loader';
import type { PolicyLevel, PolicyViolation } from './result';

/** A policy that threw: names the pack, the policy and the resource (or the stack). */
export class PolicyEvaluationError extends Error {
  override readonly name = 'PolicyEvaluationError';
  constructor(
    message: string,
    readonly policyPack: string,
    readonly policy: string,
    readonly urn?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface EvaluateOptions {
  /** Stack name (for the root stack resource's URN). */
  readonly stack: string;
  /** Project name. Defaults to `vitistack`. */
  readonly project?: string;
  /** Config of each pack, by position in `packs` (the `--policy-pack-config` JSON format). */
  readonly configs?: readonly (PolicyPackConfig | undefined)[];
  /** The stack's tags. Defaults to none. */
  readonly stackTags?: ReadonlyMap<string, string>;
  /** The stack outputs: the root stack resource's props for stack policies. */
  readonly stackOutputs?: Readonly<Record<string, unknown>>;
}

/** A policy that said it does not apply (to a resource, or to the stack). */
export interface NotApplicablePolicy {
  readonly policyPack: string;
  readonly policy: string;
  readonly urn?: string;
  readonly reason: string;
}

export interface PolicyEvaluation {
  readonly violations: readonly PolicyViolation[];
  readonly notApplicable: readonly NotApplicablePolicy[];
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface ProxyModule {
  unknownCheckingProxy(value: Json): Json;
  UnknownValueError: abstract new (...args: never[]) => Error;
  unknownStringValue: string;
}
interface DeserializeModule {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Json;
}
interface RpcModule {
  specialSigKey: string;
  specialSecretSig: string;
  specialResourceSig: string;
  specialOutputValueSig: string;
}
interface Runtime {
  readonly proxy: ProxyModule;
  readonly deserialize: DeserializeModule;
  readonly rpc: RpcModule;
}

let runtime: Runtime | undefined;

/** @pulumi/policy's internals (their type declarations are empty in 1.21), loaded on first use. */
function policyRuntime(): Runtime {
  if (!runtime) {
    const req = createRequire(__filename);
    runtime = {
      proxy: req('@pulumi/policy/proxy') as ProxyModule,
      deserialize: req('@pulumi/policy/deserialize') as DeserializeModule,
      rpc: req('@pulumi/pulumi/runtime/rpc') as RpcModule,
    };
  }
  return runtime;
}

/** What `args.notApplicable()` throws. */
class NotApplicableMarker extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? 'Policy does not apply');
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableMarker(reason);
}

/** A resource as the engine would send it. */
interface Subject {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly provider?: string;
}

/** The root stack resource the engine registers first; top-level resources are its children. */
function subjectsOf(
  resources: readonly RecordedResource[],
  opts: EvaluateOptions,
): readonly Subject[] {
  const project = opts.project ?? 'vitistack';
  const rootName = `${project}-${opts.stack}`;
  const rootUrn = `urn:pulumi:${opts.stack}::${project}::pulumi:pulumi:Stack::${rootName}`;
  const root: Subject = {
    type: 'pulumi:pulumi:Stack',
    name: rootName,
    urn: rootUrn,
    inputs: {},
    outputs: opts.stackOutputs ?? {},
    parent: '',
    dependencies: [],
    protect: false,
  };
  return [
    root,
    ...resources.map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      inputs: r.inputs,
      // Components have no state under mocks: their outputs are the ones they registered (none).
      outputs: r.state,
      parent: r.parent === '' ? rootUrn : r.parent,
      dependencies: r.dependencies,
      protect: r.protect,
      ...(r.provider !== undefined ? { provider: r.provider } : {}),
    })),
  ];
}

/**
 * A recorded value as the engine marshals it for an analyzer: resource references as their id
 * (URN for components), output values as their value (secret kept), `__` keys and undefined
 * dropped. Secrets and assets keep their signatures for deserializeProperties.
 */
function marshal(v: unknown, rpc: RpcModule, unknown: string): unknown {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((e) => marshal(e, rpc, unknown) ?? null);
  const o = v as Json;
  const sig = o[rpc.specialSigKey];
  if (sig === rpc.specialResourceSig) {
    return typeof o.id === 'string' && o.id !== '' ? o.id : o.urn;
  }
  if (sig === rpc.specialOutputValueSig) {
    if (!('value' in o)) return unknown;
    const inner = marshal(o.value, rpc, unknown) ?? null;
    return o.secret === true ? { [rpc.specialSigKey]: rpc.specialSecretSig, value: inner } : inner;
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(o)) {
    if (k.startsWith('__')) continue;
    const m = marshal(x, rpc, unknown);
    if (m !== undefined) out[k] = m;
  }
  return out;
}

/** Deserialized, unknown-checking props, as the server hands them to a policy. */
function propsOf(values: Readonly<Record<string, unknown>>): Json {
  const { proxy, deserialize, rpc } = policyRuntime();
  const marshalled = marshal(values, rpc, proxy.unknownStringValue);
  const deserialized = deserialize.deserializeProperties({ toJavaScript: () => marshalled }, false);
  return proxy.unknownCheckingProxy(deserialized);
}

/** Every string inside a secret, so messages can be redacted. */
function secretStrings(subjects: readonly Subject[]): string[] {
  const { rpc } = policyRuntime();
  const out = new Set<string>();
  const strings = (v: unknown): void => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(strings);
    else if (isRecord(v)) Object.values(v).forEach(strings);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isRecord(v)) {
      const sig = v[rpc.specialSigKey];
      if (sig === rpc.specialSecretSig) strings(v.value);
      else if (sig === rpc.specialOutputValueSig && v.secret === true) strings(v.value);
      else Object.values(v).forEach(walk);
    }
  };
  for (const s of subjects) {
    walk(s.inputs);
    walk(s.outputs);
  }
  return [...out];
}

function pulumiTypeOf(obj: unknown): string | undefined {
  const t: unknown =
    (typeof obj === 'function' || isRecord(obj)) && '__pulumiType' in obj
      ? (obj as { __pulumiType?: unknown }).__pulumiType
      : undefined;
  return typeof t === 'string' && t.length > 0 ? t : undefined;
}

/** The server's isTypeOf: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const pulumiType = pulumiTypeOf(resourceClass);
  if (pulumiType !== undefined) return type === pulumiType;
  const isInstance =
    typeof resourceClass === 'function'
      ? (resourceClass as { isInstance?: (obj: unknown) => unknown }).isInstance
      : undefined;
  return typeof isInstance === 'function' && isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(p: PackPolicy): boolean {
  const v: unknown = 'validateResource' in p ? p.validateResource : undefined;
  if (typeof v === 'function') return true;
  if (Array.isArray(v)) return v.every((f) => typeof f === 'function');
  return 'remediateResource' in p && typeof p.remediateResource === 'function';
}

function customTimeouts(): PolicyResourceOptions['customTimeouts'] {
  return { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 };
}

function optionsOf(s: Subject, withParent: boolean): PolicyResourceOptions {
  return {
    protect: s.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: customTimeouts(),
    additionalSecretOutputs: [],
    ...(withParent && s.parent !== '' ? { parent: s.parent } : {}),
  };
}

function freezeMap(map: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  const copy = new Map(map);
  return Object.freeze({
    entries: copy.entries.bind(copy),
    forEach: copy.forEach.bind(copy),
    get: copy.get.bind(copy),
    has: copy.has.bind(copy),
    keys: copy.keys.bind(copy),
    size: copy.size,
    values: copy.values.bind(copy),
    [Symbol.iterator]: copy[Symbol.iterator].bind(copy),
  });
}

/** One pack with its resolved config, ready to run. */
interface ConfiguredPack {
  readonly pack: LoadedPack;
  readonly config: ResolvedPackConfig;
}

interface Collector {
  readonly violations: PolicyViolation[];
  readonly notApplicable: NotApplicablePolicy[];
  readonly hide: (text: string) => string;
}

function levelOf(c: ConfiguredPack, p: PackPolicy): EnforcementLevel {
  return c.config.get(p.name)?.enforcementLevel ?? p.enforcementLevel ?? c.pack.enforcementLevel;
}

function reportedLevel(level: unknown): PolicyLevel | undefined {
  if (level === 'mandatory' || level === 'remediate') return 'mandatory';
  if (level === 'advisory') return 'advisory';
  return undefined; // disabled: nothing to report
}

/** The server's makeReportViolationFun; `fixedUrn` is the resource's (resource policies). */
function reporter(
  c: ConfiguredPack,
  p: PackPolicy,
  level: EnforcementLevel,
  out: Collector,
  fixedUrn?: string,
): ReportViolation {
  const description = typeof p.description === 'string' ? p.description : '';
  const push = (policy: string, lvl: unknown, message: string, urn: unknown) => {
    const l = reportedLevel(lvl);
    if (l === undefined) return;
    const target = fixedUrn ?? (typeof urn === 'string' && urn !== '' ? urn : undefined);
    out.violations.push({
      policyPack: c.pack.name,
      policyPackVersion: c.pack.version,
      policy,
      level: l,
      message: out.hide(message),
      ...(target !== undefined ? { urn: target } : {}),
    });
  };
  return (message: unknown, urn?: unknown) => {
    if (isRecord(message)) {
      const text =
        (typeof message.message === 'string' && message.message) ||
        (typeof message.description === 'string' && message.description) ||
        description;
      const name = typeof message.name === 'string' && message.name !== '' ? message.name : p.name;
      push(name, message.enforcementLevel ?? level, text, message.urn);
      return;
    }
    const extra = typeof message === 'string' && message !== '' ? message : '';
    const text =
      description === '' ? extra : extra === '' ? description : `${description}\n${extra}`;
    push(p.name, level, text, urn);
  };
}

function failure(
  c: ConfiguredPack,
  p: PackPolicy,
  err: unknown,
  out: Collector,
  subject?: Subject,
): PolicyEvaluationError {
  const what = subject ? `${subject.type} "${subject.name}"` : 'the stack';
  const reason = err instanceof Error ? err.message : String(err);
  return new PolicyEvaluationError(
    out.hide(
      `policy "${p.name}" of policy pack ${c.pack.name}@${c.pack.version} failed on ${what}: ${reason}`,
    ),
    c.pack.name,
    p.name,
    subject?.urn,
    { cause: err },
  );
}

/** Handles what a validation threw, as the server does; rethrows real failures. */
function caught(
  c: ConfiguredPack,
  p: PackPolicy,
  err: unknown,
  out: Collector,
  subject?: Subject,
): void {
  if (err instanceof NotApplicableMarker) {
    out.notApplicable.push({
      policyPack: c.pack.name,
      policy: p.name,
      ...(subject ? { urn: subject.urn } : {}),
      reason: err.reason ?? 'Policy does not apply',
    });
    return;
  }
  if (err instanceof policyRuntime().proxy.UnknownValueError) {
    out.violations.push({
      policyPack: c.pack.name,
      policyPackVersion: c.pack.version,
      policy: p.name,
      level: 'advisory',
      message: out.hide(
        `can't run policy '${p.name}' from policy pack '${c.pack.name}@v${c.pack.version}' during preview: ${err.message}`,
      ),
      ...(subject ? { urn: subject.urn } : {}),
    });
    return;
  }
  throw failure(c, p, err, out, subject);
}

function providerOf(
  s: Subject,
  byUrn: ReadonlyMap<string, Subject>,
): PolicyProviderResource | undefined {
  if (s.provider === undefined || s.provider === '') return undefined;
  const cut = s.provider.lastIndexOf('::');
  const urn = cut > 0 ? s.provider.slice(0, cut) : s.provider;
  const p = byUrn.get(urn);
  if (!p) return undefined;
  return { type: p.type, props: propsOf(p.inputs), urn: p.urn, name: p.name };
}

async function analyzeResource(
  s: Subject,
  packs: readonly ConfiguredPack[],
  byUrn: ReadonlyMap<string, Subject>,
  stackTags: ReadonlyMap<string, string>,
  out: Collector,
): Promise<void> {
  for (const c of packs) {
    for (const p of c.pack.policies) {
      const level = levelOf(c, p);
      if (level === 'disabled' || !isResourcePolicy(p)) continue;
      const validate: unknown = 'validateResource' in p ? p.validateResource : undefined;
      if (validate === undefined) {
        caught(c, p, new NotApplicableMarker('Policy does not implement validateResource'), out, s);
        continue;
      }
      if (!Array.isArray(validate)) {
        const only = pulumiTypeOf(validate);
        if (only !== undefined && only !== s.type) {
          caught(
            c,
            p,
            new NotApplicableMarker(`Policy only applies to resources of type '${only}'`),
            out,
            s,
          );
          continue;
        }
      }
      const report = reporter(c, p, level, out, s.urn);
      const validations = (Array.isArray(validate) ? validate : [validate]) as ResourceValidation[];
      for (const validation of validations) {
        try {
          const props = propsOf(s.inputs);
          const provider = providerOf(s, byUrn);
          const args: ResourceValidationArgs = {
            type: s.type,
            props,
            urn: s.urn,
            name: s.name,
            opts: optionsOf(s, true),
            stackTags,
            isType: (resourceClass: unknown) => isTypeOf(s.type, resourceClass),
            asType: ((resourceClass: unknown) =>
              isTypeOf(s.type, resourceClass)
                ? props
                : undefined) as ResourceValidationArgs['asType'],
            getConfig: (() => ({
              ...c.config.get(p.name)?.properties,
            })) as ResourceValidationArgs['getConfig'],
            notApplicable: throwNotApplicable,
            ...(provider ? { provider } : {}),
          };
          await Promise.resolve(validation(args, report));
        } catch (err) {
          caught(c, p, err, out, s);
        }
      }
    }
  }
}

/** The server's PolicyResource graph: parents and dependencies as the resource objects. */
function policyResources(
  subjects: readonly Subject[],
  byUrn: ReadonlyMap<string, Subject>,
): PolicyResource[] {
  const built = new Map<string, PolicyResource>();
  const list = subjects.map((s) => {
    const props = propsOf(s.outputs);
    const provider = providerOf(s, byUrn);
    const r: PolicyResource = {
      type: s.type,
      props,
      urn: s.urn,
      name: s.name,
      opts: optionsOf(s, false),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass: unknown) => isTypeOf(s.type, resourceClass),
      asType: ((resourceClass: unknown) =>
        isTypeOf(s.type, resourceClass) ? props : undefined) as PolicyResource['asType'],
      ...(provider ? { provider } : {}),
    };
    built.set(s.urn, r);
    return r;
  });
  subjects.forEach((s, i) => {
    const r = list[i];
    if (!r) return;
    const parent = s.parent !== '' ? built.get(s.parent) : undefined;
    if (parent) r.parent = parent;
    r.dependencies = s.dependencies
      .map((d) => built.get(d))
      .filter((d): d is PolicyResource => d !== undefined);
  });
  return list;
}

async function analyzeStack(
  subjects: readonly Subject[],
  c: ConfiguredPack,
  byUrn: ReadonlyMap<string, Subject>,
  stackTags: ReadonlyMap<string, string>,
  out: Collector,
): Promise<void> {
  for (const p of c.pack.policies) {
    const level = levelOf(c, p);
    if (level === 'disabled' || !('validateStack' in p) || typeof p.validateStack !== 'function') {
      continue;
    }
    const only = pulumiTypeOf(p.validateStack);
    if (only !== undefined && !subjects.some((s) => s.type === only)) {
      caught(
        c,
        p,
        new NotApplicableMarker(`Policy only applies to resources of type '${only}'`),
        out,
      );
      continue;
    }
    const report = reporter(c, p, level, out);
    try {
      const args: StackValidationArgs = {
        resources: policyResources(subjects, byUrn),
        getConfig: (() => ({
          ...c.config.get(p.name)?.properties,
        })) as StackValidationArgs['getConfig'],
        stackTags,
        notApplicable: throwNotApplicable,
      };
      await Promise.resolve(p.validateStack(args, report));
    } catch (err) {
      caught(c, p, err, out);
    }
  }
}

/**
 * Evaluates `packs` against rendered `resources` as a preview with those packs would: resource
 * policies on every resource's inputs, then stack policies on the outputs. Throws
 * PolicyConfigError for bad config (before any policy runs) and PolicyEvaluationError when a
 * policy throws. Violation messages are redacted of every secret value among the resources.
 */
export async function evaluatePacksReport(
  resources: readonly RecordedResource[],
  packs: readonly LoadedPack[],
  opts: EvaluateOptions,
): Promise<PolicyEvaluation> {
  const configured = packs.map((pack, i) => ({
    pack,
    config: resolvePackConfig(pack, opts.configs?.[i]),
  }));
  const subjects = subjectsOf(resources, opts);
  const byUrn = new Map(subjects.map((s) => [s.urn, s]));
  const secrets = secretStrings(subjects);
  const out: Collector = { violations: [], notApplicable: [], hide: (t) => redact(t, secrets) };
  const stackTags = freezeMap(opts.stackTags ?? new Map<string, string>());
  for (const s of subjects) await analyzeResource(s, configured, byUrn, stackTags, out);
  for (const c of configured) await analyzeStack(subjects, c, byUrn, stackTags, out);
  return { violations: out.violations, notApplicable: out.notApplicable };
}

/** The violations of `evaluatePacksReport`. */
export async function evaluatePacks(
  resources: readonly RecordedResource[],
  packs: readonly LoadedPack[],
  opts: EvaluateOptions,
): Promise<readonly PolicyViolation[]> {
  return (await evaluatePacksReport(resources, packs, opts)).violations;
}
