// The vSphere provider resource (pulumi:providers:vsphere), hand-written in the shape of the
// generated @pulumi/vsphere Provider: non-string configuration travels JSON-encoded. Unlike the
// generated class, `password` is sent as a secret (the schema does not mark it so) and no
// configuration is read from VSPHERE_* environment variables: the plugin itself still reads them.
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
  inputs: [
    'allowUnverifiedSsl',
    'apiTimeout',
    'clientDebug',
    'clientDebugPath',
    'clientDebugPathRun',
    'password',
    'persistSession',
    'restSessionPath',
    'user',
    'vimKeepAlive',
    'vimSessionPath',
    'vsphereServer',
  ],
  secretInputs: ['password'],
  jsonInputs: ['allowUnverifiedSsl', 'apiTimeout', 'clientDebug', 'persistSession', 'vimKeepAlive'],
} as const satisfies ProviderSpec;

export interface ProviderArgs {
  /** Accept unverifiable TLS certificates of the vSphere server. Defaults to `false`. */
  readonly allowUnverifiedSsl?: pulumi.Input<boolean>;
  /** API timeout in minutes. Defaults to 5. */
  readonly apiTimeout?: pulumi.Input<number>;
  /** Log govmomi (vSphere API client) debug output. */
  readonly clientDebug?: pulumi.Input<boolean>;
  /** Directory for govmomi debug logs. */
  readonly clientDebugPath?: pulumi.Input<string>;
  /** Directory for the govmomi debug logs of a single run. */
  readonly clientDebugPathRun?: pulumi.Input<string>;
  /** The password for vSphere API operations; sent as a secret. */
  readonly password?: pulumi.Input<string>;
  /** Persist vSphere client sessions to disk. */
  readonly persistSession?: pulumi.Input<boolean>;
  /** The directory to save vSphere REST API sessions to. */
  readonly restSessionPath?: pulumi.Input<string>;
  /** The user name for vSphere API operations. */
  readonly user?: pulumi.Input<string>;
  /** Keep-alive interval of the VIM session, in minutes. */
  readonly vimKeepAlive?: pulumi.Input<number>;
  /** The directory to save vSphere SOAP API sessions to. */
  readonly vimSessionPath?: pulumi.Input<string>;
  /** The vCenter or ESXi server name (host name or address) for vSphere API operations. */
  readonly vsphereServer?: pulumi.Input<string>;
}

/** An explicit vSphere provider: resources given it via `opts.provider` use its settings. */
export class Provider extends pulumi.ProviderResource {
  /** @internal */
  static readonly __pulumiType = PROVIDER.pkg;

  /** Whether `obj` is a vSphere Provider, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Provider {
    return hasPulumiType(obj, `pulumi:providers:${Provider.__pulumiType}`);
  }

  /** Directory for govmomi debug logs. */
  declare readonly clientDebugPath: pulumi.Output<string | undefined>;
  /** Directory for the govmomi debug logs of a single run. */
  declare readonly clientDebugPathRun: pulumi.Output<string | undefined>;
  /** The password for vSphere API operations (secret). */
  declare readonly password: pulumi.Output<string | undefined>;
  /** The directory to save vSphere REST API sessions to. */
  declare readonly restSessionPath: pulumi.Output<string | undefined>;
  /** The user name for vSphere API operations. */
  declare readonly user: pulumi.Output<string | undefined>;
  /** The directory to save vSphere SOAP API sessions to. */
  declare readonly vimSessionPath: pulumi.Output<string | undefined>;
  /** The vCenter or ESXi server name for vSphere API operations. */
  declare readonly vsphereServer: pulumi.Output<string | undefined>;

  constructor(name: string, args: ProviderArgs = {}, opts: pulumi.ResourceOptions = {}) {
    super(
      Provider.__pulumiType,
      name,
      providerInputs(PROVIDER, args),
      pulumi.mergeOptions(resourceOptsDefaults(), opts),
    );
  }
}
