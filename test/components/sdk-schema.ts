// Shared checks of the hand-written provider bindings (src/components/{vsphere,talos}/sdk)
// against the providers' Pulumi package schemas in test/fixtures/provider-schemas, plus a recorder of
// what the mocked engine receives beyond inputs (version, pluginDownloadURL, secret outputs).
// The checks return problems as sentences, so a failing test lists every mismatch at once.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { unwrap, type RecordedCall, type RecordingMocks } from '../../src/engine/mocks';
import { waitForRegistrations } from '../../src/engine/render';
import { repoRoot } from '../model/helpers';

export interface SchemaProperty {
  readonly type?: string;
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
  readonly secret?: boolean;
}

export interface SchemaObjectType {
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
  readonly required?: readonly string[];
  readonly language?: { readonly nodejs?: { readonly requiredInputs?: readonly string[] } };
}

export interface SchemaResource {
  readonly inputProperties?: Readonly<Record<string, SchemaProperty>>;
  readonly properties?: Readonly<Record<string, SchemaProperty>>;
  readonly requiredInputs?: readonly string[];
}

export interface SchemaFunction {
  readonly inputs?: SchemaObjectType;
  readonly outputs?: SchemaObjectType;
}

export interface Schema {
  readonly name: string;
  readonly pluginDownloadURL?: string;
  readonly provider: SchemaResource;
  readonly resources: Readonly<Record<string, SchemaResource>>;
  readonly functions: Readonly<Record<string, SchemaFunction>>;
  readonly types: Readonly<Record<string, SchemaObjectType>>;
}

/** The specs the bindings export (structurally the same in both sdk folders). */
export interface TypeSpec {
  readonly fields: readonly string[];
  readonly required: readonly string[];
  readonly computed?: readonly string[];
  readonly nested?: Readonly<Record<string, TypeSpec>>;
}
export interface ResourceSpec {
  readonly token: string;
  readonly inputs: readonly string[];
  readonly required: readonly string[];
  readonly secretInputs: readonly string[];
  readonly computed: readonly string[];
  readonly secretOutputs: readonly string[];
  readonly nested: Readonly<Record<string, TypeSpec>>;
}
export interface FunctionSpec {
  readonly token: string;
  readonly inputs: readonly string[];
  readonly required: readonly string[];
  readonly outputs: readonly string[];
  readonly nested: Readonly<Record<string, TypeSpec>>;
}
export interface ProviderSpec {
  readonly pkg: string;
  readonly inputs: readonly string[];
  readonly secretInputs: readonly string[];
  readonly jsonInputs: readonly string[];
}

/** Reads `file` from test/fixtures/provider-schemas (copies of ../shared/provider-schemas). */
export function loadSchema(file: string): Schema {
  const path = join(repoRoot(), 'test', 'fixtures', 'provider-schemas', file);
  return JSON.parse(readFileSync(path, 'utf8')) as Schema;
}

function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}

function missing(names: readonly string[], from: readonly string[]): string[] {
  return names.filter((n) => !from.includes(n));
}

/** The `$ref` of an object-typed property, of a list's items or of a map's values. */
export function refOf(prop: SchemaProperty): string | undefined {
  return prop.$ref ?? prop.items?.$ref ?? prop.additionalProperties?.$ref;
}

/**
 * The type a `$ref` names. Accepts `#types/...` as well as `#/types/...`: the talos schema's
 * `talos:machine/generated:*` types refer to each other without the slash.
 */
export function resolveRef(schema: Schema, ref: string): SchemaObjectType | undefined {
  const m = /^#\/?types\/(.+)$/.exec(ref);
  return m?.[1] === undefined ? undefined : schema.types[decodeURIComponent(m[1])];
}

/**
 * Problems of a nested type spec against the schema property it describes: every field exists
 * in the referenced type; on the input side the type's required fields are required by the spec.
 */
