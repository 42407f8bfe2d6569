import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { VirtualMachineArgs } from '../../../src/components/kubevirt/vm-spec';
import { isSecretInput, secretValue, settle } from './helpers';

const VM = 'kubernetes:kubevirt.io/v1:VirtualMachine';
const SECRET = 'kubernetes:core/v1:Secret';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKey ops@example';

function base(over: Partial<VirtualMachineArgs> = {}): VirtualMachineArgs {
  return {
    name: 'web-1',
    namespace: 'apps',
    labels: { 'vitistack.io/stack': 'apps.lab', app: 'web' },
    cpu: { cores: 2 },
    memory: '4Gi',
    rootDisk: {
      name: 'root',
      sizeGiB: 30,
      source: { registry: { url: 'docker://quay.io/containerdisks/ubuntu:22.04' } },
    },
    ...over,
  };
}

interface Spec {
  runStrategy: string;
  dataVolumeTemplates: { metadata: { name: string }; spec: Record<string, unknown> }[];
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      domain: Record<string, unknown> & {
        devices: { disks: Record<string, unknown>[]; interfaces: Record<string, unknown>[] };
      };
      networks: Record<string, unknown>[];
      volumes: Record<string, unknown>[];
      accessCredentials?: unknown[];
    };
  };
}

