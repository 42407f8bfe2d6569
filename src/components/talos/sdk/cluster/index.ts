// The `cluster` module of the Talos bindings (talos:cluster/...).
export { Kubeconfig, type KubeconfigArgs } from './kubeconfig';
