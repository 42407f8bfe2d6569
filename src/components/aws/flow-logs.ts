// VPC flow logs: every accepted and rejected flow of a VPC, delivered to a CloudWatch Logs group
// through a role the flow-logs service assumes.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  CLOUDWATCH_RETENTION_DAYS,
  cloudWatchRetentionDays,
  mergeTags,
  validateRetentionDays,
  validateTags,
} from './util';

const MAX_RETENTION = CLOUDWATCH_RETENTION_DAYS[CLOUDWATCH_RETENTION_DAYS.length - 1] ?? 3653;

// A constant document: no invoke needed for the trust policy.
const ASSUME_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
});

export interface FlowLogsArgs {
  /** VPC whose traffic is logged. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Days to keep flow logs, 1 to 3653; rounded up to the next retention CloudWatch Logs accepts
   * (8 -> 14), never down.
   */
  readonly retentionDays: number;
  /** KMS key for the log group. Defaults to none (CloudWatch Logs' own encryption). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tags for every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateFlowLogsArgs(args: FlowLogsArgs): string[] {
  return [...validateRetentionDays(args.retentionDays, MAX_RETENTION), ...validateTags(args.tags)];
}

export class FlowLogs extends pulumi.ComponentResource {
  public readonly logGroupName: pulumi.Output<string>;
  public readonly logGroupArn: pulumi.Output<string>;
  public readonly flowLogId: pulumi.Output<string>;
  /** The retention actually set, after rounding up. */
  public readonly retentionInDays: pulumi.Output<number>;

  constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('FlowLogs', name, validateFlowLogsArgs(args));
    super(TOKENS.aws.FlowLogs, name, {}, opts);
    const tags = args.tags;
    const retentionInDays = cloudWatchRetentionDays(args.retentionDays);

    const logGroupName = `${name}-log-group`;
    const logGroup = new aws.cloudwatch.LogGroup(
      logGroupName,
      {
        retentionInDays,
        ...(args.kmsKeyArn !== undefined ? { kmsKeyId: args.kmsKeyArn } : {}),
        tags: mergeTags(tags, logGroupName),
      },
      { parent: this },
    );

    const roleName = `${name}-role`;
    const role = new aws.iam.Role(
      roleName,
      {
        description: 'Delivers VPC flow logs to CloudWatch Logs',
        assumeRolePolicy: ASSUME_ROLE_POLICY,
        tags: mergeTags(tags, roleName),
      },
      { parent: this },
    );
    // Scoped to this log group; only DescribeLogGroups needs "*".
    const rolePolicy = new aws.iam.RolePolicy(
      `${roleName}-policy`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
              Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
            },
            { Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: '*' },
          ],
        }),
      },
      { parent: role },
    );

    const flowLogName = `${name}-flow-log`;
    const flowLog = new aws.ec2.FlowLog(
      flowLogName,
      {
        vpcId: args.vpcId,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: logGroup.arn,
        iamRoleArn: role.arn,
        tags: mergeTags(tags, flowLogName),
      },
      // The role must be able to write before the first delivery.
      { parent: this, dependsOn: [rolePolicy] },
    );

    // A log group's id is its name (also under the offline render, which does not auto-name).
    this.logGroupName = logGroup.id;
    this.logGroupArn = logGroup.arn;
    this.flowLogId = flowLog.id;
    this.retentionInDays = pulumi.output(retentionInDays);
    this.registerOutputs({
      logGroupName: this.logGroupName,
      logGroupArn: this.logGroupArn,
      flowLogId: this.flowLogId,
      retentionInDays: this.retentionInDays,
    });
  }
}
