import { strict as assert } from 'node:assert';
import type * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';
import type { MachineArgs } from '../../../src/components/aws/machine';

const KMS = 'arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012';
const INSTANCE = 'aws:ec2/instance:Instance';
const VOLUME = 'aws:ebs/volume:Volume';
const ATTACH = 'aws:ec2/volumeAttachment:VolumeAttachment';

/** RecordingMocks whose instances report a zone (the shared mocks leave it unset). */
class ZonedMocks extends RecordingMocks {
  override newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const res = super.newResource(args);
    if (
      args.type === INSTANCE &&
      typeof (args.inputs as Record<string, unknown>).availabilityZone !== 'string'
    ) {
      (res.state as Record<string, unknown>).availabilityZone = 'us-west-2c';
    }
    return res;
  }
}

const SIG_KEY = '4dabf18193072939515e22adb298388d';
function isSecretInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null && SIG_KEY in v;
}

function base(over: Partial<MachineArgs> = {}): MachineArgs {
  return {
    name: 'web-01',
    instanceType: 't3.micro',
    ami: 'ami-0c55b159cbfafe1d0',
    subnetId: 'subnet-12345678',
    securityGroupIds: ['sg-12345678'],
    rootVolume: { sizeGiB: 20 },
    tags: { team: 'platform' },
    ...over,
  };
}

