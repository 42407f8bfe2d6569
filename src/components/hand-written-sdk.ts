// What a generated Pulumi SDK's utilities.ts and constructor bodies do, for the hand-written
// bindings of providers whose SDK cannot be installed here (vSphere, Talos: see
// ../shared/provider-schemas/). Each binding describes itself with a spec (token, input, output
// and secret names, in the schema's camelCase); the classes build their inputs and options from
// that spec only, so tests that check the specs against the schema check what the classes
// really send. Each sdk folder's utilities.ts binds the plugin's version (and download URL).
import * as pulumi from '@pulumi/pulumi';

/** The names a binding uses for a nested object type (an input type and its output shape). */
export interface TypeSpec {
  /** Fields a program may set: the keys of the `...Args` interface. */
  readonly fields: readonly string[];
  /** Fields the `...Args` interface requires. */
  readonly required: readonly string[];
  /** Fields only the provider fills in: in the output shape, not in the `...Args` interface. */
  readonly computed?: readonly string[];
  /** Specs of the fields that are objects or lists of objects. */
  readonly nested?: Readonly<Record<string, TypeSpec>>;
}

/** The names a resource binding sends and exposes. */
export interface ResourceSpec {
  /** Type token, e.g. `talos:machine/secrets:Secrets`. */
  readonly token: string;
  /** Inputs the `...Args` interface accepts; each also becomes an output property. */
  readonly inputs: readonly string[];
  /** Inputs without which the constructor throws (unless `opts.urn` is set). */
  readonly required: readonly string[];
  /** Inputs wrapped with `pulumi.secret` before they are sent. */
  readonly secretInputs: readonly string[];
  /** Output-only properties (the provider computes them). */
  readonly computed: readonly string[];
  /** Properties the engine must store encrypted (`additionalSecretOutputs`). */
  readonly secretOutputs: readonly string[];
  /** Specs of the object-typed properties, by property name. */
  readonly nested: Readonly<Record<string, TypeSpec>>;
}

/** The names a function (invoke) binding sends and returns. */
export interface FunctionSpec {
  /** Function token, e.g. `vsphere:index/getDatacenter:getDatacenter`. */
  readonly token: string;
  /** Arguments passed to the provider; anything else in the args object is dropped. */
  readonly inputs: readonly string[];
  /** Arguments the `...Args` interface requires. */
  readonly required: readonly string[];
  /** Fields of the `...Result` interface. */
  readonly outputs: readonly string[];
  /** Specs of the object-typed arguments and result fields, by name. */
  readonly nested: Readonly<Record<string, TypeSpec>>;
}

/** The names the provider resource sends. */
export interface ProviderSpec {
  /** Plugin name; the resource type is `pulumi:providers:<pkg>`. */
  readonly pkg: string;
  /** Configuration the `ProviderArgs` interface accepts. */
  readonly inputs: readonly string[];
  /** Configuration wrapped with `pulumi.secret` before it is sent. */
  readonly secretInputs: readonly string[];
  /** Non-string configuration, sent JSON-encoded as providers expect. */
  readonly jsonInputs: readonly string[];
}

/** `T` with every field an `Input`, for the `...OutputArgs` of an invoke's Output form. */
export type InputsOf<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

function field(args: object | undefined, name: string): unknown {
  return args === undefined ? undefined : (args as Readonly<Record<string, unknown>>)[name];
}

/**
 * The inputs a generated constructor would send: throws `Missing required property 'x'` for a
 * missing required input (unless `opts.urn` or `opts.id` is set), copies the spec's inputs,
 * wraps secret inputs (when set) with `pulumi.secret`, and lists every output-only property as
 * `undefined` so that the base class creates an `Output` for it.
 */
export function resourceInputs(
  spec: ResourceSpec,
  args: object | undefined,
  opts: pulumi.CustomResourceOptions,
): pulumi.Inputs {
  if (!opts.urn && !opts.id) {
    for (const name of spec.required) {
      if (field(args, name) === undefined) throw new Error(`Missing required property '${name}'`);
    }
  }
  const inputs: pulumi.Inputs = {};
  for (const name of spec.inputs) {
    const value = field(args, name);
    // Generated SDKs wrap only a value that is set (`args?.x ? pulumi.secret(args.x) : undefined`).
    inputs[name] = spec.secretInputs.includes(name) && value ? pulumi.secret(value) : value;
  }
  for (const name of spec.computed) inputs[name] = undefined;
  return inputs;
}

