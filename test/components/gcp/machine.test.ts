import { strict as assert } from 'node:assert';
import * as compute from '@pulumi/gcp/compute';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { MachineArgs } from '../../../src/components/gcp/machine';
import { isSecretInput, KEY, LABELS, PROJECT, REGION, secretValue, settle } from './helpers';

const INSTANCE = 'gcp:compute/instance:Instance';
const DISK = 'gcp:compute/disk:Disk';
const SUBNET_ID = `projects/${PROJECT}/regions/${REGION}/subnetworks/private-1`;
const SUBNET = `https://www.googleapis.com/compute/v1/${SUBNET_ID}`;
const POLICY = `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${REGION}/resourcePolicies/snapshots`;
const IMAGE = 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts';
const SA = `nodes@${PROJECT}.iam.gserviceaccount.com`;

function args(over: Partial<MachineArgs> = {}): MachineArgs {
  return {
    name: 'app-1',
    project: PROJECT,
    zone: `${REGION}-b`,
    machineType: 'e2-standard-2',
    image: IMAGE,
    subnetwork: SUBNET,
    serviceAccountEmail: SA,
    bootDisk: { sizeGb: 50 },
    labels: LABELS,
    ...over,
  };
}

describe('gcp Machine', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/machine');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/machine.js');
    // A subnetwork the mocks know, so the instance gets an address of its range.
    new compute.Subnetwork('private-1', {
      name: 'private-1',
      project: PROJECT,
      region: REGION,
      network: 'prod',
      ipCidrRange: '10.0.2.0/24',
    });
    await settle();
  });

  describe('a private machine with a CMEK boot disk, a data disk, snapshots and cloud-init', () => {
    let m: InstanceType<typeof mod.Machine>;
    before(async () => {
      m = new mod.Machine(
        'app-1',
        args({
          bootDisk: { sizeGb: 50, type: 'pd-ssd', kmsKeyId: KEY },
          dataDisks: [{ name: 'data', sizeGb: 100, kmsKeyId: KEY }],
          snapshotPolicy: POLICY,
          userData: '#cloud-config\npassword: hunter2\n',
          sshKeys: [{ user: 'vitistack', publicKey: 'ssh-ed25519 AAAAC3Nza ops@example\n' }],
          networkTags: ['vitistack', 'k8s-nodes'],
        }),
      );
      await settle();
    });

    it('makes each disk from the zone with the key and the snapshot schedule', () => {
      const boot = mocks.one(DISK, 'app-1-boot');
      assert.equal(boot.inputs.zone, `${REGION}-b`);
      assert.equal(boot.inputs.image, IMAGE);
      assert.equal(boot.inputs.size, 50);
      assert.equal(boot.inputs.type, 'pd-ssd');
      assert.deepEqual(boot.inputs.diskEncryptionKey, { kmsKeySelfLink: KEY });
      assert.deepEqual(boot.inputs.resourcePolicies, [POLICY]);
      assert.deepEqual(boot.inputs.labels, LABELS);
      const data = mocks.one(DISK, 'app-1-data');
      assert.equal(data.inputs.image, undefined);
      assert.equal(data.inputs.size, 100);
      assert.equal(data.inputs.type, 'pd-balanced');
      assert.deepEqual(data.inputs.diskEncryptionKey, { kmsKeySelfLink: KEY });
      assert.deepEqual(data.inputs.resourcePolicies, [POLICY]);
    });

    it('attaches the disks to the instance, which runs as the given service account', () => {
      const inst = mocks.one(INSTANCE, 'app-1-instance');
      assert.equal(inst.inputs.name, 'app-1');
      assert.equal(inst.inputs.machineType, 'e2-standard-2');
      assert.deepEqual(inst.inputs.bootDisk, {
        source: mocks.one(DISK, 'app-1-boot').state.selfLink,
        autoDelete: false,
      });
      assert.deepEqual(inst.inputs.attachedDisks, [
        {
          source: mocks.one(DISK, 'app-1-data').state.selfLink,
          deviceName: 'data',
          mode: 'READ_WRITE',
        },
      ]);
      assert.deepEqual(inst.inputs.serviceAccount, {
        email: SA,
        scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      });
      assert.deepEqual(inst.inputs.shieldedInstanceConfig, {
        enableSecureBoot: true,
        enableVtpm: true,
        enableIntegrityMonitoring: true,
      });
      assert.deepEqual(inst.inputs.tags, ['vitistack', 'k8s-nodes']);
    });

    it('has no external IP and gets an address of its subnetwork', async () => {
      const inst = mocks.one(INSTANCE, 'app-1-instance');
      assert.deepEqual(inst.inputs.networkInterfaces, [{ subnetwork: SUBNET }]);
      assert.match(await unwrap(m.privateIp), /^10\.0\.2\.\d+$/);
      assert.equal(await unwrap(m.publicIp), '');
      assert.equal(await unwrap(m.status), 'RUNNING');
      assert.equal(
        (inst.inputs.labels as Record<string, string>)['vitistack-io-public-ip'],
        undefined,
      );
    });

    it("keeps cloud-init secret and installs only this machine's SSH key", () => {
      const inst = mocks.one(INSTANCE, 'app-1-instance');
      assert.ok(isSecretInput(inst.inputs.metadata), 'metadata holding user-data is secret');
      assert.deepEqual(secretValue(inst.inputs.metadata), {
        'block-project-ssh-keys': 'TRUE',
        'ssh-keys': 'vitistack:ssh-ed25519 AAAAC3Nza ops@example',
        'user-data': '#cloud-config\npassword: hunter2\n',
      });
    });

    it('reports the ids of its disks', async () => {
      assert.equal(
        await unwrap(m.bootDiskId),
        `projects/${PROJECT}/zones/${REGION}-b/disks/app-1-boot`,
      );
      assert.deepEqual(await unwrap(m.dataDiskIds), {
        data: `projects/${PROJECT}/zones/${REGION}-b/disks/app-1-data`,
      });
    });
  });

  it('a public machine gets an ephemeral external IP, marked requested, and a static internal one', async () => {
    const m = new mod.Machine(
      'bastion',
      args({
        name: 'bastion',
        publicIp: true,
        networkIp: '10.0.2.5',
        startupScript: '#!/bin/sh\necho hi\n',
      }),
    );
    await settle();
    const inst = mocks.one(INSTANCE, 'bastion-instance');
    assert.deepEqual(inst.inputs.networkInterfaces, [
      { subnetwork: SUBNET, networkIp: '10.0.2.5', accessConfigs: [{ networkTier: 'PREMIUM' }] },
    ]);
    assert.equal(
      (inst.inputs.labels as Record<string, string>)['vitistack-io-public-ip'],
      'requested',
    );
    assert.equal(await unwrap(m.privateIp), '10.0.2.5');
    assert.match(await unwrap(m.publicIp), /^35\.228\.\d+\.\d+$/);
    assert.equal(
      (secretValue(inst.inputs.metadata) as Record<string, string>)['startup-script'],
      '#!/bin/sh\necho hi\n',
    );
  });

  describe('validateMachineArgs', () => {
    it('names each bad field with its value and the fix', () => {
      assert.deepEqual(
        mod.validateMachineArgs(
          args({
            name: 'App_1',
            zone: 'us-west1',
            machineType: 'm5.large',
            bootDisk: { sizeGb: 0, type: 'gp3' as 'pd-ssd', iops: 3000 },
            dataDisks: [
              { name: 'x', sizeGb: 10 },
              { name: 'x', sizeGb: 10 },
            ],
          }),
        ),
        [
          'name: "App_1" is not a GCP instance name (lowercase letters, digits and "-", starting with a letter, at most 63).',
          'zone: "us-west1" is not a GCP zone; use a form like "europe-north1-a".',
          'machineType: "m5.large" is not a GCP machine type; use a form like "e2-standard-2".',
          'bootDisk.sizeGb: 0 is not a whole number of GB from 1 to 65536.',
          'bootDisk.type: "gp3" is not a GCP disk type (allowed: pd-balanced, pd-ssd, pd-standard, pd-extreme, hyperdisk-balanced, hyperdisk-extreme, hyperdisk-throughput).',
          'bootDisk.iops: 3000 cannot be provisioned on gp3; use pd-extreme or a hyperdisk type.',
          'dataDisks[1].name: "x" is used by another disk of the machine.',
        ],
      );
    });
  });
});
