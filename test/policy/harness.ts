// Runs a policy the way the CrossGuard analyzer (node_modules/@pulumi/policy/server.js) does, for
// unit tests: props wrapped in the analyzer's unknownCheckingProxy, `notApplicable` throwing,
// `getConfig` answering the policy's configSchema defaults merged with the given config, every
// reportViolation collected. An UnknownValueError that escapes the policy is recorded the way the
// analyzer reports it ("can't run policy ... during preview"), so tests can assert it never is.
//
// The proxy comes from '@pulumi/policy/proxy', which requires nothing; '@pulumi/policy' itself
// loads the analyzer server module (only the PolicyPack constructor starts it, but there is no
// need to load it). Its 1.21 type declarations are empty, hence the typed view below.
import { strict as assert } from 'node:assert';
import * as proxyModule from '@pulumi/policy/proxy';
import type {
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
} from '@pulumi/policy/policy';
import { loadStackFromDirectory } from '../../src/program/from-directory';
import type { RecordedResource } from '../../src/engine/mocks';
import { renderStack } from '../../src/engine/render-stack';
import { FRAMEWORKS, type VitistackPolicy } from '../../src/policy/types';
import { repoRoot } from '../model/helpers';

interface ProxyRuntime {
  unknownCheckingProxy<T>(value: T): T;
  readonly UnknownValueError: abstract new (...args: never[]) => Error;
  /** The engine sends every unknown as this string (the gRPC marshalling of a computed value). */
  readonly unknownStringValue: string;
}
const proxy = proxyModule as unknown as ProxyRuntime;

/** An input value unknown during preview, as the analyzer receives it. */
export const UNKNOWN_VALUE: string = proxy.unknownStringValue;

export interface TestProvider {
  readonly type: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
}

export interface TestResource {
  readonly type: string;
  readonly name: string;
  readonly props: Readonly<Record<string, unknown>>;
  /** Defaults to `urnOf(type, name)`. */
  readonly urn?: string;
  readonly provider?: TestProvider;
  /** URNs (or names) of the resources it depends on (stack policies). */
  readonly dependencies?: readonly string[];
  /** Input name -> URNs (or names) of the resources the input's value comes from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  readonly protect?: boolean;
}

export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

export interface Outcome {
  readonly violations: readonly Violation[];
  /** The violation messages alone. */
  readonly messages: readonly string[];
  /** The reason given to notApplicable, when the policy called it. */
  readonly notApplicable?: string;
  /** What the analyzer would report when an UnknownValueError escaped the policy. */
  readonly unknownError?: string;
}

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::vitistack::${type}::${name}`;
}

class NotApplicableError extends Error {
  constructor(readonly reason: string | undefined) {
    super(reason ?? 'Policy does not apply');
  }
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

/** The policy's configSchema defaults, overridden by `config`. */
export function configWithDefaults(
  policy: VitistackPolicy,
  config: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default !== undefined) defaults[key] = schema.default;
  }
  return { ...defaults, ...config };
}

/** The analyzer's getConfig: generic only in name (the caller states what it expects). */
function getConfigOf(
  policy: VitistackPolicy,
  config: Readonly<Record<string, unknown>>,
): ResourceValidationArgs['getConfig'] {
  const merged = configWithDefaults(policy, config);
  return (() => merged) as ResourceValidationArgs['getConfig'];
}

const OPTIONS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

function pulumiTypeOf(resourceClass: unknown): string | undefined {
  const t = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  return typeof t === 'string' ? t : undefined;
}

function providerOf(p: TestProvider | undefined): PolicyProviderResource | undefined {
  if (p === undefined) return undefined;
  return {
    type: p.type,
    name: p.name,
    urn: urnOf(p.type, p.name),
    props: proxy.unknownCheckingProxy({ ...p.props }),
  };
}

async function capture(
  run: (report: (message: string, urn?: string) => void) => unknown,
): Promise<Outcome> {
  const violations: Violation[] = [];
  const report = (message: string, urn?: string): void => {
    violations.push(urn === undefined ? { message } : { message, urn });
  };
  let notApplicableReason: string | undefined;
  let unknownError: string | undefined;
  try {
    await Promise.resolve(run(report));
  } catch (e) {
    if (e instanceof NotApplicableError) {
      notApplicableReason = e.reason ?? 'Policy does not apply';
    } else if (e instanceof proxy.UnknownValueError) {
      unknownError = `can't run policy during preview: ${e.message}`;
    } else {
      throw e;
    }
  }
  return {
    violations,
    messages: violations.map((v) => v.message),
    ...(notApplicableReason !== undefined ? { notApplicable: notApplicableReason } : {}),
    ...(unknownError !== undefined ? { unknownError } : {}),
  };
}

