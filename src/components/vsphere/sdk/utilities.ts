// The plugin of the hand-written vSphere bindings (@pulumi/vsphere cannot be installed here): name,
// version (the schema these bindings follow) and the option helpers bound
// to them. The rest lives once in ../../hand-written-sdk.ts.
import { pluginSupport } from '../../hand-written-sdk';

export {
  hasPulumiType,
  invokeArgs,
  providerInputs,
  resourceInputs,
  type FunctionSpec,
  type InputsOf,
  type ProviderSpec,
  type ResourceSpec,
  type TypeSpec,
} from '../../hand-written-sdk';

/** Plugin name: resources are `vsphere:...`, the provider `pulumi:providers:vsphere`. */
export const PACKAGE = 'vsphere';
/** Version of the provider plugin (the schema ../shared/provider-schemas/vsphere-v4.17.0.schema.json). */
export const VERSION = '4.17.0';

export const { resourceOptsDefaults, resourceOptions, invokeOptions, invoke, invokeOutput } =
  pluginSupport(VERSION);
