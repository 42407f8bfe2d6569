// Backup for GKE: a backup plan of one cluster (its Kubernetes resources, Secrets and volume
// data) on a cron schedule, kept for the retention period, encrypted with the stack key when
// there is one. The cluster needs the Backup for GKE agent (GkeCluster backupAgent).
import * as gkebackup from '@pulumi/gcp/gkebackup';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, gcpName, problem, validateLabels } from './util';

/** Backup for GKE keeps backups at most 90 years (backupRetainDays up to 32,850). */
export const MAX_RETAIN_DAYS = 32850;

export interface GkeBackupPlanArgs {
  /** Cluster id (`projects/P/locations/L/clusters/N`). Required. */
  readonly cluster: pulumi.Input<string>;
  /** Project. Required. */
  readonly project: string;
  /** Region of the plan: the cluster's region. Required. */
  readonly location: string;
  /** When backups run: a cron expression (UTC), e.g. `0 1 * * *`. Required. */
  readonly schedule: string;
  /** Days to keep each backup, 1 to 32850. Required. */
  readonly retentionDays: number;
  /** Namespaces to back up. Defaults to all. */
  readonly namespaces?: readonly string[];
  /** Cloud KMS key of the backups. Defaults to none (Google-managed). */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** Labels of the plan (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateGkeBackupPlanArgs(args: GkeBackupPlanArgs): string[] {
  const out: string[] = [];
  if (args.schedule.trim().split(/\s+/).length !== 5) {
    out.push(
      problem(
        'schedule',
        args.schedule,
        'is not a cron expression of five fields; use a form like "0 1 * * *".',
      ),
    );
  }
  const d = args.retentionDays;
  if (!Number.isInteger(d) || d < 1 || d > MAX_RETAIN_DAYS) {
    out.push(
      problem('retentionDays', d, `is not a whole number of days from 1 to ${MAX_RETAIN_DAYS}.`),
    );
  }
  out.push(...validateLabels(args.labels));
  return out;
}

export class GkeBackupPlan extends pulumi.ComponentResource {
  /** `projects/P/locations/L/backupPlans/N`. */
  public readonly planId: pulumi.Output<string>;

  constructor(name: string, args: GkeBackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('GkeBackupPlan', name, validateGkeBackupPlanArgs(args));
    super(TOKENS.gcp.GkeBackupPlan, name, {}, opts);
    const namespaces = args.namespaces ?? [];
    const plan = new gkebackup.BackupPlan(
      `${name}-plan`,
      {
        project: args.project,
        location: args.location,
        name: gcpName(name),
        cluster: args.cluster,
        description: 'Backups of the cluster (vitistack)',
        backupSchedule: { cronSchedule: args.schedule },
        retentionPolicy: { backupRetainDays: args.retentionDays },
        backupConfig: {
          includeVolumeData: true,
          includeSecrets: true,
          ...(namespaces.length > 0
            ? { selectedNamespaces: { namespaces: [...namespaces] } }
            : { allNamespaces: true }),
          ...(args.kmsKeyId !== undefined
            ? { encryptionKey: { gcpKmsEncryptionKey: args.kmsKeyId } }
            : {}),
        },
        labels: { ...args.labels },
      },
      { parent: this },
    );
    this.planId = plan.id;
    this.registerOutputs({ planId: this.planId });
  }
}
