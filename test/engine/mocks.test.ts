import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap } from '../../src/engine/mocks';

describe('RecordingMocks', () => {
  it('records resources with parents and dependencies, and fakes cloud outputs deterministically', async () => {
    const mocks = new RecordingMocks('us-west-2');
    await mocks.install('vitistack', 'prod.dc');
    const aws = await import('@pulumi/aws');
    class Box extends pulumi.ComponentResource {
      readonly vpcId: pulumi.Output<string>;
      readonly ip: pulumi.Output<string>;
      constructor(name: string) {
        super('vitistack:test:Box', name, {}, {});
        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: '10.0.0.0/16' }, { parent: this });
        const inst = new aws.ec2.Instance(
          `${name}-vm`,
          { ami: 'ami-1', instanceType: 't3.micro', associatePublicIpAddress: true },
          { parent: this, dependsOn: [vpc] },
        );
        this.vpcId = vpc.id;
        this.ip = inst.publicIp;
        this.registerOutputs({ vpcId: this.vpcId, ip: this.ip });
      }
    }
    const box = new Box('b');
    const [vpcId, ip] = await Promise.all([unwrap(box.vpcId), unwrap(box.ip)]);
    assert.match(vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.match(ip, /^203\.0\.\d+\.\d+$/);
    const vm = mocks.one('aws:ec2/instance:Instance', 'b-vm');
    const component = mocks.one('vitistack:test:Box', 'b');
    const vpc = mocks.one('aws:ec2/vpc:Vpc', 'b-vpc');
    assert.equal(vm.parent, component.urn);
    assert.deepEqual(vm.dependencies, [vpc.urn]);
    assert.equal(vpc.inputs.cidrBlock, '10.0.0.0/16');
    assert.deepEqual(mocks.counts(), {
      'vitistack:test:Box': 1,
      'aws:ec2/vpc:Vpc': 1,
      'aws:ec2/instance:Instance': 1,
    });
    // Same names, same fake ids: renders are reproducible.
    const again = new RecordingMocks('us-west-2');
    assert.equal(
      again.newResource({ type: 'aws:ec2/vpc:Vpc', name: 'b-vpc', inputs: {} }).id,
      vpcId,
    );
  });
});