/** Runs a resource policy's validateResource on one resource (its inputs). */
export async function runResource(
  policy: VitistackPolicy,
  r: TestResource,
  config: Readonly<Record<string, unknown>> = {},
): Promise<Outcome> {
  if (!('validateResource' in policy) || policy.validateResource === undefined) {
    throw new Error(`${policy.name} is not a resource policy`);
  }
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  const props = proxy.unknownCheckingProxy({ ...r.props });
  const provider = providerOf(r.provider);
  const args: ResourceValidationArgs = {
    type: r.type,
    name: r.name,
    urn: r.urn ?? urnOf(r.type, r.name),
    props,
    opts: { ...OPTIONS, protect: r.protect ?? false },
    stackTags: new Map(),
    isType: (cls) => pulumiTypeOf(cls) === r.type,
    asType: ((cls: unknown) =>
      pulumiTypeOf(cls) === r.type ? props : undefined) as ResourceValidationArgs['asType'],
    getConfig: getConfigOf(policy, config),
    notApplicable,
    ...(provider !== undefined ? { provider } : {}),
  };
  return capture(async (report) => {
    for (const validate of validations) await Promise.resolve(validate(args, report));
  });
}

/** One case of a resource policy: what the policy must report on this resource. */
export interface ResourceCase {
  readonly name: string;
  readonly resource: TestResource;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly messages: readonly string[];
}

/**
 * One mocha test per case: the policy reports exactly `messages` (none: it passes), and no
 * unknown value escapes it.
 */
export function resourceCases(policy: VitistackPolicy, cases: readonly ResourceCase[]): void {
  for (const tc of cases) {
    it(tc.name, async () => {
      const out = await runResource(policy, tc.resource, tc.config);
      assert.deepEqual(out.messages, tc.messages);
      assert.equal(out.unknownError, undefined);
    });
  }
}

/** Runs a stack policy's validateStack on the resources (their outputs). */
export async function runStack(
  policy: VitistackPolicy,
  resources: readonly TestResource[],
  config: Readonly<Record<string, unknown>> = {},
): Promise<Outcome> {
  if (!('validateStack' in policy)) throw new Error(`${policy.name} is not a stack policy`);
  const byRef = new Map<string, PolicyResource>();
  const built = resources.map((r) => {
    const props = proxy.unknownCheckingProxy({ ...r.props });
    const provider = providerOf(r.provider);
    const resource: PolicyResource = {
      type: r.type,
      name: r.name,
      urn: r.urn ?? urnOf(r.type, r.name),
      props,
      opts: { ...OPTIONS, protect: r.protect ?? false },
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => pulumiTypeOf(cls) === r.type,
      asType: ((cls: unknown) =>
        pulumiTypeOf(cls) === r.type ? props : undefined) as PolicyResource['asType'],
      ...(provider !== undefined ? { provider } : {}),
    };
    byRef.set(resource.urn, resource);
    byRef.set(r.name, resource);
    return { r, resource };
  });
  const find = (refs: readonly string[]): PolicyResource[] =>
    refs.map((ref) => byRef.get(ref)).filter((x): x is PolicyResource => x !== undefined);
  for (const { r, resource } of built) {
    resource.dependencies = find(r.dependencies ?? []);
    for (const [key, refs] of Object.entries(r.propertyDependencies ?? {})) {
      resource.propertyDependencies[key] = find(refs);
    }
  }
  const args: StackValidationArgs = {
    resources: built.map((b) => b.resource),
    stackTags: new Map(),
    getConfig: getConfigOf(policy, config),
    notApplicable,
  };
  return capture((report) => policy.validateStack(args, report));
}