describe('Machine', () => {
  const mocks = new ZonedMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/machine');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/machine.js');
  });

  describe('a machine with a KMS-encrypted root, two data volumes, a key and user data', () => {
    let m: InstanceType<typeof mod.Machine>;
    before(async () => {
      m = new mod.Machine(
        'web',
        base({
          associatePublicIp: true,
          rootVolume: { sizeGiB: 30, type: 'gp3', iops: 4000, throughput: 250, kmsKeyArn: KMS },
          volumes: [
            { name: 'data', sizeGiB: 100, kmsKeyArn: KMS },
            { name: 'logs', sizeGiB: 50, type: 'io2', iops: 5000, deviceName: '/dev/sdf' },
            { name: 'scratch', sizeGiB: 10, type: 'st1', encrypted: true },
          ],
          sshPublicKey: {
            name: 'ops',
            publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ops@example',
          },
          userData: '#cloud-config\npassword: hunter2\n',
          spot: { maxPrice: '0.05' },
        }),
      );
      await settle();
    });

    it('encrypts the root volume with the KMS key and requires IMDSv2', () => {
      const inst = mocks.one(INSTANCE, 'web-instance');
      assert.deepEqual(inst.inputs.rootBlockDevice, {
        volumeSize: 30,
        volumeType: 'gp3',
        iops: 4000,
        throughput: 250,
        encrypted: true,
        kmsKeyId: KMS,
        deleteOnTermination: true,
        tags: { team: 'platform', Name: 'web-01-root' },
      });
      assert.deepEqual(inst.inputs.metadataOptions, {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
      });
      assert.equal(inst.inputs.ebsOptimized, true);
      assert.equal(inst.inputs.associatePublicIpAddress, true);
      assert.deepEqual(inst.inputs.vpcSecurityGroupIds, ['sg-12345678']);
      assert.equal(inst.inputs.subnetId, 'subnet-12345678');
      // It asked for a public IP: the tag says so (policy public-ip-only-when-requested).
      assert.deepEqual(inst.inputs.tags, {
        team: 'platform',
        Name: 'web-01',
        'vitistack.io/public-ip': 'requested',
      });
      assert.deepEqual(inst.inputs.instanceMarketOptions, {
        marketType: 'spot',
        spotOptions: { maxPrice: '0.05' },
      });
    });

    it('keeps user data secret and uses the imported key pair', () => {
      const inst = mocks.one(INSTANCE, 'web-instance');
      assert.ok(isSecretInput(inst.inputs.userData));
      const key = mocks.one('aws:ec2/keyPair:KeyPair', 'web-key');
      assert.equal(key.inputs.keyName, 'web-01-ops');
      assert.equal(inst.inputs.keyName, 'web-01-ops');
      assert.equal(key.parent, mocks.one('vitistack:aws:Machine', 'web').urn);
    });

    it('creates each volume encrypted in the instance zone and attaches it at a deterministic device', () => {
      const inst = mocks.one(INSTANCE, 'web-instance');
      const data = mocks.one(VOLUME, 'web-data');
      // No zone given: the volume takes the instance's zone (and so waits for the instance).
      assert.equal(data.inputs.availabilityZone, 'us-west-2c');
      assert.ok(data.dependencies.includes(inst.urn));
      assert.equal(mocks.one(VOLUME, 'web-logs').inputs.availabilityZone, 'us-west-2c');
      assert.deepEqual(
        {
          size: data.inputs.size,
          type: data.inputs.type,
          enc: data.inputs.encrypted,
          kms: data.inputs.kmsKeyId,
        },
        { size: 100, type: 'gp3', enc: true, kms: KMS },
      );
      assert.deepEqual(data.inputs.tags, { team: 'platform', Name: 'web-01-data' });
      const logs = mocks.one(VOLUME, 'web-logs');
      assert.equal(logs.inputs.iops, 5000);
      assert.equal(logs.inputs.encrypted, true);
      assert.equal(logs.inputs.kmsKeyId, undefined);
      // /dev/sdf is taken explicitly by "logs", so "data" and "scratch" get the next free names.
      const devices = ['data', 'logs', 'scratch'].map(
        (v) => mocks.one(ATTACH, `web-${v}-attachment`).inputs.deviceName,
      );
      assert.deepEqual(devices, ['/dev/sdg', '/dev/sdf', '/dev/sdh']);
      const attach = mocks.one(ATTACH, 'web-data-attachment');
      assert.equal(attach.inputs.instanceId, inst.id);
      assert.equal(attach.inputs.volumeId, data.id);
      assert.equal(attach.inputs.stopInstanceBeforeDetaching, true);
    });

    it('parents every resource to the component', () => {
      const comp = mocks.one('vitistack:aws:Machine', 'web').urn;
      for (const r of mocks.resources.filter((r) => r.name.startsWith('web-'))) {
        assert.equal(r.parent, comp, r.name);
      }
    });

    it('outputs addresses, state and volume ids', async () => {
      const [id, ip, pub, dns, state, ids] = await Promise.all([
        unwrap(m.instanceId),
        unwrap(m.privateIp),
        unwrap(m.publicIp),
        unwrap(m.publicDns),
        unwrap(m.state),
        unwrap(m.volumeIds),
      ]);
      assert.match(id, /^i-[0-9a-f]{17}$/);
      assert.match(ip, /^10\.0\.\d+\.\d+$/);
      assert.match(pub, /^203\.0\./);
      assert.match(dns, /\.us-west-2\.compute\.amazonaws\.com$/);
      assert.equal(state, 'running');
      assert.deepEqual(Object.keys(ids), ['data', 'logs', 'scratch']);
      assert.equal(ids.data, mocks.one(VOLUME, 'web-data').id);
      assert.equal(await unwrap(m.availabilityZone), 'us-west-2c');
    });
  });

  it('uses a known zone for the volumes and an existing key pair, with secure defaults', async () => {
    const m = new mod.Machine(
      'db',
      base({
        name: 'db-01',
        availabilityZone: 'us-west-2b',
        keyPairName: 'shared-ops',
        volumes: [{ name: 'pg', sizeGiB: 200 }],
      }),
    );
    await settle();
    assert.equal(await unwrap(m.availabilityZone), 'us-west-2b');
    const inst = mocks.one(INSTANCE, 'db-instance');
    assert.equal(inst.inputs.keyName, 'shared-ops');
    assert.equal(inst.inputs.associatePublicIpAddress, false);
    assert.equal((inst.inputs.tags as Record<string, string>)['vitistack.io/public-ip'], undefined);
    assert.equal(inst.inputs.monitoring, false);
    assert.equal(inst.inputs.instanceMarketOptions, undefined);
    assert.deepEqual(inst.inputs.rootBlockDevice, {
      volumeSize: 20,
      volumeType: 'gp3',
      encrypted: true,
      deleteOnTermination: true,
      tags: { team: 'platform', Name: 'db-01-root' },
    });
    const pg = mocks.one(VOLUME, 'db-pg');
    assert.equal(pg.inputs.availabilityZone, 'us-west-2b');
    assert.equal(inst.inputs.availabilityZone, 'us-west-2b');
    // A known zone lets the volume be created alongside the instance.
    assert.ok(!pg.dependencies.includes(inst.urn));
    assert.equal(pg.inputs.encrypted, true);
    assert.equal(mocks.one(ATTACH, 'db-pg-attachment').inputs.deviceName, '/dev/sdf');
    assert.equal(
      mocks.byType('aws:ec2/keyPair:KeyPair').filter((k) => k.name.startsWith('db')).length,
      0,
    );
  });

  describe('validateMachineArgs', () => {
    const cases: { name: string; over: Partial<MachineArgs>; want: string[] }[] = [
      { name: 'valid args', over: {}, want: [] },
      {
        name: 'sizes must be positive',
        over: { rootVolume: { sizeGiB: 0 }, volumes: [{ name: 'data', sizeGiB: -5 }] },
        want: [
          'rootVolume.sizeGiB: 0 must be a whole number greater than 0; give the disk size in GiB, e.g. 20.',
          'volumes[0].sizeGiB: -5 must be a whole number greater than 0; give the disk size in GiB, e.g. 20.',
        ],
      },
      {
        name: 'iops only for io1/io2/gp3, required for io1/io2; throughput only for gp3',
        over: {
          rootVolume: { sizeGiB: 20, type: 'gp2', iops: 3000, throughput: 200 },
          volumes: [{ name: 'fast', sizeGiB: 50, type: 'io1' }],
        },
        want: [
          'rootVolume.iops: 3000 is only allowed for volume types io1, io2, gp3 (type is "gp2"); remove iops or change the type.',
          'rootVolume.throughput: 200 is only allowed for volume type gp3 (type is "gp2"); remove throughput or use gp3.',
          'volumes[0].iops: is required for volume type "io1"; give the provisioned IOPS.',
        ],
      },
      {
        name: 'volume names are unique',
        over: {
          volumes: [
            { name: 'data', sizeGiB: 1 },
            { name: 'data', sizeGiB: 2 },
          ],
        },
        want: [
          'volumes[1].name: "data" is used by volumes[0] too; give each volume a unique name.',
        ],
      },
      {
        name: 'a KMS key with encryption off',
        over: { rootVolume: { sizeGiB: 20, encrypted: false, kmsKeyArn: KMS } },
        want: [
          'rootVolume.kmsKeyArn: a KMS key is given while encrypted is false; set encrypted to true or remove kmsKeyArn.',
        ],
      },
      {
        name: 'device names: invalid and duplicated',
        over: {
          volumes: [
            { name: 'a', sizeGiB: 1, deviceName: '/dev/sda1' },
            { name: 'b', sizeGiB: 1, deviceName: '/dev/sdg' },
            { name: 'c', sizeGiB: 1, deviceName: '/dev/sdg' },
          ],
        },
        want: [
          'volumes[0].deviceName: "/dev/sda1" is not an EBS device name; use /dev/sdf to /dev/sdz.',
          'volumes[2].deviceName: "/dev/sdg" is used by volumes[1] too; give each volume its own device name.',
        ],
      },
      {
        name: 'exclusive options and bad values',
        over: {
          ami: 'ubuntu',
          userData: 'a',
          userDataBase64: 'YQ==',
          keyPairName: 'k',
          sshPublicKey: { name: 'ops', publicKey: 'not a key' },
          spot: { maxPrice: '$0.01' },
        },
        want: [
          'ami: "ubuntu" is not an AMI id; use a form like "ami-0c55b159cbfafe1d0".',
          'userData: cannot be set together with userDataBase64; keep one.',
          'sshPublicKey: cannot be set together with keyPairName "k"; import a key or use an existing key pair, not both.',
          'sshPublicKey.publicKey: is not an OpenSSH public key; use the one-line form "ssh-ed25519 AAAA... comment".',
          'spot.maxPrice: "$0.01" is not a price; give USD per hour like "0.05".',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateMachineArgs(base(tc.over)), tc.want);
      });
    }

    it('checks tags like every AWS component', () => {
      assert.deepEqual(mod.validateMachineArgs(base({ tags: { 'aws:owner': 'me' } })), [
        'tags["aws:owner"]: "aws:owner" uses the prefix "aws:", which AWS reserves; choose another key.',
      ]);
    });

    it('runs out of device names after 21 volumes', () => {
      const volumes = Array.from({ length: 22 }, (_, i) => ({ name: `v${i}`, sizeGiB: 1 }));
      assert.deepEqual(mod.validateMachineArgs(base({ volumes })), [
        'volumes[21].deviceName: no free device name is left (at most 21 volumes); set deviceName explicitly or use fewer volumes.',
      ]);
    });

    it('the constructor throws before creating resources and never shows user data', () => {
      const count = mocks.resources.length;
      assert.throws(
        () =>
          new mod.Machine(
            'bad',
            base({ name: 'bad-01', rootVolume: { sizeGiB: 0 }, userData: 'token=s3cr3t' }),
          ),
        (err: Error) =>
          err.message.startsWith(
            'Machine "bad-01" has invalid arguments:\n  - rootVolume.sizeGiB: 0 must be',
          ) && !err.message.includes('s3cr3t'),
      );
      assert.equal(mocks.resources.length, count);
    });
  });
});
