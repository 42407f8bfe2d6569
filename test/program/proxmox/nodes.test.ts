// buildNode and nodeProblems called directly, as the cluster program (Talos) calls them: VMs
// cloned from the distribution's template, sized from the node group, with the planned static
// address in cloud-init and no user data.
import { strict as assert } from 'node:assert';
import type { NetworkConfiguration } from '../../../src/api/v1alpha1';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import type { StackModel } from '../../../src/model';
import type { MachineBackend, NodeSpec, PlannedInterface } from '../../../src/program/backend';
import type { CloudEnv } from '../../../src/program/cloud';
import { clusterNodes } from '../../../src/program/cluster-nodes';
import { credentialsLookup } from '../../../src/program/credentials';
import { planAddresses } from '../../../src/program/ipam';
import type { MachineOutput } from '../../../src/program/outputs';
import { nodeSize } from '../../../src/program/proxmox/nodes';
import { PROXMOX_BACKEND } from '../../../src/program/proxmox/program';
import { VitistackStack } from '../../../src/program/vitistack-stack';
import { modelOf, RULES, VM } from './helpers';

describe('proxmox cluster nodes', () => {
  const mocks = new RecordingMocks();
  const warnings: string[] = [];
  const problems: string[] = [];
  let model: StackModel;
  let backend: MachineBackend;
  let nodes: NodeSpec[];
  let network: NetworkConfiguration;
  let interfacesOf: (n: NodeSpec) => PlannedInterface[];
  const outputs = new Map<string, MachineOutput>();

  before(async () => {
    model = modelOf();
    await mocks.install('vitistack', model.stackName);
    const env: CloudEnv = {
      model,
      root: new VitistackStack('oslo-dc1'),
      mode: 'render',
      credentials: credentialsLookup(
        { model, secrets: {}, mode: 'render' },
        (p) => problems.push(p),
        (w) => warnings.push(w),
      ),
      warn: (w) => warnings.push(w),
      problem: (p) => problems.push(p),
    };
    const built = PROXMOX_BACKEND.backend(env, model.machineProviders);
    assert.ok(built);
    backend = built;
    const c = model.clusters[0];
    assert.ok(c);
    nodes = clusterNodes(c);
    const net = model.networkConfigurations.find((n) => n.metadata.name === 'vlan100-servers');
    assert.ok(net);
    network = net;
    // Cluster nodes need stable addresses: allocated even on the DHCP (kea) network.
    const plan = planAddresses(
      nodes.map((n) => ({ owner: n.name, network, hostname: n.name, stable: true })),
    );
    interfacesOf = (n) => {
      const address = plan.addresses.get(n.name);
      assert.ok(address);
      return [{ name: 'eth0', network, address }];
    };
    for (const n of nodes) {
      outputs.set(n.name, await unwrap(backend.buildNode(n, interfacesOf(n))));
    }
    await waitForRegistrations();
  });

  it('finds nothing to fix in the example', () => {
    for (const n of nodes) assert.deepEqual(backend.nodeProblems(n, interfacesOf(n)), [], n.name);
    assert.deepEqual(problems, []);
  });

  it('clones the talos template (ProxmoxConfig id 9001) for every node', () => {
    const vms = mocks.byType(VM);
    assert.equal(vms.length, 6);
    for (const vm of vms) assert.equal((vm.inputs.clone as { vmId: number }).vmId, 9001, vm.name);
  });

  it('sizes control plane and workers from their node groups (machine classes medium, large)', () => {
    const size = (name: string) => {
      const i = mocks.one(VM, `${name}-vm`).inputs;
      return [i.cpu, i.memory, (i.disks as { size: number }[])[0]?.size];
    };
    assert.deepEqual(size('talos-prod-ctp0'), [
      { cores: 4, sockets: 1, type: 'host' },
      { dedicated: 8192 },
      50,
    ]);
    assert.deepEqual(size('talos-prod-wrk0'), [
      { cores: 8, sockets: 1, type: 'host' },
      { dedicated: 16384 },
      100,
    ]);
  });

  it('writes the planned static address into a nocloud drive, no user and no user data', () => {
    const init = mocks.one(VM, 'talos-prod-ctp0-vm').inputs.initialization as Record<
      string,
      unknown
    >;
    const planned = interfacesOf(nodes[0] as NodeSpec)[0]?.address.address;
    assert.match(planned ?? '', /^10\.10\.100\.\d+$/);
    assert.deepEqual(init.ipConfigs, [
      { ipv4: { address: `${planned}/24`, gateway: '10.10.100.1' } },
    ]);
    assert.equal(init.type, 'nocloud');
    assert.equal(init.userAccount, undefined);
    assert.equal(init.userDataFileId, undefined);
    assert.equal(outputs.get('talos-prod-ctp0')?.privateIP, planned);
  });

  it('reports <node>/<vmid> and the boot disk, with the Proxmox node as zone', () => {
    const out = outputs.get('talos-prod-wrk1');
    assert.ok(out);
    const vm = mocks.one(VM, 'talos-prod-wrk1-vm');
    assert.equal(out.id, `pve1/${String(vm.state.vmId)}`);
    assert.equal(out.state, 'running');
    assert.equal(out.availabilityZone, 'pve1');
    assert.equal(out.rootVolume?.size, '100Gi');
    assert.deepEqual(out.additionalVolumes, []);
  });

  it('tags each VM with the node labels; no firewall, with one warning saying why', () => {
    const tags = mocks.one(VM, 'talos-prod-wrk0-vm').inputs.tags as string[];
    for (const t of [
      'vitistack.io-clusterid_talos-prod',
      'vitistack.io-node-role_worker',
      'vitistack.io-nodepool_workers',
    ]) {
      assert.ok(tags.includes(t), `${t} not in ${tags.join(' ')}`);
    }
    assert.deepEqual(mocks.byType(RULES), []);
    const nics = mocks.one(VM, 'talos-prod-ctp0-vm').inputs.networkDevices as {
      firewall: boolean;
    }[];
    assert.equal(nics[0]?.firewall, false);
    assert.equal(
      warnings.filter((w) =>
        w.startsWith('cluster talos-prod: its node VMs get no Proxmox firewall'),
      ).length,
      1,
    );
  });

  it('a distribution without a template is a problem naming the templates there are', () => {
    const n = { ...(nodes[0] as NodeSpec), distribution: 'k3s' as const };
    assert.deepEqual(backend.nodeProblems(n, interfacesOf(nodes[0] as NodeSpec)), [
      'cluster talos-prod (k3s): MachineProvider platform/proxmox-provider has no k3s template (templates: ubuntu-22.04-cloudinit, talos-v1.7.4-nocloud); add a template whose name contains "k3s" (e.g. "k3s-nocloud") with its VM id to ProxmoxConfig platform/pve-cluster spec.templates',
    ]);
  });

  it('a node group without a size takes the template resources, then the machine class', () => {
    const site = { provider: model.machineProviders[0]! };
    const bare = { ...(nodes[3] as NodeSpec), cpu: 0, memoryBytes: 0 };
    const talos = { name: 'talos', vmId: 9001, cpu: 4, memoryBytes: 8 * 2 ** 30, source: 'x' };
    assert.deepEqual(nodeSize(site, bare, talos), {
      cores: 4,
      sockets: 1,
      cpuField: 'template talos',
      memoryBytes: 8 * 2 ** 30,
      memoryField: 'template talos',
    });
    const unsized = { name: 'talos', vmId: 9001, source: 'x' };
    assert.deepEqual(nodeSize(site, bare, unsized), {
      cores: 8,
      sockets: 1,
      cpuField: 'machineClass large',
      memoryBytes: 16 * 2 ** 30,
      memoryField: 'machineClass large',
    });
  });
});