describe('VirtualMachine', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/kubevirt/virtual-machine');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/kubevirt/virtual-machine.js');
  });

  describe('a VM with user data, SSH keys, a data disk and a Multus interface', () => {
    let vm: InstanceType<typeof mod.VirtualMachine>;
    let spec: Spec;
    before(async () => {
      vm = new mod.VirtualMachine(
        'web',
        base({
          cpu: { cores: 2, sockets: 2, threads: 2, model: 'host-passthrough' },
          machineType: 'q35',
          firmware: { uefi: true, secureBoot: true },
          dataDisks: [
            {
              name: 'data',
              sizeGiB: 100,
              storageClass: 'ceph-rbd',
              accessMode: 'ReadWriteMany',
              volumeMode: 'Block',
              serial: 'data',
            },
          ],
          interfaces: [
            { name: 'eth0', networkName: 'apps/web-1-eth0', macAddress: '02:AA:BB:CC:DD:EE' },
          ],
          userData: '#cloud-config\npassword: hunter2\n',
          networkData: 'version: 2\n',
          sshPublicKeys: [KEY],
        }),
      );
      await settle();
      spec = mocks.one(VM, 'web-vm').inputs.spec as Spec;
    });

    it('runs always, with the CPU topology, model, memory and machine type asked for', () => {
      assert.equal(spec.runStrategy, 'Always');
      const domain = spec.template.spec.domain;
      assert.deepEqual(domain.cpu, { cores: 2, sockets: 2, threads: 2, model: 'host-passthrough' });
      assert.deepEqual(domain.memory, { guest: '4Gi' });
      assert.deepEqual(domain.machine, { type: 'q35' });
      // Secure Boot needs OVMF with SMM.
      assert.deepEqual(domain.firmware, { bootloader: { efi: { secureBoot: true } } });
      assert.deepEqual(domain.features, { smm: { enabled: true } });
    });

    it('writes both disks as DataVolume templates and boots from the root disk', () => {
      assert.deepEqual(
        spec.dataVolumeTemplates.map((d) => [d.metadata.name, d.spec]),
        [
          [
            'web-1-root',
            {
              source: { registry: { url: 'docker://quay.io/containerdisks/ubuntu:22.04' } },
              storage: { resources: { requests: { storage: '30Gi' } } },
            },
          ],
          [
            'web-1-data',
            {
              source: { blank: {} },
              storage: {
                resources: { requests: { storage: '100Gi' } },
                storageClassName: 'ceph-rbd',
                accessModes: ['ReadWriteMany'],
                volumeMode: 'Block',
              },
            },
          ],
        ],
      );
      const disks = spec.template.spec.domain.devices.disks;
      assert.deepEqual(disks[0], { name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 });
      assert.deepEqual(disks[1], { name: 'data', disk: { bus: 'virtio' }, serial: 'data' });
      assert.deepEqual(spec.template.spec.volumes.slice(0, 2), [
        { name: 'root', dataVolume: { name: 'web-1-root' } },
        { name: 'data', dataVolume: { name: 'web-1-data' } },
      ]);
    });

    it('bridges the interface onto its Multus network with the MAC address', () => {
      assert.deepEqual(spec.template.spec.domain.devices.interfaces, [
        { name: 'eth0', bridge: {}, macAddress: '02:aa:bb:cc:dd:ee' },
      ]);
      assert.deepEqual(spec.template.spec.networks, [
        { name: 'eth0', multus: { networkName: 'apps/web-1-eth0' } },
      ]);
    });

    it('keeps the user data in a secret Secret the cloud-init volume names, network data inline', () => {
      const secret = mocks.one(SECRET, 'web-cloudinit');
      assert.deepEqual(secretValue(secret.inputs.stringData), {
        userdata: '#cloud-config\npassword: hunter2\n',
      });
      assert.equal((secret.inputs.metadata as { name: string }).name, 'web-1-cloudinit');
      const ci = spec.template.spec.volumes.find((v) => v.name === 'cloudinit');
      assert.deepEqual(ci, {
        name: 'cloudinit',
        cloudInitNoCloud: { secretRef: { name: 'web-1-cloudinit' }, networkData: 'version: 2\n' },
      });
      // The VM names the Secret through its output, so it waits for it.
      const vmRes = mocks.one(VM, 'web-vm');
      assert.ok(vmRes.dependencies.includes(secret.urn));
      assert.ok(!JSON.stringify(vmRes.inputs).includes('hunter2'));
    });

    it('hands the SSH keys to the guest through cloud-init NoCloud', () => {
      const keys = mocks.one(SECRET, 'web-ssh-keys');
      assert.deepEqual(keys.inputs.type, 'Opaque');
      assert.deepEqual(spec.template.spec.accessCredentials, [
        {
          sshPublicKey: {
            source: { secret: { secretName: 'web-1-ssh-keys' } },
            propagationMethod: { noCloud: {} },
          },
        },
      ]);
    });

    it('labels the VM and its pods alike, so NetworkPolicies can select them', () => {
      const meta = mocks.one(VM, 'web-vm').inputs.metadata as Record<string, unknown>;
      assert.deepEqual(meta.labels, { 'vitistack.io/stack': 'apps.lab', app: 'web' });
      assert.deepEqual(spec.template.metadata.labels, meta.labels);
    });

    it('outputs the namespace/name id, KubeVirt status and the DataVolume names', async () => {
      assert.equal(await unwrap(vm.vmId), 'apps/web-1');
      // The mocks report what KubeVirt writes for a running VM.
      assert.equal(await unwrap(vm.printableStatus), 'Running');
      assert.deepEqual(await unwrap(vm.dataVolumes), { root: 'web-1-root', data: 'web-1-data' });
    });
  });

  it('without networks uses one masqueraded pod network interface and no cloud-init disk', async () => {
    new mod.VirtualMachine('plain', base({ name: 'plain-1' }));
    await settle();
    const spec = mocks.one(VM, 'plain-vm').inputs.spec as Spec;
    assert.deepEqual(spec.template.spec.domain.devices.interfaces, [
      { name: 'default', masquerade: {} },
    ]);
    assert.deepEqual(spec.template.spec.networks, [{ name: 'default', pod: {} }]);
    assert.ok(!spec.template.spec.volumes.some((v) => v.name === 'cloudinit'));
    assert.equal(mocks.byType(SECRET).filter((s) => s.name.startsWith('plain')).length, 0);
  });

  it('SSH keys alone still get a cloud-init disk with an empty cloud-config', async () => {
    new mod.VirtualMachine('keys', base({ name: 'keys-1', sshPublicKeys: [KEY] }));
    await settle();
    const secret = mocks.one(SECRET, 'keys-cloudinit');
    assert.ok(isSecretInput(secret.inputs.stringData));
    assert.deepEqual(secretValue(secret.inputs.stringData), { userdata: '#cloud-config\n' });
  });

  it('uses a binding plugin by name for the pod network', async () => {
    new mod.VirtualMachine(
      'passt',
      base({ name: 'passt-1', interfaces: [{ name: 'default', binding: 'passt' }] }),
    );
    await settle();
    const spec = mocks.one(VM, 'passt-vm').inputs.spec as Spec;
    assert.deepEqual(spec.template.spec.domain.devices.interfaces, [
      { name: 'default', binding: { name: 'passt' } },
    ]);
  });

  describe('refuses bad arguments before creating anything', () => {
    const cases: { name: string; args: Partial<VirtualMachineArgs>; message: string }[] = [
      {
        name: 'a name with dots',
        args: { name: 'web.1' },
        message: 'name: "web.1" is not a DNS-1123 label',
      },
      {
        name: 'zero cores',
        args: { cpu: { cores: 0 } },
        message: 'cpu.cores: 0 must be a whole number of at least 1',
      },
      {
        name: 'memory that is no quantity',
        args: { memory: 'lots' },
        message: 'memory: "lots" is not a quantity',
      },
      {
        name: 'Secure Boot on BIOS',
        args: { firmware: { uefi: false, secureBoot: true } },
        message: 'firmware.secureBoot: Secure Boot needs UEFI',
      },
      {
        name: 'a registry URL without docker://',
        args: {
          rootDisk: { name: 'root', sizeGiB: 10, source: { registry: { url: 'quay.io/x/y:1' } } },
        },
        message: 'rootDisk.source.registry.url: "quay.io/x/y:1" is not a container image URL',
      },
      {
        name: 'a data disk named like the cloud-init disk',
        args: { dataDisks: [{ name: 'cloudinit', sizeGiB: 1 }] },
        message: 'disk "cloudinit" is named twice',
      },
      {
        name: 'two pod network interfaces',
        args: { interfaces: [{ name: 'a' }, { name: 'b' }] },
        message: 'interfaces: only one interface may use the pod network',
      },
      {
        name: 'an invalid label',
        args: { labels: { 'bad key!': 'x' } },
        message: 'labels: the key "bad key!"',
      },
      {
        name: 'a key that is not OpenSSH',
        args: { sshPublicKeys: ['hello'] },
        message: 'sshPublicKeys[0]: is not an OpenSSH public key',
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.throws(
          () => new mod.VirtualMachine(`bad-${tc.name}`, base(tc.args)),
          (e: Error) => e.message.includes(tc.message),
        );
      });
    }
  });
});
