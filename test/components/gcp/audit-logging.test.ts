import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { KEY, LABELS, PROJECT, REGION, settle } from './helpers';

const BUCKET = 'gcp:storage/bucket:Bucket';
const SINK = 'gcp:logging/projectSink:ProjectSink';
const WRITER = 'gcp:storage/bucketIAMMember:BucketIAMMember';

describe('gcp AuditLogging', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/audit-logging');
  let audit: InstanceType<typeof mod.AuditLogging>;
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/audit-logging.js');
    audit = new mod.AuditLogging('prod-audit', {
      project: PROJECT,
      location: REGION,
      retentionDays: 90,
      kmsKeyId: KEY,
      labels: LABELS,
    });
    await settle();
  });

  it('keeps the logs 90 days in a private, versioned, CMEK-encrypted bucket, then deletes them', () => {
    const b = mocks.one(BUCKET, 'prod-audit-bucket');
    assert.equal(b.inputs.location, REGION);
    assert.equal(b.inputs.uniformBucketLevelAccess, true);
    assert.equal(b.inputs.publicAccessPrevention, 'enforced');
    assert.deepEqual(b.inputs.versioning, { enabled: true });
    assert.deepEqual(b.inputs.retentionPolicy, { retentionPeriod: String(90 * 86400) });
    assert.deepEqual(b.inputs.lifecycleRules, [
      { action: { type: 'Delete' }, condition: { age: 90 } },
      { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: 90 } },
    ]);
    assert.deepEqual(b.inputs.encryption, { defaultKmsKeyName: KEY });
    assert.equal(b.inputs.forceDestroy, false);
    assert.deepEqual(b.inputs.labels, LABELS);
  });

  it('exports every Cloud Audit Log to the bucket through a sink with its own identity', async () => {
    const b = mocks.one(BUCKET, 'prod-audit-bucket');
    const sink = mocks.one(SINK, 'prod-audit-sink');
    assert.equal(sink.inputs.destination, `storage.googleapis.com/${String(b.state.name)}`);
    assert.equal(sink.inputs.filter, 'logName:"cloudaudit.googleapis.com"');
    assert.equal(sink.inputs.uniqueWriterIdentity, true);
    const writer = mocks.one(WRITER, 'prod-audit-sink-writer');
    assert.equal(writer.inputs.bucket, b.state.name);
    assert.equal(writer.inputs.role, 'roles/storage.objectCreator');
    assert.equal(writer.inputs.member, sink.state.writerIdentity);
    assert.equal(await unwrap(audit.sinkId), `projects/${PROJECT}/sinks/prod-audit-sink`);
  });

  it('refuses a retention that is not a whole number of days', () => {
    assert.deepEqual(
      mod.validateAuditLoggingArgs({
        project: PROJECT,
        location: REGION,
        retentionDays: 0,
        labels: {},
      }),
      ['retentionDays: 0 is not a whole number of days above zero; use a value like 90.'],
    );
  });
});