export function typeProblems(
  schema: Schema,
  where: string,
  spec: TypeSpec,
  prop: SchemaProperty | undefined,
  side: 'input' | 'output',
): string[] {
  if (prop === undefined) return [`${where}: no such ${side} property in the schema`];
  const ref = refOf(prop);
  const type = ref === undefined ? undefined : resolveRef(schema, ref);
  if (type === undefined) return [`${where}: the schema property is not an object type`];
  const props = Object.keys(type.properties ?? {});
  const names = side === 'input' ? spec.fields : [...spec.fields, ...(spec.computed ?? [])];
  const problems = missing(names, props).map((n) => `${where}.${n}: not a field of ${ref}`);
  problems.push(
    ...missing(spec.required, spec.fields).map((n) => `${where}.${n}: required but not a field`),
  );
  if (side === 'input') {
    const required = type.language?.nodejs?.requiredInputs ?? type.required ?? [];
    problems.push(
      ...missing(required, spec.required).map((n) => `${where}.${n}: required by the schema`),
    );
  }
  for (const name of names) {
    const field = type.properties?.[name];
    if (field !== undefined && refOf(field) !== undefined && spec.nested?.[name] === undefined) {
      problems.push(`${where}.${name}: an object type without a nested spec`);
    }
  }
  for (const [name, nested] of Object.entries(spec.nested ?? {})) {
    if (!names.includes(name)) problems.push(`${where}.${name}: nested spec of no field`);
    problems.push(
      ...typeProblems(schema, `${where}.${name}`, nested, type.properties?.[name], side),
    );
  }
  return problems;
}

/** Problems of a resource binding's spec against the schema. */
export function resourceProblems(schema: Schema, spec: ResourceSpec): string[] {
  const res = schema.resources[spec.token];
  if (res === undefined) return [`${spec.token}: not a resource of the schema`];
  const inputs = res.inputProperties ?? {};
  const props = res.properties ?? {};
  const exposed = [...spec.inputs, ...spec.computed];
  const problems = [
    ...missing(spec.inputs, Object.keys(inputs)).map((n) => `${n}: not an input property`),
    ...missing(exposed, Object.keys(props)).map((n) => `${n}: not an output property`),
    ...spec.computed.filter((n) => n in inputs).map((n) => `${n}: listed computed but an input`),
    ...missing(res.requiredInputs ?? [], spec.required).map((n) => `${n}: required by the schema`),
    ...missing(spec.required, spec.inputs).map((n) => `${n}: required but not an input`),
  ];
  const secretInputs = spec.inputs.filter((n) => inputs[n]?.secret === true);
  if (sorted(spec.secretInputs).join() !== sorted(secretInputs).join()) {
    problems.push(
      `secret inputs [${sorted(spec.secretInputs).join()}], schema [${secretInputs.join()}]`,
    );
  }
  const secretOutputs = sorted(exposed.filter((n) => props[n]?.secret === true));
  if (sorted(spec.secretOutputs).join() !== secretOutputs.join()) {
    problems.push(
      `secret outputs [${sorted(spec.secretOutputs).join()}], schema [${secretOutputs.join()}]`,
    );
  }
  problems.push(...nestedProblems(schema, spec, spec.inputs, inputs, exposed, props));
  return problems.map((p) => `${spec.token} ${p}`);
}

/** Problems of an invoke binding's spec against the schema. */
export function functionProblems(schema: Schema, spec: FunctionSpec): string[] {
  const fn = schema.functions[spec.token];
  if (fn === undefined) return [`${spec.token}: not a function of the schema`];
  const inputs = fn.inputs?.properties ?? {};
  const outputs = fn.outputs?.properties ?? {};
  const problems = [
    ...missing(spec.inputs, Object.keys(inputs)).map((n) => `${n}: not an argument`),
    ...missing(spec.outputs, Object.keys(outputs)).map((n) => `${n}: not a result field`),
    ...missing(fn.inputs?.required ?? [], spec.required).map((n) => `${n}: required by the schema`),
    ...missing(spec.required, spec.inputs).map((n) => `${n}: required but not an argument`),
    ...nestedProblems(schema, spec, spec.inputs, inputs, spec.outputs, outputs),
  ];
  return problems.map((p) => `${spec.token} ${p}`);
}

