// Audit logging on Azure: a Log Analytics workspace that keeps the logs, the subscription's
// activity log (who changed which resource: Azure's CloudTrail) sent to it, and diagnostic
// settings that send the audit logs of chosen resources (network security groups, Key Vaults,
// AKS clusters) to it.
import * as monitor from '@pulumi/azure-native/monitor';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  locationProblem,
  missing,
  problem,
  validateAzureTags,
} from './util';

/** Log Analytics keeps data 30 to 730 days (interactive retention of the PerGB2018 tier). */
export const MIN_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 730;

/** Activity log categories of who did what: the audit part of the subscription's activity log. */
export const ACTIVITY_LOG_CATEGORIES = ['Administrative', 'Security', 'Policy'] as const;

/** One resource whose logs go to the workspace. */
export interface DiagnosticTarget {
  /** Key of the setting, used in resource names. */
  readonly name: string;
  readonly resourceUri: pulumi.Input<string>;
  /** Log categories to send, e.g. `NetworkSecurityGroupEvent`. Excludes categoryGroups. */
  readonly categories?: readonly string[];
  /** Log category groups to send, e.g. `audit`. Excludes categories. */
  readonly categoryGroups?: readonly string[];
}

export interface AuditLoggingArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Azure name of the workspace (4 to 63 letters, digits and "-"). */
  readonly workspaceName: string;
  /**
   * Days to keep logs. Rounded up to 30, Log Analytics' shortest; at most 730 (longer needs
   * long-term retention on the tables, which this does not set).
   */
  readonly retentionDays: number;
  /**
   * Send the subscription's activity log to the workspace, under this diagnostic setting name
   * (unique in the subscription, which allows five). Defaults to none.
   */
  readonly activityLogSettingName?: string;
  /** Resources whose logs go to the workspace. Defaults to none. */
  readonly targets?: readonly DiagnosticTarget[];
  /** Tags of the workspace (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateAuditLoggingArgs(args: AuditLoggingArgs): string[] {
  const out: string[] = [];
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/.test(args.workspaceName)) {
    out.push(
      problem(
        'workspaceName',
        args.workspaceName,
        'is not a workspace name (4 to 63 letters, digits and "-").',
      ),
    );
  }
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
    out.push(
      problem('retentionDays', args.retentionDays, 'is not a whole number of days above zero.'),
    );
  } else if (args.retentionDays > MAX_RETENTION_DAYS) {
    out.push(
      problem(
        'retentionDays',
        args.retentionDays,
        `is above ${MAX_RETENTION_DAYS}, the longest Log Analytics workspace retention; use at most ${MAX_RETENTION_DAYS}.`,
      ),
    );
  }
  (args.targets ?? []).forEach((t, i) => {
    const n = (t.categories?.length ?? 0) + (t.categoryGroups?.length ?? 0);
    if (n === 0)
      out.push(missing(`targets[${i}]`, 'names no log categories or category groups; give one.'));
  });
  out.push(...validateAzureTags(args.tags));
  return out;
}

export class AuditLogging extends pulumi.ComponentResource {
  public readonly workspaceId: pulumi.Output<string>;
  /** Id of the activity log's diagnostic setting; undefined without one. */
  public readonly activityLogSettingId?: pulumi.Output<string>;
  /** Diagnostic setting id by target name. */
  public readonly settingIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AuditLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('AuditLogging', name, validateAuditLoggingArgs(args));
    super(TOKENS.azure.AuditLogging, name, {}, opts);

    const workspace = new operationalinsights.Workspace(
      `${name}-workspace`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        workspaceName: args.workspaceName,
        sku: { name: 'PerGB2018' },
        retentionInDays: Math.max(MIN_RETENTION_DAYS, args.retentionDays),
        tags: azureTags(args.tags),
      },
      { parent: this },
    );

    if (args.activityLogSettingName !== undefined) {
      this.activityLogSettingId = new monitor.SubscriptionDiagnosticSetting(
        `${name}-activity-log`,
        {
          name: args.activityLogSettingName,
          workspaceId: workspace.id,
          logs: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
        },
        { parent: this },
      ).id;
    }

    this.settingIds = {};
    for (const t of args.targets ?? []) {
      this.settingIds[t.name] = new monitor.DiagnosticSetting(
        `${name}-${t.name}`,
        {
          name: `${name}-${t.name}`,
          resourceUri: t.resourceUri,
          workspaceId: workspace.id,
          logs: [
            ...(t.categories ?? []).map((category) => ({ category, enabled: true })),
            ...(t.categoryGroups ?? []).map((categoryGroup) => ({ categoryGroup, enabled: true })),
          ],
        },
        { parent: workspace },
      ).id;
    }

    this.workspaceId = workspace.id;
    this.registerOutputs({
      workspaceId: this.workspaceId,
      activityLogSettingId: this.activityLogSettingId,
      settingIds: this.settingIds,
    });
  }
}
