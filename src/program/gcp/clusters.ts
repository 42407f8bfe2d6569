// GKE clusters (KubernetesProviders of type gke) with their node pools, a Backup for GKE plan when
// backups are on, and the spec's Helm add-ons on the new cluster.
import * as pulumi from '@pulumi/pulumi';
import type { Provider } from '@pulumi/gcp/provider';
import { HelmAddons } from '../../components/addons/helm-addons';
import { GkeBackupPlan } from '../../components/gcp/gke-backup-plan';
import { GkeCluster, type LoggingComponent } from '../../components/gcp/gke-cluster';
import { GCP_REGION, GCP_ZONE, regionOfZone } from '../../components/gcp/util';
import { cloudTags } from '../../model/cloud-tags';
import type { ResolvedCluster, StackModel } from '../../model';
import { VITISTACK_GROUP } from '../firewall-rules';
import type { BuiltCluster } from '../cloud';
import { daysOf } from '../units';
import {
  clusterBackupOn,
  DEFAULT_BACKUP_RETENTION_DAYS,
  DEFAULT_BACKUP_SCHEDULE,
  type GcpFoundation,
  type GcpSubnet,
} from './foundation';

/** Manifest log types (GKE_LOG_TYPES of the gke block) as GKE logging components. */
const LOG_COMPONENTS: Readonly<Record<string, LoggingComponent>> = {
  api: 'APISERVER',
  controllerManager: 'CONTROLLER_MANAGER',
  scheduler: 'SCHEDULER',
  system: 'SYSTEM_COMPONENTS',
  workloads: 'WORKLOADS',
};

const MACHINE_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/;

/** Region or zone of the control plane: the gke block's location, else the cluster's region. */
export function gkeLocation(c: ResolvedCluster, foundation: Pick<GcpFoundation, 'region'>): string {
  return c.gke?.location ?? c.zone ?? c.region ?? foundation.region;
}

function clusterSubnet(c: ResolvedCluster, foundation: GcpFoundation): GcpSubnet | undefined {
  const ranges = foundation.clusterRanges.get(c.key);
  if (ranges !== undefined) return foundation.subnet(ranges.subnet);
  const named = c.subnetIds[0];
  return named !== undefined ? foundation.subnet(named) : foundation.defaultSubnet(false);
}

/** Errors a user must fix in the manifests before this cluster can be built on GCP. */
export function gkeClusterProblems(c: ResolvedCluster, foundation: GcpFoundation): string[] {
  const where = `cluster ${c.name} (${c.key})`;
  const out: string[] = [];
  const location = gkeLocation(c, foundation);
  if (!GCP_REGION.test(location) && !GCP_ZONE.test(location)) {
    out.push(
      `${where}: location ${JSON.stringify(location)} is neither a GCP region nor a zone; set spec.gke.clusterConfig.location to one like "${foundation.region}"`,
    );
  } else if (regionOfZone(location) !== foundation.region) {
    out.push(
      `${where}: location ${JSON.stringify(location)} is outside region "${foundation.region}" of the Vitistack's network; set spec.gke.clusterConfig.location to "${foundation.region}" or one of its zones`,
    );
  }
  const project = c.gke?.project;
  if (project !== undefined && project !== foundation.project) {
    out.push(
      `${where}: spec.gke.clusterConfig.project ${JSON.stringify(project)} differs from project "${foundation.project}" of the MachineProvider whose network the cluster uses (Shared VPC is not built); remove project or use "${foundation.project}"`,
    );
  }
  const named = c.subnetIds[0];
  if (named !== undefined && foundation.subnet(named) === undefined) {
    out.push(
      `${where}: spec.gke.clusterConfig.subnetwork ${JSON.stringify(named)} is neither a subnet of the Vitistack nor a subnetwork self link; name one of the subnets in spec.networking.vpcs`,
    );
  } else if (clusterSubnet(c, foundation) === undefined) {
    out.push(
      `${where}: the Vitistack has no subnets for the cluster's nodes; add networking.vpcs with subnets`,
    );
  }
  const network = c.gke?.network;
  if (network !== undefined && !network.includes('/') && !foundation.vpcNames.includes(network)) {
    out.push(
      `${where}: spec.gke.clusterConfig.network ${JSON.stringify(network)} is not a VPC of the Vitistack (${foundation.vpcNames.join(', ') || 'none'}); name one of spec.networking.vpcs or leave network out`,
    );
  }
  c.nodeGroups
    .filter((g) => g.role === 'worker')
    .forEach((g, i) => {
      for (const t of g.instanceTypes) {
        if (!MACHINE_TYPE.test(t)) {
          out.push(
            `${where}: spec.gke.nodePools[${i}] machine type ${JSON.stringify(t)} is not a GCP machine type; use one like "e2-standard-4"`,
          );
        }
      }
    });
  return out;
}

