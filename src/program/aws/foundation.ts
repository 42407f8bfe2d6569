// The Vitistack-level AWS resources: networks, firewall, load balancers, DNS, encryption, audit
// logging, flow logs and backups. Machines and clusters build on what this returns.
import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { FirewallRule } from '../../api/v1alpha1/vitistack-networking';
import { AuditLogging } from '../../components/aws/audit-logging';
import { Backup } from '../../components/aws/backup';
import { Dns } from '../../components/aws/dns';
import { Encryption } from '../../components/aws/encryption';
import {
  Firewall,
  type FirewallGroupArgs,
  type FirewallRuleArgs,
} from '../../components/aws/firewall';
import { FlowLogs } from '../../components/aws/flow-logs';
import { LoadBalancer } from '../../components/aws/load-balancer';
import { Network } from '../../components/aws/network';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import {
  firewallPlan,
  rulePeer,
  VITISTACK_GROUP,
  type FirewallPlanRule,
  type RulePeer,
} from '../firewall-rules';
import { daysOf } from '../units';

export { VITISTACK_GROUP };
/** Retention when auditLogging.retention is not given (CloudTrail bucket, flow logs). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
/** Retention when backup.retention is not given. */
export const DEFAULT_BACKUP_RETENTION_DAYS = 30;

export interface AwsFoundation {
  readonly networks: readonly Network[];
  readonly vpcId?: pulumi.Output<string>;
  readonly publicSubnetIds: readonly pulumi.Output<string>[];
  readonly privateSubnetIds: readonly pulumi.Output<string>[];
  /** A subnet by the Vitistack's subnet name, or a literal `subnet-...` ID; undefined if neither. */
  subnet(ref: string): pulumi.Input<string> | undefined;
  /** A security group by name (the Vitistack's, a provider's), or a literal `sg-...` ID. */
  securityGroup(ref: string): pulumi.Input<string> | undefined;
  readonly vitistackGroupId?: pulumi.Output<string>;
  readonly kmsKeyArn?: pulumi.Output<string>;
  readonly outputs: {
    vpcs: pulumi.Output<{ name: string; id: string; cidr: string; state: string }>[];
    loadBalancers: pulumi.Output<{ name: string; arn: string; dnsName: string; state: string }>[];
    firewalls: pulumi.Output<{ name: string; id: string; state: string }>[];
    dns?: pulumi.Output<{ zone: string; zoneId: string; nameServers: string[] }>;
    backup?: pulumi.Output<{ vaultArn: string; planId: string }>;
    auditTrailArn?: pulumi.Output<string>;
  };
}

/** A cloud-neutral peer as security group rule fields. */
function awsPeer(
  peer: RulePeer,
): Pick<FirewallRuleArgs, 'cidr' | 'sourceGroupName' | 'sourceGroupId'> {
  if ('cidr' in peer) return { cidr: peer.cidr };
  if ('group' in peer) return { sourceGroupName: peer.group };
  return { sourceGroupId: peer.id };
}

/**
 * The peer of a rule: a CIDR, a single IP (as /32 or /128), a group of this firewall by name,
 * else a security group ID. No peer written means anywhere, as the spec's examples read.
 */
export function peerArgs(
  peer: string | undefined,
  groupNames: readonly string[],
): Pick<FirewallRuleArgs, 'cidr' | 'sourceGroupName' | 'sourceGroupId'> {
  return awsPeer(rulePeer(peer, groupNames));
}

/** A planned rule as a security group rule (allow rules only: security groups cannot deny). */
function awsRule(rule: FirewallPlanRule, description: boolean): FirewallRuleArgs {
  return {
    direction: rule.direction,
    protocol: rule.protocol,
    ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
    ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
    ...(description ? { description: rule.name } : {}),
    ...awsPeer(rule.peer),
  };
}

/** Maps a Vitistack firewall rule to a security group rule; deny rules cannot be expressed. */
export function firewallRuleArgs(
  rule: FirewallRule,
  groupNames: readonly string[],
): FirewallRuleArgs {
  const direction = rule.direction === 'outbound' ? 'egress' : 'ingress';
  return awsRule(
    {
      name: rule.name,
      direction,
      protocol: rule.protocol ?? 'all',
      ...(rule.fromPort !== undefined ? { fromPort: rule.fromPort } : {}),
      ...(rule.toPort !== undefined ? { toPort: rule.toPort } : {}),
      peer: rulePeer(direction === 'ingress' ? rule.source : rule.destination, groupNames),
      action: 'allow',
    },
    true,
  );
}

