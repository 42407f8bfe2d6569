import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** A mock input that the engine would store encrypted. */
function isSecretInput(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

const ACCESS = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';

describe('aws provider', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/provider');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/provider.js');
  });

  describe('credentialsFromSecret', () => {
    const cases: { name: string; data: Record<string, string>; want: object }[] = [
      {
        name: 'reads the keys of spec 003 (access-key-id / secret-access-key)',
        data: { 'access-key-id': ACCESS, 'secret-access-key': SECRET },
        want: { accessKeyId: ACCESS, secretAccessKey: SECRET },
      },
      {
        name: 'reads the aws CLI file keys with a session token',
        data: {
          aws_access_key_id: ACCESS,
          aws_secret_access_key: SECRET,
          aws_session_token: TOKEN,
        },
        want: { accessKeyId: ACCESS, secretAccessKey: SECRET, sessionToken: TOKEN },
      },
      {
        name: 'reads environment-variable keys and trims a trailing newline',
        data: { AWS_ACCESS_KEY_ID: `${ACCESS}\n`, AWS_SECRET_ACCESS_KEY: ` ${SECRET}` },
        want: { accessKeyId: ACCESS, secretAccessKey: SECRET },
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.credentialsFromSecret(tc.data), tc.want);
      });
    }

    it('lists the expected and present key names, never a value', () => {
      const data = { 'access-key-id': ACCESS, password: SECRET };
      assert.throws(
        () => mod.credentialsFromSecret(data, 'Secret production/aws-credentials'),
        (err: Error) => {
          assert.equal(
            err.message,
            'Secret production/aws-credentials has no secretAccessKey: expected one of the keys ' +
              'secret-access-key, aws_secret_access_key, AWS_SECRET_ACCESS_KEY (keys present: ' +
              'access-key-id, password). Add the missing keys to the Secret, e.g. kubectl create ' +
              'secret generic <name> --from-literal=access-key-id=... --from-literal=secret-access-key=...',
          );
          assert.ok(!err.message.includes(ACCESS) && !err.message.includes(SECRET));
          return true;
        },
      );
    });

    it('refuses an empty value without showing the other one', () => {
      assert.throws(
        () => mod.credentialsFromSecret({ 'access-key-id': ACCESS, 'secret-access-key': '  ' }),
        (err: Error) =>
          err.message.startsWith(
            'the credentials Secret has an empty secretAccessKey (keys secret-access-key, aws_secret_access_key, AWS_SECRET_ACCESS_KEY)',
          ) && !err.message.includes(ACCESS),
      );
    });
  });

  describe('validateAwsProviderArgs', () => {
    const creds = { accessKeyId: ACCESS, secretAccessKey: SECRET };
    const cases: {
      name: string;
      args: Parameters<typeof mod.validateAwsProviderArgs>[1];
      want: string[];
    }[] = [
      {
        name: 'static credentials are fine',
        args: { region: 'us-west-2', credentials: creds, defaultTags: {} },
        want: [],
      },
      {
        name: 'ambient credentials when the provider says so',
        args: { region: 'eu-north-1', allowAmbientCredentials: true, defaultTags: {} },
        want: [],
      },
      {
        name: 'no credentials is refused',
        args: { region: 'us-west-2', defaultTags: {} },
        want: [
          'aws provider "p": no credentials given; reference a credentials Secret (credentials.secretRef with keys access-key-id and secret-access-key), or say that ambient credentials are intended (e.g. IRSA via credentials.serviceAccount).',
        ],
      },
      {
        name: 'a role alone is refused: it would start from ambient credentials',
        args: {
          region: 'us-west-2',
          assumeRoleArn: 'arn:aws:iam::123456789012:role/deployer',
          defaultTags: {},
        },
        want: [
          'aws provider "p": no credentials given (assumeRoleArn needs base credentials too); reference a credentials Secret (credentials.secretRef with keys access-key-id and secret-access-key), or say that ambient credentials are intended (e.g. IRSA via credentials.serviceAccount).',
        ],
      },
      {
        name: 'bad region and role ARN, credentials never echoed',
        args: { region: 'mars', credentials: creds, assumeRoleArn: 'deployer', defaultTags: {} },
        want: [
          'aws provider "p": region "mars" is not an AWS region; use a form like "us-west-2".',
          'aws provider "p": assumeRoleArn "deployer" is not an IAM role ARN; use a form like "arn:aws:iam::123456789012:role/vitistack".',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const got = mod.validateAwsProviderArgs('p', tc.args);
        assert.deepEqual(got, tc.want);
        for (const m of got) assert.ok(!m.includes(ACCESS) && !m.includes(SECRET));
      });
    }
  });

  it('marks every credential input secret and sets default tags, role and no skip flags', async () => {
    const args = mod.awsProviderArgs('p', {
      region: 'us-west-2',
      credentials: { accessKeyId: ACCESS, secretAccessKey: SECRET, sessionToken: TOKEN },
      assumeRoleArn: 'arn:aws:iam::123456789012:role/deployer',
      defaultTags: { 'vitistack.io/vitistack': 'aws-production' },
    });
    for (const v of [args.accessKey, args.secretKey, args.token]) {
      assert.ok(pulumi.Output.isInstance(v));
      assert.equal(await pulumi.isSecret(v as pulumi.Output<string>), true);
    }
    assert.equal(await unwrap(args.secretKey as pulumi.Output<string>), SECRET);
    assert.deepEqual(args.assumeRoles, [
      { roleArn: 'arn:aws:iam::123456789012:role/deployer', sessionName: 'vitistack' },
    ]);
    assert.deepEqual(args.defaultTags, { tags: { 'vitistack.io/vitistack': 'aws-production' } });
    assert.equal(args.skipCredentialsValidation, undefined);
    assert.equal(args.skipRequestingAccountId, undefined);
  });

  it('creates a real provider whose credentials reach the engine as secrets', async () => {
    const p = mod.awsProvider('aws-ec2-provider', {
      region: 'us-west-2',
      credentials: mod.credentialsFromSecret({
        'access-key-id': ACCESS,
        'secret-access-key': SECRET,
        'session-token': TOKEN,
      }),
      defaultTags: { team: 'platform' },
    });
    await unwrap(p.urn);
    const rec = mocks.one('pulumi:providers:aws', 'aws-ec2-provider');
    assert.ok(isSecretInput(rec.inputs.accessKey));
    assert.ok(isSecretInput(rec.inputs.secretKey));
    // The SDK does not wrap the session token itself: this is our pulumi.secret.
    assert.ok(isSecretInput(rec.inputs.token));
    assert.equal(rec.inputs.region, 'us-west-2');
    // Provider inputs travel JSON-encoded: 'false' is the SDK's default, i.e. validation runs.
    assert.equal(rec.inputs.skipCredentialsValidation, 'false');
    assert.equal(rec.inputs.skipRequestingAccountId, undefined);
    // Plain provider inputs hold no credential.
    const plain = JSON.stringify({ ...rec.inputs, accessKey: null, secretKey: null, token: null });
    assert.ok(![ACCESS, SECRET, TOKEN].some((v) => plain.includes(v)));
  });

  it('throws before creating anything when no credentials are given', () => {
    const before = mocks.byType('pulumi:providers:aws').length;
    assert.throws(
      () => mod.awsProvider('aws-eks-provider', { region: 'us-west-2', defaultTags: {} }),
      /aws provider "aws-eks-provider": no credentials given; reference a credentials Secret/,
    );
    assert.equal(mocks.byType('pulumi:providers:aws').length, before);
  });

  it('maps regions to partitions', () => {
    assert.deepEqual(
      ['us-west-2', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1'].map(
        mod.awsPartition,
      ),
      ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'],
    );
  });
});
