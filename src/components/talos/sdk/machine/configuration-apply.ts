// talos:machine/configurationApply:ConfigurationApply: applies a machine configuration to a node
// through the Talos API, hand-written in the shape of the @pulumiverse/talos class. The write-only
// inputs (`clientConfigurationWo`, `machineConfigurationInputWo`) are not exposed, so this binding
// requires `clientConfiguration` and `machineConfigurationInput`, which the schema leaves optional
// only because either form may be used.
import * as pulumi from '@pulumi/pulumi';
import {
  CLIENT_CONFIGURATION,
  TIMEOUTS,
  type ClientConfiguration,
  type ClientConfigurationArgs,
  type Timeouts,
} from '../types';
import {
  hasPulumiType,
  resourceInputs,
  resourceOptions,
  type InputsOf,
  type ResourceSpec,
  type TypeSpec,
} from '../utilities';

/** What happens to the node when the resource is destroyed. */
export interface ConfigurationApplyOnDestroy {
  /** Leave etcd gracefully before the reset (checks etcd health). Defaults to `true`. */
  readonly graceful?: boolean;
  /** Reboot after the reset instead of halting. Defaults to `false`. */
  readonly reboot?: boolean;
  /** Reset the machine (wipes STATE and EPHEMERAL); without it destroy is a no-op. */
  readonly reset?: boolean;
}

export const CONFIGURATION_APPLY_ON_DESTROY = {
  fields: ['graceful', 'reboot', 'reset'],
  required: [],
} as const satisfies TypeSpec;

export const CONFIGURATION_APPLY = {
  token: 'talos:machine/configurationApply:ConfigurationApply',
  inputs: [
    'applyMode',
    'clientConfiguration',
    'configPatches',
    'endpoint',
    'machineConfigurationInput',
    'node',
    'onDestroy',
    'timeouts',
  ],
  required: ['clientConfiguration', 'machineConfigurationInput', 'node'],
  secretInputs: ['machineConfigurationInput'],
  computed: ['machineConfiguration', 'machineConfigurationHash', 'resolvedApplyMode'],
  secretOutputs: ['machineConfiguration', 'machineConfigurationInput'],
  nested: {
    clientConfiguration: CLIENT_CONFIGURATION,
    onDestroy: CONFIGURATION_APPLY_ON_DESTROY,
    timeouts: TIMEOUTS,
  },
} as const satisfies ResourceSpec;

export interface ConfigurationApplyArgs {
  /** `auto`, `no_reboot`, `reboot`, `staged`, or `staged_if_needing_reboot`. Defaults to `auto`. */
  readonly applyMode?: pulumi.Input<string>;
  /** The client configuration of the cluster (e.g. `secrets.clientConfiguration`). */
  readonly clientConfiguration: pulumi.Input<ClientConfigurationArgs>;
  /** Config patches (YAML or JSON) applied to `machineConfigurationInput`. */
  readonly configPatches?: pulumi.Input<pulumi.Input<string>[]>;
  /** The address to reach the node's Talos API at. Defaults to `node`. */
  readonly endpoint?: pulumi.Input<string>;
  /** The machine configuration to apply (e.g. from `getConfiguration`); sent as a secret. */
  readonly machineConfigurationInput: pulumi.Input<string>;
  /** The name (address) of the node to configure. */
  readonly node: pulumi.Input<string>;
  /** What happens to the node on destroy. Defaults to nothing. */
  readonly onDestroy?: pulumi.Input<InputsOf<ConfigurationApplyOnDestroy>>;
  /** Timeouts of create, update and delete. */
  readonly timeouts?: pulumi.Input<InputsOf<Timeouts>>;
}

/** A machine configuration applied to one Talos node. */
export class ConfigurationApply extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = CONFIGURATION_APPLY.token;

  /** Whether `obj` is a ConfigurationApply, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is ConfigurationApply {
    return hasPulumiType(obj, ConfigurationApply.__pulumiType);
  }

  /** The mode of the apply operation. */
  declare readonly applyMode: pulumi.Output<string>;
  /** The client configuration used. */
  declare readonly clientConfiguration: pulumi.Output<ClientConfiguration | undefined>;
  /** The config patches applied. */
  declare readonly configPatches: pulumi.Output<string[] | undefined>;
  /** The address the node's Talos API was reached at. */
  declare readonly endpoint: pulumi.Output<string>;
  /** The machine configuration after patches, as applied; secret. */
  declare readonly machineConfiguration: pulumi.Output<string>;
  /** SHA-256 hex digest of the rendered machine configuration (input plus patches). */
  declare readonly machineConfigurationHash: pulumi.Output<string>;
  /** The machine configuration given; secret. */
  declare readonly machineConfigurationInput: pulumi.Output<string | undefined>;
  /** The name (address) of the node. */
  declare readonly node: pulumi.Output<string>;
  /** What happens to the node on destroy. */
  declare readonly onDestroy: pulumi.Output<ConfigurationApplyOnDestroy | undefined>;
  /** The apply mode actually used (`auto` or `staged` for `staged_if_needing_reboot`). */
  declare readonly resolvedApplyMode: pulumi.Output<string>;
  /** Timeouts of create, update and delete. */
  declare readonly timeouts: pulumi.Output<Timeouts | undefined>;

  constructor(name: string, args: ConfigurationApplyArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      ConfigurationApply.__pulumiType,
      name,
      resourceInputs(CONFIGURATION_APPLY, args, opts),
      resourceOptions(CONFIGURATION_APPLY, opts),
    );
  }
}
