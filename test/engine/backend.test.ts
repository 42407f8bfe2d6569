import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  engineEnv,
  parseBackend,
  parseSecretsProvider,
  passphraseFromEnv,
} from '../../src/engine/backend';

describe('backend and secrets provider', () => {
  it('defaults to the local file backend under ./.vitistack/state, as an absolute URL', () => {
    assert.deepEqual(parseBackend(undefined), {
      kind: 'file',
      url: pathToFileURL(resolve('.vitistack/state')).href,
    });
    assert.deepEqual(parseBackend('', '/var/lib/vitistack'), {
      kind: 'file',
      url: 'file:///var/lib/vitistack',
    });
  });

  const good: { value: string; kind: string }[] = [
    { value: 'file:///var/lib/vitistack/state', kind: 'file' },
    { value: 's3://vitistack-state?region=eu-north-1', kind: 's3' },
    { value: 'azblob://vitistack-state', kind: 'azblob' },
    { value: 'gs://vitistack-state/prod', kind: 'gs' },
    { value: 'https://api.pulumi.com', kind: 'cloud' },
  ];
  for (const tc of good) {
    it(`accepts ${tc.value}`, () => {
      assert.deepEqual(parseBackend(tc.value), { kind: tc.kind, url: tc.value });
    });
  }

  const bad: { value: string; message: string }[] = [
    {
      value: 'ftp://state',
      message:
        '--backend "ftp://state" is not a supported backend; use file://<absolute dir>, s3://<bucket>, azblob://<container>, gs://<bucket> or https://api.pulumi.com',
    },
    {
      value: 's3://A',
      message:
        '--backend "s3://A" has no valid bucket name (3-63 lowercase letters, digits, "." and "-"); use file://<absolute dir>, s3://<bucket>, azblob://<container>, gs://<bucket> or https://api.pulumi.com',
    },
    {
      value: 'file://state',
      message: `--backend "file://state" is not an absolute file backend; use file:///absolute/dir (for a directory relative to here: file://${resolve('state')})`,
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.value}`, () => {
      assert.throws(() => parseBackend(tc.value), { message: tc.message });
    });
  }

  it('secrets providers: passphrase by default, KMS-style URLs by scheme, others refused', () => {
    assert.deepEqual(parseSecretsProvider(undefined), { kind: 'passphrase', url: 'passphrase' });
    assert.deepEqual(parseSecretsProvider('awskms://alias/vitistack'), {
      kind: 'awskms',
      url: 'awskms://alias/vitistack',
    });
    assert.equal(
      parseSecretsProvider('gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k').kind,
      'gcpkms',
    );
    assert.throws(
      () => parseSecretsProvider('vault://x'),
      /^Error: --secrets-provider "vault:\/\/x" is not supported; use passphrase/,
    );
  });

  it('puts the backend and the passphrase source into the engine environment', () => {
    const backend = parseBackend('s3://vitistack-state');
    assert.deepEqual(
      engineEnv(backend, parseSecretsProvider(undefined), { kind: 'file', path: '/run/pass' }),
      {
        PULUMI_BACKEND_URL: 's3://vitistack-state',
        PULUMI_CONFIG_PASSPHRASE_FILE: '/run/pass',
      },
    );
    assert.deepEqual(engineEnv(backend, parseSecretsProvider('awskms://alias/x'), undefined), {
      PULUMI_BACKEND_URL: 's3://vitistack-state',
    });
  });

  it('refuses the passphrase provider without a passphrase, and never echoes one', () => {
    assert.throws(
      () => engineEnv(parseBackend(undefined), parseSecretsProvider(undefined), undefined),
      /needs a passphrase: set PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE/,
    );
    assert.deepEqual(passphraseFromEnv({ PULUMI_CONFIG_PASSPHRASE: 's3cret' }), {
      kind: 'value',
      value: 's3cret',
    });
    assert.deepEqual(
      passphraseFromEnv({ PULUMI_CONFIG_PASSPHRASE: 'x', PULUMI_CONFIG_PASSPHRASE_FILE: '/f' }),
      {
        kind: 'file',
        path: '/f',
      },
    );
    assert.equal(passphraseFromEnv({}), undefined);
  });
});