export function buildGkeCluster(
  model: StackModel,
  cluster: ResolvedCluster,
  foundation: GcpFoundation,
  parent: pulumi.Resource,
  provider: Provider,
  ownerKey: string,
  warn: (message: string) => void,
): BuiltCluster {
  const where = `cluster ${cluster.name}`;
  const gke = cluster.gke;
  const location = gkeLocation(cluster, foundation);
  const region = regionOfZone(location);
  const subnet = clusterSubnet(cluster, foundation);
  const ranges = foundation.clusterRanges.get(cluster.key);
  const privateNodes = gke?.privateNodes === true;
  const privateEndpoint = cluster.endpointAccess.public === false;
  if (privateEndpoint && !privateNodes) {
    warn(
      `${where}: endpointAccess.public is false, but a private endpoint needs privateNodes: the endpoint stays public (set spec.gke.clusterConfig.privateNodes)`,
    );
  }
  const networks = gke?.masterAuthorizedNetworks ?? [];
  if (networks.length === 0 && !(privateNodes && privateEndpoint)) {
    warn(
      `${where}: no masterAuthorizedNetworks, so the public endpoint admits no network outside Google Cloud (kubectl and the Helm add-ons need one): list your admin networks in spec.gke.clusterConfig.masterAuthorizedNetworks`,
    );
  }
  let secretsKey: pulumi.Input<string> | undefined;
  if (cluster.encryption?.enabled === true) {
    secretsKey = cluster.encryption.kmsKeyId ?? foundation.kmsKeyId;
    if (secretsKey === undefined) {
      warn(
        `${where}: encryption.enabled is set without kmsKeyName and the Vitistack has no key (spec.security.encryption.atRest), so Secrets get only Google's default encryption`,
      );
    }
  }
  const cni = cluster.networking.cni;
  const networkPolicy =
    cni === 'calico'
      ? 'calico'
      : cni === 'cilium' || cni === 'dataplane-v2'
        ? 'dataplane-v2'
        : undefined;
  if (cni !== undefined && networkPolicy === undefined) {
    warn(
      `${where}: networking.cni ${JSON.stringify(cni)} is not built: GKE runs its own CNI (calico and cilium/dataplane-v2 turn on network policy enforcement)`,
    );
  }
  const unknownLogs = cluster.logging.filter((l) => LOG_COMPONENTS[l] === undefined);
  if (unknownLogs.length > 0) {
    warn(
      `${where}: log types ${unknownLogs.join(', ')} have no GKE logging component and are not enabled (GKE: api, controllerManager, scheduler, system, workloads)`,
    );
  }
  const logging = cluster.logging.flatMap((l) =>
    LOG_COMPONENTS[l] !== undefined ? [LOG_COMPONENTS[l]] : [],
  );
  const backup = clusterBackupOn(model, cluster);
  const groups = cluster.nodeGroups.filter((g) => g.role === 'worker');
  for (const g of groups.filter((x) => x.instanceTypes.length > 1)) {
    warn(
      `${where}: node pool ${g.name} lists several machine types; a GKE node pool has one, so ${g.instanceTypes[0] ?? ''} is used`,
    );
  }
  const vitistackTag = foundation.groupTags[VITISTACK_GROUP];
  const resourceLabels = cloudTags('gcp', cluster.tags);
  const component = new GkeCluster(
    cluster.name,
    {
      clusterName: cluster.name,
      project: foundation.project,
      location,
      network: subnet?.network ?? '',
      subnetwork: subnet?.selfLink ?? '',
      ...(ranges?.pods !== undefined ? { podsRangeName: ranges.pods } : {}),
      ...(ranges?.services !== undefined ? { servicesRangeName: ranges.services } : {}),
      ...(cluster.version !== undefined ? { version: cluster.version } : {}),
      ...(gke?.releaseChannel !== undefined ? { releaseChannel: gke.releaseChannel } : {}),
      privateNodes,
      ...(gke?.masterIpv4CidrBlock !== undefined
        ? { masterIpv4CidrBlock: gke.masterIpv4CidrBlock }
        : {}),
      privateEndpoint: privateEndpoint && privateNodes,
      authorizedNetworks: networks.map((n) => ({
        cidr: n.cidr,
        ...(n.name !== undefined ? { name: n.name } : {}),
      })),
      workloadIdentity: gke?.workloadIdentity === true,
      ...(secretsKey !== undefined ? { secretsKmsKey: secretsKey } : {}),
      ...(foundation.kmsKeyId !== undefined ? { bootDiskKmsKey: foundation.kmsKeyId } : {}),
      ...(logging.length > 0 ? { logging } : {}),
      ...(networkPolicy !== undefined ? { networkPolicy } : {}),
      backupAgent: backup,
      // Production clusters are not deleted by accident (policy deletion-protection); others
      // can be destroyed with their stack.
      deletionProtection: cluster.tags['vitistack.io/environment'] === 'production',
      nodeServiceAccountEmail: foundation.serviceAccountEmail ?? '',
      nodePools: groups.map((g) => ({
        poolName: g.name,
        machineType: g.instanceTypes[0] ?? 'e2-medium',
        ...(g.imageType !== undefined ? { imageType: g.imageType as 'COS_CONTAINERD' } : {}),
        spot: g.capacityType === 'SPOT',
        scaling: g.scaling,
        autoscaled: g.scaling.min !== g.scaling.max,
        zones: g.zones,
        labels: g.labels,
        taints: g.taints.map((t) => ({
          key: t.key,
          ...(t.value !== undefined ? { value: t.value } : {}),
          effect: t.effect,
        })),
        ...(vitistackTag !== undefined ? { networkTags: [vitistackTag] } : {}),
        ...(g.version !== undefined ? { version: g.version } : {}),
      })),
      resourceLabels,
    },
    { parent, provider },
  );

  if (backup) {
    const b = cluster.backup;
    const vs = model.vitistack.spec.backup;
    if (b?.storage !== undefined) {
      warn(
        `${where}: backup.storage (bucket ${b.storage.bucket}) is not used: Backup for GKE keeps backups in Google-managed storage`,
      );
    }
    new GkeBackupPlan(
      `${cluster.name}-backup`,
      {
        cluster: component.clusterId,
        project: foundation.project,
        location: region,
        schedule: b?.schedule ?? vs?.schedule ?? DEFAULT_BACKUP_SCHEDULE,
        retentionDays: daysOf(b?.retention ?? vs?.retention) ?? DEFAULT_BACKUP_RETENTION_DAYS,
        ...(b?.config?.includedNamespaces !== undefined && b.config.includedNamespaces.length > 0
          ? { namespaces: b.config.includedNamespaces }
          : {}),
        ...(foundation.kmsKeyId !== undefined ? { kmsKeyId: foundation.kmsKeyId } : {}),
        labels: resourceLabels,
      },
      { parent: component },
    );
  }

  const addons =
    cluster.addons.length > 0
      ? new HelmAddons(
          `${cluster.name}-addons`,
          {
            // The token kubeconfig needs no gcloud where the engine runs, and waits for the pools.
            kubeconfig: component.tokenKubeconfig,
            clusterName: cluster.name,
            addons: cluster.addons.map((a) => ({
              name: a.name,
              ...(a.version !== undefined ? { version: a.version } : {}),
              enabled: a.enabled,
              config: a.config,
            })),
            cloud: 'gcp',
            region,
          },
          { parent: component },
        )
      : undefined;
  for (const w of addons?.warnings ?? []) warn(`${where}: ${w}`);
  const releases = addons?.releases ?? pulumi.output([]);
  const output = pulumi
    .all([
      component.clusterName,
      component.endpoint,
      component.version,
      component.certificateAuthority,
      component.nodePools,
      releases,
    ])
    .apply(([name, endpoint, version, ca, pools, rel]) => ({
      name,
      endpoint,
      version,
      status: 'ACTIVE',
      certificateAuthority: ca,
      ...(cluster.networking.serviceCIDR !== undefined
        ? { serviceCIDR: cluster.networking.serviceCIDR }
        : {}),
      ...(cluster.networking.podCIDR !== undefined ? { podCIDR: cluster.networking.podCIDR } : {}),
      nodeGroups: pools.map((p) => ({
        name: p.name,
        status: p.status,
        desired: p.desired,
        min: p.min,
        max: p.max,
      })),
      addons: rel.map((r) => ({ name: r.name, version: r.version, status: r.status })),
    }));
  const secret = component.kubeconfig.apply((kubeconfig) => ({
    owner: ownerKey,
    secretName: `${ownerKey.split('/').pop() ?? cluster.name}-kubeconfig`,
    key: 'kubeconfig',
    description: `kubeconfig of GKE cluster ${cluster.name}`,
    value: kubeconfig,
  }));
  return { output, secret };
}