/** The security groups: the Vitistack's rules plus every provider's named groups. */
export function firewallGroups(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  warn: (message: string) => void,
): FirewallGroupArgs[] {
  return firewallPlan(model, providers).map((g) => ({
    name: g.name,
    ...(g.description !== undefined ? { description: g.description } : {}),
    rules: g.rules.flatMap((r) => {
      if (r.action !== 'deny') return [awsRule(r, g.name === VITISTACK_GROUP)];
      warn(
        `firewall rule "${r.name}" denies traffic; AWS security groups only allow, so it is not built (use a network ACL outside vitistack, or drop the rule)`,
      );
      return [];
    }),
  }));
}

export function buildAwsFoundation(
  model: StackModel,
  providers: readonly ResolvedMachineProvider[],
  parent: pulumi.Resource,
  provider: aws.Provider,
  region: string,
  warn: (message: string) => void,
): AwsFoundation {
  const spec = model.vitistack.spec;
  const tags = model.tags;
  const opts = { parent, provider };
  const name = model.vitistack.metadata.name;
  const atRest = spec.security?.encryption?.atRest === true;
  // One customer-managed key for EBS, EKS secrets, backups and audit logs (or the given key).
  const encryption = atRest
    ? new Encryption(
        `${name}-kms`,
        {
          stack: model.stackName,
          ...(spec.security.encryption.kmsKeyId !== undefined
            ? { existingKeyArn: spec.security.encryption.kmsKeyId }
            : {}),
          tags,
        },
        opts,
      )
    : undefined;
  const kmsKeyArn = encryption?.keyArn;
  // NAT per AZ only when the Vitistack asks for cross-zone high availability: one NAT is cheaper.
  const natGateways = spec.highAvailability?.crossZone === true ? 'one-per-az' : 'single';
  // A VPC pinned to another region (vpcs[].region) belongs to another provider's region.
  const vpcs = spec.networking.vpcs.filter((v) => v.region === undefined || v.region === region);
  const networks = vpcs.map((v) => {
    const hasPublic = v.subnets.some((s) => s.type === 'public');
    const hasPrivate = v.subnets.some((s) => (s.type ?? 'private') === 'private');
    if (hasPrivate && !hasPublic) {
      warn(
        `VPC "${v.name}" has private subnets but no public subnet for a NAT gateway: its private subnets get no internet route (add a public subnet for outbound internet access)`,
      );
    }
    return new Network(
      `${name}-${v.name}`,
      {
        vpc: {
          name: v.name,
          cidr: v.cidr,
          subnets: v.subnets.map((s) => ({
            name: s.name,
            cidr: s.cidr,
            type: s.type ?? 'private',
            ...(s.availabilityZone !== undefined ? { availabilityZone: s.availabilityZone } : {}),
            ...(s.tags !== undefined ? { tags: s.tags } : {}),
          })),
        },
        availabilityZones: ['a', 'b', 'c'].map((z) => `${region}${z}`),
        natGateways: hasPublic ? natGateways : 'none',
        tags: { ...tags, ...(v.tags ?? {}) },
      },
      opts,
    );
  });
  const main = networks[0];
  const subnetsByName = new Map<string, pulumi.Output<string>>();
  for (const n of networks)
    for (const [k, id] of Object.entries(n.subnetIds)) subnetsByName.set(k, id);

  const groups = main ? firewallGroups(model, providers, warn) : [];
  const firewall = main
    ? new Firewall(`${name}-firewall`, { vpcId: main.vpcId, groups, tags }, opts)
    : undefined;

  const loadBalancers = main
    ? spec.networking.loadBalancers.map((lb) => {
        if (lb.type === 'classic') {
          warn(
            `load balancer "${lb.name}" is of type classic, which is not built; use network or application`,
          );
          return undefined;
        }
        const internal = lb.internal === true;
        const component = new LoadBalancer(
          `${name}-${lb.name}`,
          {
            name: lb.name,
            type: lb.type ?? 'network',
            internal,
            subnetIds: internal ? main.privateSubnetIds : main.publicSubnetIds,
            ...(lb.type === 'application' && firewall?.groupIds[VITISTACK_GROUP]
              ? { securityGroupIds: [firewall.groupIds[VITISTACK_GROUP]] }
              : {}),
            vpcId: main.vpcId,
            listeners: lb.listeners,
            ...(lb.healthCheck !== undefined ? { healthCheck: lb.healthCheck } : {}),
            // Production load balancers are not deleted by accident (policy deletion-protection).
            deletionProtection: tags['vitistack.io/environment'] === 'production',
            tags,
          },
          opts,
        );
        return { lb, component };
      })
    : [];

  const dnsSpec = spec.networking.dns;
  const dns =
    dnsSpec?.enabled !== false && dnsSpec?.zone !== undefined
      ? new Dns(
          `${name}-dns`,
          {
            zone: dnsSpec.zone,
            records: dnsSpec.records.map((r) => ({
              name: r.name,
              type: r.type,
              values: [r.value],
              ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
            })),
            tags,
          },
          opts,
        )
      : undefined;

  const audit = spec.security?.auditLogging;
  const auditDays = daysOf(audit?.retention) ?? DEFAULT_AUDIT_RETENTION_DAYS;
  const trail =
    audit?.enabled === true
      ? new AuditLogging(
          `${name}-audit`,
          { retentionDays: auditDays, ...(kmsKeyArn ? { kmsKeyArn } : {}), tags },
          opts,
        )
      : undefined;
  // Flow logs go with audit logging: both are what the spec's auditLogging asks for.
  if (audit?.enabled === true) {
    networks.forEach((n, i) => {
      new FlowLogs(
        `${name}-${vpcs[i]?.name ?? i}-flow-logs`,
        { vpcId: n.vpcId, retentionDays: auditDays, ...(kmsKeyArn ? { kmsKeyArn } : {}), tags },
        { ...opts, parent: n },
      );
    });
  }

  const backupSpec = spec.backup;
  const backup =
    backupSpec?.enabled === true
      ? new Backup(
          `${name}-backup`,
          {
            schedule: backupSpec.schedule ?? '0 2 * * *',
            retentionDays: daysOf(backupSpec.retention) ?? DEFAULT_BACKUP_RETENTION_DAYS,
            ...(kmsKeyArn ? { kmsKeyArn } : {}),
            selectionTag: { key: 'vitistack.io/stack', value: model.stackName },
            tags,
          },
          opts,
        )
      : undefined;

  const groupIds = firewall?.groupIds ?? {};
  const vitistackGroupId = groupIds[VITISTACK_GROUP];
  return {
    networks,
    ...(main ? { vpcId: main.vpcId } : {}),
    publicSubnetIds: networks.flatMap((n) => n.publicSubnetIds),
    privateSubnetIds: networks.flatMap((n) => n.privateSubnetIds),
    subnet: (ref) => subnetsByName.get(ref) ?? (ref.startsWith('subnet-') ? ref : undefined),
    securityGroup: (ref) => groupIds[ref] ?? (ref.startsWith('sg-') ? ref : undefined),
    ...(vitistackGroupId ? { vitistackGroupId } : {}),
    ...(kmsKeyArn ? { kmsKeyArn } : {}),
    outputs: {
      vpcs: networks.map((n, i) =>
        pulumi.all([n.vpcId, n.cidr]).apply(([id, cidr]) => ({
          name: vpcs[i]?.name ?? '',
          id,
          cidr,
          state: 'available',
        })),
      ),
      loadBalancers: loadBalancers
        .filter((x): x is NonNullable<typeof x> => x !== undefined)
        .map(({ lb, component }) =>
          pulumi.all([component.arn, component.dnsName]).apply(([arn, dnsName]) => ({
            name: lb.name,
            arn,
            dnsName,
            state: 'active',
          })),
        ),
      firewalls: spec.networking.firewallRules
        .filter((r) => r.action !== 'deny' && vitistackGroupId !== undefined)
        .map((r) =>
          pulumi
            .output(vitistackGroupId ?? '')
            .apply((id) => ({ name: r.name, id, state: 'active' })),
        ),
      ...(dns && dnsSpec?.zone !== undefined
        ? {
            dns: pulumi.all([dns.zoneId, dns.nameServers]).apply(([zoneId, nameServers]) => ({
              zone: dnsSpec.zone ?? '',
              zoneId,
              nameServers,
            })),
          }
        : {}),
      ...(backup
        ? {
            backup: pulumi
              .all([backup.vaultArn, backup.planId])
              .apply(([vaultArn, planId]) => ({ vaultArn, planId })),
          }
        : {}),
      ...(trail ? { auditTrailArn: trail.trailArn } : {}),
    },
  };
}