/** The provider configuration a generated `Provider` sends: secrets wrapped, non-strings JSON. */
export function providerInputs(spec: ProviderSpec, args: object | undefined): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const name of spec.inputs) {
    const value = field(args, name);
    if (spec.jsonInputs.includes(name)) {
      const config = value as pulumi.Input<boolean | number | object | undefined>;
      inputs[name] = pulumi.output(config).apply((v) => JSON.stringify(v));
    } else {
      inputs[name] = spec.secretInputs.includes(name) && value ? pulumi.secret(value) : value;
    }
  }
  return inputs;
}

/** The arguments an invoke sends: the spec's inputs only, by name. */
export function invokeArgs(spec: FunctionSpec, args: object | undefined): pulumi.Inputs {
  const inputs: pulumi.Inputs = {};
  for (const name of spec.inputs) inputs[name] = field(args, name);
  return inputs;
}

/** Whether `obj` is a resource of type `type`, even from another copy of the Pulumi SDK. */
export function hasPulumiType(obj: unknown, type: string): boolean {
  return (
    typeof obj === 'object' &&
    obj !== null &&
    (obj as { readonly __pulumiType?: unknown }).__pulumiType === type
  );
}

/** What a plugin's version and download URL decide: the options every call carries. */
export interface PluginSupport {
  /** The resource options every binding adds, like a generated SDK's `resourceOptsDefaults()`. */
  readonly resourceOptsDefaults: () => {
    readonly version: string;
    readonly pluginDownloadURL?: string;
  };
  /** The caller's options plus `{ version, pluginDownloadURL }` and `additionalSecretOutputs`. */
  readonly resourceOptions: (
    spec: ResourceSpec,
    opts: pulumi.CustomResourceOptions | undefined,
  ) => pulumi.CustomResourceOptions;
  /** The caller's invoke options with the plugin version (and download URL) filled in. */
  readonly invokeOptions: <T extends pulumi.InvokeOptions>(opts: T | undefined) => T;
  /** Calls the function of `spec` like a generated `getX(args, opts)`. */
  readonly invoke: <R>(
    spec: FunctionSpec,
    args: object | undefined,
    opts: pulumi.InvokeOptions | undefined,
  ) => Promise<R>;
  /** Calls the function of `spec` like a generated `getXOutput(args, opts)`; keeps secrets. */
  readonly invokeOutput: <R>(
    spec: FunctionSpec,
    args: object | undefined,
    opts: pulumi.InvokeOutputOptions | undefined,
  ) => pulumi.Output<R>;
}

/** The option helpers of one plugin (its version; its download URL when not the default). */
export function pluginSupport(version: string, pluginDownloadURL?: string): PluginSupport {
  const defaults = () => ({
    version,
    ...(pluginDownloadURL !== undefined ? { pluginDownloadURL } : {}),
  });
  const invokeOptions = <T extends pulumi.InvokeOptions>(opts: T | undefined): T =>
    ({
      ...opts,
      version: opts?.version ?? version,
      ...(pluginDownloadURL !== undefined
        ? { pluginDownloadURL: opts?.pluginDownloadURL ?? pluginDownloadURL }
        : {}),
    }) as T;
  return {
    resourceOptsDefaults: defaults,
    resourceOptions: (spec, opts) => {
      const merged = pulumi.mergeOptions(defaults(), opts);
      if (spec.secretOutputs.length === 0) return merged;
      return pulumi.mergeOptions(merged, { additionalSecretOutputs: [...spec.secretOutputs] });
    },
    invokeOptions,
    invoke: <R>(
      spec: FunctionSpec,
      args: object | undefined,
      opts: pulumi.InvokeOptions | undefined,
    ): Promise<R> =>
      pulumi.runtime.invoke(spec.token, invokeArgs(spec, args), invokeOptions(opts)) as Promise<R>,
    invokeOutput: <R>(
      spec: FunctionSpec,
      args: object | undefined,
      opts: pulumi.InvokeOutputOptions | undefined,
    ): pulumi.Output<R> =>
      pulumi.runtime.invokeOutput<R>(spec.token, invokeArgs(spec, args), invokeOptions(opts)),
  };
}
