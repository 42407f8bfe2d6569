// The plugin of the hand-written Talos bindings (@pulumiverse/talos cannot be installed here): name,
// version (the schema these bindings follow, and where the engine downloads it) and the option helpers bound
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

/** Plugin name: resources are `talos:...`, the provider `pulumi:providers:talos`. */
export const PACKAGE = 'talos';
/** Version of the provider plugin (the schema ../shared/provider-schemas/talos-v0.8.1.schema.json). */
export const VERSION = '0.8.1';
/** Where the engine downloads the plugin from (the schema's `pluginDownloadURL`). */
export const PLUGIN_DOWNLOAD_URL = 'github://api.github.com/pulumiverse';

export const { resourceOptsDefaults, resourceOptions, invokeOptions, invoke, invokeOutput } =
  pluginSupport(VERSION, PLUGIN_DOWNLOAD_URL);
