// Azure Backup for VMs: a Recovery Services vault and one VM backup policy (Enhanced, V2) with
// the schedule and retention of the Vitistack. Machines join it with their own protected item
// (Machine's `backup`). With a customer-managed key, the vault encrypts with it through a
// user-assigned identity that may wrap and unwrap with the key: a system-assigned identity only
// exists after the vault, too late for encryption set at creation.
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import * as recoveryservices from '@pulumi/azure-native/recoveryservices';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { azureBackupSchedule, scheduleTime, type AzureBackupSchedule } from './backup-schedule';
import {
  assertValid,
  azureTags,
  locationProblem,
  problem,
  roleDefinitionId,
  ROLES,
  validateAzureTags,
} from './util';

/** Azure keeps daily recovery points 7 to 9999 days. */
export const MIN_DAILY_RETENTION_DAYS = 7;
export const MAX_DAILY_RETENTION_DAYS = 9999;
/** Instant restore snapshots kept on the VM's disks, in days (faster restores). */
export const INSTANT_RESTORE_DAYS = 2;

export interface BackupArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Azure name of the Recovery Services vault (2 to 50 letters, digits and "-"). */
  readonly vaultName: string;
  /** When to back up: a 5-field cron schedule in UTC (see backup-schedule.ts for what Azure takes). */
  readonly schedule: string;
  /**
   * Days to keep each recovery point. Daily and hourly backups keep at least 7 (Azure's minimum:
   * raised with a warning); weekly ones whole weeks, rounded up.
   */
  readonly retentionDays: number;
  /**
   * Customer-managed key of the vault: its versionless URL, and the Key Vault that holds it (to
   * grant the vault's identity access; without it, access is up to you: see `warnings`).
   * Defaults to none (Microsoft-managed keys).
   */
  readonly key?: {
    readonly keyUri: pulumi.Input<string>;
    readonly keyVaultId?: pulumi.Input<string>;
  };
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateBackupArgs(args: BackupArgs): string[] {
  const out: string[] = [];
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (!/^[A-Za-z][A-Za-z0-9-]{1,49}$/.test(args.vaultName)) {
    out.push(
      problem(
        'vaultName',
        args.vaultName,
        'is not a Recovery Services vault name (2 to 50 letters, digits and "-", starting with a letter).',
      ),
    );
  }
  const schedule = azureBackupSchedule(args.schedule);
  if (typeof schedule === 'string') out.push(problem('schedule', args.schedule, `${schedule}.`));
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
    out.push(
      problem(
        'retentionDays',
        args.retentionDays,
        'is not a whole number of days above zero; use a value like 30.',
      ),
    );
  } else if (args.retentionDays > MAX_DAILY_RETENTION_DAYS) {
    out.push(
      problem(
        'retentionDays',
        args.retentionDays,
        `is above ${MAX_DAILY_RETENTION_DAYS}, the longest Azure Backup keeps recovery points.`,
      ),
    );
  }
  out.push(...validateAzureTags(args.tags));
  return out;
}