function nestedProblems(
  schema: Schema,
  spec: { readonly nested: Readonly<Record<string, TypeSpec>> },
  inputNames: readonly string[],
  inputs: Readonly<Record<string, SchemaProperty>>,
  outputNames: readonly string[],
  outputs: Readonly<Record<string, SchemaProperty>>,
): string[] {
  const problems: string[] = [];
  for (const [names, props] of [
    [inputNames, inputs],
    [outputNames, outputs],
  ] as const) {
    for (const name of names) {
      const prop = props[name];
      if (prop !== undefined && refOf(prop) !== undefined && spec.nested[name] === undefined) {
        problems.push(`${name}: an object type without a nested spec`);
      }
    }
  }
  for (const [name, nested] of Object.entries(spec.nested)) {
    if (inputNames.includes(name)) {
      problems.push(...typeProblems(schema, name, nested, inputs[name], 'input'));
    }
    if (outputNames.includes(name)) {
      problems.push(...typeProblems(schema, name, nested, outputs[name], 'output'));
    }
    if (!inputNames.includes(name) && !outputNames.includes(name)) {
      problems.push(`${name}: nested spec of no property`);
    }
  }
  return problems;
}

/** Problems of the provider binding's spec against the schema's provider. */
export function providerProblems(schema: Schema, spec: ProviderSpec): string[] {
  const inputs = schema.provider.inputProperties ?? {};
  const problems = missing(spec.inputs, Object.keys(inputs)).map(
    (n) => `${n}: not a provider input`,
  );
  if (spec.pkg !== schema.name) problems.push(`package ${spec.pkg}, schema ${schema.name}`);
  const json = sorted(spec.inputs.filter((n) => (inputs[n]?.type ?? 'object') !== 'string'));
  if (sorted(spec.jsonInputs).join() !== json.join()) {
    problems.push(
      `JSON-encoded [${sorted(spec.jsonInputs).join()}], non-string in schema [${json.join()}]`,
    );
  }
  const secret = spec.inputs.filter((n) => inputs[n]?.secret === true);
  problems.push(...missing(secret, spec.secretInputs).map((n) => `${n}: secret in the schema`));
  return problems;
}

/** Names of the `Output` properties of a constructed resource, without `urn` and `id`. */
export function outputProperties(resource: pulumi.Resource): string[] {
  return sorted(
    Object.entries(resource)
      .filter(([k, v]) => k !== 'urn' && k !== 'id' && pulumi.Output.isInstance(v))
      .map(([k]) => k),
  );
}

