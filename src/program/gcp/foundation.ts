// The Vitistack-level GCP resources: networks (with the secondary ranges its GKE clusters use),
// firewall rules, load balancers, Cloud DNS, the Cloud KMS key, audit logging, the snapshot
// schedule and the service account of machines and nodes. Machines and clusters build on it.
import * as pulumi from '@pulumi/pulumi';
import type { Provider } from '@pulumi/gcp/provider';
import { AuditLogging } from '../../components/gcp/audit-logging';
import { Dns, type DnsRecordArgs } from '../../components/gcp/dns';
import { Encryption, type ServiceAgent } from '../../components/gcp/encryption';
import { Firewall } from '../../components/gcp/firewall';
import { Network, type SecondaryRangeArgs } from '../../components/gcp/network';
import { accountIdOf, ServiceAccount } from '../../components/gcp/service-account';
import { SnapshotSchedule, snapshotScheduleOf } from '../../components/gcp/snapshot-schedule';
import { isComputeRef } from '../../components/gcp/util';
import { cloudTags } from '../../model/cloud-tags';
import type { ResolvedCluster, ResolvedMachineProvider, StackModel } from '../../model';
import type { FoundationOutputs } from '../cloud';
import { daysOf } from '../units';
import { planClusterRanges, type ClusterRanges } from './cluster-ranges';
import { gcpFirewallRules } from './firewall';
import { buildLoadBalancer, lbHostName, needsManagedCertificate } from './load-balancers';

/** Retention when auditLogging.retention is not given. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
/** Retention and schedule when spec.backup gives none. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 30;
export const DEFAULT_BACKUP_SCHEDULE = '0 2 * * *';
export type { ClusterRanges };

/** A Cloud KMS key name, as spec.security.encryption.kmsKeyId may give one. */
const KMS_KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** Where the project, region and zone of the stack come from: its primary MachineProvider. */
export interface GcpIdentity {
  readonly project: string;
  readonly region: string;
  /** The provider's zone, where machines without a zoned subnet go. */
  readonly zone: string;
}

/** A subnetwork a machine or cluster can use. */
export interface GcpSubnet {
  readonly selfLink: pulumi.Input<string>;
  /** The Vitistack subnet's availabilityZone, when it names one. */
  readonly zone?: string;
  readonly network: pulumi.Input<string>;
}

export interface GcpFoundation extends GcpIdentity {
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly Network[];
  /** Names of the Vitistack VPCs built here, in the order of `networks`. */
  readonly vpcNames: readonly string[];
  /** A subnet by the Vitistack's subnet name, or a literal subnetwork self link / id. */
  subnet(ref: string): GcpSubnet | undefined;
  /** The default subnet: a public one for machines with a public IP, else a private one. */
  defaultSubnet(publicIp: boolean): GcpSubnet | undefined;
  /** Network tags of the firewall groups (the Vitistack's and the providers'), by group name. */
  readonly groupTags: Readonly<Record<string, string>>;
  /** The Cloud KMS key of the stack (after the service agents' grants). */
  readonly kmsKeyId?: pulumi.Output<string>;
  /** The snapshot schedule every machine disk attaches. */
  readonly snapshotPolicy?: pulumi.Output<string>;
  /** The service account machines and GKE nodes run as. */
  readonly serviceAccountEmail?: pulumi.Output<string>;
  /** Secondary ranges of each GKE cluster, by cluster key. */
  readonly clusterRanges: ReadonlyMap<string, ClusterRanges>;
  readonly outputs: FoundationOutputs;
}

