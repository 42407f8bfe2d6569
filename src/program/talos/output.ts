// A built Talos cluster as the stack's provider-neutral outputs: the ClusterOutput (status of the
// KubernetesCluster and its provider) and the kubeconfig as a SecretOutput owned by the
// KubernetesCluster. Status `ACTIVE` is the value status/ reads as a running cluster, as for the
// managed clusters; a Talos cluster has it once its kubeconfig could be retrieved.
import * as pulumi from '@pulumi/pulumi';
import type { ReleaseSummary } from '../../components/addons/helm-addons';
import type { TalosCluster } from '../../components/talos/talos-cluster';
import type { ResolvedCluster } from '../../model';
import type { AddonOutput, ClusterOutput, SecretOutput } from '../outputs';

/** Talos' own defaults, reported when the provider names none. */
export const TALOS_DEFAULTS = {
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
} as const;

export const CLUSTER_READY = 'ACTIVE';

/** Parts of the cluster Talos runs itself (not Helm releases), reported as add-ons. */
export function builtInAddons(c: ResolvedCluster, cni: string): AddonOutput[] {
  return [
    ...(cni === 'flannel' ? [{ name: 'flannel', status: CLUSTER_READY }] : []),
    ...(c.addons.some((a) => a.name === 'coredns')
      ? [{ name: 'coredns', status: CLUSTER_READY }]
      : []),
  ];
}

export function clusterOutput(
  c: ResolvedCluster,
  cluster: TalosCluster,
  builtIn: readonly AddonOutput[],
  releases: pulumi.Output<readonly ReleaseSummary[]>,
): pulumi.Output<ClusterOutput> {
  return pulumi
    .all([cluster.endpoint, cluster.kubernetesVersion, cluster.caCertificate, releases])
    .apply(([endpoint, version, ca, rel]): ClusterOutput => ({
      name: c.name,
      endpoint,
      version: c.version ?? version,
      status: CLUSTER_READY,
      certificateAuthority: ca,
      podCIDR: c.networking.podCIDR ?? TALOS_DEFAULTS.podCIDR,
      serviceCIDR: c.networking.serviceCIDR ?? TALOS_DEFAULTS.serviceCIDR,
      nodeGroups: c.nodeGroups.map((g) => ({
        name: g.name,
        status: CLUSTER_READY,
        desired: g.replicas,
        min: g.scaling.min,
        max: g.scaling.max,
      })),
      addons: [
        ...builtIn,
        ...rel.map((r) => ({ name: r.name, version: r.version, status: r.status })),
      ],
    }));
}

/** The kubeconfig Secret: `<KubernetesCluster name>-kubeconfig`, key `kubeconfig`. */
export function kubeconfigSecret(
  c: ResolvedCluster,
  cluster: TalosCluster,
): pulumi.Output<SecretOutput> {
  const owner = c.cluster?.metadata.name ?? c.name;
  return pulumi.secret(
    cluster.kubeconfig.apply((value) => ({
      owner: c.key,
      secretName: `${owner}-kubeconfig`,
      key: 'kubeconfig',
      description: `admin kubeconfig of Talos cluster ${c.name}`,
      value,
    })),
  );
}
