// renderStack end to end on stacks/kubevirt-talos: the plain Machines and the Talos cluster's
// nodes become KubeVirt VMs with their disks, NetworkAttachmentDefinitions, cloud-init Secrets and
// the namespace's NetworkPolicy. Counts cover the resources the KubeVirt backend builds (the Talos
// program's own resources are its tests' business). Every status validates against its schema.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

import { type Vitistack } from '../../src/api/v1alpha1';
import { renderStack, type StackRender } from '../../src/engine/render-stack';
import { resolveStack } from '../../src/model';

import { errorLines, loadPaths } from '../helpers/load';
import { repoRoot } from '../model/helpers';
import { schemaIssues } from './stack-render-helpers';

const KUBEVIRT_TYPES = [
  'kubernetes:core/v1:Secret',
  'kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition',
  'kubernetes:kubevirt.io/v1:VirtualMachine',
  'kubernetes:networking.k8s.io/v1:NetworkPolicy',
  'vitistack:kubevirt:NetworkAttachment',
  'vitistack:kubevirt:NetworkPolicy',
  'vitistack:kubevirt:VirtualMachine',
];

interface MachineStatus {
  phase: string;
  machine: { id: string; state: string; storage: { additionalVolumes: { name: string }[] } };
  addresses: { internal: string[] };
}

/** The static address each NAD gives its VM, by NAD name. */
function nadAddresses(r: StackRender): Map<string, string> {
  const out = new Map<string, string>();
  for (const nad of r.resources.filter((x) => x.type === KUBEVIRT_TYPES[1])) {
    const config = JSON.parse((nad.inputs.spec as { config: string }).config) as {
      ipam: { addresses?: { address: string }[] };
    };
    const address = config.ipam.addresses?.[0]?.address.split('/')[0];
    if (address !== undefined) out.set((nad.inputs.metadata as { name: string }).name, address);
  }
  return out;
}

describe('renderStack: stacks/kubevirt-talos', () => {
  let r: StackRender;
  before(async () => {
    const loaded = loadPaths([join(repoRoot(), 'stacks', 'kubevirt-talos')]);
    assert.deepEqual(errorLines(loaded), []);
    const objects = loaded.objects.map((o) => o.object);
    const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
    assert.ok(v);
    r = await renderStack(resolveStack(v, objects));
  });

  it('builds one VM per Machine and cluster node, with their NADs, Secrets and one NetworkPolicy', () => {
    assert.equal(r.stackName, 'virt-platform.trondheim-dc1');
    const counts = Object.fromEntries(KUBEVIRT_TYPES.map((t) => [t, r.counts[t] ?? 0]));
    assert.deepEqual(counts, {
      // build-runner: cloud-init and SSH keys; docs-web: cloud-init; Talos nodes: none.
      'kubernetes:core/v1:Secret': 3,
      'kubernetes:k8s.cni.cncf.io/v1:NetworkAttachmentDefinition': 5,
      'kubernetes:kubevirt.io/v1:VirtualMachine': 5,
      'kubernetes:networking.k8s.io/v1:NetworkPolicy': 1,
      'vitistack:kubevirt:NetworkAttachment': 5,
      'vitistack:kubevirt:NetworkPolicy': 1,
      'vitistack:kubevirt:VirtualMachine': 5,
    });
    assert.deepEqual(
      r.resources
        .filter((x) => x.type === 'kubernetes:kubevirt.io/v1:VirtualMachine')
        .map((x) => (x.inputs.metadata as { name: string }).name)
        .sort(),
      ['build-runner', 'docs-web', 'talos-kv-a-ctp0', 'talos-kv-a-wrk0', 'talos-kv-a-wrk1'],
    );
    // One explicit provider for the KubeVirt cluster, with the kubeconfig's Secret not supplied.
    assert.ok(
      r.resources.some(
        (x) =>
          x.type === 'pulumi:providers:kubernetes' &&
          x.name === 'kubevirt-virt-platform-kv-cluster',
      ),
    );
  });

  it('gives each Machine a running status with its planned address and volumes, valid by the schema', () => {
    for (const p of r.status) assert.deepEqual(schemaIssues(p), [], `${p.kind}/${p.name}`);
    const machines = r.status.filter((p) => p.kind === 'Machine');
    assert.deepEqual(machines.map((p) => p.name).sort(), ['build-runner', 'docs-web']);
    const status = (name: string) =>
      machines.find((p) => p.name === name)?.status as unknown as MachineStatus;
    const runner = status('build-runner');
    assert.equal(runner.phase, 'Running');
    assert.equal(runner.machine.id, 'virt-platform/build-runner');
    assert.equal(runner.machine.state, 'running');
    assert.deepEqual(runner.addresses.internal, ['10.20.0.20']);
    assert.deepEqual(
      runner.machine.storage.additionalVolumes.map((v) => v.name),
      ['cache'],
    );
    // docs-web's address is allocated: the one its NAD carries, in the subnet, used by no other VM.
    const nads = nadAddresses(r);
    const docs = status('docs-web').addresses.internal;
    assert.deepEqual(docs, [nads.get('docs-web-eth0')]);
    assert.match(docs[0] ?? '', /^10\.20\.0\.\d+$/);
    assert.equal([...nads.values()].filter((a) => a === docs[0]).length, 1);
    assert.equal(new Set(nads.values()).size, 5);
  });

  it('says what is not built, once each', () => {
    for (const w of [
      'MachineProvider virt-platform/kubevirt-provider (kubeconfig of KubevirtConfig virt-platform/kv-cluster): credentials Secret virt-platform/kv-cluster-kubeconfig not supplied; the offline render builds the provider without credentials',
      "Machine virt-platform/build-runner: data volumes are attached but not mounted (mountPath); mount them from cloud-init: each disk's serial is its volume name (/dev/disk/by-id/virtio-<name>)",
      'Vitistack virt-platform/trondheim-dc1: firewall rule "ping-from-management" is not built on KubeVirt: NetworkPolicy matches tcp, udp and sctp only',
      "NetworkPolicy virt-platform/trondheim-vms-default filters the pod network only: the VMs' interfaces on NetworkConfigurations (Multus bridge) are not filtered by it",
    ]) {
      assert.ok(r.warnings.includes(w), w);
    }
    assert.equal(new Set(r.warnings).size, r.warnings.length, 'a warning is repeated');
  });

  it('keeps the cloud-init user data secret', () => {
    const secret = r.resources.find(
      (x) =>
        x.type === 'kubernetes:core/v1:Secret' && x.name === 'virt-platform-build-runner-cloudinit',
    );
    assert.ok(secret);
    const stringData = secret.inputs.stringData as Record<string, unknown>;
    assert.equal(
      stringData['4dabf18193072939515e22adb298388d'],
      '1b47061264138c4ac30d75fd1eb44270',
    );
    // Its packages (docker.io) appear nowhere else.
    assert.ok(!JSON.stringify([r.status, r.outputs, r.warnings]).includes('docker.io'));
  });
});
