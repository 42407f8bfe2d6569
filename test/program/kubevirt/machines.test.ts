// Machines of a kubevirt MachineProvider rendered under mocks: the VirtualMachine spec, its
// DataVolumes, NetworkAttachmentDefinitions, cloud-init and the Machine's outputs.
import { strict as assert } from 'node:assert';
import type { StackRender } from '../../../src/engine/render-stack';
import { docs, objectsOf, resolve } from '../../model/helpers';
import {
  kubevirtConfig,
  machine,
  modelOf,
  NAD,
  network,
  one,
  problemsOf,
  provider,
  render,
  SECRET,
  secretValue,
  vitistack,
  vlanMachine,
  vmSpec,
  rootStorage,
} from './helpers';

const USER_DATA = '#cloud-config\nruncmd: [echo RUNNER-TOKEN-0042]\n';

describe('KubeVirt machines', () => {
  describe('a Machine with its own sizes, a data volume, user data and a static address', () => {
    let r: StackRender;
    before(async () => {
      r = await render(
        modelOf(
          vitistack(),
          provider(),
          kubevirtConfig(),
          network(),
          machine(
            'runner',
            `  resources: {cpu: {cores: 2, sockets: 2, threads: 2}, memory: {size: 6Gi}}
  storage:
    rootVolume: {size: 40Gi}
    dataVolumes: [{name: cache, size: 100Gi, storageClass: bulk-hdd, mountPath: /var/cache}]
  operatingSystem: {image: {source: cloud-image, url: ubuntu-22.04}}
  boot: {firmware: {type: uefi}}
  networking: {interfaces: [{name: eth0, networkRef: {name: vlan300}, ipAddress: 10.30.0.20}]}
  labels: {app.kubernetes.io/name: runner}
  cloudInit:
    userData: |
      #cloud-config
      runcmd: [echo RUNNER-TOKEN-0042]`,
          ),
        ),
      );
    });

    it('takes CPU model and machine type from the KubevirtConfig, topology and memory from the Machine', () => {
      const spec = vmSpec(r, 'virt-runner-vm');
      assert.equal(spec.runStrategy, 'Always');
      assert.deepEqual(spec.template.spec.domain.cpu, {
        cores: 2,
        sockets: 2,
        threads: 2,
        model: 'host-passthrough',
      });
      assert.deepEqual(spec.template.spec.domain.memory, { guest: '6Gi' });
      assert.deepEqual(spec.template.spec.domain.machine, { type: 'q35' });
      assert.deepEqual(spec.template.spec.domain.firmware, {
        bootloader: { efi: { secureBoot: false } },
      });
    });

    it('imports the root disk from the provider image, sizes and classes from Machine, provider and KubevirtConfig', () => {
      const dvs = vmSpec(r, 'virt-runner-vm').dataVolumeTemplates;
      assert.deepEqual(
        dvs.map((d) => [d.metadata.name, d.spec]),
        [
          [
            'runner-root',
            {
              source: { registry: { url: 'docker://quay.io/containerdisks/ubuntu:22.04' } },
              // The provider's config.kubevirt.storageClass wins over the KubevirtConfig default;
              // modes are the KubevirtConfig's first.
              storage: {
                resources: { requests: { storage: '40Gi' } },
                storageClassName: 'fast-rbd',
                accessModes: ['ReadWriteMany'],
                volumeMode: 'Block',
              },
            },
          ],
          [
            'runner-cache',
            {
              source: { blank: {} },
              storage: {
                resources: { requests: { storage: '100Gi' } },
                storageClassName: 'bulk-hdd',
                accessModes: ['ReadWriteMany'],
                volumeMode: 'Block',
              },
            },
          ],
        ],
      );
    });

    it('attaches eth0 through a NAD on VLAN 300 at MTU 9000 with the written address', () => {
      const nad = one(r, NAD, 'virt-runner-eth0-nad');
      const config = JSON.parse((nad.inputs.spec as { config: string }).config) as Record<
        string,
        unknown
      >;
      assert.equal(config.type, 'bridge');
      assert.equal(config.bridge, 'br0');
      assert.equal(config.vlan, 300);
      assert.equal(config.mtu, 9000);
      assert.deepEqual(config.ipam, {
        type: 'static',
        addresses: [{ address: '10.30.0.20/24', gateway: '10.30.0.1' }],
        routes: [{ dst: '0.0.0.0/0', gw: '10.30.0.1' }],
        dns: { nameservers: ['10.30.0.2'], search: ['lab.example'] },
      });
      const spec = vmSpec(r, 'virt-runner-vm');
      assert.deepEqual(spec.template.spec.networks, [
        { name: 'eth0', multus: { networkName: 'virt/runner-eth0' } },
      ]);
    });

    it('gives the guest the same address in the cloud-init network data, matched by the MAC', () => {
      const spec = vmSpec(r, 'virt-runner-vm');
      const mac = spec.template.spec.domain.devices.interfaces[0]?.macAddress as string;
      assert.match(mac, /^02(:[0-9a-f]{2}){5}$/);
      const ci = spec.template.spec.volumes.find((v) => v.name === 'cloudinit');
      const noCloud = ci?.cloudInitNoCloud as { networkData: string; secretRef: { name: string } };
      assert.equal(
        noCloud.networkData,
        [
          'version: 2',
          'ethernets:',
          '  eth0:',
          '    match:',
          `      macaddress: ${mac}`,
          '    set-name: eth0',
          '    addresses:',
          '      - 10.30.0.20/24',
          '    routes:',
          '      - to: 0.0.0.0/0',
          '        via: 10.30.0.1',
          '    nameservers:',
          '      addresses:',
          '        - 10.30.0.2',
          '      search:',
          '        - lab.example',
          '    mtu: 9000',
          '',
        ].join('\n'),
      );
      assert.equal(noCloud.secretRef.name, 'runner-cloudinit');
    });

    it('keeps the user data in a secret Secret, out of the VM, the outputs and the warnings', () => {
      const secret = one(r, SECRET, 'virt-runner-cloudinit');
      assert.deepEqual(secretValue(secret.inputs.stringData), { userdata: USER_DATA });
      const shown = JSON.stringify([
        one(r, 'kubernetes:kubevirt.io/v1:VirtualMachine', 'virt-runner-vm').inputs,
        r.outputs,
        r.warnings,
      ]);
      assert.ok(!shown.includes('RUNNER-TOKEN-0042'));
    });

    it('labels the VM with the Machine labels, the standard ones and the selector labels', () => {
      const labels = vmSpec(r, 'virt-runner-vm').template.metadata.labels;
      assert.equal(labels['app.kubernetes.io/name'], 'runner');
      assert.equal(labels['vitistack.io/stack'], 'virt.lab');
      assert.equal(labels['vitistack.io/machine-provider'], 'kv');
      assert.equal(labels['vitistack.io/machine'], 'runner');
    });

    it('reports the VM id, running state, the planned address and the volumes', () => {
      assert.deepEqual(r.outputs.machines['Machine/virt/runner'], {
        id: 'virt/runner',
        state: 'running',
        privateIP: '10.30.0.20',
        rootVolume: {
          id: 'virt/runner-root',
          name: 'root',
          size: '40Gi',
          type: 'fast-rbd',
          state: 'in-use',
        },
        additionalVolumes: [
          {
            id: 'virt/runner-cache',
            name: 'cache',
            size: '100Gi',
            type: 'bulk-hdd',
            mountPath: '/var/cache',
            state: 'in-use',
          },
        ],
      });
      assert.ok(
        r.warnings.includes(
          "Machine virt/runner: data volumes are attached but not mounted (mountPath); mount them from cloud-init: each disk's serial is its volume name (/dev/disk/by-id/virtio-<name>)",
        ),
      );
    });
  });

  it('sizes a Machine from its template and allocates its address from the static network', async () => {
    const r = await render(
      modelOf(
        vitistack(),
        provider(),
        kubevirtConfig(),
        network(),
        machine(
          'docs',
          `  instanceType: small
  operatingSystem: {image: {url: 'https://cloud-images.example/jammy.img'}}
  networking: {interfaces: [{name: eth0, networkRef: {name: vlan300}}]}`,
        ),
      ),
    );
    const spec = vmSpec(r, 'virt-docs-vm');
    assert.deepEqual(spec.template.spec.domain.cpu, {
      cores: 2,
      sockets: 1,
      threads: 1,
      model: 'host-passthrough',
    });
    assert.deepEqual(spec.template.spec.domain.memory, { guest: '4Gi' });
    assert.deepEqual(spec.dataVolumeTemplates[0]?.spec.source, {
      http: { url: 'https://cloud-images.example/jammy.img' },
    });
    assert.deepEqual(rootStorage(spec), {
      requests: { storage: '30Gi' },
    });
    // Lowest free address: .1 is the gateway, .2 the DNS server.
    assert.equal(r.outputs.machines['Machine/virt/docs']?.privateIP, '10.30.0.3');
  });

  it('puts a Machine without NetworkConfiguration on the masqueraded pod network and says its address is unknown', async () => {
    const r = await render(
      modelOf(
        vitistack(),
        // Lists no images, so the Machine may name any.
        provider().replace(/ {2}capabilities:[\s\S]*$/, ''),
        kubevirtConfig(),
        machine(
          'pod',
          `  resources: {cpu: {cores: 1}, memory: {size: 2Gi}}
  operatingSystem: {image: {source: template, url: golden/ubuntu-2204}}`,
        ),
      ),
    );
    const spec = vmSpec(r, 'virt-pod-vm');
    assert.deepEqual(spec.template.spec.networks, [{ name: 'default', pod: {} }]);
    assert.deepEqual(spec.template.spec.domain.devices.interfaces, [
      { name: 'default', masquerade: {} },
    ]);
    // A template is a golden-image PVC to clone.
    assert.deepEqual(spec.dataVolumeTemplates[0]?.spec.source, {
      pvc: { namespace: 'golden', name: 'ubuntu-2204' },
    });
    assert.equal(r.outputs.machines['Machine/virt/pod']?.privateIP, '');
    assert.ok(
      r.warnings.includes(
        'Machine virt/pod: has no planned address (pod network); its address is known only to the running VirtualMachineInstance, so status.addresses stays empty',
      ),
    );
  });

  it("refuses two Machines that would be one VM in the provider's namespace", async () => {
    const moving = provider('  config:\n    customSettings: {namespace: vms}').replace(
      '  config:\n    kubevirt: {storageClass: fast-rbd}\n',
      '',
    );
    const other = vlanMachine(
      'web',
      '',
      '{name: eth0, networkRef: {name: vlan300, namespace: virt}}',
    )
      .replace('namespace: virt}', 'namespace: team-b}')
      .replace('providerRef: {name: kv}', 'providerRef: {name: kv, namespace: virt}');
    // The controller allows namespace team-b to use the provider (--allow-namespace team-b).
    const model = resolve(
      objectsOf(docs(vitistack(), moving, kubevirtConfig(), network(), vlanMachine('web'), other)),
      'virt/lab',
      { allowedNamespaces: ['team-b'] },
    );
    const problems = await problemsOf(model);
    assert.ok(
      problems.includes(
        'Machine virt/web and Machine team-b/web would both be VirtualMachine vms/web on the same cluster; rename one of them',
      ),
      problems.join('\n'),
    );
  });

  it('puts the VMs of a provider with customSettings.namespace into that namespace', async () => {
    const r = await render(
      modelOf(
        vitistack(),
        provider(`  config:\n    customSettings: {namespace: vms}`).replace(
          '  config:\n    kubevirt: {storageClass: fast-rbd}\n',
          '',
        ),
        kubevirtConfig(),
        vlanMachine('moved'),
        network(),
      ),
    );
    const vm = one(r, 'kubernetes:kubevirt.io/v1:VirtualMachine', 'vms-moved-vm');
    assert.equal((vm.inputs.metadata as { namespace: string }).namespace, 'vms');
    assert.equal(r.outputs.machines['Machine/virt/moved']?.id, 'vms/moved');
  });

  describe('stops with a clear problem', () => {
    // A provider that lists no images: any image a Machine names passes the model to the program.
    const imageless = provider().replace(/ {2}capabilities:[\s\S]*$/, '');
    const cases: {
      name: string;
      machine: string;
      extra?: string[];
      provider?: string;
      problem: string;
    }[] = [
      {
        name: 'an ISO image',
        machine: machine(
          'iso',
          "  resources: {cpu: {cores: 1}, memory: {size: 1Gi}}\n  operatingSystem: {image: {source: iso, url: 'https://example.com/ubuntu.iso'}}",
        ),
        problem:
          'Machine virt/iso spec.operatingSystem.image.url "https://example.com/ubuntu.iso" is an ISO installer image, which KubeVirt machines are not built from (an ISO needs an installation run); use a container disk ("docker://quay.io/containerdisks/ubuntu:22.04" or "registry://..."), an http(s) URL of a qcow2 or raw image, or a PVC to clone ("pvc://<namespace>/<name>", or its name with operatingSystem.image.source "template")',
      },
      {
        name: 'an image over a scheme CDI cannot import',
        machine: machine(
          'ftp',
          "  resources: {cpu: {cores: 1}, memory: {size: 1Gi}}\n  machineImage: 'ftp://mirror.example/disk.qcow2'",
        ),
        provider: imageless,
        problem:
          'Machine virt/ftp spec.machineImage "ftp://mirror.example/disk.qcow2" uses the scheme "ftp://", which CDI cannot import; use a container disk',
      },
      {
        name: 'no CPU count',
        machine: machine(
          'nocpu',
          '  resources: {memory: {size: 1Gi}}\n  machineImage: ubuntu-22.04',
        ),
        problem:
          "Machine virt/nocpu: no CPU count; set spec.resources.cpu.cores, or spec.instanceType naming one of MachineProvider virt/kv's templates",
      },
      {
        name: 'a label Kubernetes refuses',
        machine: vlanMachine('badlabel', '  labels: {"team name": ops}'),
        extra: [network()],
        problem:
          'Machine virt/badlabel spec.labels: the key "team name" has the name "team name", which is not a label name (up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit); Kubernetes refuses such labels on a VirtualMachine',
      },
      {
        name: 'an annotation key Kubernetes refuses',
        machine: vlanMachine('badnote', '  annotations: {"/x": y}'),
        extra: [network()],
        problem: 'Machine virt/badnote spec.annotations: the key "/x" has the prefix ""',
      },
      {
        name: 'a network without bridge',
        machine: vlanMachine('nobridge'),
        extra: [network().replace('  bridge: br0\n', '')],
        problem:
          'Machine virt/nobridge interface eth0: NetworkConfiguration virt/vlan300 has no spec.bridge; on KubeVirt the interface joins a Linux bridge of the nodes, so set spec.bridge to its name (e.g. "br0")',
      },
    ];
    for (const tc of cases) {
      it(tc.name, async () => {
        const problems = await problemsOf(
          modelOf(
            vitistack(),
            tc.provider ?? provider(),
            kubevirtConfig(),
            tc.machine,
            ...(tc.extra ?? []),
          ),
        );
        assert.ok(
          problems.some((p) => p.startsWith(tc.problem)),
          `expected a problem starting with\n  ${tc.problem}\ngot\n  ${problems.join('\n  ')}`,
        );
      });
    }
  });
});
