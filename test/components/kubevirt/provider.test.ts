import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import { secretValue, settle } from './helpers';

const KUBECONFIG =
  'apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user: {token: TOKEN-0001}\n';

describe('kubevirt provider', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/kubevirt/provider');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/kubevirt/provider.js');
  });

  describe('kubeconfigFromSecret', () => {
    const cases: { name: string; data: Record<string, string> }[] = [
      { name: 'key kubeconfig', data: { kubeconfig: KUBECONFIG, other: 'x' } },
      { name: 'key value (as Cluster API writes it)', data: { value: KUBECONFIG } },
      { name: 'the one key a reference with a key leaves', data: { admin: KUBECONFIG } },
    ];
    for (const tc of cases) {
      it(`reads ${tc.name}`, () => {
        assert.equal(mod.kubeconfigFromSecret(tc.data), KUBECONFIG);
      });
    }

    it('names the keys present, never a value, when the kubeconfig is missing', () => {
      assert.throws(
        () => mod.kubeconfigFromSecret({ token: 'TOKEN-0001', ca: 'CA-0001' }, 'Secret virt/kv'),
        (e: Error) =>
          e.message.startsWith(
            'Secret virt/kv has no key "kubeconfig" or "value" (keys present: ca, token)',
          ) && !e.message.includes('TOKEN-0001'),
      );
    });

    it('refuses an empty kubeconfig', () => {
      assert.throws(
        () => mod.kubeconfigFromSecret({ kubeconfig: '  \n' }),
        /has an empty "kubeconfig"/,
      );
    });
  });

  it('keeps the kubeconfig secret in the provider', async () => {
    mod.kubevirtProvider('kv', { kubeconfig: KUBECONFIG });
    await settle();
    const p = mocks.one('pulumi:providers:kubernetes', 'kv');
    assert.equal(secretValue(p.inputs.kubeconfig), KUBECONFIG);
  });

  it('refuses a provider without kubeconfig unless the ambient configuration is allowed', () => {
    assert.throws(() => mod.kubevirtProviderArgs('kv', {}), /no kubeconfig given/);
    assert.deepEqual(mod.kubevirtProviderArgs('kv', { allowAmbientConfig: true }), {});
  });
});