export function buildGcpFoundation(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  identity: GcpIdentity,
  parent: pulumi.Resource,
  provider: Provider,
  warn: (message: string) => void,
  problem: (message: string) => void,
): GcpFoundation {
  const spec = model.vitistack.spec;
  const { project, region } = identity;
  const labels = cloudTags('gcp', model.tags);
  const opts = { parent, provider };
  const name = model.vitistack.metadata.name;
  const gke = model.clusters.filter((c) => c.distribution === 'gke');
  const audit = spec.security?.auditLogging;
  const auditOn = audit?.enabled === true;
  const backupOn = spec.backup?.enabled === true;

  // One Cloud KMS key for disks, GKE Secrets and backups and the audit bucket, or the given key.
  const atRest = spec.security?.encryption?.atRest === true;
  const givenKey = spec.security?.encryption?.kmsKeyId;
  if (atRest && givenKey !== undefined && !KMS_KEY_NAME.test(givenKey)) {
    warn(
      `Vitistack spec.security.encryption.kmsKeyId ${JSON.stringify(givenKey)} is not a Cloud KMS key name (projects/P/locations/L/keyRings/R/cryptoKeys/K), so a key of the stack is created instead`,
    );
  }
  const agents: ServiceAgent[] = [
    'compute',
    ...(gke.some((c) => c.encryption?.enabled === true) ? (['container'] as const) : []),
    ...(auditOn ? (['storage'] as const) : []),
    ...(gke.some((c) => clusterBackupOn(model, c)) ? (['gkebackup'] as const) : []),
  ];
  const encryption = atRest
    ? new Encryption(
        `${name}-kms`,
        {
          project,
          location: region,
          ...(givenKey !== undefined && KMS_KEY_NAME.test(givenKey)
            ? { existingKeyId: givenKey }
            : {}),
          serviceAgents: agents,
          labels,
        },
        opts,
      )
    : undefined;
  const kmsKeyId = encryption?.keyId;

  // A VPC pinned to another region (vpcs[].region) belongs to another provider's region.
  const vpcs = spec.networking.vpcs.filter((v) => v.region === undefined || v.region === region);
  const allSubnets = vpcs.flatMap((v) =>
    v.subnets.map((s) => ({ name: s.name, type: s.type ?? 'private', cidr: s.cidr })),
  );
  const clusterRanges = planClusterRanges(model, allSubnets, warn, problem);
  const secondary = (subnet: string): SecondaryRangeArgs[] =>
    gke.flatMap((c) => {
      const r = clusterRanges.get(c.key);
      if (r?.subnet !== subnet || r.pods === undefined || r.services === undefined) return [];
      return [
        { rangeName: r.pods, cidr: c.networking.podCIDR ?? '' },
        { rangeName: r.services, cidr: c.networking.serviceCIDR ?? '' },
      ];
    });
  const networks = vpcs.map(
    (v) =>
      new Network(
        `${name}-${v.name}`,
        {
          vpc: {
            name: v.name,
            subnets: v.subnets.map((s) => ({
              name: s.name,
              cidr: s.cidr,
              type: s.type ?? 'private',
              secondaryRanges: secondary(s.name),
            })),
          },
          project,
          region,
          // Flow logs go with audit logging, as on AWS: both are what auditLogging asks for.
          flowLogs: auditOn,
        },
        opts,
      ),
  );
  const subnets = new Map<string, GcpSubnet>();
  vpcs.forEach((v, i) => {
    const n = networks[i];
    if (!n) return;
    for (const s of v.subnets) {
      const selfLink = n.subnetworkSelfLinks[s.name];
      if (selfLink === undefined) continue;
      subnets.set(s.name, {
        selfLink,
        network: n.networkId,
        ...(s.availabilityZone !== undefined ? { zone: s.availabilityZone } : {}),
      });
    }
  });
  const main = networks[0];
  const byType = (type: string) => allSubnets.find((s) => s.type === type)?.name;

  const firewall = main ? gcpFirewallRules(model, providers, warn) : { rules: [], tags: {} };
  const built = main
    ? new Firewall(
        `${name}-firewall`,
        { network: main.networkId, project, rules: firewall.rules, logging: auditOn },
        opts,
      )
    : undefined;

  const dnsSpec = spec.networking.dns;
  const zone = dnsSpec?.enabled !== false ? dnsSpec?.zone : undefined;
  const internalSubnet = subnets.get(byType('private') ?? allSubnets[0]?.name ?? '');
  const loadBalancers = main
    ? spec.networking.loadBalancers.flatMap((lb) => {
        const b = buildLoadBalancer(lb, {
          prefix: name,
          project,
          region,
          network: main.networkId,
          ...(internalSubnet ? { internalSubnetwork: internalSubnet.selfLink } : {}),
          ...(zone !== undefined ? { zone } : {}),
          labels,
          parent,
          provider,
          warn,
        });
        return b ? [{ lb, built: b }] : [];
      })
    : [];

  // Google issues a managed certificate once its host name resolves to the load balancer.
  const lbRecords: DnsRecordArgs[] = loadBalancers
    .filter(({ lb }) => needsManagedCertificate(lb, zone))
    .map(({ lb, built: b }) => ({
      name: lbHostName(lb.name, zone ?? ''),
      type: 'A',
      values: [b.ipAddress],
    }));
  const dns =
    zone !== undefined
      ? new Dns(
          `${name}-dns`,
          {
            zone,
            project,
            records: [
              ...(dnsSpec?.records ?? []).map((r) => ({
                name: r.name,
                type: r.type,
                values: [r.value],
                ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
              })),
              ...lbRecords,
            ],
            labels,
          },
          opts,
        )
      : undefined;

  const trail = auditOn
    ? new AuditLogging(
        `${name}-audit`,
        {
          project,
          location: region,
          retentionDays: daysOf(audit.retention) ?? DEFAULT_AUDIT_RETENTION_DAYS,
          ...(kmsKeyId ? { kmsKeyId } : {}),
          labels,
        },
        opts,
      )
    : undefined;

  let snapshots: SnapshotSchedule | undefined;
  if (backupOn) {
    const cron = spec.backup.schedule ?? DEFAULT_BACKUP_SCHEDULE;
    const { schedule, warning } = snapshotScheduleOf(cron);
    if (warning !== undefined) warn(`Vitistack spec.backup.schedule: ${warning}`);
    snapshots = new SnapshotSchedule(
      `${name}-snapshots`,
      {
        project,
        region,
        schedule,
        retentionDays: daysOf(spec.backup.retention) ?? DEFAULT_BACKUP_RETENTION_DAYS,
        labels,
      },
      opts,
    );
  }

  // One identity for every machine and node of the stack, made only when something runs.
  const account =
    model.machines.some((m) => m.providerType === 'gcp') || gke.length > 0
      ? new ServiceAccount(
          `${name}-nodes`,
          { accountId: accountIdOf(`${name}-nodes`), project },
          opts,
        )
      : undefined;

  const firstPrivate = byType('private');
  const firstPublic = byType('public');
  return {
    ...identity,
    labels,
    networks,
    vpcNames: vpcs.map((v) => v.name),
    subnet: (ref) =>
      subnets.get(ref) ??
      (isComputeRef(ref, 'subnetworks')
        ? { selfLink: ref, network: main?.networkId ?? '' }
        : undefined),
    defaultSubnet: (publicIp) =>
      subnets.get(
        (publicIp ? firstPublic : firstPrivate) ??
          firstPublic ??
          firstPrivate ??
          allSubnets[0]?.name ??
          '',
      ),
    groupTags: firewall.tags,
    ...(kmsKeyId ? { kmsKeyId } : {}),
    ...(snapshots ? { snapshotPolicy: snapshots.selfLink } : {}),
    ...(account ? { serviceAccountEmail: account.email } : {}),
    clusterRanges,
    outputs: {
      vpcs: networks.map((n, i) => {
        const v = vpcs[i];
        return n.networkId.apply((id) => ({
          name: v?.name ?? '',
          id,
          cidr: v?.cidr ?? '',
          state: 'available',
        }));
      }),
      loadBalancers: loadBalancers.map(({ built: b }) =>
        pulumi
          .all([b.forwardingRuleId, b.ipAddress])
          .apply(([arn, dnsName]) => ({ name: b.name, arn, dnsName, state: 'active' })),
      ),
      firewalls: built
        ? spec.networking.firewallRules
            .filter((r) => built.ruleIds[r.name] !== undefined)
            .map((r) =>
              (built.ruleIds[r.name] ?? pulumi.output('')).apply((id) => ({
                name: r.name,
                id,
                state: 'active',
              })),
            )
        : [],
      ...(dns && zone !== undefined
        ? {
            dns: pulumi
              .all([dns.zoneId, dns.nameServers])
              .apply(([zoneId, nameServers]) => ({ zone, zoneId, nameServers })),
          }
        : {}),
      ...(snapshots
        ? {
            backup: pulumi
              .all([snapshots.policyId, snapshots.policyName])
              .apply(([vaultArn, planId]) => ({ vaultArn, planId })),
          }
        : {}),
      ...(trail ? { auditTrailArn: trail.sinkId } : {}),
      ...(kmsKeyId ? { kmsKeyArn: kmsKeyId } : {}),
    },
  };
}

/** Whether a GKE cluster gets a Backup for GKE plan: its own backup block, else the Vitistack's. */
export function clusterBackupOn(model: StackModel, c: ResolvedCluster): boolean {
  if (c.backup?.enabled !== undefined) return c.backup.enabled;
  return model.vitistack.spec.backup?.enabled === true;
}
