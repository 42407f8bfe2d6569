// What stops a Talos cluster before anything is built: each message names the field, the value
// and the fix. Through the whole program where the manifests can express it, else on the model.
import { strict as assert } from 'node:assert';
import type { ResolvedCluster, StackModel } from '../../../src/model';
import { clusterNodes } from '../../../src/program/cluster-nodes';
import { talosClusterProblems } from '../../../src/program/talos/problems';
import { clusterOf, edit, exampleYaml, modelOf, problemsOf } from './helpers';

/** The model with its Talos cluster changed. */
function withCluster(
  model: StackModel,
  change: (c: ResolvedCluster) => ResolvedCluster,
): StackModel {
  return {
    ...model,
    clusters: model.clusters.map((c) => (c.distribution === 'talos' ? change(c) : c)),
  };
}

function problems(model: StackModel): string[] {
  const c = clusterOf(model);
  return talosClusterProblems(model, c, clusterNodes(c));
}

describe('Talos cluster problems', () => {
  it('finds none in the example', () => {
    assert.deepEqual(problems(modelOf()), []);
  });

  it('refuses a control plane without a MachineProvider', async () => {
    const yaml = edit(exampleYaml(), '  machineProviderRef:\n    name: proxmox-provider\n', '');
    const found = await problemsOf(modelOf(yaml));
    assert.ok(
      found.includes(
        'KubernetesCluster platform/talos-prod spec.topology.controlplane: cluster talos-prod (talos) has no control-plane node to build: neither its provider field nor KubernetesProvider platform/talos-provider spec.machineProviderRef names a MachineProvider; name one of type proxmox, vsphere or kubevirt',
      ),
      found.join('\n'),
    );
  });

  it('refuses a worker pool without a MachineProvider, which would otherwise go missing', async () => {
    let yaml = edit(exampleYaml(), '  machineProviderRef:\n    name: proxmox-provider\n', '');
    yaml = edit(yaml, '      provider: talos\n', '      provider: proxmox-provider\n');
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'KubernetesCluster platform/talos-prod spec.topology.workers.nodePools[0] (workers): cluster talos-prod (talos) has nodes no MachineProvider builds: neither its provider field nor KubernetesProvider platform/talos-provider spec.machineProviderRef names a MachineProvider; name one of type proxmox, vsphere or kubevirt',
    ]);
  });

  it('refuses an even number of control-plane nodes (etcd quorum)', () => {
    const model = withCluster(modelOf(), (c) => ({
      ...c,
      nodeGroups: c.nodeGroups.map((g) =>
        g.role === 'control-plane'
          ? { ...g, replicas: 2, scaling: { min: 2, max: 2, desired: 2 } }
          : g,
      ),
    }));
    assert.deepEqual(problems(model), [
      'KubernetesCluster platform/talos-prod spec.topology.controlplane.replicas: 2 is even, and etcd keeps quorum only with a majority (an even count tolerates no more failures than one node fewer); use 1 or 3',
    ]);
  });

  it('refuses a CNI that nothing would install', async () => {
    const yaml = edit(
      exampleYaml(),
      '      type: cilium\n      config:\n        kubeProxyReplacement: true\n',
      '      type: calico\n',
    );
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'cluster talos-prod (talos): KubernetesProvider platform/talos-provider spec.clusterTemplate.cni.type "calico" is not built for Talos clusters; use flannel (deployed by Talos) or cilium (installed with Helm)',
    ]);
  });

  it('refuses a cluster id whose node names cannot be hostnames', () => {
    const model = withCluster(modelOf(), (c) => ({ ...c, name: 'talos.prod' }));
    assert.ok(
      problems(model).includes(
        'KubernetesCluster platform/talos-prod spec.data.clusterId: "talos.prod" makes node names like "talos.prod-ctp0", which are not DNS labels (a Talos hostname is one: lower-case letters, digits and "-", at most 63 characters); shorten it or drop the dots',
      ),
    );
  });

  it('refuses two taints with one key in a node group', () => {
    const model = withCluster(modelOf(), (c) => ({
      ...c,
      nodeGroups: c.nodeGroups.map((g) =>
        g.role === 'worker'
          ? {
              ...g,
              taints: [
                { key: 'gpu', value: 'a', effect: 'NoSchedule' as const },
                { key: 'gpu', value: 'b', effect: 'NoExecute' as const },
              ],
            }
          : g,
      ),
    }));
    assert.deepEqual(problems(model), [
      'KubernetesCluster platform/talos-prod spec.topology.workers.nodePools[0] (workers).taints: key "gpu" appears twice, but Talos keeps one taint per key (machine.nodeTaints); merge them',
    ]);
  });

  it('refuses a cluster whose endpoint nobody can know', () => {
    // No written endpoint, no node network, and control-plane machines that report no address.
    const base = modelOf(edit(exampleYaml(), '        endpoint: https://10.10.100.10:6443\n', ''));
    const model: StackModel = {
      ...base,
      networkConfigurations: [],
      machineProviders: base.machineProviders.map((p) => ({ ...p, type: 'kubevirt' as const })),
    };
    assert.deepEqual(problems(model), [
      'cluster talos-prod (talos): no API endpoint can be known: none is written, the nodes have no NetworkConfiguration with spec.ipam.subnet to plan a VIP and addresses on, and node talos-prod-ctp0 on MachineProvider platform/proxmox-provider (kubevirt) reports no address of its own; write the endpoint of the Vitistack spec.infrastructure.providers entry of type talos named after KubernetesProvider platform/talos-provider, or give the nodes a NetworkConfiguration with a subnet in namespace platform',
    ]);
    // Proxmox VMs report their DHCP address through the guest agent: a warning, not a problem.
    assert.deepEqual(problems({ ...base, networkConfigurations: [] }), []);
  });
});
