// The vitistack.io/v1alpha1 kinds, in one registry.
import type { KindDefinition } from '../kind';
import { kubernetesClusterKind, type KubernetesCluster } from './kubernetescluster';
import { kubernetesProviderKind, type KubernetesProvider } from './kubernetesprovider';
import { kubevirtConfigKind, type KubevirtConfig } from './kubevirtconfig';
import { loadBalancerKind, type LoadBalancer } from './loadbalancer';
import { machineKind, type Machine } from './machine';
import { machineProviderKind, type MachineProvider } from './machineprovider';
import { networkConfigurationKind, type NetworkConfiguration } from './networkconfiguration';
import { networkNamespaceKind, type NetworkNamespace } from './networknamespace';
import { proxmoxConfigKind, type ProxmoxConfig } from './proxmoxconfig';
import { vitistackKind, type Vitistack } from './vitistack';

export type {
  KubernetesCluster,
  KubernetesProvider,
  KubevirtConfig,
  LoadBalancer,
  Machine,
  MachineProvider,
  NetworkConfiguration,
  NetworkNamespace,
  ProxmoxConfig,
  Vitistack,
};

/** Every canonical object the API layer hands on. */
export type AnyResource =
  | Vitistack
  | MachineProvider
  | KubernetesProvider
  | KubernetesCluster
  | Machine
  | NetworkConfiguration
  | NetworkNamespace
  | LoadBalancer
  | KubevirtConfig
  | ProxmoxConfig;

export type KindName = AnyResource['kind'];

/** All kinds, in the order the CLI lists them. */
export const KINDS: readonly KindDefinition[] = [
  vitistackKind,
  machineProviderKind,
  kubernetesProviderKind,
  kubernetesClusterKind,
  machineKind,
  networkConfigurationKind,
  networkNamespaceKind,
  loadBalancerKind,
  kubevirtConfigKind,
  proxmoxConfigKind,
];

export const KIND_NAMES: readonly string[] = KINDS.map((k) => k.kind);

/** Older kind names the documents use, accepted in manifests and normalised. */
export const KIND_ALIASES: Readonly<Record<string, string>> = { Datacenter: 'Vitistack' };

/** Finds a kind by name or alias (`Datacenter` is the spec's older name for `Vitistack`). */
export function findKind(name: string): KindDefinition | undefined {
  const canonical = KIND_ALIASES[name] ?? name;
  return KINDS.find((k) => k.kind === canonical);
}
