import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { EncryptionArgs } from '../../../src/components/aws/encryption';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:Encryption',
  key: 'aws:kms/key:Key',
  alias: 'aws:kms/alias:Alias',
} as const;

interface Statement {
  Sid: string;
  Principal: Record<string, string>;
  Action: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

describe('Encryption', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/encryption');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/encryption.js');
  });

  describe('a new customer-managed key', () => {
    let enc: InstanceType<typeof mod.Encryption>;
    before(async () => {
      enc = new mod.Encryption('enc', {
        stack: 'production.aws-production',
        tags: { env: 'prod' },
      });
      await settle();
    });

    it('creates a rotated key with a 30-day deletion window', () => {
      const key = mocks.one(T.key, 'enc-key');
      assert.equal(key.inputs.enableKeyRotation, true);
      assert.equal(key.inputs.deletionWindowInDays, 30);
      assert.deepEqual(key.inputs.tags, { env: 'prod', Name: 'enc-key' });
      assert.equal(key.parent, mocks.one(T.component, 'enc').urn);
    });

    it('lets the account administer the key and CloudTrail and CloudWatch Logs use it', () => {
      const policy = JSON.parse(String(mocks.one(T.key, 'enc-key').inputs.policy)) as {
        Statement: Statement[];
      };
      const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
      assert.deepEqual(bySid.AccountAdministers?.Principal, {
        AWS: 'arn:aws:iam::123456789012:root',
      });
      assert.equal(bySid.AccountAdministers.Action, 'kms:*');
      assert.deepEqual(bySid.CloudTrailEncryptsLogs?.Principal, {
        Service: 'cloudtrail.amazonaws.com',
      });
      assert.deepEqual(bySid.CloudTrailEncryptsLogs.Condition, {
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:123456789012:trail/*',
        },
      });
      assert.deepEqual(bySid.CloudWatchLogsEncryptsLogGroups?.Principal, {
        Service: 'logs.us-west-2.amazonaws.com',
      });
      assert.deepEqual(bySid.CloudWatchLogsEncryptsLogGroups.Condition, {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-west-2:123456789012:log-group:*',
        },
      });
    });

    it('names the key alias/vitistack/<namespace>/<name>', () => {
      const alias = mocks.one(T.alias, 'enc-alias');
      const key = mocks.one(T.key, 'enc-key');
      assert.equal(alias.inputs.name, 'alias/vitistack/production/aws-production');
      assert.equal(alias.inputs.targetKeyId, key.state.keyId);
      assert.equal(alias.parent, key.urn);
    });

    it('outputs the key ARN', async () => {
      assert.equal(await unwrap(enc.keyArn), mocks.one(T.key, 'enc-key').state.arn);
      assert.match(await unwrap(enc.keyArn), /^arn:aws:kms:us-west-2:123456789012:key\//);
    });
  });

  describe('an existing key', () => {
    const arn = 'arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012';
    let enc: InstanceType<typeof mod.Encryption>;
    before(async () => {
      enc = new mod.Encryption('byok', { stack: 'prod.dc', existingKeyArn: arn, tags: {} });
      await settle();
    });

    it('creates nothing and outputs the given ARN', async () => {
      assert.equal(await unwrap(enc.keyArn), arn);
      assert.deepEqual(
        mocks.resources.filter((r) => r.name.startsWith('byok')).map((r) => r.type),
        [T.component],
      );
    });
  });

  describe('validateEncryptionArgs', () => {
    const cases: { name: string; args: EncryptionArgs; errors: string[] }[] = [
      {
        name: 'an alias ARN instead of a key ARN',
        args: {
          stack: 's',
          existingKeyArn: 'arn:aws:kms:us-west-2:123456789012:alias/mine',
          tags: {},
        },
        errors: [
          'existingKeyArn: "arn:aws:kms:us-west-2:123456789012:alias/mine" is not a KMS key ARN (an alias ARN does not work for every service); use a form like "arn:aws:kms:us-west-2:123456789012:key/<key-id>".',
        ],
      },
      {
        name: 'a deletion window out of range',
        args: { stack: 'ns.name', deletionWindowInDays: 3, tags: {} },
        errors: [
          'deletionWindowInDays: 3 is not a whole number from 7 to 30; use 30 to keep the longest chance of recovery.',
        ],
      },
      {
        name: 'a stack name KMS cannot use',
        args: { stack: 'ns:name', tags: {} },
        errors: [
          'stack: "ns:name" cannot be used in a KMS alias (letters, digits, "/", "_", "-" and "." only, up to 240 characters).',
        ],
      },
      {
        name: 'a plain stack name',
        args: { stack: 'production.aws-production', tags: {} },
        errors: [],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateEncryptionArgs(tc.args), tc.errors);
      });
    }
  });
});
