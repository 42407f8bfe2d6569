// The `client` module of the Talos bindings (talos:client/...).
export {
  getConfiguration,
  getConfigurationOutput,
  type GetConfigurationArgs,
  type GetConfigurationOutputArgs,
  type GetConfigurationResult,
} from './get-configuration';