/** `args` without `name`, to check that leaving a required input out throws. */
export function without<T extends object>(args: T, name: string): T {
  return Object.fromEntries(Object.entries(args).filter(([k]) => k !== name)) as T;
}

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** Whether a recorded mock input arrived as a secret. */
export function isSecretInput(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The plain value of a recorded mock input, secret or not. */
export function plainInput(v: unknown): unknown {
  return isSecretInput(v) ? (v as Record<string, unknown>).value : v;
}

/** What a registration or invoke asked of the engine besides its inputs. */
export interface EngineOptions {
  readonly version: string;
  readonly pluginDownloadURL: string;
  readonly additionalSecretOutputs: readonly string[];
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getVersion(): string;
  getPlugindownloadurl(): string;
  getAdditionalsecretoutputsList(): string[];
}
interface InvokeRequest {
  getTok(): string;
  getVersion(): string;
  getPlugindownloadurl(): string;
}
interface HookableMonitor {
  registerResource(req: RegisterRequest, cb: (...args: unknown[]) => void): unknown;
  invoke(req: InvokeRequest, cb: (...args: unknown[]) => void): unknown;
}

/**
 * Records the engine options of every registration (by `type::name`) and invoke (by token) of
 * the current mocked run. Call after `RecordingMocks.install()`, which starts the run.
 */
export function recordEngineOptions(): {
  readonly resources: Map<string, EngineOptions>;
  readonly invokes: Map<string, EngineOptions[]>;
} {
  const resources = new Map<string, EngineOptions>();
  const invokes = new Map<string, EngineOptions[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as HookableMonitor;
  const register = monitor.registerResource.bind(monitor);
  const invoke = monitor.invoke.bind(monitor);
  monitor.registerResource = (req, cb) => {
    resources.set(`${req.getType()}::${req.getName()}`, {
      version: req.getVersion(),
      pluginDownloadURL: req.getPlugindownloadurl(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return register(req, cb);
  };
  monitor.invoke = (req, cb) => {
    const list = invokes.get(req.getTok()) ?? [];
    list.push({
      version: req.getVersion(),
      pluginDownloadURL: req.getPlugindownloadurl(),
      additionalSecretOutputs: [],
    });
    invokes.set(req.getTok(), list);
    return invoke(req, cb);
  };
  return { resources, invokes };
}

/** Compile-time equality of two types (used as `const ok: Equal<A, B> = true`). */
/* eslint-disable @typescript-eslint/no-unnecessary-type-parameters -- the usual equality idiom */
export type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/* eslint-enable @typescript-eslint/no-unnecessary-type-parameters */

/** Keys of `T` that are not optional. */
export type RequiredKeys<T> = {
  [K in keyof T]-?: object extends Pick<T, K> ? never : K;
}[keyof T];

/** Names of the `Output` properties a resource class declares, without `urn` and `id`. */
export type OutputKeys<C> = Exclude<
  { [K in keyof C]-?: C[K] extends pulumi.Output<unknown> ? K : never }[keyof C],
  'urn' | 'id'
>;

/** What the table-driven binding tests share within one test file. */
export interface BindingContext {
  readonly schema: () => Schema;
  readonly mocks: RecordingMocks;
  readonly engine: () => ReturnType<typeof recordEngineOptions>;
  /** The plugin version every registration and invoke must ask for. */
  readonly version: string;
  /** The plugin download URL they must ask for ('' when the schema has none). */
  readonly pluginDownloadURL: string;
}

/** A resource binding, full valid arguments, and how to construct it. */
export interface ResourceCase<A extends object = object> {
  readonly spec: ResourceSpec;
  readonly args: A;
  readonly make: (name: string, args: A) => pulumi.CustomResource;
}

/** Widens a typed case for a table of cases. */
export function resourceCase<A extends object>(c: ResourceCase<A>): ResourceCase {
  return c as unknown as ResourceCase;
}

/** A function binding, valid arguments, and its Promise and Output forms. */
export interface FunctionCase<A extends object = object> {
  readonly spec: FunctionSpec;
  readonly args: A;
  readonly call: (args: A) => Promise<unknown>;
  readonly callOutput: (args: A) => pulumi.Output<unknown>;
}

/** Widens a typed case for a table of cases. */
export function functionCase<A extends object>(c: FunctionCase<A>): FunctionCase {
  return c as unknown as FunctionCase;
}

/** The schema-declared secret properties among the ones a resource binding exposes. */
function schemaSecretOutputs(schema: Schema, spec: ResourceSpec): string[] {
  const props = schema.resources[spec.token]?.properties ?? {};
  return sorted([...spec.inputs, ...spec.computed].filter((n) => props[n]?.secret === true));
}

/** Registers the tests every resource binding gets. */
export function resourceBindingTests(ctx: BindingContext, c: ResourceCase): void {
  const short = c.spec.token.split(':').pop() ?? c.spec.token;
  const name = (suffix: string) => `${short.toLowerCase()}-${suffix}`;
  describe(c.spec.token, () => {
    it('matches the schema: token, inputs, outputs, required inputs, secrets, nested types', () => {
      assert.deepEqual(resourceProblems(ctx.schema(), c.spec), []);
    });

    it('creates an Output for each property it declares, and no other', () => {
      const res = c.make(name('outputs'), c.args);
      assert.deepEqual(outputProperties(res), sorted([...c.spec.inputs, ...c.spec.computed]));
      const props = Object.keys(ctx.schema().resources[c.spec.token]?.properties ?? {});
      assert.deepEqual(missing(outputProperties(res), props), []);
    });

    it('throws naming each required input that is left out', () => {
      const required = new Set([
        ...(ctx.schema().resources[c.spec.token]?.requiredInputs ?? []),
        ...c.spec.required,
      ]);
      for (const input of required) {
        assert.ok(input in c.args, `the test arguments lack ${input}`);
        assert.throws(() => c.make(name(`without-${input}`), without(c.args, input)), {
          message: `Missing required property '${input}'`,
        });
      }
    });

    it('registers its token with the given inputs, secret inputs as secrets', async () => {
      const res = c.make(name('inputs'), c.args);
      await unwrap(res.urn);
      await waitForRegistrations();
      const rec = ctx.mocks.one(c.spec.token, name('inputs'));
      const plain = Object.fromEntries(
        Object.entries(rec.inputs).map(([k, v]) => [k, plainInput(v)]),
      );
      assert.deepEqual(plain, c.args);
      const secret = Object.keys(rec.inputs).filter((k) => isSecretInput(rec.inputs[k]));
      assert.deepEqual(sorted(secret), sorted(c.spec.secretInputs.filter((n) => n in c.args)));
    });

    it('asks for the plugin version and download URL, and the secret outputs', async () => {
      const res = c.make(name('options'), c.args);
      await unwrap(res.urn);
      const opts = ctx.engine().resources.get(`${c.spec.token}::${name('options')}`);
      assert.ok(opts, 'no registration recorded');
      assert.equal(opts.version, ctx.version);
      assert.equal(opts.pluginDownloadURL, ctx.pluginDownloadURL);
      assert.deepEqual(
        sorted(opts.additionalSecretOutputs),
        schemaSecretOutputs(ctx.schema(), c.spec),
      );
    });
  });
}

function lastCall(calls: readonly RecordedCall[], token: string): RecordedCall | undefined {
  return calls.filter((call) => call.token === token).pop();
}

/** Registers the tests every function binding gets. */
export function functionBindingTests(ctx: BindingContext, c: FunctionCase): void {
  describe(c.spec.token, () => {
    it('matches the schema: token, arguments, result fields, required arguments, nested types', () => {
      assert.deepEqual(functionProblems(ctx.schema(), c.spec), []);
    });

    it('the Output form calls the token with the given arguments, and only those', async () => {
      const result = await unwrap(c.callOutput({ ...c.args, notAnArgument: 'dropped' }));
      assert.deepEqual(lastCall(ctx.mocks.calls, c.spec.token)?.inputs, c.args);
      assert.ok(typeof result === 'object' && result !== null);
    });

    it('the Output form takes Outputs as arguments', async () => {
      const outputs = Object.fromEntries(
        Object.entries(c.args).map(([k, v]) => [k, pulumi.output(v as pulumi.Input<unknown>)]),
      );
      await unwrap(c.callOutput(outputs));
      assert.deepEqual(lastCall(ctx.mocks.calls, c.spec.token)?.inputs, c.args);
    });

    it('the Promise form calls the token with the given arguments', async () => {
      await c.call(c.args);
      assert.deepEqual(lastCall(ctx.mocks.calls, c.spec.token)?.inputs, c.args);
    });

    it('asks for the plugin version and download URL', async () => {
      await unwrap(c.callOutput(c.args));
      const opts = ctx.engine().invokes.get(c.spec.token)?.pop();
      assert.ok(opts, 'no invoke recorded');
      assert.equal(opts.version, ctx.version);
      assert.equal(opts.pluginDownloadURL, ctx.pluginDownloadURL);
    });
  });
}

/** The property names a resource spec exposes: its inputs and its computed outputs. */
export type Exposed<S extends { inputs: readonly string[]; computed: readonly string[] }> =
  S['inputs'][number] | S['computed'][number];

/** The field names of a nested type's output shape: its fields and its computed fields. */
export type Shape<S extends { fields: readonly string[]; computed: readonly string[] }> =
  S['fields'][number] | S['computed'][number];
