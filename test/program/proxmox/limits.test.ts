// Capacity and limits of Proxmox MachineProviders: each exceeded limit stops the program with one
// message that names the field, the value, the limit and the fix. The example's Talos cluster puts
// six nodes on the provider next to its two Machines.
import { strict as assert } from 'node:assert';
import { renderStack } from '../../../src/engine/render-stack';
import { edit, exampleYaml, modelOf, one, problemsOf, VM, withProvider } from './helpers';

describe('proxmox capacity and limits', () => {
  it('spec.capacity.maxMachines: Machines and cluster nodes, reported once, on the first VM over it', async () => {
    const model = withProvider(modelOf(), () => ({ capacity: { maxMachines: 1 } }));
    assert.deepEqual(await problemsOf(model), [
      'MachineProvider platform/proxmox-provider spec.capacity.maxMachines is 1, but this stack puts 8 VMs on it (2 Machines, 6 cluster nodes); Machine platform/ops-jumphost is the 2nd. Remove Machines or cluster nodes, or raise spec.capacity.maxMachines to at least 8',
    ]);
    // Over only by cluster nodes: the node over it reports it (through the cluster).
    const nodes = withProvider(modelOf(), () => ({ capacity: { maxMachines: 7 } }));
    assert.deepEqual(await problemsOf(nodes), [
      'MachineProvider platform/proxmox-provider spec.capacity.maxMachines is 7, but this stack puts 8 VMs on it (2 Machines, 6 cluster nodes); cluster talos-prod node talos-prod-wrk2 is the 8th. Remove Machines or cluster nodes, or raise spec.capacity.maxMachines to at least 8',
    ]);
  });

  it('ProxmoxConfig spec.limits.maxVMsPerNode: counts the VMs per Proxmox node', async () => {
    const yaml = edit(exampleYaml(), 'maxVMsPerNode: 50', 'maxVMsPerNode: 7');
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'ProxmoxConfig platform/pve-cluster spec.limits.maxVMsPerNode is 7, but this stack places 8 VMs on node pve1; cluster talos-prod node talos-prod-wrk2 is the 8th. Place Machines on other nodes with spec.placement.availabilityZone (pve2, pve3), or raise spec.limits.maxVMsPerNode to at least 8',
    ]);
    // The fix the message gives: place a Machine elsewhere.
    const placed = edit(
      yaml,
      `    vitistack.io/component: ops
spec:
`,
      `    vitistack.io/component: ops
spec:
  placement:
    availabilityZone: pve2
`,
    );
    const r = await renderStack(modelOf(placed));
    assert.equal(one(r, VM, 'ops-jumphost-vm').inputs.nodeName, 'pve2');
  });

  it('ProxmoxConfig spec.limits.maxCPUCores: cores x sockets of one VM', async () => {
    let yaml = edit(exampleYaml(), 'maxCPUCores: 32', 'maxCPUCores: 3');
    yaml = edit(
      yaml,
      '      cores: 2\n      threads: 1\n      sockets: 1',
      '      cores: 2\n      threads: 1\n      sockets: 2',
    );
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/monitoring-1: spec.resources.cpu gives the VM 4 CPU cores, above ProxmoxConfig platform/pve-cluster spec.limits.maxCPUCores 3; use at most 3 cores, or raise spec.limits.maxCPUCores',
      'Machine platform/ops-jumphost: spec.resources.cpu gives the VM 4 CPU cores (2 cores x 2 sockets), above ProxmoxConfig platform/pve-cluster spec.limits.maxCPUCores 3; use at most 3 cores, or raise spec.limits.maxCPUCores',
      // One message per node group, not per node.
      'cluster talos-prod: node group control-plane (machineClass medium) gives each node 4 CPU cores, above ProxmoxConfig platform/pve-cluster spec.limits.maxCPUCores 3; use at most 3 cores, or raise spec.limits.maxCPUCores',
      'cluster talos-prod: node group workers (machineClass large) gives each node 8 CPU cores, above ProxmoxConfig platform/pve-cluster spec.limits.maxCPUCores 3; use at most 3 cores, or raise spec.limits.maxCPUCores',
    ]);
  });

  it('ProxmoxConfig spec.limits.maxMemory: memory of one VM', async () => {
    const yaml = edit(exampleYaml(), 'maxMemory: 128Gi', 'maxMemory: 6Gi');
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/monitoring-1: spec.resources.memory.size gives the VM 8Gi of memory, above ProxmoxConfig platform/pve-cluster spec.limits.maxMemory 6Gi; use at most 6Gi, or raise spec.limits.maxMemory',
      'cluster talos-prod: node group control-plane (machineClass medium) gives each node 8Gi of memory, above ProxmoxConfig platform/pve-cluster spec.limits.maxMemory 6Gi; use at most 6Gi, or raise spec.limits.maxMemory',
      'cluster talos-prod: node group workers (machineClass large) gives each node 16Gi of memory, above ProxmoxConfig platform/pve-cluster spec.limits.maxMemory 6Gi; use at most 6Gi, or raise spec.limits.maxMemory',
    ]);
  });
});
