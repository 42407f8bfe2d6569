// Hand-written typed bindings for the Talos provider (pulumiverse-talos v0.8.1), standing in for
// @pulumiverse/talos, which cannot be installed here. Modules mirror the generated package:
// `talos.machine.Secrets`, `talos.cluster.Kubeconfig`, `talos.client.getConfiguration`, ...
export * as client from './client/index';
export * as cluster from './cluster/index';
export * as machine from './machine/index';
export { Provider, type ProviderArgs } from './provider';
export type {
  BootstrapTimeouts,
  Certificate,
  Certificates,
  ClientConfiguration,
  ClientConfigurationArgs,
  Cluster,
  Key,
  KubeconfigTimeouts,
  KubernetesClientConfiguration,
  KubernetesSecrets,
  MachineSecrets,
  Timeouts,
  TrustdInfo,
} from './types';
export { PLUGIN_DOWNLOAD_URL, VERSION } from './utilities';
