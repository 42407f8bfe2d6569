// Backups of Compute Engine disks: a snapshot schedule resource policy (cron schedule, retention)
// that the machines attach to every disk (boot and data). Snapshots are kept in the region and
// survive the deletion of their disk until the retention ends.
import * as compute from '@pulumi/gcp/compute';
import type { input } from '@pulumi/gcp/types';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, gcpName, problem, validateLabels } from './util';

/** A snapshot schedule keeps snapshots at most 65,536 days; Vitistack retentions stay far below. */
export const MAX_RETENTION_DAYS = 65536;

const DAYS = [
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
] as const;

export type SnapshotScheduleBlock = input.compute.ResourcePolicySnapshotSchedulePolicySchedule;

/**
 * A cron schedule (UTC) as a snapshot schedule: `M H * * *` daily, a day-of-month step (every N
 * days), `M H * * D[,D]` weekly, `M * * * *` or an hour step (every N hours) hourly. GCP starts
 * snapshots on the hour, so minutes are dropped with a warning; other forms become daily at the
 * hour given (else midnight) with a warning.
 */
export function snapshotScheduleOf(cron: string): {
  schedule: SnapshotScheduleBlock;
  warning?: string;
} {
  const fields = cron.trim().split(/\s+/);
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  const num = (v: string, max: number) =>
    /^\d+$/.test(v) && Number(v) <= max ? Number(v) : undefined;
  const at = (h: number) => `${String(h).padStart(2, '0')}:00`;
  const m = num(minute, 59);
  const h = num(hour, 23);
  const notes: string[] = [];
  if (m !== undefined && m !== 0) {
    notes.push(`GCP starts snapshots on the hour, so minute ${m} of "${cron}" is dropped`);
  }
  const fallback = (): { schedule: SnapshotScheduleBlock; warning: string } => ({
    schedule: { dailySchedule: { daysInCycle: 1, startTime: at(h ?? 0) } },
    warning: `backup schedule "${cron}" has no GCP snapshot schedule form (daily, every N days, weekly on given days, hourly); snapshots run daily at ${at(h ?? 0)} UTC instead`,
  });
  if (fields.length !== 5 || m === undefined || month !== '*') return fallback();
  const done = (schedule: SnapshotScheduleBlock) =>
    notes.length > 0 ? { schedule, warning: notes.join('; ') } : { schedule };
  const everyHours = hour === '*' ? 1 : /^\*\/(\d+)$/.exec(hour)?.[1];
  if (everyHours !== undefined && dom === '*' && dow === '*') {
    return done({ hourlySchedule: { hoursInCycle: Number(everyHours), startTime: '00:00' } });
  }
  if (h === undefined) return fallback();
  if (dow === '*' || dow === '?') {
    if (dom === '*') return done({ dailySchedule: { daysInCycle: 1, startTime: at(h) } });
    const everyDays = /^\*\/(\d+)$/.exec(dom)?.[1];
    if (everyDays !== undefined) {
      return done({ dailySchedule: { daysInCycle: Number(everyDays), startTime: at(h) } });
    }
    return fallback();
  }
  if (dom !== '*' && dom !== '?') return fallback();
  const days = dow.split(',').map((d) => num(d, 7));
  if (days.some((d) => d === undefined)) return fallback();
  const names = [...new Set(days.map((d) => DAYS[(d ?? 0) % 7] ?? 'SUNDAY'))];
  return done({ weeklySchedule: { dayOfWeeks: names.map((day) => ({ day, startTime: at(h) })) } });
}

export interface SnapshotScheduleArgs {
  /** Project of the policy. Required. */
  readonly project: string;
  /** Region of the policy and of the disks it applies to. Required. */
  readonly region: string;
  /** When snapshots are taken (see `snapshotScheduleOf`). */
  readonly schedule: SnapshotScheduleBlock;
  /** Days to keep each snapshot, 1 to 65536. */
  readonly retentionDays: number;
  /** Labels of the snapshots (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateSnapshotScheduleArgs(args: SnapshotScheduleArgs): string[] {
  const out: string[] = [];
  const d = args.retentionDays;
  if (!Number.isInteger(d) || d < 1 || d > MAX_RETENTION_DAYS) {
    out.push(
      problem(
        'retentionDays',
        d,
        `is not a whole number of days from 1 to ${MAX_RETENTION_DAYS}; use a value like 30.`,
      ),
    );
  }
  out.push(...validateLabels(args.labels));
  return out;
}

export class SnapshotSchedule extends pulumi.ComponentResource {
  /** The policy's id (`projects/P/regions/R/resourcePolicies/N`). */
  public readonly policyId: pulumi.Output<string>;
  public readonly policyName: pulumi.Output<string>;
  /** What disks put in `resourcePolicies`. */
  public readonly selfLink: pulumi.Output<string>;

  constructor(name: string, args: SnapshotScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('SnapshotSchedule', name, validateSnapshotScheduleArgs(args));
    super(TOKENS.gcp.SnapshotSchedule, name, {}, opts);
    const policy = new compute.ResourcePolicy(
      `${name}-policy`,
      {
        project: args.project,
        region: args.region,
        name: gcpName(name),
        description: 'Snapshot schedule of the machines of the stack (vitistack)',
        snapshotSchedulePolicy: {
          schedule: args.schedule,
          retentionPolicy: {
            maxRetentionDays: args.retentionDays,
            // A deleted machine's snapshots are what a restore needs: keep them to the end.
            onSourceDiskDelete: 'KEEP_AUTO_SNAPSHOTS',
          },
          snapshotProperties: { storageLocations: args.region, labels: { ...args.labels } },
        },
      },
      { parent: this },
    );
    this.policyId = policy.id;
    this.policyName = policy.name;
    this.selfLink = policy.selfLink;
    this.registerOutputs({
      policyId: this.policyId,
      policyName: this.policyName,
      selfLink: this.selfLink,
    });
  }
}
