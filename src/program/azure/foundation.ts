// The Vitistack-level Azure resources, on the highest-priority Azure MachineProvider: its
// resource group, the key (encryption at rest), VNets with subnets and NAT gateways, the network
// security group with application security groups, load balancers, the DNS zone, audit logging
// (Log Analytics, activity log, diagnostic settings) and backups. Machines and clusters build on
// what this returns.
import * as authorization from '@pulumi/azure-native/authorization';
import * as pulumi from '@pulumi/pulumi';
import {
  AuditLogging,
  MAX_RETENTION_DAYS,
  type DiagnosticTarget,
} from '../../components/azure/audit-logging';
import { Backup } from '../../components/azure/backup';
import { azureBackupSchedule } from '../../components/azure/backup-schedule';
import { Dns, planRecordSets } from '../../components/azure/dns';
import { Encryption, KEY_URL } from '../../components/azure/encryption';
import { Firewall } from '../../components/azure/firewall';
import {
  LoadBalancer,
  validateLoadBalancerArgs,
  type LoadBalancerArgs,
} from '../../components/azure/load-balancer';
import { Network, SubnetType } from '../../components/azure/network';
import { azureName, stableHash } from '../../components/azure/util';
import type { ResolvedMachineProvider, StackModel } from '../../model';
import type { CloudEnv, FoundationOutputs } from '../cloud';
import { daysOf } from '../units';
import { azureFirewallPlan } from './firewall';
import type { AzureAccount } from './providers';
import type { ResourceGroupRef, ResourceGroups } from './resource-groups';

/** Retention when auditLogging.retention is not given (as on AWS). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 90;
/** Retention when backup.retention is not given (as on AWS). */
export const DEFAULT_BACKUP_RETENTION_DAYS = 30;
/** The subnet id of an existing Azure subnet, written as a resource id. */
const SUBNET_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
const ASG_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/applicationSecurityGroups\/[^/]+$/i;

export interface AzureNetworkRef {
  readonly name: string;
  readonly cidr: string;
  readonly component: Network;
}

export interface AzureFoundation {
  readonly account: AzureAccount;
  readonly resourceGroup: ResourceGroupRef;
  readonly networks: readonly AzureNetworkRef[];
  readonly publicSubnetIds: readonly pulumi.Output<string>[];
  readonly privateSubnetIds: readonly pulumi.Output<string>[];
  /** A subnet by the Vitistack's subnet name or an Azure subnet resource id; undefined if neither. */
  subnet(ref: string): pulumi.Input<string> | undefined;
  /** The VNet a subnet (by name) belongs to. */
  vnetOf(ref: string): AzureNetworkRef | undefined;
  /** An application security group by firewall group name, or an ASG resource id. */
  group(ref: string): pulumi.Input<string> | undefined;
  readonly encryption?: Encryption;
  readonly workspaceId?: pulumi.Output<string>;
  readonly auditRetentionDays: number;
  readonly backup?: {
    readonly component: Backup;
    readonly resourceGroupName: pulumi.Input<string>;
  };
  readonly outputs: FoundationOutputs;
}

/** A DNS label for a load balancer's public IP: unique per region, so the stack's hash is in it. */
function dnsLabel(model: StackModel, lbName: string, account: AzureAccount): string {
  const hash = stableHash([model.stackName, account.subscriptionId], 6);
  return `${azureName(lbName.toLowerCase(), 55).replace(/^[^a-z]+/, '')}-${hash}`;
}

