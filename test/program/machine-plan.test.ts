// The cloud-neutral machine plan: disk sizes with the provider's defaults, encryption and keys,
// the SSH key and the cloud-init document every cloud maps onto its own machines.
import { strict as assert } from 'node:assert';
import { DEFAULT_ROOT_GIB, machinePlan } from '../../src/program/machine-plan';
import { awsProvider, docs, machine, objectsOf, resolve, vitistack } from '../model/helpers';

const STORAGE = `    storage: {defaultVolumeType: gp3, defaultVolumeSize: 40Gi, encryption: true, kmsKeyId: alias/provider-key}`;

function planOf(machineSpec: string, providerExtra = STORAGE) {
  const model = resolve(
    objectsOf(
      docs(
        vitistack('web', '[{name: aws}]'),
        awsProvider('aws', 'production', providerExtra),
        machine('vm', 'aws', machineSpec),
      ),
    ),
    'production/web',
  );
  const [m] = model.machines;
  const [p] = model.machineProviders;
  assert.ok(m && p);
  return machinePlan(m, p);
}

describe('machine plan', () => {
  it("takes the provider's default size, type, encryption and key for a root disk it does not describe", () => {
    assert.deepEqual(planOf('  instanceType: m5.large').root, {
      name: 'root',
      sizeGiB: 40,
      type: 'gp3',
      encrypted: true,
      kmsKeyId: 'alias/provider-key',
    });
  });

  it('falls back to 20 GiB when neither the machine nor the provider names a size', () => {
    assert.equal(planOf('  instanceType: m5.large', '').root.sizeGiB, DEFAULT_ROOT_GIB);
  });

  it("a machine's own root disk and volumes win; an unencrypted disk has no key", () => {
    const plan = planOf(`  instanceType: m5.large
  storage:
    rootVolume: {size: 100Gi, type: io2, iops: 4000, encryption: false}
    additionalVolumes:
      - {name: data, size: 500Gi, mountPath: /data}`);
    assert.deepEqual(plan.root, {
      name: 'root',
      sizeGiB: 100,
      type: 'io2',
      encrypted: false,
      iops: 4000,
    });
    assert.deepEqual(plan.volumes, [
      {
        name: 'data',
        sizeGiB: 500,
        type: 'gp3',
        encrypted: true,
        kmsKeyId: 'alias/provider-key',
        mountPath: '/data',
      },
    ]);
  });

  it('takes the first SSH public key, and a key pair only when no public key is given', () => {
    const withKey = planOf(`  instanceType: m5.large
  sshKeys:
    - {name: ops-pair, keyPairName: ops}
    - {name: admin, publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin@example.com'}`);
    assert.deepEqual(withKey.sshPublicKey, {
      name: 'admin',
      publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin@example.com',
    });
    assert.equal(withKey.keyPairName, undefined);
    const pairOnly = planOf(`  instanceType: m5.large
  sshKeys:
    - {name: ops-pair, keyPairName: ops}`);
    assert.equal(pairOnly.keyPairName, 'ops');
  });

  it('carries the cloud-init document, and none when the machine asks for nothing', () => {
    const plan = planOf(`  instanceType: m5.large
  userData: "#!/bin/sh\\necho hello\\n"`);
    assert.equal(plan.userData, '#!/bin/sh\necho hello\n');
    assert.equal(planOf('  instanceType: m5.large').userData, undefined);
  });
});
