import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { fakeProjectNumber } from '../../../src/engine/mocks-gcp';
import { KEY, LABELS, PROJECT, REGION, settle } from './helpers';

const RING = 'gcp:kms/keyRing:KeyRing';
const KEY_TYPE = 'gcp:kms/cryptoKey:CryptoKey';
const MEMBER = 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember';

describe('gcp Encryption', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/encryption');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/encryption.js');
  });

  describe('a key of the stack used by disks, GKE and the audit bucket', () => {
    let enc: InstanceType<typeof mod.Encryption>;
    before(async () => {
      enc = new mod.Encryption('prod-kms', {
        project: PROJECT,
        location: REGION,
        serviceAgents: ['compute', 'container', 'storage'],
        labels: LABELS,
      });
      await settle();
    });

    it('makes a key ring in the region and a key rotated every 90 days', () => {
      const ring = mocks.one(RING, 'prod-kms-ring');
      assert.equal(ring.inputs.location, REGION);
      const key = mocks.one(KEY_TYPE, 'prod-kms-key');
      assert.equal(key.inputs.keyRing, ring.id);
      assert.equal(key.inputs.purpose, 'ENCRYPT_DECRYPT');
      assert.equal(key.inputs.rotationPeriod, '7776000s');
      assert.equal(key.inputs.destroyScheduledDuration, '2592000s');
      assert.deepEqual(key.inputs.labels, LABELS);
    });

    it('lets each Google service agent of the project encrypt and decrypt with it', () => {
      const key = mocks.one(KEY_TYPE, 'prod-kms-key');
      const n = fakeProjectNumber(PROJECT);
      const grants = mocks
        .byType(MEMBER)
        .filter((m) => m.name.startsWith('prod-kms-'))
        .map((m) => [m.inputs.cryptoKeyId, m.inputs.role, m.inputs.member]);
      const role = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
      assert.deepEqual(grants, [
        [key.id, role, `serviceAccount:service-${n}@compute-system.iam.gserviceaccount.com`],
        [
          key.id,
          role,
          `serviceAccount:service-${n}@container-engine-robot.iam.gserviceaccount.com`,
        ],
        [key.id, role, `serviceAccount:service-${n}@gs-project-accounts.iam.gserviceaccount.com`],
      ]);
    });

    it('hands out the key id, in the projects/.../cryptoKeys/... form', async () => {
      assert.equal(
        await unwrap(enc.keyId),
        `projects/${PROJECT}/locations/${REGION}/keyRings/prod-kms/cryptoKeys/prod-kms-key`,
      );
    });
  });

  it('grants on an existing key without making one', async () => {
    const enc = new mod.Encryption('given', {
      project: PROJECT,
      location: REGION,
      existingKeyId: KEY,
      labels: {},
    });
    await settle();
    assert.equal(mocks.byType(RING).filter((r) => r.name.startsWith('given')).length, 0);
    assert.deepEqual(
      mocks
        .byType(MEMBER)
        .filter((m) => m.name.startsWith('given'))
        .map((m) => m.inputs.cryptoKeyId),
      [KEY],
    );
    assert.equal(await unwrap(enc.keyId), KEY);
  });

  it('validateEncryptionArgs names a key that is not a Cloud KMS key', () => {
    assert.deepEqual(
      mod.validateEncryptionArgs({
        project: PROJECT,
        location: REGION,
        existingKeyId: 'arn:aws:kms:us-west-2:123456789012:key/x',
        rotationDays: 0,
        labels: {},
      }),
      [
        'existingKeyId: "arn:aws:kms:us-west-2:123456789012:key/x" is not a Cloud KMS key name; use a form like "projects/p/locations/europe-north1/keyRings/r/cryptoKeys/k".',
        'rotationDays: 0 is not a whole number of days from 1 to 3650.',
      ],
    );
  });
});
