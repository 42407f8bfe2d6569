// The Kubernetes provider of a kubevirt MachineProvider: its kubeconfig from the KubevirtConfig's
// Secret, and what the render (warning) and a deployment (problem) say when something is missing.
import { strict as assert } from 'node:assert';
import {
  KUBECONFIG,
  kubevirtConfig,
  modelOf,
  one,
  problemsOf,
  PROVIDER,
  provider,
  render,
  secretValue,
  vitistack,
  vlanMachine,
  network,
} from './helpers';

const machines = [vlanMachine('web'), network()];

describe('KubeVirt cluster providers', () => {
  it('builds one provider for the KubevirtConfig, its kubeconfig secret, and the VMs on it', async () => {
    const r = await render(modelOf(vitistack(), provider(), kubevirtConfig(), ...machines));
    const p = one(r, PROVIDER, 'kubevirt-virt-kv-config');
    assert.equal(secretValue(p.inputs.kubeconfig), KUBECONFIG);
    const vm = one(r, 'kubernetes:kubevirt.io/v1:VirtualMachine', 'virt-web-vm');
    // The VM's provider reference is `<urn>::<id>` of the cluster's provider.
    assert.ok(vm.provider?.startsWith(`${p.urn}::`), vm.provider);
    assert.ok(!JSON.stringify([r.outputs, r.warnings]).includes('KV-TOKEN-0001'));
  });

  it('reads the kubeconfig under key "value" too', async () => {
    const r = await render(modelOf(vitistack(), provider(), kubevirtConfig(), ...machines), {
      secrets: { 'virt/kv-kubeconfig': { value: KUBECONFIG } },
    });
    assert.equal(
      secretValue(one(r, PROVIDER, 'kubevirt-virt-kv-config').inputs.kubeconfig),
      KUBECONFIG,
    );
  });

  describe('without a KubevirtConfig', () => {
    const model = modelOf(vitistack(), provider(), ...machines);
    const what =
      'MachineProvider virt/kv (type kubevirt): no KubevirtConfig in namespace virt says which cluster runs its VMs';
    const fix =
      'add one KubevirtConfig to namespace virt with spec.kubeconfigSecretRef naming the Secret that holds the kubeconfig of that cluster (key "kubeconfig")';

    it('the render warns and builds against a provider without kubeconfig', async () => {
      const r = await render(model);
      assert.ok(
        r.warnings.includes(
          `${what}; the offline render builds its VirtualMachines against a Kubernetes provider without kubeconfig (${fix} before deploying)`,
        ),
        r.warnings.join('\n'),
      );
      assert.equal(one(r, PROVIDER, 'kubevirt-virt-kv').inputs.kubeconfig, undefined);
      assert.equal(r.counts['kubernetes:kubevirt.io/v1:VirtualMachine'], 1);
    });

    it('a deployment stops and says what to add', async () => {
      assert.deepEqual(await problemsOf(model, { mode: 'deploy' }), [`${what}; ${fix}`]);
    });
  });

  it('a deployment stops when the KubevirtConfig names no kubeconfig Secret', async () => {
    const problems = await problemsOf(
      modelOf(vitistack(), provider(), kubevirtConfig(false), ...machines),
      { mode: 'deploy' },
    );
    assert.deepEqual(problems, [
      'KubevirtConfig virt/kv-config: spec.kubeconfigSecretRef is not set, so the cluster that runs the VMs of MachineProvider virt/kv is unknown; set spec.kubeconfigSecretRef to the Secret that holds its kubeconfig (key "kubeconfig")',
    ]);
  });

  it('a deployment stops when the kubeconfig Secret was not supplied', async () => {
    const problems = await problemsOf(
      modelOf(vitistack(), provider(), kubevirtConfig(), ...machines),
      {
        mode: 'deploy',
        secrets: {},
      },
    );
    assert.deepEqual(problems, [
      'MachineProvider virt/kv (kubeconfig of KubevirtConfig virt/kv-config): credentials Secret virt/kv-kubeconfig was not supplied',
    ]);
  });

  it('a Secret without the kubeconfig key: the problem names its keys, never a value', async () => {
    const problems = await problemsOf(
      modelOf(vitistack(), provider(), kubevirtConfig(), ...machines),
      {
        mode: 'deploy',
        secrets: {
          'virt/kv-kubeconfig': { token: 'KV-TOKEN-0001', server: 'https://kv.example:6443' },
        },
      },
    );
    assert.equal(problems.length, 1);
    assert.ok(
      problems[0]?.startsWith(
        'Secret virt/kv-kubeconfig (spec.kubeconfigSecretRef of KubevirtConfig virt/kv-config) has no key "kubeconfig" or "value" (keys present: server, token)',
      ),
      problems[0],
    );
    assert.ok(!problems[0]?.includes('KV-TOKEN-0001'));
  });

  it('refuses a default pod network binding that is no binding name', async () => {
    const problems = await problemsOf(
      modelOf(
        vitistack(),
        provider(),
        kubevirtConfig(true, '  network: {defaultNetworkInterface: Masquerade}'),
        ...machines,
      ),
    );
    assert.deepEqual(problems, [
      'KubevirtConfig virt/kv-config spec.network.defaultNetworkInterface: "Masquerade" is not a binding name; use masquerade, bridge or the name of a network binding plugin (e.g. passt)',
    ]);
  });
});
