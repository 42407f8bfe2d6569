// The Talos provider resource (pulumi:providers:talos), hand-written in the shape of the
// @pulumiverse/talos Provider. The plugin comes from the pulumiverse GitHub releases
// (pluginDownloadURL), so the provider resource carries that URL like every Talos resource.
import * as pulumi from '@pulumi/pulumi';
import {
  PACKAGE,
  hasPulumiType,
  providerInputs,
  resourceOptsDefaults,
  type ProviderSpec,
} from './utilities';

export const PROVIDER = {
  pkg: PACKAGE,
  inputs: ['imageFactoryUrl'],
  secretInputs: [],
  jsonInputs: [],
} as const satisfies ProviderSpec;

export interface ProviderArgs {
  /** The Image Factory URL used to generate schematics. Defaults to `https://factory.talos.dev`. */
  readonly imageFactoryUrl?: pulumi.Input<string>;
}

/** An explicit Talos provider: resources given it via `opts.provider` use its settings. */
export class Provider extends pulumi.ProviderResource {
  /** @internal */
  static readonly __pulumiType = PROVIDER.pkg;

  /** Whether `obj` is a Talos Provider, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Provider {
    return hasPulumiType(obj, `pulumi:providers:${Provider.__pulumiType}`);
  }

  /** The Image Factory URL used to generate schematics. */
  declare readonly imageFactoryUrl: pulumi.Output<string | undefined>;

  constructor(name: string, args: ProviderArgs = {}, opts: pulumi.ResourceOptions = {}) {
    super(
      Provider.__pulumiType,
      name,
      providerInputs(PROVIDER, args),
      pulumi.mergeOptions(resourceOptsDefaults(), opts),
    );
  }
}
