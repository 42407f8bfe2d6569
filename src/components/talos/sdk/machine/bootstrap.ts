// talos:machine/bootstrap:Bootstrap: bootstraps etcd on the first control plane node,
// hand-written in the shape of the @pulumiverse/talos class. The write-only
// `clientConfigurationWo` is not exposed, so this binding requires `clientConfiguration`, which
// the schema leaves optional only because either form may be used.
import * as pulumi from '@pulumi/pulumi';
import {
  BOOTSTRAP_TIMEOUTS,
  CLIENT_CONFIGURATION,
  type BootstrapTimeouts,
  type ClientConfiguration,
  type ClientConfigurationArgs,
} from '../types';
import {
  hasPulumiType,
  resourceInputs,
  resourceOptions,
  type InputsOf,
  type ResourceSpec,
} from '../utilities';

export const BOOTSTRAP = {
  token: 'talos:machine/bootstrap:Bootstrap',
  inputs: ['clientConfiguration', 'endpoint', 'node', 'timeouts'],
  required: ['clientConfiguration', 'node'],
  secretInputs: [],
  computed: [],
  secretOutputs: [],
  nested: { clientConfiguration: CLIENT_CONFIGURATION, timeouts: BOOTSTRAP_TIMEOUTS },
} as const satisfies ResourceSpec;

export interface BootstrapArgs {
  /** The client configuration of the cluster (e.g. `secrets.clientConfiguration`). */
  readonly clientConfiguration: pulumi.Input<ClientConfigurationArgs>;
  /** The address to reach the node's Talos API at. Defaults to `node`. */
  readonly endpoint?: pulumi.Input<string>;
  /** The name (address) of the control plane node to bootstrap. */
  readonly node: pulumi.Input<string>;
  /** Timeout of the bootstrap. */
  readonly timeouts?: pulumi.Input<InputsOf<BootstrapTimeouts>>;
}

/** The one-time etcd bootstrap of a Talos cluster, run against one control plane node. */
export class Bootstrap extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = BOOTSTRAP.token;

  /** Whether `obj` is a Bootstrap, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Bootstrap {
    return hasPulumiType(obj, Bootstrap.__pulumiType);
  }

  /** The client configuration used. */
  declare readonly clientConfiguration: pulumi.Output<ClientConfiguration | undefined>;
  /** The address the node's Talos API was reached at. */
  declare readonly endpoint: pulumi.Output<string>;
  /** The name (address) of the bootstrapped node. */
  declare readonly node: pulumi.Output<string>;
  /** Timeout of the bootstrap. */
  declare readonly timeouts: pulumi.Output<BootstrapTimeouts | undefined>;

  constructor(name: string, args: BootstrapArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      Bootstrap.__pulumiType,
      name,
      resourceInputs(BOOTSTRAP, args, opts),
      resourceOptions(BOOTSTRAP, opts),
    );
  }
}
