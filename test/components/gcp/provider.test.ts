import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import { isSecretInput, secretValue, settle } from './helpers';

/** A service account key file as Google writes it (the private key is a placeholder). */
const KEY_FILE = JSON.stringify({
  type: 'service_account',
  project_id: 'vitistack-prod-123456',
  private_key_id: 'abc123',
  private_key:
    '-----BEGIN PRIVATE KEY-----\nFAKE-PRIVATE-KEY-MATERIAL\n-----END PRIVATE KEY-----\n',
  client_email: 'vitistack@vitistack-prod-123456.iam.gserviceaccount.com',
  client_id: '1234567890',
});

describe('gcp provider', () => {
  const mocks = new RecordingMocks('us-west1');
  let mod: typeof import('../../../src/components/gcp/provider');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/provider.js');
  });

  describe('credentialsFromSecret', () => {
    for (const key of ['credentials.json', 'key.json', 'GOOGLE_CREDENTIALS']) {
      it(`reads the key file from key ${key} (trimmed)`, () => {
        assert.equal(mod.credentialsFromSecret({ [key]: `${KEY_FILE}\n` }), KEY_FILE);
      });
    }

    const SOURCE = 'Secret production/gcp-credentials';
    const cases: { name: string; data: Record<string, string>; want: string }[] = [
      {
        name: 'names the expected and present keys when none fits',
        data: { password: 'hunter2', token: 'ya29.secret' },
        want: `${SOURCE} has no service account key: expected one of the keys credentials.json, key.json, service-account.json, GOOGLE_CREDENTIALS, google-credentials (keys present: password, token). Add the key file, e.g. kubectl create secret generic <name> --from-file=credentials.json=<key file>`,
      },
      {
        name: 'refuses a value that is not JSON',
        data: { 'credentials.json': 'not-json-hunter2' },
        want: `${SOURCE} key credentials.json is not JSON; it must hold a service account key file as downloaded from Google Cloud (gcloud iam service-accounts keys create).`,
      },
      {
        name: 'refuses JSON that is not a service account key',
        data: {
          'credentials.json': JSON.stringify({ type: 'authorized_user', refresh_token: 'hunter2' }),
        },
        want: `${SOURCE} key credentials.json is not a service account key (its "type" field must be "service_account"); create one with gcloud iam service-accounts keys create.`,
      },
      {
        name: 'names the fields a key file lacks',
        data: { 'key.json': JSON.stringify({ type: 'service_account', project_id: 'p-123456' }) },
        want: `${SOURCE} key key.json lacks the fields private_key, client_email of a service account key file; download the key again.`,
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.throws(
          () => mod.credentialsFromSecret(tc.data, SOURCE),
          (err: Error) => {
            assert.equal(err.message, tc.want);
            for (const v of Object.values(tc.data)) assert.ok(!err.message.includes(v));
            assert.ok(!err.message.includes('hunter2'));
            return true;
          },
        );
      });
    }
  });

  describe('validateGcpProviderArgs', () => {
    it('accepts a project, region, zone and credentials', () => {
      assert.deepEqual(
        mod.validateGcpProviderArgs('p', {
          project: 'vitistack-prod-123456',
          region: 'us-west1',
          zone: 'us-west1-a',
          credentials: KEY_FILE,
          defaultLabels: {},
        }),
        [],
      );
    });

    it('names every bad field with its value, and never the credentials', () => {
      const problems = mod.validateGcpProviderArgs('prod', {
        project: 'My_Project',
        region: 'us-west-2',
        zone: 'europe-north1-a',
        defaultLabels: {},
      });
      assert.deepEqual(problems, [
        'gcp provider "prod": project "My_Project" is not a GCP project ID; use a form like "my-project-123".',
        'gcp provider "prod": region "us-west-2" is not a GCP region; use a form like "europe-north1".',
        'gcp provider "prod": zone "europe-north1-a" is not a zone of region "us-west-2"; use a form like "us-west-2-a".',
        'gcp provider "prod": no credentials given; reference a credentials Secret holding a service account key (key credentials.json), or say that ambient credentials are intended (workload identity via credentials.serviceAccount).',
      ]);
    });

    it('accepts no credentials when ambient ones are intended', () => {
      assert.deepEqual(
        mod.validateGcpProviderArgs('p', {
          project: 'vitistack-prod-123456',
          region: 'us-west1',
          allowAmbientCredentials: true,
          defaultLabels: {},
        }),
        [],
      );
    });
  });

  it('registers a provider with the key file as a secret and the stack labels as default labels', async () => {
    mod.gcpProvider('production-gcp', {
      project: 'vitistack-prod-123456',
      region: 'us-west1',
      zone: 'us-west1-a',
      credentials: KEY_FILE,
      defaultLabels: { 'vitistack-io-stack': 'production-gcp-production' },
    });
    await settle();
    const p = mocks.one('pulumi:providers:gcp', 'production-gcp');
    assert.equal(p.inputs.project, 'vitistack-prod-123456');
    assert.equal(p.inputs.region, 'us-west1');
    assert.equal(p.inputs.zone, 'us-west1-a');
    assert.ok(isSecretInput(p.inputs.credentials), 'credentials are secret');
    assert.equal(secretValue(p.inputs.credentials), KEY_FILE);
    assert.deepEqual(JSON.parse(String(p.inputs.defaultLabels)), {
      'vitistack-io-stack': 'production-gcp-production',
    });
  });
});
