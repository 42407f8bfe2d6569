import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import { isSecretInput, plainInput, settle } from './settle';

const USER = 'svc-vitistack@vsphere.local';
const PASSWORD = 'Pa55-w0rd!';

describe('vsphere provider', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/vsphere/provider');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/vsphere/provider.js');
  });

  describe('credentialsFromSecret', () => {
    const cases: { name: string; data: Record<string, string> }[] = [
      { name: 'reads username and password', data: { username: USER, password: PASSWORD } },
      { name: 'reads user and password', data: { user: USER, password: PASSWORD } },
      {
        name: 'reads the VSPHERE_* environment keys and trims a trailing newline',
        data: { VSPHERE_USER: `${USER}\n`, VSPHERE_PASSWORD: ` ${PASSWORD}` },
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.credentialsFromSecret(tc.data), { user: USER, password: PASSWORD });
      });
    }

    it('names the expected and present keys and the Secret, never a value', () => {
      assert.throws(
        () => mod.credentialsFromSecret({ 'tls.crt': PASSWORD }, 'Secret dc/vcenter-login'),
        (err: Error) => {
          assert.equal(
            err.message,
            'Secret dc/vcenter-login has no user name: expected one of the keys username, user, VSPHERE_USER, vsphere-user, vsphere_user; Secret dc/vcenter-login has no password: expected one of the keys password, VSPHERE_PASSWORD, vsphere-password, vsphere_password (keys present: tls.crt)',
          );
          assert.ok(!err.message.includes(PASSWORD));
          return true;
        },
      );
    });

    it('refuses an empty password without showing the user name', () => {
      assert.throws(
        () => mod.credentialsFromSecret({ username: USER, password: '\n' }),
        (err: Error) => {
          assert.match(err.message, /has an empty password/);
          assert.ok(!err.message.includes(USER));
          return true;
        },
      );
    });
  });

  describe('vsphereServer', () => {
    const cases: [string, string][] = [
      ['vcenter.example.com', 'vcenter.example.com'],
      ['https://vcenter.example.com/sdk', 'vcenter.example.com'],
      ['https://vcenter.example.com:8443/sdk', 'vcenter.example.com:8443'],
      ['10.0.0.5', '10.0.0.5'],
      ['vcenter.example.com/sdk', 'vcenter.example.com'],
    ];
    for (const [endpoint, server] of cases) {
      it(`${endpoint} -> ${server}`, () => {
        assert.equal(mod.vsphereServer(endpoint), server);
      });
    }

    it('refuses a URL of another scheme and a value without a host, saying the form to use', () => {
      assert.throws(() => mod.vsphereServer('ftp://vcenter.example.com'), /reached over https/);
      assert.throws(
        () => mod.vsphereServer('not a host'),
        /"not a host" has no valid vCenter host name; use a form like "vcenter.example.com"/,
      );
    });
  });

  describe('vsphereProvider', () => {
    it('sends the server, TLS setting and login, the password as a secret', async () => {
      mod.vsphereProvider('dc-vcenter', {
        server: 'vcenter.example.com',
        allowUnverifiedSsl: true,
        credentials: { user: USER, password: PASSWORD },
      });
      await settle();
      const p = mocks.one('pulumi:providers:vsphere', 'dc-vcenter');
      assert.equal(p.inputs.vsphereServer, 'vcenter.example.com');
      assert.equal(p.inputs.allowUnverifiedSsl, 'true');
      assert.equal(p.inputs.user, USER);
      assert.ok(isSecretInput(p.inputs.password), 'the password is not secret');
      assert.equal(plainInput(p.inputs.password), PASSWORD);
    });

    it('refuses to run without a login unless told to (the offline render)', async () => {
      assert.throws(
        () => mod.vsphereProvider('no-login', { server: 'vcenter.example.com' }),
        /no vCenter login: give credentials/,
      );
      mod.vsphereProvider('render', {
        server: 'vcenter.example.com',
        allowMissingCredentials: true,
      });
      await settle();
      const p = mocks.one('pulumi:providers:vsphere', 'render');
      assert.equal(p.inputs.user, undefined);
      assert.equal(p.inputs.password, undefined);
      assert.equal(p.inputs.allowUnverifiedSsl, 'false');
    });
  });
});