/** Runs either kind: a resource policy on each resource in turn, a stack policy on all. */
export async function runPolicy(
  policy: VitistackPolicy,
  resources: readonly TestResource[],
  config: Readonly<Record<string, unknown>> = {},
): Promise<Outcome> {
  if ('validateStack' in policy) return runStack(policy, resources, config);
  const violations: Violation[] = [];
  let unknownError: string | undefined;
  for (const r of resources) {
    const o = await runResource(policy, r, config);
    violations.push(...o.violations.map((v) => ({ ...v, urn: r.urn ?? urnOf(r.type, r.name) })));
    unknownError ??= o.unknownError;
  }
  return {
    violations,
    messages: violations.map((v) => v.message),
    ...(unknownError !== undefined ? { unknownError } : {}),
  };
}

/** Problems with a policy's shape by STYLE rule 17; empty when it follows it. */
export function shapeProblems(policy: VitistackPolicy): string[] {
  const out: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(policy.name))
    out.push(`name ${policy.name} is not kebab-case`);
  if (!policy.description.startsWith('Checks ')) out.push('description does not start "Checks "');
  if (policy.enforcementLevel !== 'advisory') out.push('enforcementLevel is not advisory');
  const tags = policy.tags ?? [];
  if (tags.length === 0) out.push('tags name no framework');
  for (const t of tags) {
    if (!(FRAMEWORKS as readonly string[]).includes(t)) out.push(`tag ${t} is not a framework`);
  }
  if ((policy.remediationSteps ?? '').trim() === '') out.push('remediationSteps is empty');
  for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (schema.default === undefined) out.push(`config ${key} has no default`);
    if ((schema.description ?? '') === '') out.push(`config ${key} has no description`);
  }
  return out;
}

// ---- the example stack ------------------------------------------------------------------------

const SECRET_SIG = '4dabf18193072939515e22adb298388d';

/** Values as the analyzer sees them: secrets unwrapped, plain JSON. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG] !== undefined && 'value' in obj) return unwrapSecrets(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/**
 * Recorded resources as the analyzer would get them: `inputs` (resource policies) or `state`
 * (stack policies, which see outputs), each with its provider (from the recorded provider
 * reference `urn::id`) and its dependencies. Component resources are left out.
 */
export function fromRecorded(
  resources: readonly RecordedResource[],
  view: 'inputs' | 'state',
): TestResource[] {
  const providers = new Map<string, RecordedResource>(
    resources
      .filter((r) => r.type.startsWith('pulumi:providers:'))
      .map((r) => [`${r.urn}::${r.id ?? ''}`, r]),
  );
  return resources
    .filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'))
    .map((r) => {
      const p = r.provider !== undefined ? providers.get(r.provider) : undefined;
      return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        props: unwrapSecrets(view === 'inputs' ? r.inputs : r.state) as Record<string, unknown>,
        dependencies: r.dependencies,
        ...(p !== undefined
          ? {
              provider: {
                type: p.type,
                name: p.name,
                props: unwrapSecrets(p.inputs) as Record<string, unknown>,
              },
            }
          : {}),
      };
    });
}

let example: Promise<readonly RecordedResource[]> | undefined;

/** The resources the AWS program builds for stacks/aws-production (rendered once per run). */
export function awsProductionResources(): Promise<readonly RecordedResource[]> {
  example ??= (async () => {
    const { model } = loadStackFromDirectory({
      paths: ['stacks/aws-production'],
      base: repoRoot(),
    });
    return (await renderStack(model)).resources;
  })();
  return example;
}

/** Runs a policy on the example stack: resource policies on inputs, stack policies on outputs. */
export async function runOnAwsProduction(
  policy: VitistackPolicy,
  config: Readonly<Record<string, unknown>> = {},
): Promise<Outcome> {
  const recorded = await awsProductionResources();
  const view = 'validateStack' in policy ? 'state' : 'inputs';
  return runPolicy(policy, fromRecorded(recorded, view), config);
}
