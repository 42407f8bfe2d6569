// Audit logging: a project log sink exporting the Cloud Audit Logs to a private, versioned Cloud
// Storage bucket that keeps them for the retention period (a retention policy, so nobody deletes
// them earlier) and then deletes them. The sink's own writer identity may only create objects.
import * as logging from '@pulumi/gcp/logging';
import * as storage from '@pulumi/gcp/storage';
import * as pulumi from '@pulumi/pulumi';
import { validateRetentionDays } from '../aws/util';
import { TOKENS } from '../tokens';
import { assertValid, gcpName, validateLabels } from './util';

/** Cloud Storage retention policies stop at 3,155,760,000 s (100 years). */
export const MAX_AUDIT_RETENTION_DAYS = 36500;

/** Every Cloud Audit Log of the project: admin activity, data access, system events, policy denials. */
export const AUDIT_LOG_FILTER = 'logName:"cloudaudit.googleapis.com"';

export interface AuditLoggingArgs {
  /** Project whose logs are exported and that holds the bucket. Required. */
  readonly project: string;
  /** Location of the bucket, e.g. the stack's region. Required. */
  readonly location: string;
  /** Days to keep the logs (the caller converts "90d" to 90), 1 to 36500. */
  readonly retentionDays: number;
  /**
   * Cloud KMS key of the bucket; the Cloud Storage service agent must be allowed to use it.
   * Defaults to none (Google-managed encryption).
   */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** Log filter of the sink. Defaults to `AUDIT_LOG_FILTER`. */
  readonly filter?: string;
  /** Labels of the bucket (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateAuditLoggingArgs(args: AuditLoggingArgs): string[] {
  return [
    ...validateRetentionDays(args.retentionDays, MAX_AUDIT_RETENTION_DAYS),
    ...validateLabels(args.labels),
  ];
}

export class AuditLogging extends pulumi.ComponentResource {
  /** The sink's id (`projects/P/sinks/N`). */
  public readonly sinkId: pulumi.Output<string>;
  public readonly bucketName: pulumi.Output<string>;

  constructor(name: string, args: AuditLoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('AuditLogging', name, validateAuditLoggingArgs(args));
    super(TOKENS.gcp.AuditLogging, name, {}, opts);
    const days = args.retentionDays;
    // Bucket names are global: the provider's auto-name (with a random suffix) keeps them unique.
    const bucket = new storage.Bucket(
      `${name}-bucket`,
      {
        project: args.project,
        location: args.location,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: true },
        // Locked only by a person who means it: an unlocked policy can still be shortened.
        retentionPolicy: { retentionPeriod: String(days * 86400) },
        lifecycleRules: [
          { action: { type: 'Delete' }, condition: { age: days } },
          { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: days } },
        ],
        ...(args.kmsKeyId !== undefined
          ? { encryption: { defaultKmsKeyName: args.kmsKeyId } }
          : {}),
        // Audit logs outlive the stack: destroy fails until the bucket is emptied.
        forceDestroy: false,
        labels: { ...args.labels },
      },
      { parent: this },
    );
    const sink = new logging.ProjectSink(
      `${name}-sink`,
      {
        project: args.project,
        name: gcpName(`${name}-sink`),
        destination: pulumi.interpolate`storage.googleapis.com/${bucket.name}`,
        filter: args.filter ?? AUDIT_LOG_FILTER,
        uniqueWriterIdentity: true,
        description: 'Cloud Audit Logs of the project (vitistack)',
      },
      { parent: this },
    );
    new storage.BucketIAMMember(
      `${name}-sink-writer`,
      { bucket: bucket.name, role: 'roles/storage.objectCreator', member: sink.writerIdentity },
      { parent: bucket },
    );
    this.sinkId = sink.id;
    this.bucketName = bucket.name;
    this.registerOutputs({ sinkId: this.sinkId, bucketName: this.bucketName });
  }
}
