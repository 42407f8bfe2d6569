import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import {
  credentialsFromSecret,
  proxmoxEndpoint,
  proxmoxProviderArgs,
} from '../../../src/components/proxmox/provider';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { isSecretInput, plain, settle } from './settle';

const TOKEN = 'terraform@pve!vitistack=0c4f6a2e-1111-2222-3333-444455556666';
const SECRET = '0c4f6a2e-1111-2222-3333-444455556666';
const SOURCE = 'Secret platform/proxmox-api-token';

describe('proxmox credentialsFromSecret', () => {
  const good: { name: string; values: Record<string, string>; realm?: string; want: object }[] = [
    {
      name: 'a full token under "token"',
      values: { token: ` ${TOKEN}\n` },
      want: { auth: { apiToken: TOKEN } },
    },
    {
      name: 'the provider environment variable name',
      values: { PROXMOX_VE_API_TOKEN: TOKEN },
      want: { auth: { apiToken: TOKEN } },
    },
    {
      name: 'token id and secret',
      values: { 'token-id': 'terraform@pve!vitistack', 'token-secret': SECRET },
      want: { auth: { apiToken: TOKEN } },
    },
    {
      name: 'token id and a bare secret under "token", realm from the ProxmoxConfig',
      values: { 'token-id': 'terraform!vitistack', token: SECRET },
      realm: 'pve',
      want: { auth: { apiToken: TOKEN } },
    },
    {
      name: 'user and password, realm added',
      values: { username: 'ops', password: 'pw' },
      realm: 'pam',
      want: { auth: { username: 'ops@pam', password: 'pw' } },
    },
    {
      name: 'SSH access for snippets, user defaults to root',
      values: { token: TOKEN, 'ssh-private-key': 'PEM' },
      want: { auth: { apiToken: TOKEN }, ssh: { username: 'root', privateKey: 'PEM' } },
    },
  ];
  for (const tc of good) {
    it(`reads ${tc.name}`, () => {
      assert.deepEqual(credentialsFromSecret(tc.values, SOURCE, tc.realm), tc.want);
    });
  }

  const bad: { name: string; values: Record<string, string>; message: RegExp }[] = [
    {
      name: 'no known keys',
      values: { 'aws-key': SECRET },
      message:
        /^Secret platform\/proxmox-api-token has no API credentials: expected token \(USER@REALM!TOKENID=SECRET\), or token-id and token-secret, or username and password\. .*\(keys present: aws-key\)$/,
    },
    {
      name: 'a token without realm and no realm known',
      values: { token: `terraform!vitistack=${SECRET}` },
      message:
        /key "token" does not form an API token USER@REALM!TOKENID=SECRET \(a user without @REALM needs the realm: set the ProxmoxConfig spec\.authentication\.realm\)/,
    },
    {
      name: 'a bare secret without token id',
      values: { token: SECRET },
      message:
        /key "token" holds no token id: give the full token USER@REALM!TOKENID=SECRET, or add the key token-id/,
    },
    {
      name: 'a token id without secret',
      values: { 'token-id': 'terraform@pve!vitistack' },
      message: /has the token id "token-id" but no token secret/,
    },
    { name: 'an empty token', values: { token: '  ' }, message: /has an empty key "token"/ },
    {
      name: 'an SSH user without key or password',
      values: { token: TOKEN, 'ssh-username': 'deploy' },
      message: /has "ssh-username" but neither ssh-private-key nor ssh-password/,
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.name}, naming keys but never values`, () => {
      assert.throws(
        () => credentialsFromSecret(tc.values, SOURCE),
        (err: Error) => {
          assert.match(err.message, tc.message);
          assert.ok(err.message.startsWith(SOURCE), err.message);
          assert.ok(!err.message.includes(SECRET), 'the token secret leaked into the message');
          return true;
        },
      );
    });
  }
});

describe('proxmoxEndpoint', () => {
  const cases: [string, string | undefined][] = [
    ['https://pve.example.internal:8006/api2/json', 'https://pve.example.internal:8006/'],
    ['https://pve.example.internal:8006/api2/json/', 'https://pve.example.internal:8006/'],
    ['https://10.0.0.2:8006', 'https://10.0.0.2:8006/'],
    ['pve.example.internal', 'https://pve.example.internal:8006/'],
    ['pve.example.internal:443', 'https://pve.example.internal/'],
    ['pve.example.internal:8443', 'https://pve.example.internal:8443/'],
    ['https://pve.example.internal/api2/json', 'https://pve.example.internal/'],
    ['ftp://pve.example.internal', undefined],
    ['https://pve.example.internal/other/path', undefined],
    ['https://user:pw@pve.example.internal:8006', undefined],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want ?? 'refused'}`, () => {
      assert.equal(proxmoxEndpoint(input), want);
    });
  }
});

describe('proxmox provider', () => {
  const mocks = new RecordingMocks();
  before(async () => {
    await mocks.install('vitistack', 'test');
  });

  it('keeps the token and the SSH key secret and picks random VM ids', async () => {
    const args = proxmoxProviderArgs('p', {
      endpoint: 'https://pve.example.internal:8006/api2/json',
      credentials: { auth: { apiToken: TOKEN }, ssh: { username: 'root', privateKey: 'PEM' } },
    });
    assert.equal(args.endpoint, 'https://pve.example.internal:8006/');
    assert.equal(args.insecure, false);
    assert.equal(args.randomVmIds, true);
    assert.ok(await pulumi.isSecret(pulumi.output(args.apiToken)));
    assert.equal(await unwrap(args.apiToken as pulumi.Input<string>), TOKEN);
    const ssh = await unwrap(args.ssh as pulumi.Input<{ username: string; privateKey: string }>);
    assert.equal(ssh.username, 'root');
    assert.ok(await pulumi.isSecret(pulumi.output(args.ssh)));
  });

  it('registers the provider with a secret password for user/password logins', async () => {
    const { proxmoxProvider } = await import('../../../src/components/proxmox/provider.js');
    proxmoxProvider('pw-login', {
      endpoint: 'pve.example.internal',
      insecure: true,
      credentials: { auth: { username: 'ops@pam', password: 'hunter2' } },
    });
    await settle();
    const p = mocks.one('pulumi:providers:proxmoxve', 'pw-login');
    assert.equal(p.inputs.endpoint, 'https://pve.example.internal:8006/');
    assert.equal(p.inputs.username, 'ops@pam');
    assert.ok(isSecretInput(p.inputs.password));
    assert.equal(plain(p.inputs.password), 'hunter2');
  });

  it('refuses a provider without credentials unless the render allows it', () => {
    assert.throws(
      () => proxmoxProviderArgs('p', { endpoint: 'https://pve:8006' }),
      /proxmox provider "p": no credentials given; reference a credentials Secret \(spec\.credentials\.secretRef with key token = USER@REALM!TOKENID=SECRET\)\./,
    );
    const args = proxmoxProviderArgs('p', {
      endpoint: 'https://pve:8006',
      allowMissingCredentials: true,
    });
    assert.equal(args.apiToken, undefined);
  });

  it('refuses an endpoint that is not an API URL', () => {
    assert.throws(
      () => proxmoxProviderArgs('p', { endpoint: 'https://pve/ui', allowMissingCredentials: true }),
      /endpoint "https:\/\/pve\/ui" is not a Proxmox VE API URL; use a form like "https:\/\/pve\.example\.com:8006\/api2\/json"\./,
    );
  });
});
