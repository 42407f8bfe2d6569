// Encryption at rest: one customer-managed KMS key per stack (rotated yearly), with an alias, or
// an existing key given by ARN. Its ARN feeds EBS volumes, EKS secrets, backups, CloudTrail and
// flow logs.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, checkInt, mergeTags, missing, problem, validateTags } from './util';

export const DEFAULT_DELETION_WINDOW_DAYS = 30;

const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS_CHARS = /^[A-Za-z0-9/_-]+$/;

export interface EncryptionArgs {
  /** Stack name (`<namespace>.<name>`); the alias is `alias/vitistack/<namespace>/<name>`. */
  readonly stack: string;
  /**
   * Use this key instead of creating one: nothing is created and `keyArn` is this ARN. Its key
   * policy must let CloudTrail and CloudWatch Logs use it when audit or flow logs are on.
   * Defaults to none (a key is created).
   */
  readonly existingKeyArn?: string;
  /** Days a deleted key waits before AWS destroys it, 7 to 30. Defaults to 30. */
  readonly deletionWindowInDays?: number;
  /** Tags for the key, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** `alias/vitistack/<stack>`, with the dot of `<namespace>.<name>` as a slash (KMS refuses dots). */
export function keyAliasName(stack: string): string {
  return `alias/vitistack/${stack.replace(/\./g, '/')}`;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateEncryptionArgs(args: EncryptionArgs): string[] {
  const out: string[] = [];
  if (args.existingKeyArn !== undefined) {
    if (!KMS_ARN.test(args.existingKeyArn)) {
      out.push(
        problem(
          'existingKeyArn',
          args.existingKeyArn,
          'is not a KMS key ARN (an alias ARN does not work for every service); use a form like "arn:aws:kms:us-west-2:123456789012:key/<key-id>".',
        ),
      );
    }
  } else {
    const alias = keyAliasName(args.stack);
    if (args.stack.trim() === '') {
      out.push(missing('stack', 'is empty; give the stack name the key alias is made from.'));
    } else if (!ALIAS_CHARS.test(alias) || alias.length > 256) {
      out.push(
        problem(
          'stack',
          args.stack,
          'cannot be used in a KMS alias (letters, digits, "/", "_", "-" and "." only, up to 240 characters).',
        ),
      );
    }
    const w = checkInt(
      'deletionWindowInDays',
      args.deletionWindowInDays,
      7,
      30,
      'use 30 to keep the longest chance of recovery',
    );
    if (w !== undefined) out.push(w);
  }
  out.push(...validateTags(args.tags));
  return out;
}

export class Encryption extends pulumi.ComponentResource {
  /** ARN of the key that encrypts the stack's data at rest. */
  public readonly keyArn: pulumi.Output<string>;

  constructor(name: string, args: EncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Encryption', name, validateEncryptionArgs(args));
    super(TOKENS.aws.Encryption, name, {}, opts);

    if (args.existingKeyArn !== undefined) {
      this.keyArn = pulumi.output(args.existingKeyArn);
      this.registerOutputs({ keyArn: this.keyArn });
      return;
    }

    // The key policy must name the log services: IAM policies alone do not let CloudTrail or
    // CloudWatch Logs use a customer-managed key. The account root keeps full control, so IAM
    // policies decide what people and other roles (EBS, EKS, Backup) may do.
    const invoke = { parent: this };
    const account = aws.getCallerIdentityOutput({}, invoke).accountId;
    const partition = aws.getPartitionOutput({}, invoke).partition;
    const region = aws.getRegionOutput({}, invoke).region;
    const policy = pulumi.jsonStringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministers',
          Effect: 'Allow',
          Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudTrailEncryptsLogs',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            StringLike: {
              'kms:EncryptionContext:aws:cloudtrail:arn': pulumi.interpolate`arn:${partition}:cloudtrail:*:${account}:trail/*`,
            },
          },
        },
        {
          Sid: 'CloudWatchLogsEncryptsLogGroups',
          Effect: 'Allow',
          Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
          Action: [
            'kms:Encrypt*',
            'kms:Decrypt*',
            'kms:ReEncrypt*',
            'kms:GenerateDataKey*',
            'kms:Describe*',
          ],
          Resource: '*',
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`,
            },
          },
        },
      ],
    });

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Vitistack stack ${args.stack}: encryption at rest`,
        enableKeyRotation: true,
        deletionWindowInDays: args.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS,
        policy,
        tags: mergeTags(args.tags, `${name}-key`),
      },
      { parent: this },
    );
    new aws.kms.Alias(
      `${name}-alias`,
      { name: keyAliasName(args.stack), targetKeyId: key.keyId },
      { parent: key },
    );

    this.keyArn = key.arn;
    this.registerOutputs({ keyArn: this.keyArn });
  }
}
