import { strict as assert } from 'node:assert';
import type { KindDefinition } from '../../../src/api/kind';
import { machineKind, type Machine } from '../../../src/api/v1alpha1/machine';
import {
  canonical,
  changed,
  fixture,
  itRejects,
  itValidates,
  type InvalidCase,
} from '../../helpers/kind-cases';

const kind = machineKind as unknown as KindDefinition;
const FIXTURES = ['003-scenario1-machine-bastion-host.yaml', 'ours-machine-web-01.yaml'];

/** 000 shape: the bastion host of the integration guide. */
const bastion = fixture('003-scenario1-machine-bastion-host.yaml');
/** 001 shape: a Proxmox VM. */
const vm = fixture('ours-machine-web-01.yaml');

describe('Machine', () => {
  describe('fixtures', () => {
    itValidates(kind, ...FIXTURES);
  });

  describe('normalise', () => {
    it('turns the API reference shape (000) into the canonical spec', () => {
      const m = canonical(kind, bastion) as Machine;
      assert.equal(m.kind, 'Machine');
      assert.equal(m.metadata.namespace, 'production');
      const spec = m.spec;
      assert.deepEqual(spec.providerRef, { name: 'aws-ec2-provider', namespace: 'production' });
      assert.equal(spec.instanceType, 't3.micro');
      assert.equal(spec.image, 'ubuntu-20.04');
      assert.equal(spec.os, undefined);
      assert.deepEqual(spec.network, {
        subnet: 'subnet-12345678',
        publicIP: true,
        securityGroups: ['bastion-sg'],
        interfaces: [],
      });
      assert.deepEqual(spec.sshKeys, [
        { name: 'admin-key', publicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAA...' },
      ]);
      assert.deepEqual(
        spec.software?.packages?.map((p) => `${p.name}@${p.version ?? ''}`),
        ['docker@20.10.*', 'kubectl@1.24.*', 'helm@3.9.*'],
      );
      const script = spec.software.scripts?.[0];
      assert.equal(script?.name, 'setup-monitoring');
      assert.match(script.content, /^#!\/bin\/bash\n/);
      assert.deepEqual(spec.labels, {
        environment: 'production',
        role: 'bastion',
        team: 'platform',
      });
      assert.deepEqual(spec.annotations, {
        description: 'Bastion host for secure access to production environment',
      });
      assert.deepEqual(spec.volumes, []);
      assert.deepEqual(spec.tags, {});
      assert.deepEqual(spec.environment, []);
      assert.equal(spec.userData, undefined);
      assert.equal(spec.cloudInit, undefined);
    });

    it('turns the CRD shape (001) into the canonical spec', () => {
      const spec = (canonical(kind, vm) as Machine).spec;
      assert.deepEqual(spec.providerRef, { name: 'proxmox-provider', namespace: 'infra' });
      assert.equal(spec.image, 'ubuntu-2204-cloudinit');
      assert.deepEqual(spec.os, {
        type: 'linux',
        distribution: 'ubuntu',
        version: '22.04',
        imageSource: 'template',
      });
      assert.deepEqual(spec.cpu, { cores: 4, threads: 1, sockets: 1 });
      assert.equal(spec.memory, '8Gi');
      assert.deepEqual(spec.rootVolume, { size: '40Gi', storageClass: 'local-lvm', type: 'ssd' });
      assert.deepEqual(spec.volumes, [
        {
          name: 'data',
          size: '200Gi',
          storageClass: 'ceph-rbd',
          mountPath: '/var/lib/data',
          tags: {},
        },
      ]);
      assert.deepEqual(spec.network, {
        securityGroups: [],
        interfaces: [
          {
            name: 'eth0',
            networkRef: { name: 'prod-vlan100', namespace: 'infra' },
            ipAddress: '10.100.0.21',
            macAddress: '52:54:00:12:34:56',
            securityGroups: [],
          },
        ],
      });
      assert.deepEqual(spec.boot, {
        order: ['disk', 'network'],
        firmware: { type: 'uefi', secureBoot: true },
      });
      assert.match(spec.userData ?? '', /^#cloud-config\nhostname: web-01\n/);
      assert.deepEqual(spec.cloudInit, {
        enabled: true,
        users: [],
        packages: [],
        writeFiles: [],
        runcmd: [],
        metaData: 'instance-id: web-01\nlocal-hostname: web-01\n',
      });
      assert.equal(spec.instanceType, undefined);
      assert.equal(spec.resources, undefined);
    });

    it('merges additionalVolumes and dataVolumes, and both interface lists', () => {
      const spec = (
        canonical(
          kind,
          changed(vm, {
            'spec.storage.rootVolume': { size: '20Gi', type: 'gp3', encryption: true, iops: 3000 },
            'spec.storage.additionalVolumes': [
              {
                name: 'logs',
                size: '50Gi',
                type: 'io1',
                encryption: true,
                iops: 500,
                tags: { a: 'b' },
              },
            ],
            'spec.networking.subnetId': 'subnet-1',
            'spec.networking.networkInterfaces': [
              {
                deviceIndex: 1,
                subnetId: 'subnet-2',
                privateIP: '10.0.2.10',
                securityGroups: ['sg'],
              },
            ],
          }),
        ) as Machine
      ).spec;
      assert.deepEqual(spec.rootVolume, { size: '20Gi', type: 'gp3', iops: 3000, encrypted: true });
      assert.deepEqual(
        spec.volumes.map((v) => [v.name, v.type, v.encrypted, v.storageClass]),
        [
          ['logs', 'io1', true, undefined],
          ['data', undefined, undefined, 'ceph-rbd'],
        ],
      );
      assert.equal(spec.network.subnet, 'subnet-1');
      assert.deepEqual(spec.network.interfaces[1], {
        ipAddress: '10.0.2.10',
        subnetId: 'subnet-2',
        deviceIndex: 1,
        securityGroups: ['sg'],
      });
    });

    it('treats null fields as absent', () => {
      const spec = (
        canonical(
          kind,
          changed(vm, {
            'spec.cloudInit': null,
            'spec.storage.rootVolume.type': null,
            'spec.storage.dataVolumes.0.mountPath': null,
            'spec.storage.dataVolumes.1': { name: 'more', size: '1Gi', mountPath: null },
          }),
        ) as Machine
      ).spec;
      assert.equal(spec.cloudInit, undefined);
      assert.equal(spec.userData, undefined);
      assert.deepEqual(spec.rootVolume, { size: '40Gi', storageClass: 'local-lvm' });
      assert.deepEqual(
        spec.volumes.map((v) => v.mountPath),
        [undefined, undefined],
      );
    });

    it('takes userData from spec.userData and keeps 000 requests and limits apart', () => {
      const spec = (
        canonical(
          kind,
          changed(bastion, {
            'spec.userData': '#!/bin/sh\necho hi',
            'spec.resources': { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 2 } },
            'spec.environment': [{ name: 'LOG_LEVEL', value: 'debug' }],
          }),
        ) as Machine
      ).spec;
      assert.equal(spec.userData, '#!/bin/sh\necho hi');
      assert.deepEqual(spec.resources, {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: 2 },
      });
      assert.equal(spec.cpu, undefined);
      assert.equal(spec.memory, undefined);
      assert.deepEqual(spec.environment, [{ name: 'LOG_LEVEL', value: 'debug' }]);
    });
  });

  describe('rejects', () => {
    const cases: InvalidCase[] = [
      {
        name: 'a machine that names no MachineProvider',
        base: vm,
        del: ['spec.providerRef'],
        want: [
          'spec.providerRef: is required (add providerRef with the name of the MachineProvider that provisions this machine; machineProvider is accepted too)',
        ],
      },
      {
        name: 'a null providerRef, which counts as absent',
        base: vm,
        set: { 'spec.providerRef': null },
        want: [
          'spec.providerRef: is required (add providerRef with the name of the MachineProvider that provisions this machine; machineProvider is accepted too)',
        ],
      },
      {
        name: 'machineProvider and providerRef together',
        base: vm,
        set: { 'spec.machineProvider': { name: 'proxmox-provider' } },
        want: [
          'spec.machineProvider: cannot be set together with providerRef (both name the MachineProvider: keep one)',
        ],
      },
      {
        name: 'a providerRef to another kind',
        base: vm,
        set: { 'spec.providerRef.kind': 'KubernetesProvider' },
        want: [
          'spec.providerRef.kind: "KubernetesProvider" is not one of the allowed values (allowed: MachineProvider)',
        ],
      },
      {
        name: 'a providerRef outside vitistack.io',
        base: vm,
        set: { 'spec.providerRef.apiVersion': 'v1' },
        want: [
          'spec.providerRef.apiVersion: "v1" is not a vitistack.io API version (MachineProvider is served as "vitistack.io/v1alpha1")',
        ],
      },
      {
        name: 'a providerRef without a name',
        base: vm,
        del: ['spec.providerRef.name'],
        want: [
          'spec.providerRef.name: is required (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
        ],
      },
      {
        name: 'CPU topology out of range',
        base: vm,
        set: {
          'spec.resources.cpu': { cores: 256, threads: 4, sockets: 0 },
        },
        want: [
          'spec.resources.cpu.cores: 256 is out of range (expected an integer from 1 to 128)',
          'spec.resources.cpu.threads: 4 is out of range (expected an integer from 1 to 2)',
          'spec.resources.cpu.sockets: 0 is out of range (expected an integer from 1 to 4)',
        ],
      },
      {
        name: 'memory below 128Mi',
        base: vm,
        set: { 'spec.resources.memory.size': '64Mi' },
        want: ['spec.resources.memory.size: "64Mi" is out of range (allowed: 128Mi to 1024Gi)'],
      },
      {
        name: 'a GPU vendor in the wrong case',
        base: vm,
        set: { 'spec.resources.gpu': { type: 'NVIDIA', count: 1 } },
        want: [
          'spec.resources.gpu.type: "NVIDIA" is not one of the allowed values (allowed: nvidia, amd, or intel); did you mean "nvidia"?',
        ],
      },
      {
        name: 'a root volume below 1Gi',
        base: vm,
        set: { 'spec.storage.rootVolume.size': '500Mi' },
        want: ['spec.storage.rootVolume.size: "500Mi" is out of range (allowed: 1Gi to 100Ti)'],
      },
      {
        name: 'a KMS key on an unencrypted root volume',
        base: bastion,
        set: { 'spec.storage.rootVolume': { size: '20Gi', encryption: false, kmsKeyId: 'key-1' } },
        want: [
          'spec.storage.rootVolume.kmsKeyId: is set but encryption is false (a KMS key only applies to an encrypted volume: set encryption: true or remove kmsKeyId)',
        ],
      },
      {
        name: 'duplicate data volume names',
        base: vm,
        set: { 'spec.storage.dataVolumes.1': { name: 'data', size: '10Gi' } },
        want: [
          'spec.storage.dataVolumes[1].name: "data" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'a volume name used in both volume lists',
        base: vm,
        set: { 'spec.storage.additionalVolumes': [{ name: 'data', size: '10Gi' }] },
        want: [
          'spec.storage.dataVolumes[0].name: "data" is already the name of storage.additionalVolumes[0] (volume names must be unique across additionalVolumes and dataVolumes)',
        ],
      },
      {
        name: 'two volumes at one mount path',
        base: vm,
        set: {
          'spec.storage.dataVolumes.1': { name: 'more', size: '10Gi', mountPath: '/var/lib/data' },
        },
        want: [
          'spec.storage.dataVolumes[1].mountPath: "/var/lib/data" is already the mount path of storage.dataVolumes[0] (mount each volume at its own path)',
        ],
      },
      {
        name: 'a relative mount path and a volume without a size',
        base: vm,
        set: { 'spec.storage.dataVolumes.0': { name: 'data', mountPath: 'data' } },
        want: [
          'spec.storage.dataVolumes[0].size: is required (expected a Kubernetes quantity like "20Gi" from 1Gi to 100Ti)',
          'spec.storage.dataVolumes[0].mountPath: "data" is not an absolute path (start it with "/", like "/data")',
        ],
      },
      {
        name: 'duplicate interface names',
        base: vm,
        set: { 'spec.networking.interfaces.1': { name: 'eth0' } },
        want: [
          'spec.networking.interfaces[1].name: "eth0" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'a bad MAC and IP address on an interface',
        base: vm,
        set: {
          'spec.networking.interfaces.0.macAddress': '52:54:00:12:34',
          'spec.networking.interfaces.0.ipAddress': '10.100.0.300',
        },
        want: [
          'spec.networking.interfaces[0].ipAddress: "10.100.0.300" is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
          'spec.networking.interfaces[0].macAddress: "52:54:00:12:34" is not a valid MAC address (expected a form like "52:54:00:12:34:56")',
        ],
      },
      {
        name: 'subnet and subnetId together',
        base: bastion,
        set: { 'spec.networking.subnetId': 'subnet-87654321' },
        want: [
          'spec.networking.subnetId: "subnet-87654321" cannot be set together with subnet (both choose the subnet: keep subnet for an ID or name, or subnetId for an ID)',
        ],
      },
      {
        name: 'a misspelt networking field',
        base: bastion,
        set: { 'spec.networking.subnetid': 'subnet-87654321' },
        want: [
          'spec.networking.subnetid: is not a known field (allowed here: interfaces, networkInterfaces, privateIP, publicIP, securityGroups, subnet, or subnetId); did you mean "subnetId"?',
        ],
      },
      {
        name: 'two network interfaces at one device index',
        base: bastion,
        set: { 'spec.networking.networkInterfaces': [{ deviceIndex: 1 }, { deviceIndex: 1 }] },
        want: [
          'spec.networking.networkInterfaces[1].deviceIndex: 1 is a duplicate of item 0 (each deviceIndex in this list must be unique)',
        ],
      },
      {
        name: 'duplicate SSH key names',
        base: bastion,
        set: { 'spec.sshKeys.1': { name: 'admin-key', keyPairName: 'admin' } },
        want: [
          'spec.sshKeys[1].name: "admin-key" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'an SSH key with neither a public key nor a key pair',
        base: bastion,
        set: { 'spec.sshKeys.0': { name: 'admin-key' } },
        want: [
          'spec.sshKeys[0].publicKey: is required unless keyPairName is set (give the public key, or the name of a key pair the provider already has)',
        ],
      },
      {
        name: 'an SSH public key that is not one',
        base: bastion,
        set: { 'spec.sshKeys.0.publicKey': 'AAAAB3NzaC1yc2EAAAA' },
        want: [
          'spec.sshKeys[0].publicKey: "AAAAB3NzaC1yc2EAAAA" is not an OpenSSH public key (expected "<type> <base64 key> [comment]" with a type such as ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)',
        ],
      },
      {
        name: 'an empty script, without showing its content',
        base: bastion,
        set: { 'spec.software.scripts.0.content': '' },
        want: [
          'spec.software.scripts[0].content: <redacted> is empty (expected a non-empty string)',
        ],
      },
      {
        name: 'userData and cloudInit.userData together, without showing either',
        base: vm,
        set: { 'spec.userData': '#!/bin/sh\nexport TOKEN=hunter2' },
        want: [
          'spec.cloudInit.userData: cannot be set together with userData (both give the user data: keep one)',
        ],
      },
      {
        name: 'machineImage and operatingSystem.image together',
        base: vm,
        set: { 'spec.machineImage': 'ubuntu-20.04' },
        want: [
          'spec.operatingSystem.image.url: "ubuntu-2204-cloudinit" cannot be set together with machineImage (both choose the image: keep one)',
        ],
      },
      {
        name: 'an operating system type in the wrong case',
        base: vm,
        set: { 'spec.operatingSystem.type': 'Linux' },
        want: [
          'spec.operatingSystem.type: "Linux" is not one of the allowed values (allowed: linux, windows, or freebsd); did you mean "linux"?',
        ],
      },
      {
        name: 'an unknown boot device',
        base: vm,
        set: { 'spec.boot.order': ['disk', 'floppy'] },
        want: [
          'spec.boot.order[1]: "floppy" is not one of the allowed values (allowed: disk, network, or cdrom)',
        ],
      },
      {
        name: 'secure boot on BIOS firmware',
        base: vm,
        set: { 'spec.boot.firmware.type': 'bios' },
        want: [
          'spec.boot.firmware.secureBoot: true requires firmware type "uefi", but firmware type is "bios" (set type: uefi, or turn secureBoot off)',
        ],
      },
      {
        name: 'secure boot without a firmware type',
        base: vm,
        del: ['spec.boot.firmware.type'],
        want: [
          'spec.boot.firmware.secureBoot: true requires firmware type "uefi", but firmware type is not set (set type: uefi, or turn secureBoot off)',
        ],
      },
      {
        name: 'a dedicated host ID without host tenancy',
        base: bastion,
        set: { 'spec.placement': { tenancy: 'dedicated', hostId: 'h-0123' } },
        want: [
          'spec.placement.hostId: "h-0123" requires tenancy "host", but tenancy is "dedicated" (set tenancy: host, or remove hostId)',
        ],
      },
      {
        name: 'an environment variable with value and valueFrom, without showing the value',
        base: bastion,
        set: {
          'spec.environment': [
            {
              name: 'DB_PASSWORD',
              value: 's3cret',
              valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } },
            },
          ],
        },
        want: ['spec.environment[0].valueFrom: cannot be set together with value (keep one)'],
      },
      {
        name: 'a valueFrom with two sources',
        base: bastion,
        set: {
          'spec.environment': [
            {
              name: 'X',
              valueFrom: {
                fieldRef: { fieldPath: 'metadata.name' },
                configMapKeyRef: { name: 'c', key: 'k' },
              },
            },
          ],
        },
        want: [
          'spec.environment[0].valueFrom: must set exactly one of secretKeyRef, configMapKeyRef or fieldRef (configMapKeyRef and fieldRef are set)',
        ],
      },
      {
        name: 'a tcp health check without a port',
        base: bastion,
        set: { 'spec.healthCheck': { enabled: true, checks: [{ name: 'ssh', type: 'tcp' }] } },
        want: ['spec.healthCheck.checks[0].config.port: is required for a tcp check'],
      },
      {
        name: 'a backup schedule that is not cron',
        base: bastion,
        set: { 'spec.backup': { enabled: true, schedule: 'daily', retention: '30d' } },
        want: [
          'spec.backup.schedule: "daily" is not a valid cron schedule: it has 1 fields, not 5 (expected five fields like "0 2 * * *")',
        ],
      },
      {
        name: 'a toleration with operator Exists and a value',
        base: bastion,
        set: {
          'spec.scheduling.tolerations': [
            { key: 'k', operator: 'Exists', value: 'v', effect: 'NoSchedule' },
          ],
        },
        want: [
          'spec.scheduling.tolerations[0].value: "v" must be empty when operator is Exists (remove value, or use operator: Equal)',
        ],
      },
      {
        name: 'a status phase outside the documented ones',
        base: vm,
        set: { status: { phase: 'Ready' } },
        want: [
          'status.phase: "Ready" is not one of the allowed values (allowed: Pending, Provisioning, Running, Failed, or Terminating)',
        ],
      },
    ];
    itRejects(kind, cases, (got) => {
      assert.ok(!got.join('\n').includes('hunter2') && !got.join('\n').includes('s3cret'));
    });
  });

  it('describes every spec field for kubectl explain', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as { description?: string; properties?: object; items?: unknown };
      if (!n.description) missing.push(path);
      for (const [k, v] of Object.entries(n.properties ?? {})) walk(v, `${path}.${k}`);
      if (n.items) walk(n.items, `${path}[]`);
    };
    walk(machineKind.spec.openapi(), 'spec');
    walk(machineKind.status.openapi(), 'status');
    assert.deepEqual(missing, []);
  });
});
