import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:AuditLogging',
  bucket: 'aws:s3/bucket:Bucket',
  sse: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  pab: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  policy: 'aws:s3/bucketPolicy:BucketPolicy',
  trail: 'aws:cloudtrail/trail:Trail',
} as const;

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555';

interface Statement {
  sid: string;
  effect: string;
  actions: string[];
  resources: string[];
  principals: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

describe('AuditLogging', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/audit-logging');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/audit-logging.js');
  });

  describe('with a KMS key and 90 days of retention (spec 003 auditLogging)', () => {
    let audit: InstanceType<typeof mod.AuditLogging>;
    before(async () => {
      audit = new mod.AuditLogging('audit', {
        retentionDays: 90,
        kmsKeyArn: KEY,
        tags: { env: 'prod' },
      });
      await settle();
    });

    it('creates a private bucket that keeps its logs on destroy', () => {
      const bucket = mocks.one(T.bucket, 'audit-bucket');
      assert.equal(bucket.inputs.forceDestroy, false);
      assert.deepEqual(bucket.inputs.tags, { env: 'prod', Name: 'audit-bucket' });
      assert.deepEqual(mocks.one(T.pab, 'audit-bucket-public-access').inputs, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
    });

    it('encrypts the bucket with the KMS key and a bucket key', () => {
      assert.deepEqual(mocks.one(T.sse, 'audit-bucket-encryption').inputs.rules, [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY },
          bucketKeyEnabled: true,
        },
      ]);
    });

    it('versions the bucket and expires current and old versions after 90 days', () => {
      const versioning = mocks.one(T.versioning, 'audit-bucket-versioning');
      assert.deepEqual(versioning.inputs.versioningConfiguration, { status: 'Enabled' });
      const lifecycle = mocks.one(T.lifecycle, 'audit-bucket-lifecycle');
      assert.deepEqual(lifecycle.inputs.rules, [
        {
          id: 'expire-audit-logs',
          status: 'Enabled',
          filter: {},
          expiration: { days: 90 },
          noncurrentVersionExpiration: { noncurrentDays: 90 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ]);
      assert.ok(lifecycle.dependencies.includes(versioning.urn));
    });

    it('lets only CloudTrail of this account write, over TLS only', () => {
      const bucketArn = String(mocks.one(T.bucket, 'audit-bucket').state.arn);
      const call = mocks.calls.find(
        (c) => c.token === 'aws:iam/getPolicyDocument:getPolicyDocument',
      );
      assert.ok(call, 'the policy document is built with getPolicyDocument');
      const statements = call.inputs.statements as Statement[];
      const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
      assert.deepEqual(Object.keys(bySid), [
        'DenyInsecureTransport',
        'AWSCloudTrailAclCheck',
        'AWSCloudTrailWrite',
      ]);
      assert.equal(bySid.DenyInsecureTransport?.effect, 'Deny');
      assert.deepEqual(bySid.DenyInsecureTransport.conditions, [
        { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
      ]);
      assert.deepEqual(bySid.AWSCloudTrailAclCheck?.resources, [bucketArn]);
      assert.deepEqual(bySid.AWSCloudTrailWrite?.principals, [
        { type: 'Service', identifiers: ['cloudtrail.amazonaws.com'] },
      ]);
      assert.deepEqual(bySid.AWSCloudTrailWrite.actions, ['s3:PutObject']);
      assert.deepEqual(bySid.AWSCloudTrailWrite.resources, [`${bucketArn}/AWSLogs/123456789012/*`]);
      assert.deepEqual(bySid.AWSCloudTrailWrite.conditions, [
        { test: 'StringEquals', variable: 's3:x-amz-acl', values: ['bucket-owner-full-control'] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['123456789012'] },
      ]);
      const policy = mocks.one(T.policy, 'audit-bucket-policy');
      assert.ok(policy.dependencies.includes(mocks.one(T.pab, 'audit-bucket-public-access').urn));
      assert.match(String(policy.inputs.policy), /AWSCloudTrailWrite/);
    });

    it('creates a multi-region, validated, KMS-encrypted trail after the bucket policy', () => {
      const trail = mocks.one(T.trail, 'audit-trail');
      const bucket = mocks.one(T.bucket, 'audit-bucket');
      assert.equal(trail.inputs.s3BucketName, bucket.state.bucket);
      assert.equal(trail.inputs.isMultiRegionTrail, true);
      assert.equal(trail.inputs.includeGlobalServiceEvents, true);
      assert.equal(trail.inputs.enableLogFileValidation, true);
      assert.equal(trail.inputs.kmsKeyId, KEY);
      assert.ok(trail.dependencies.includes(mocks.one(T.policy, 'audit-bucket-policy').urn));
      assert.equal(trail.parent, mocks.one(T.component, 'audit').urn);
      assert.equal(mocks.one(T.sse, 'audit-bucket-encryption').parent, bucket.urn);
    });

    it('outputs the trail ARN and bucket name', async () => {
      assert.equal(await unwrap(audit.trailArn), mocks.one(T.trail, 'audit-trail').state.arn);
      assert.equal(
        await unwrap(audit.bucketName),
        mocks.one(T.bucket, 'audit-bucket').state.bucket,
      );
    });
  });

  describe('without a KMS key', () => {
    before(async () => {
      new mod.AuditLogging('plain', { retentionDays: 30, forceDestroy: true, tags: {} });
      await settle();
    });

    it('uses S3-managed AES256 and no trail key', () => {
      assert.deepEqual(mocks.one(T.sse, 'plain-bucket-encryption').inputs.rules, [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ]);
      assert.equal(mocks.one(T.trail, 'plain-trail').inputs.kmsKeyId, undefined);
      assert.equal(mocks.one(T.bucket, 'plain-bucket').inputs.forceDestroy, true);
    });
  });

  describe('validateAuditLoggingArgs', () => {
    const cases: [number, string[]][] = [
      [90, []],
      [0, ['retentionDays: 0 is not a whole number of days above zero; use a value like 90.']],
      [1.5, ['retentionDays: 1.5 is not a whole number of days above zero; use a value like 90.']],
      [
        40000,
        ['retentionDays: 40000 is above 36500 days, the longest allowed here; use at most 36500.'],
      ],
    ];
    for (const [days, errors] of cases) {
      it(`retentionDays ${days}`, () => {
        assert.deepEqual(mod.validateAuditLoggingArgs({ retentionDays: days, tags: {} }), errors);
      });
    }
  });
});
