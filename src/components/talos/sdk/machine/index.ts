// The `machine` module of the Talos bindings (talos:machine/...).
export { Bootstrap, type BootstrapArgs } from './bootstrap';
export {
  ConfigurationApply,
  type ConfigurationApplyArgs,
  type ConfigurationApplyOnDestroy,
} from './configuration-apply';
export {
  getConfiguration,
  getConfigurationOutput,
  type GetConfigurationArgs,
  type GetConfigurationOutputArgs,
  type GetConfigurationResult,
} from './get-configuration';
export { Secrets, type SecretsArgs } from './secrets';
