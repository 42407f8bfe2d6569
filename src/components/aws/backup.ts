// AWS Backup: a vault (encrypted with the stack's key), a plan with one scheduled rule, and a
// selection that backs up every resource carrying the stack's tag.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { checkCron } from '../../api/schema/formats';
import {
  assertValid,
  missing,
  mergeTags,
  problem,
  validateRetentionDays,
  validateTags,
} from './util';

/** AWS Backup keeps recovery points for up to 100 years. */
export const MAX_BACKUP_RETENTION_DAYS = 36500;

const ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface BackupArgs {
  /** When to back up: a 5-field cron schedule in UTC ("0 2 * * *") or a macro like "@daily". */
  readonly schedule: string;
  /** Days to keep each recovery point, 1 to 36500. */
  readonly retentionDays: number;
  /** KMS key for the vault. Defaults to none (the AWS-managed backup key). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The tag that selects resources to back up: the stack tag `vitistack.io/stack` = stack name. */
  readonly selectionTag: { readonly key: string; readonly value: string };
  /** Tags for every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

function fields(schedule: string): string[] {
  const trimmed = schedule.trim();
  return (MACROS[trimmed.toLowerCase()] ?? trimmed).split(/\s+/);
}

/** Why `schedule` cannot become an AWS Backup schedule, or undefined when it can. */
export function awsCronProblem(schedule: string): string | undefined {
  const f = fields(schedule);
  const bad = checkCron(f.join(' '));
  if (bad !== undefined) {
    return `is not a 5-field cron schedule (${bad}); use a form like "0 2 * * *" (02:00 UTC every day).`;
  }
  const [minute = '', , dom = '', , dow = ''] = f;
  if (!/^[0-9]+$/.test(minute)) {
    return `runs more than once an hour (minute field "${minute}"); AWS Backup runs at most hourly, so give a single minute, like "0 * * * *".`;
  }
  if (dom !== '*' && dow !== '*') {
    return `restricts both the day of month ("${dom}") and the day of week ("${dow}"); AWS cron cannot combine the two, so set one of them to "*".`;
  }
  return undefined;
}

/** Standard day-of-week values (0-7, names, ranges, steps) as the set of days 0 (SUN) to 6. */
function daysOfWeek(field: string): Set<number> {
  const days = new Set<number>();
  const value = (v: string): number => {
    const named = DAY_NAMES.indexOf(v.toUpperCase());
    return named >= 0 ? named : Number(v);
  };
  for (const part of field.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText !== undefined ? Number(stepText) : 1;
    const [lo, hi] = range === '*' ? [0, 6] : range.split('-').map(value);
    const start = lo ?? 0;
    const end = hi ?? (stepText !== undefined ? 6 : start);
    for (let d = start; d <= end; d += step) days.add(d % 7);
  }
  return days;
}

/** AWS numbers days 1 (SUN) to 7 (SAT) and has no steps: list them, joining runs into ranges. */
function awsDaysOfWeek(field: string): string {
  const nums = [...daysOfWeek(field)].map((d) => d + 1).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && (nums[j + 1] ?? 0) === (nums[j] ?? 0) + 1) j++;
    parts.push(j > i ? `${nums[i] ?? ''}-${nums[j] ?? ''}` : String(nums[i] ?? ''));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Converts a 5-field cron schedule to AWS's 6-field form: "0 2 * * *" -> "cron(0 2 * * ? *)".
 * AWS wants "?" in one of day-of-month and day-of-week (the one left "*"), numbers days of the
 * week from 1 (SUN), and adds a year field. Throws when the schedule cannot be converted.
 */
export function toAwsCron(schedule: string): string {
  const reason = awsCronProblem(schedule);
  if (reason !== undefined) throw new Error(problem('schedule', schedule, reason));
  const [minute, hour, dom = '*', month = '*', dow = '*'] = fields(schedule);
  const [awsDom, awsDow] = dow === '*' ? [dom, '?'] : ['?', awsDaysOfWeek(dow)];
  return `cron(${minute ?? '0'} ${hour ?? '*'} ${awsDom} ${month.toUpperCase()} ${awsDow} *)`;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateBackupArgs(args: BackupArgs): string[] {
  const out: string[] = [];
  const cron = awsCronProblem(args.schedule);
  if (cron !== undefined) out.push(problem('schedule', args.schedule, cron));
  out.push(...validateRetentionDays(args.retentionDays, MAX_BACKUP_RETENTION_DAYS));
  if (args.selectionTag.key.trim() === '') {
    out.push(
      missing(
        'selectionTag.key',
        'is empty; give the tag that marks resources to back up, like "vitistack.io/stack".',
      ),
    );
  }
  if (args.selectionTag.value.trim() === '') {
    out.push(missing('selectionTag.value', 'is empty; give the tag value, like the stack name.'));
  }
  out.push(...validateTags(args.tags));
  return out;
}

export class Backup extends pulumi.ComponentResource {
  public readonly vaultArn: pulumi.Output<string>;
  public readonly vaultName: pulumi.Output<string>;
  public readonly planId: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Backup', name, validateBackupArgs(args));
    super(TOKENS.aws.Backup, name, {}, opts);
    const tags = args.tags;

    const vaultName = `${name}-vault`;
    const vault = new aws.backup.Vault(
      vaultName,
      {
        ...(args.kmsKeyArn !== undefined ? { kmsKeyArn: args.kmsKeyArn } : {}),
        tags: mergeTags(tags, vaultName),
      },
      { parent: this },
    );

    const planName = `${name}-plan`;
    const plan = new aws.backup.Plan(
      planName,
      {
        rules: [
          {
            ruleName: 'scheduled',
            // A vault's id is its name (also under the offline render, which does not auto-name).
            targetVaultName: vault.id,
            schedule: toAwsCron(args.schedule),
            lifecycle: { deleteAfter: args.retentionDays },
            // Recovery points carry the stack's tags, so their cost shows up with the stack.
            recoveryPointTags: { ...tags },
          },
        ],
        tags: mergeTags(tags, planName),
      },
      { parent: this },
    );

    const roleName = `${name}-role`;
    const role = new aws.iam.Role(
      roleName,
      {
        description: 'Lets AWS Backup back up the resources of a Vitistack stack',
        assumeRolePolicy: ASSUME_ROLE_POLICY,
        tags: mergeTags(tags, roleName),
      },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${roleName}-backup`,
      { role: role.id, policyArn: aws.iam.ManagedPolicy.AWSBackupServiceRolePolicyForBackup },
      { parent: role },
    );

    new aws.backup.Selection(
      `${name}-selection`,
      {
        planId: plan.id,
        iamRoleArn: role.arn,
        selectionTags: [
          { type: 'STRINGEQUALS', key: args.selectionTag.key, value: args.selectionTag.value },
        ],
      },
      // The role needs its policy before the first job runs.
      { parent: plan, dependsOn: [attachment] },
    );

    this.vaultArn = vault.arn;
    this.vaultName = vault.id;
    this.planId = plan.id;
    this.roleArn = role.arn;
    this.registerOutputs({
      vaultArn: this.vaultArn,
      vaultName: this.vaultName,
      planId: this.planId,
      roleArn: this.roleArn,
    });
  }
}
