// talos:cluster/kubeconfig:Kubeconfig: retrieves an admin kubeconfig from a control plane node and
// renews its certificate, hand-written in the shape of the @pulumiverse/talos class.
import * as pulumi from '@pulumi/pulumi';
import {
  CLIENT_CONFIGURATION,
  KUBECONFIG_TIMEOUTS,
  KUBERNETES_CLIENT_CONFIGURATION,
  type ClientConfiguration,
  type ClientConfigurationArgs,
  type KubeconfigTimeouts,
  type KubernetesClientConfiguration,
} from '../types';
import {
  hasPulumiType,
  resourceInputs,
  resourceOptions,
  type InputsOf,
  type ResourceSpec,
} from '../utilities';

export const KUBECONFIG = {
  token: 'talos:cluster/kubeconfig:Kubeconfig',
  inputs: ['certificateRenewalDuration', 'clientConfiguration', 'endpoint', 'node', 'timeouts'],
  required: ['clientConfiguration', 'node'],
  secretInputs: [],
  computed: ['kubeconfigRaw', 'kubernetesClientConfiguration'],
  secretOutputs: ['kubeconfigRaw'],
  nested: {
    clientConfiguration: CLIENT_CONFIGURATION,
    kubernetesClientConfiguration: KUBERNETES_CLIENT_CONFIGURATION,
    timeouts: KUBECONFIG_TIMEOUTS,
  },
} as const satisfies ResourceSpec;

export interface KubeconfigArgs {
  /** How long before expiry the client certificate is renewed, e.g. `720h` (the default). */
  readonly certificateRenewalDuration?: pulumi.Input<string>;
  /** The client configuration of the cluster (e.g. `secrets.clientConfiguration`). */
  readonly clientConfiguration: pulumi.Input<ClientConfigurationArgs>;
  /** The address to reach the node's Talos API at. Defaults to `node`. */
  readonly endpoint?: pulumi.Input<string>;
  /** The control plane node to retrieve the kubeconfig from. */
  readonly node: pulumi.Input<string>;
  /** Timeouts of create and update. */
  readonly timeouts?: pulumi.Input<InputsOf<KubeconfigTimeouts>>;
}

/** An admin kubeconfig of a Talos cluster. */
export class Kubeconfig extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = KUBECONFIG.token;

  /** Whether `obj` is a Kubeconfig, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Kubeconfig {
    return hasPulumiType(obj, Kubeconfig.__pulumiType);
  }

  /** How long before expiry the client certificate is renewed. */
  declare readonly certificateRenewalDuration: pulumi.Output<string>;
  /** The client configuration used. */
  declare readonly clientConfiguration: pulumi.Output<ClientConfiguration>;
  /** The address the node's Talos API was reached at. */
  declare readonly endpoint: pulumi.Output<string>;
  /** The kubeconfig (YAML); secret. */
  declare readonly kubeconfigRaw: pulumi.Output<string>;
  /** The parts of the kubeconfig: API server URL, CA, client certificate and key. */
  declare readonly kubernetesClientConfiguration: pulumi.Output<KubernetesClientConfiguration>;
  /** The control plane node the kubeconfig was retrieved from. */
  declare readonly node: pulumi.Output<string>;
  /** Timeouts of create and update. */
  declare readonly timeouts: pulumi.Output<KubeconfigTimeouts | undefined>;

  constructor(name: string, args: KubeconfigArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      Kubeconfig.__pulumiType,
      name,
      resourceInputs(KUBECONFIG, args, opts),
      resourceOptions(KUBECONFIG, opts),
    );
  }
}
