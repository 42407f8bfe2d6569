// Audit logging: a multi-region CloudTrail trail writing to an encrypted, versioned, private S3
// bucket whose objects expire after the retention period.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, mergeTags, validateRetentionDays, validateTags } from './util';

/** S3 lifecycle rules take any number of days; 100 years is a sane upper bound for typos. */
export const MAX_AUDIT_RETENTION_DAYS = 36500;

export interface AuditLoggingArgs {
  /** Days to keep log files (the caller converts "90d" to 90), 1 to 36500. */
  readonly retentionDays: number;
  /** KMS key for the trail and the bucket (aws:kms). Defaults to none: S3-managed AES256. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Let `destroy` delete the bucket with its logs. Defaults to false: audit logs outlive the
   * stack, and destroy fails until the bucket is emptied.
   */
  readonly forceDestroy?: boolean;
  /** Tags for every taggable resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateAuditLoggingArgs(args: AuditLoggingArgs): string[] {
  return [
    ...validateRetentionDays(args.retentionDays, MAX_AUDIT_RETENTION_DAYS),
    ...validateTags(args.tags),
  ];
}

export class AuditLogging extends pulumi.ComponentResource {
  public readonly trailArn: pulumi.Output<string>;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;

  constructor(name: string, args: AuditLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('AuditLogging', name, validateAuditLoggingArgs(args));
    super(TOKENS.aws.AuditLogging, name, {}, opts);
    const tags = args.tags;
    const days = args.retentionDays;

    const bucketName = `${name}-bucket`;
    const bucket = new aws.s3.Bucket(
      bucketName,
      { forceDestroy: args.forceDestroy ?? false, tags: mergeTags(tags, bucketName) },
      { parent: this },
    );
    const child = { parent: bucket };
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${bucketName}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          args.kmsKeyArn !== undefined
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: 'aws:kms',
                  kmsMasterKeyId: args.kmsKeyArn,
                },
                // A bucket key cuts KMS requests (and cost) for the many small log files.
                bucketKeyEnabled: true,
              }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
        ],
      },
      child,
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${bucketName}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    // Versioning keeps a deleted or overwritten log file recoverable (tamper evidence).
    const versioning = new aws.s3.BucketVersioning(
      `${bucketName}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } },
      child,
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${bucketName}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: 'expire-audit-logs',
            status: 'Enabled',
            filter: {},
            expiration: { days },
            // A version replaced or deleted early is still kept for the whole retention period.
            noncurrentVersionExpiration: { noncurrentDays: days },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: bucket, dependsOn: [versioning] },
    );

    // CloudTrail's documented bucket policy, limited to this account, plus TLS-only access.
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const cloudtrail = [{ type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] }];
    const sameAccount = {
      test: 'StringEquals',
      variable: 'aws:SourceAccount',
      values: [accountId],
    };
    const document = aws.iam.getPolicyDocumentOutput(
      {
        statements: [
          {
            sid: 'DenyInsecureTransport',
            effect: 'Deny',
            principals: [{ type: '*', identifiers: ['*'] }],
            actions: ['s3:*'],
            resources: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
          {
            sid: 'AWSCloudTrailAclCheck',
            effect: 'Allow',
            principals: cloudtrail,
            actions: ['s3:GetBucketAcl'],
            resources: [bucket.arn],
            conditions: [sameAccount],
          },
          {
            sid: 'AWSCloudTrailWrite',
            effect: 'Allow',
            principals: cloudtrail,
            actions: ['s3:PutObject'],
            resources: [pulumi.interpolate`${bucket.arn}/AWSLogs/${accountId}/*`],
            conditions: [
              {
                test: 'StringEquals',
                variable: 's3:x-amz-acl',
                values: ['bucket-owner-full-control'],
              },
              sameAccount,
            ],
          },
        ],
      },
      { parent: this },
    );
    // After the public access block: S3 refuses concurrent policy and block changes.
    const policy = new aws.s3.BucketPolicy(
      `${bucketName}-policy`,
      { bucket: bucket.id, policy: document.json },
      { parent: bucket, dependsOn: [publicAccess] },
    );

    const trailName = `${name}-trail`;
    const trail = new aws.cloudtrail.Trail(
      trailName,
      {
        s3BucketName: bucket.bucket,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        ...(args.kmsKeyArn !== undefined ? { kmsKeyId: args.kmsKeyArn } : {}),
        tags: mergeTags(tags, trailName),
      },
      // CloudTrail checks it can write to the bucket when the trail is created.
      { parent: this, dependsOn: [policy, encryption] },
    );

    this.trailArn = trail.arn;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({
      trailArn: this.trailArn,
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
    });
  }
}
