// EKS clusters (KubernetesProviders of type eks) with their node groups, EKS add-ons and the
// spec's Helm add-ons on the new cluster.
import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HelmAddons } from '../../components/addons/helm-addons';
import { EKS_LOG_TYPES, EksCluster, type EksLogType } from '../../components/aws/eks-cluster';
import type { ResolvedCluster } from '../../model';
import type { ClusterOutput, SecretOutput } from '../outputs';
import type { AwsFoundation } from './foundation';

/** Kubernetes version when neither the provider nor the cluster names one. */
export const DEFAULT_EKS_VERSION = '1.30';

/** Add-ons EKS manages itself; the rest are Helm releases. */
const EKS_MANAGED_ADDONS: Readonly<Record<string, string>> = {
  'aws-vpc-cni': 'vpc-cni',
  'vpc-cni': 'vpc-cni',
  coredns: 'coredns',
  'kube-proxy': 'kube-proxy',
  'aws-ebs-csi-driver': 'aws-ebs-csi-driver',
};

function resolveSubnets(
  refs: readonly string[],
  foundation: AwsFoundation,
): pulumi.Input<string>[] {
  return refs.map((r) => foundation.subnet(r) ?? r);
}

export interface BuiltCluster {
  readonly output: pulumi.Output<ClusterOutput>;
  readonly secret: pulumi.Output<SecretOutput>;
}

export function buildEksCluster(
  cluster: ResolvedCluster,
  foundation: AwsFoundation,
  parent: pulumi.Resource,
  provider: aws.Provider,
  ownerKey: string,
  warn: (message: string) => void,
): BuiltCluster {
  const region = cluster.region ?? '';
  // Nodes and the control plane go into the private subnets unless the manifest names others.
  const subnetIds =
    cluster.subnetIds.length > 0
      ? resolveSubnets(cluster.subnetIds, foundation)
      : foundation.privateSubnetIds.length > 0
        ? foundation.privateSubnetIds
        : foundation.publicSubnetIds;
  const logTypes = cluster.logging.filter((l): l is EksLogType =>
    (EKS_LOG_TYPES as readonly string[]).includes(l),
  );
  const managed = cluster.addons.filter(
    (a) => a.enabled && EKS_MANAGED_ADDONS[a.name] !== undefined,
  );
  const cni = cluster.networking.cni;
  const eksAddons = [
    ...(cni !== undefined && EKS_MANAGED_ADDONS[cni] !== undefined
      ? [{ name: EKS_MANAGED_ADDONS[cni] ?? cni }]
      : []),
    ...managed.map((a) => ({ name: EKS_MANAGED_ADDONS[a.name] ?? a.name })),
  ].filter((a, i, all) => all.findIndex((b) => b.name === a.name) === i);
  const secretsKey =
    cluster.encryption?.enabled === true
      ? (cluster.encryption.kmsKeyId ?? foundation.kmsKeyArn)
      : undefined;
  const eks = new EksCluster(
    cluster.name,
    {
      clusterName: cluster.name,
      version: cluster.version ?? DEFAULT_EKS_VERSION,
      region,
      subnetIds,
      ...(cluster.securityGroupIds.length > 0
        ? {
            securityGroupIds: cluster.securityGroupIds.map((g) => foundation.securityGroup(g) ?? g),
          }
        : {}),
      endpointPrivateAccess: cluster.endpointAccess.private ?? true,
      endpointPublicAccess: cluster.endpointAccess.public ?? false,
      publicAccessCidrs: cluster.endpointAccess.publicCIDRs,
      // None listed: the component's default (api, audit, authenticator), never no logs at all
      // (policy control-plane-audit-logging).
      ...(logTypes.length > 0 ? { enabledLogTypes: logTypes } : {}),
      ...(secretsKey !== undefined ? { secretsKmsKeyArn: secretsKey } : {}),
      ...(cluster.roleArn !== undefined ? { roleArn: cluster.roleArn } : {}),
      ...(cluster.networking.serviceCIDR !== undefined
        ? { serviceIpv4Cidr: cluster.networking.serviceCIDR }
        : {}),
      nodeGroups: cluster.nodeGroups
        .filter((g) => g.role === 'worker')
        .map((g) => ({
          nodeGroupName: g.name,
          instanceTypes: g.instanceTypes,
          ...(g.amiType !== undefined ? { amiType: g.amiType } : {}),
          capacityType: g.capacityType ?? 'ON_DEMAND',
          scaling: g.scaling,
          autoscaled: g.scaling.min !== g.scaling.max,
          subnetIds: g.subnets.length > 0 ? resolveSubnets(g.subnets, foundation) : subnetIds,
          labels: g.labels,
          taints: g.taints.map((t) => ({
            key: t.key,
            ...(t.value !== undefined ? { value: t.value } : {}),
            effect: t.effect,
          })),
          ...(g.remoteAccess?.ec2SshKey !== undefined
            ? {
                remoteAccess: {
                  ec2SshKey: g.remoteAccess.ec2SshKey,
                  sourceSecurityGroupIds: g.remoteAccess.sourceSecurityGroups.map(
                    (s) => foundation.securityGroup(s) ?? s,
                  ),
                },
              }
            : {}),
        })),
      addons: eksAddons,
      tags: { ...cluster.tags },
    },
    { parent, provider },
  );
  const helm = cluster.addons.filter((a) => EKS_MANAGED_ADDONS[a.name] === undefined);
  const addons =
    helm.length > 0
      ? new HelmAddons(
          `${cluster.name}-addons`,
          {
            // The token kubeconfig needs no AWS CLI where the engine runs, and waits for the nodes.
            kubeconfig: eks.tokenKubeconfig,
            clusterName: cluster.name,
            addons: helm.map((a) => ({
              name: a.name,
              ...(a.version !== undefined ? { version: a.version } : {}),
              enabled: a.enabled,
              config: a.config,
            })),
            cloud: 'aws',
            region,
          },
          { parent: eks },
        )
      : undefined;
  for (const w of addons?.warnings ?? []) warn(`cluster ${cluster.name}: ${w}`);
  const releases = addons?.releases ?? pulumi.output([]);
  const output = pulumi
    .all([
      eks.clusterName,
      eks.endpoint,
      eks.version,
      eks.certificateAuthority,
      eks.oidcIssuer,
      eks.nodeGroups,
      releases,
    ])
    .apply(([name, endpoint, version, ca, oidc, groups, rel]) => ({
      name,
      endpoint,
      version,
      status: 'ACTIVE',
      certificateAuthority: ca,
      oidcIssuer: oidc,
      ...(cluster.networking.serviceCIDR !== undefined
        ? { serviceCIDR: cluster.networking.serviceCIDR }
        : {}),
      ...(cluster.networking.podCIDR !== undefined ? { podCIDR: cluster.networking.podCIDR } : {}),
      nodeGroups: groups.map((g) => ({
        name: g.name,
        status: g.status,
        desired: g.desired,
        min: g.min,
        max: g.max,
      })),
      addons: [
        ...eksAddons.map((a) => ({ name: a.name, status: 'ACTIVE' })),
        ...rel.map((r) => ({
          name: r.name,
          version: r.version,
          status: r.status,
        })),
      ],
    }));
  const secret = eks.kubeconfig.apply((kubeconfig) => ({
    owner: ownerKey,
    secretName: `${ownerKey.split('/').pop() ?? cluster.name}-kubeconfig`,
    key: 'kubeconfig',
    description: `kubeconfig of EKS cluster ${cluster.name}`,
    value: kubeconfig,
  }));
  return { output, secret };
}
