// talos:machine/secrets:Secrets: generates the secrets of a Talos cluster (CAs, tokens) and the
// admin client configuration, hand-written in the shape of the @pulumiverse/talos class. The
// schema marks no top-level output secret: the private keys inside `machineSecrets` and
// `clientConfiguration` are nested secrets, which the provider marks itself.
import * as pulumi from '@pulumi/pulumi';
import {
  CLIENT_CONFIGURATION,
  MACHINE_SECRETS,
  type ClientConfiguration,
  type MachineSecrets,
} from '../types';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from '../utilities';

export const SECRETS = {
  token: 'talos:machine/secrets:Secrets',
  inputs: ['talosVersion'],
  required: [],
  secretInputs: [],
  computed: ['clientConfiguration', 'machineSecrets'],
  secretOutputs: [],
  nested: { clientConfiguration: CLIENT_CONFIGURATION, machineSecrets: MACHINE_SECRETS },
} as const satisfies ResourceSpec;

export interface SecretsArgs {
  /** The Talos version contract of the secrets, e.g. `v1.12`. Defaults to the provider's. */
  readonly talosVersion?: pulumi.Input<string>;
}

/** The secrets of a Talos cluster, generated once and kept in state. */
export class Secrets extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = SECRETS.token;

  /** Whether `obj` is a Secrets, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Secrets {
    return hasPulumiType(obj, Secrets.__pulumiType);
  }

  /** The generated admin client configuration (talosconfig credentials). */
  declare readonly clientConfiguration: pulumi.Output<ClientConfiguration>;
  /** The secrets of the Talos cluster. */
  declare readonly machineSecrets: pulumi.Output<MachineSecrets>;
  /** The Talos version contract used to generate the secrets. */
  declare readonly talosVersion: pulumi.Output<string>;

  constructor(name: string, args: SecretsArgs = {}, opts: pulumi.CustomResourceOptions = {}) {
    super(
      Secrets.__pulumiType,
      name,
      resourceInputs(SECRETS, args, opts),
      resourceOptions(SECRETS, opts),
    );
  }
}