export function buildAzureFoundation(
  env: CloudEnv,
  providers: readonly ResolvedMachineProvider[],
  account: AzureAccount,
  primary: ResolvedMachineProvider,
  groups: ResourceGroups,
): AzureFoundation {
  const { model } = env;
  const warn = (m: string) => {
    env.warn(m);
  };
  const spec = model.vitistack.spec;
  const name = model.vitistack.metadata.name;
  const vs = `Vitistack ${model.vitistack.metadata.namespace}/${name}`;
  const tags = model.tags;
  const identity = primary.provider.spec.cloud.azure;
  const rg = groups.get(account, identity?.resourceGroup ?? `${name}-rg`);
  const opts = { parent: env.root, provider: account.provider };
  const base = { resourceGroupName: rg.name, location: account.location };

  const encryptionSpec = spec.security?.encryption;
  // Bad input is a problem to fix in the manifests, reported with its field, not a crash.
  const keyUrl = encryptionSpec?.kmsKeyId;
  const keyOk = keyUrl === undefined || KEY_URL.test(keyUrl);
  if (!keyOk) {
    env.problem(
      `${vs}: spec.security.encryption.kmsKeyId: "${keyUrl}" is not a versioned Key Vault key URL; on Azure use a form like "https://my-vault.vault.azure.net/keys/my-key/0123456789abcdef0123456789abcdef", or leave it out to make a key`,
    );
  }
  const encryption =
    encryptionSpec?.atRest === true && keyOk
      ? new Encryption(
          `${name}-encryption`,
          {
            ...base,
            // The Key Vault's tenant: the manifest's or the Secret's, else the provider's own.
            tenantId:
              account.tenantId ??
              authorization.getClientConfigOutput({ parent: env.root, provider: account.provider })
                .tenantId,
            vaultName: `kv-${azureName(name, 10)}-${stableHash([model.stackName, account.subscriptionId, rg.location], 8)}`,
            ...(encryptionSpec.kmsKeyId !== undefined
              ? { existingKeyUrl: encryptionSpec.kmsKeyId }
              : {}),
            tags,
          },
          opts,
        )
      : undefined;
  for (const w of encryption?.warnings ?? [])
    warn(`${vs}: spec.security.encryption.kmsKeyId: ${w}`);

  // A VNet pinned to another region (vpcs[].region) belongs to a provider of that region.
  const vpcs = spec.networking.vpcs.filter(
    (v) => v.region === undefined || v.region === account.location || v.region === model.region,
  );
  const firewallPlan = azureFirewallPlan(model, providers, (m) => {
    env.problem(m);
  });
  // Like on AWS, the firewall goes with the networks: without a VNet there is nothing to attach it to.
  const firewall =
    vpcs.length === 0
      ? undefined
      : new Firewall(
          `${name}-firewall`,
          {
            ...base,
            nsgName: `${name}-nsg`,
            groups: firewallPlan.groups,
            rules: firewallPlan.rules,
            tags,
          },
          opts,
        );

  if (vpcs.some((v) => v.subnets.some((s) => s.availabilityZone !== undefined))) {
    warn(
      `${vs}: spec.networking.vpcs[].subnets[].availabilityZone is not used on Azure: subnets span every zone of the region (machines choose a zone with spec.placement)`,
    );
  }
  const networks: AzureNetworkRef[] = vpcs.map((v) => ({
    name: v.name,
    cidr: v.cidr,
    component: new Network(
      `${name}-${v.name}`,
      {
        ...base,
        vnet: {
          name: v.name,
          cidr: v.cidr,
          subnets: v.subnets.map((s) => ({
            name: s.name,
            cidr: s.cidr,
            type: s.type ?? SubnetType.Private,
          })),
        },
        ...(firewall !== undefined ? { networkSecurityGroupId: firewall.nsgId } : {}),
        tags: { ...tags, ...(v.tags ?? {}) },
      },
      opts,
    ),
  }));
  const subnetsByName = new Map<string, { id: pulumi.Output<string>; network: AzureNetworkRef }>();
  for (const n of networks) {
    for (const [k, id] of Object.entries(n.component.subnetIds))
      subnetsByName.set(k, { id, network: n });
  }
  const main = networks[0];
  const publicSubnetIds = networks.flatMap((n) => n.component.publicSubnetIds);
  const privateSubnetIds = networks.flatMap((n) => n.component.privateSubnetIds);

  const loadBalancers = spec.networking.loadBalancers.flatMap((lb, i) => {
    if (lb.type === 'classic') {
      warn(
        `load balancer "${lb.name}" is of type classic, which is not built; use network or application`,
      );
      return [];
    }
    if (main === undefined) return [];
    const internal = lb.internal === true;
    if (lb.type === 'application') {
      warn(
        `load balancer "${lb.name}" is of type application, built as an Azure Load Balancer (layer 4); HTTP routing needs an Application Gateway, which is not built`,
      );
    }
    const lbArgs: LoadBalancerArgs = {
      ...base,
      resourceGroupId: rg.id,
      name: lb.name,
      internal,
      ...(internal
        ? { subnetId: privateSubnetIds[0] ?? publicSubnetIds[0] }
        : { dnsLabel: dnsLabel(model, lb.name, account) }),
      listeners: lb.listeners,
      ...(lb.healthCheck !== undefined ? { healthCheck: lb.healthCheck } : {}),
      tags,
    };
    const lbProblems = validateLoadBalancerArgs(lbArgs);
    for (const p of lbProblems) {
      const field = p.replace(/^healthCheck\.(interval|timeout)Seconds/, 'healthCheck.$1');
      env.problem(`${vs}: spec.networking.loadBalancers[${i}].${field}`);
    }
    if (lbProblems.length > 0) return [];
    const component = new LoadBalancer(`${name}-${lb.name}`, lbArgs, opts);
    for (const w of component.warnings) warn(`load balancer "${lb.name}": ${w}`);
    return [{ lb, component }];
  });

  const dnsSpec = spec.networking.dns;
  const dnsRecords = (dnsSpec?.records ?? []).map((r) => ({
    name: r.name,
    type: r.type,
    values: [r.value],
    ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
  }));
  const dnsProblems =
    dnsSpec?.zone !== undefined ? planRecordSets(dnsSpec.zone, dnsRecords).problems : [];
  for (const p of dnsProblems) env.problem(`${vs}: spec.networking.dns.${p}`);
  const dns =
    dnsSpec?.enabled !== false && dnsSpec?.zone !== undefined && dnsProblems.length === 0
      ? new Dns(
          `${name}-dns`,
          {
            zone: dnsSpec.zone,
            resourceGroupName: rg.name,
            records: dnsRecords,
            tags,
          },
          opts,
        )
      : undefined;
  for (const w of dns?.warnings ?? []) warn(`${vs}: spec.networking.dns: ${w}`);

  const audit = spec.security?.auditLogging;
  let auditDays = daysOf(audit?.retention) ?? DEFAULT_AUDIT_RETENTION_DAYS;
  if (auditDays > MAX_RETENTION_DAYS) {
    warn(
      `${vs}: spec.security.auditLogging.retention: ${auditDays} days is longer than a Log Analytics workspace keeps logs; they are kept ${MAX_RETENTION_DAYS} days (longer needs long-term retention on the tables, which is not built)`,
    );
    auditDays = MAX_RETENTION_DAYS;
  }
  let logging: AuditLogging | undefined;
  if (audit?.enabled === true) {
    if (
      audit.destination !== undefined &&
      !/log.?analytics|azure.?monitor/i.test(audit.destination)
    ) {
      warn(
        `${vs}: spec.security.auditLogging.destination "${audit.destination}" is not used on Azure: audit logs go to a Log Analytics workspace`,
      );
    }
    warn(
      `${vs}: spec.security.auditLogging: VNet flow logs are not built on Azure (they need a storage account and the region's Network Watcher); the activity log and the diagnostic logs of the network security group${encryption?.vaultId !== undefined ? ', the Key Vault' : ''} and AKS clusters are kept`,
    );
    const targets: DiagnosticTarget[] = [
      ...(firewall !== undefined
        ? [
            {
              name: 'nsg',
              resourceUri: firewall.nsgId,
              categories: ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'],
            },
          ]
        : []),
      ...(encryption?.vaultId !== undefined
        ? [{ name: 'key-vault', resourceUri: encryption.vaultId, categoryGroups: ['audit'] }]
        : []),
    ];
    logging = new AuditLogging(
      `${name}-audit`,
      {
        ...base,
        workspaceName: `${azureName(name, 50)}-audit`,
        retentionDays: auditDays,
        activityLogSettingName: `vitistack-${azureName(model.stackName, 60, /[A-Za-z0-9-]/)}`,
        targets,
        tags,
      },
      opts,
    );
  }

  const backupSpec = spec.backup;
  const schedule = backupSpec?.schedule ?? '0 2 * * *';
  const scheduleProblem = backupSpec?.enabled === true ? azureBackupSchedule(schedule) : undefined;
  if (typeof scheduleProblem === 'string') {
    env.problem(`${vs}: spec.backup.schedule: "${schedule}" ${scheduleProblem}`);
  }
  const backup =
    backupSpec?.enabled === true && typeof scheduleProblem !== 'string'
      ? new Backup(
          `${name}-backup`,
          {
            ...base,
            vaultName: `${azureName(name, 42)}-backup`,
            schedule,
            retentionDays: daysOf(backupSpec.retention) ?? DEFAULT_BACKUP_RETENTION_DAYS,
            ...(encryption !== undefined
              ? {
                  key: {
                    keyUri: encryption.keyUri,
                    ...(encryption.vaultId !== undefined ? { keyVaultId: encryption.vaultId } : {}),
                  },
                }
              : {}),
            tags,
          },
          opts,
        )
      : undefined;
  for (const w of backup?.warnings ?? []) warn(`${vs}: spec.backup: ${w}`);

  const ruleIds = firewall?.ruleIds ?? {};
  return {
    account,
    resourceGroup: rg,
    networks,
    publicSubnetIds,
    privateSubnetIds,
    subnet: (ref) => subnetsByName.get(ref)?.id ?? (SUBNET_ID.test(ref) ? ref : undefined),
    vnetOf: (ref) => subnetsByName.get(ref)?.network,
    group: (ref) => firewall?.groupIds[ref] ?? (ASG_ID.test(ref) ? ref : undefined),
    ...(encryption !== undefined ? { encryption } : {}),
    ...(logging !== undefined ? { workspaceId: logging.workspaceId } : {}),
    auditRetentionDays: auditDays,
    ...(backup !== undefined ? { backup: { component: backup, resourceGroupName: rg.name } } : {}),
    outputs: {
      vpcs: networks.map((n) =>
        n.component.vnetId.apply((id) => ({ name: n.name, id, cidr: n.cidr, state: 'available' })),
      ),
      loadBalancers: loadBalancers.map(({ lb, component }) =>
        pulumi.all([component.id, component.dnsName]).apply(([arn, dnsName]) => ({
          name: lb.name,
          arn,
          dnsName,
          state: 'active',
        })),
      ),
      // The Vitistack's own rules (deny ones too: Azure builds them), each with its rule's id.
      firewalls: spec.networking.firewallRules.flatMap((r) => {
        const id = ruleIds[r.name];
        return id !== undefined &&
          firewallPlan.rules.some((x) => x.name === r.name && 'all' in x.target)
          ? [id.apply((ruleId) => ({ name: r.name, id: ruleId, state: 'active' }))]
          : [];
      }),
      ...(dns !== undefined && dnsSpec?.zone !== undefined
        ? {
            dns: pulumi.all([dns.zoneId, dns.nameServers]).apply(([zoneId, nameServers]) => ({
              zone: dnsSpec.zone ?? '',
              zoneId,
              nameServers,
            })),
          }
        : {}),
      ...(backup !== undefined
        ? {
            backup: pulumi
              .all([backup.vaultId, backup.policyId])
              .apply(([vaultArn, planId]) => ({ vaultArn, planId })),
          }
        : {}),
      ...(logging?.activityLogSettingId !== undefined
        ? { auditTrailArn: logging.activityLogSettingId }
        : {}),
      ...(encryption !== undefined ? { kmsKeyArn: encryption.keyId } : {}),
    },
  };
}