/** The policy's schedule and retention, and what was changed to fit Azure. */
export function backupPolicyProperties(
  schedule: AzureBackupSchedule,
  retentionDays: number,
): { properties: recoveryservices.ProtectionPolicyArgs['properties']; warnings: string[] } {
  const warnings: string[] = [];
  const time = scheduleTime(schedule.time);
  const dailyDays = Math.max(MIN_DAILY_RETENTION_DAYS, retentionDays);
  if (schedule.frequency !== 'Weekly' && retentionDays < MIN_DAILY_RETENTION_DAYS) {
    warnings.push(
      `backup retention of ${retentionDays} days is below Azure's minimum for daily recovery points; they are kept ${MIN_DAILY_RETENTION_DAYS} days`,
    );
  }
  const base = {
    backupManagementType: 'AzureIaasVM' as const,
    // Enhanced policy: needed for Trusted Launch VMs and hourly backups.
    policyType: 'V2',
    instantRpRetentionRangeInDays: INSTANT_RESTORE_DAYS,
    timeZone: 'UTC',
  };
  if (schedule.frequency === 'Weekly') {
    return {
      properties: {
        ...base,
        schedulePolicy: {
          schedulePolicyType: 'SimpleSchedulePolicyV2',
          scheduleRunFrequency: 'Weekly',
          weeklySchedule: { scheduleRunDays: [...schedule.days], scheduleRunTimes: [time] },
        },
        retentionPolicy: {
          retentionPolicyType: 'LongTermRetentionPolicy',
          weeklySchedule: {
            daysOfTheWeek: [...schedule.days],
            retentionTimes: [time],
            retentionDuration: { count: Math.ceil(retentionDays / 7), durationType: 'Weeks' },
          },
        },
      },
      warnings,
    };
  }
  const daily = {
    retentionPolicyType: 'LongTermRetentionPolicy' as const,
    dailySchedule: {
      retentionTimes: [time],
      retentionDuration: { count: dailyDays, durationType: 'Days' },
    },
  };
  return {
    properties: {
      ...base,
      schedulePolicy:
        schedule.frequency === 'Daily'
          ? {
              schedulePolicyType: 'SimpleSchedulePolicyV2',
              scheduleRunFrequency: 'Daily',
              dailySchedule: { scheduleRunTimes: [time] },
            }
          : {
              schedulePolicyType: 'SimpleSchedulePolicyV2',
              scheduleRunFrequency: 'Hourly',
              hourlySchedule: {
                interval: schedule.interval,
                scheduleWindowStartTime: time,
                scheduleWindowDuration: 24,
              },
            },
      retentionPolicy: daily,
    },
    warnings,
  };
}

export class Backup extends pulumi.ComponentResource {
  public readonly vaultId: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly policyId: pulumi.Output<string>;
  public readonly warnings: readonly string[];

  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Backup', name, validateBackupArgs(args));
    const schedule = azureBackupSchedule(args.schedule) as AzureBackupSchedule;
    const policy = backupPolicyProperties(schedule, args.retentionDays);
    super(TOKENS.azure.Backup, name, {}, opts);
    const tags = azureTags(args.tags);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const warnings = [...policy.warnings];

    let identity: managedidentity.UserAssignedIdentity | undefined;
    const waitFor: pulumi.Resource[] = [];
    if (args.key !== undefined) {
      identity = new managedidentity.UserAssignedIdentity(
        `${name}-identity`,
        { ...base, resourceName: `${args.vaultName}-identity`, tags },
        { parent: this },
      );
      if (args.key.keyVaultId !== undefined) {
        waitFor.push(
          new authorization.RoleAssignment(
            `${name}-key-access`,
            {
              scope: args.key.keyVaultId,
              roleDefinitionId: roleDefinitionId(
                args.key.keyVaultId,
                ROLES.keyVaultCryptoServiceEncryptionUser,
              ),
              principalId: identity.principalId,
              principalType: 'ServicePrincipal',
            },
            { parent: identity },
          ),
        );
      } else {
        warnings.push(
          `the backup vault's identity ${args.vaultName}-identity needs the role "Key Vault Crypto Service Encryption User" on the Key Vault of its key; grant it there`,
        );
      }
    }

    const vault = new recoveryservices.Vault(
      `${name}-vault`,
      {
        ...base,
        vaultName: args.vaultName,
        sku: { name: 'RS0', tier: 'Standard' },
        ...(identity !== undefined
          ? { identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] } }
          : {}),
        properties: {
          publicNetworkAccess: 'Enabled',
          ...(args.key !== undefined && identity !== undefined
            ? {
                encryption: {
                  keyVaultProperties: { keyUri: args.key.keyUri },
                  kekIdentity: {
                    userAssignedIdentity: identity.id,
                    useSystemAssignedIdentity: false,
                  },
                },
              }
            : {}),
        },
        tags,
      },
      { parent: this, dependsOn: waitFor },
    );

    const protection = new recoveryservices.ProtectionPolicy(
      `${name}-policy`,
      {
        resourceGroupName: args.resourceGroupName,
        vaultName: vault.name,
        policyName: 'vitistack-vms',
        properties: policy.properties,
        tags,
      },
      { parent: vault },
    );

    this.vaultId = vault.id;
    this.vaultName = vault.name;
    this.policyId = protection.id;
    this.warnings = warnings;
    this.registerOutputs({
      vaultId: this.vaultId,
      vaultName: this.vaultName,
      policyId: this.policyId,
      warnings: this.warnings,
    });
  }
}
