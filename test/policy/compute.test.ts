import { strict as assert } from 'node:assert';
import {
  allowedInstanceTypes,
  COMPUTE_POLICIES,
  globPattern,
  publicIpOnlyWhenRequested,
} from '../../src/policy/compute';
import {
  awsProductionResources,
  runOnAwsProduction,
  runResource,
  shapeProblems,
  UNKNOWN_VALUE,
  resourceCases,
} from './harness';

const INSTANCE = 'aws:ec2/instance:Instance';
const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const AZURE_VM = 'azure-native:compute:VirtualMachine';
const GCE = 'gcp:compute/instance:Instance';
const GKE_POOL = 'gcp:container/nodePool:NodePool';
const EIP = 'aws:ec2/eip:Eip';
const NIC = 'azure-native:network:NetworkInterface';

describe('policy/compute', () => {
  it('every policy has the shape STYLE rule 17 asks for', () => {
    for (const p of COMPUTE_POLICIES) assert.deepEqual(shapeProblems(p), [], p.name);
  });

  describe('allowed-instance-types', () => {
    it('turns globs into whole-name, case-insensitive patterns', () => {
      assert.equal(globPattern('m5.*').test('m5.large'), true);
      assert.equal(globPattern('m5.*').test('m5a.large'), false);
      assert.equal(globPattern('t3.micro').test('t3.micro.x'), false);
      assert.equal(globPattern('standard_d*s_v5').test('Standard_D4s_v5'), true);
    });

    const cases: {
      name: string;
      type: string;
      props: Record<string, unknown>;
      allowed: string[];
      messages: string[];
    }[] = [
      {
        name: 'passes an EC2 instance of an allowed family',
        type: INSTANCE,
        props: { instanceType: 'm5.large' },
        allowed: ['m5.*', 't3.micro'],
        messages: [],
      },
      {
        name: 'reports an EC2 instance of another type',
        type: INSTANCE,
        props: { instanceType: 'p4d.24xlarge' },
        allowed: ['m5.*', 't3.micro'],
        messages: [
          `${INSTANCE} r: instanceType "p4d.24xlarge" must match one of the allowed types (m5.*, t3.micro); pick an allowed type in the Machine's spec.instanceType, or add it to the policy's allowedTypes.`,
        ],
      },
      {
        name: 'reports the one disallowed type of an EKS node group',
        type: NODE_GROUP,
        props: { instanceTypes: ['m5.large', 'c5.xlarge'] },
        allowed: ['m5.*'],
        messages: [
          `${NODE_GROUP} r: instanceTypes[1] "c5.xlarge" must match one of the allowed types (m5.*); pick an allowed type in spec.eks.nodeGroups[].instanceType of the KubernetesProvider, or add it to the policy's allowedTypes.`,
        ],
      },
      {
        name: 'passes an Azure VM size regardless of case',
        type: AZURE_VM,
        props: { hardwareProfile: { vmSize: 'Standard_D4s_v5' } },
        allowed: ['standard_d*s_v5'],
        messages: [],
      },
      {
        name: 'reads a GCE machine type given as a URL',
        type: GCE,
        props: { machineType: 'zones/europe-north1-a/machineTypes/n2-highmem-8' },
        allowed: ['e2-*'],
        messages: [
          `${GCE} r: machineType "zones/europe-north1-a/machineTypes/n2-highmem-8" must match one of the allowed types (e2-*); pick an allowed type in the Machine's spec.instanceType, or add it to the policy's allowedTypes.`,
        ],
      },
      {
        name: 'reports a GKE node pool machine type',
        type: GKE_POOL,
        props: { nodeConfig: { machineType: 'n2-standard-4' } },
        allowed: ['e2-*'],
        messages: [
          `${GKE_POOL} r: nodeConfig.machineType "n2-standard-4" must match one of the allowed types (e2-*); pick an allowed type in spec.gke.nodePools[].machineType of the KubernetesProvider, or add it to the policy's allowedTypes.`,
        ],
      },
      {
        name: 'passes an instance type unknown during preview',
        type: INSTANCE,
        props: { instanceType: UNKNOWN_VALUE },
        allowed: ['m5.*'],
        messages: [],
      },
    ];
    resourceCases(
      allowedInstanceTypes,
      cases.map((tc) => ({
        name: tc.name,
        resource: { type: tc.type, name: 'r', props: tc.props },
        config: { allowedTypes: tc.allowed },
        messages: tc.messages,
      })),
    );

    it('is not applicable without allowedTypes', async () => {
      const o = await runResource(allowedInstanceTypes, {
        type: INSTANCE,
        name: 'r',
        props: { instanceType: 'p4d.24xlarge' },
      });
      assert.deepEqual(o.messages, []);
      assert.equal(o.notApplicable, 'no allowedTypes are configured');
    });

    it('passes stacks/aws-production with its provider types allowed', async () => {
      const o = await runOnAwsProduction(allowedInstanceTypes, {
        allowedTypes: ['m5.*', 't3.micro'],
      });
      assert.deepEqual(o.messages, []);
    });

    it('reports the bastion of stacks/aws-production when only m5 is allowed', async () => {
      const o = await runOnAwsProduction(allowedInstanceTypes, { allowedTypes: ['m5.*'] });
      assert.deepEqual(o.messages, [
        `${INSTANCE} bastion-host-instance: instanceType "t3.micro" must match one of the allowed types (m5.*); pick an allowed type in the Machine's spec.instanceType, or add it to the policy's allowedTypes.`,
      ]);
    });
  });

  describe('public-ip-only-when-requested', () => {
    const FIX =
      'vitistack sets it only for a Machine that asks for a public IP (spec.networking.publicIP: true): set that on the Machine if the address is intended, or remove the public address.';
    const cases: {
      name: string;
      type: string;
      props: Record<string, unknown>;
      messages: string[];
    }[] = [
      {
        name: 'passes an instance with a requested public IP',
        type: INSTANCE,
        props: {
          associatePublicIpAddress: true,
          tags: { Name: 'bastion', 'vitistack.io/public-ip': 'requested' },
        },
        messages: [],
      },
      {
        name: 'reports an instance with a public IP nobody asked for',
        type: INSTANCE,
        props: { associatePublicIpAddress: true, tags: { Name: 'app' } },
        messages: [
          `${INSTANCE} r: associatePublicIpAddress is true, so it must carry the tag vitistack.io/public-ip: requested (tags["vitistack.io/public-ip"] is not set); ${FIX}`,
        ],
      },
      {
        name: 'shows a wrong tag value',
        type: INSTANCE,
        props: { associatePublicIpAddress: true, tags: { 'vitistack.io/public-ip': 'yes' } },
        messages: [
          `${INSTANCE} r: associatePublicIpAddress is true, so it must carry the tag vitistack.io/public-ip: requested (tags["vitistack.io/public-ip"] is "yes"); ${FIX}`,
        ],
      },
      {
        name: 'passes an instance without a public IP',
        type: INSTANCE,
        props: { associatePublicIpAddress: false, tags: { Name: 'app' } },
        messages: [],
      },
      {
        name: 'passes an instance whose public IP setting is unknown during preview',
        type: INSTANCE,
        props: { associatePublicIpAddress: UNKNOWN_VALUE, tags: {} },
        messages: [],
      },
      {
        name: 'passes an instance whose tag is unknown during preview',
        type: INSTANCE,
        props: {
          associatePublicIpAddress: true,
          tags: { 'vitistack.io/public-ip': UNKNOWN_VALUE },
        },
        messages: [],
      },
      {
        name: 'reports an Elastic IP attached to an instance that is not yet known',
        type: EIP,
        props: { domain: 'vpc', instance: UNKNOWN_VALUE },
        messages: [
          `${EIP} r: the Elastic IP is attached through instance, so it must carry the tag vitistack.io/public-ip: requested (tags["vitistack.io/public-ip"] is not set); ${FIX}`,
        ],
      },
      {
        name: 'passes the Elastic IP of a NAT gateway',
        type: EIP,
        props: { domain: 'vpc', tags: { Name: 'nat-eip' } },
        messages: [],
      },
      {
        name: 'passes an Azure interface with a requested public IP (Azure tag key)',
        type: NIC,
        props: {
          ipConfigurations: [{ name: 'ip', publicIPAddress: { id: UNKNOWN_VALUE } }],
          tags: { 'vitistack.io-public-ip': 'requested' },
        },
        messages: [],
      },
      {
        name: 'reports an Azure interface with an unrequested public IP',
        type: NIC,
        props: {
          ipConfigurations: [
            { name: 'private', privateIPAddress: '10.1.0.4' },
            { name: 'public', publicIPAddress: { id: '/subscriptions/s/publicIPAddresses/p' } },
          ],
        },
        messages: [
          `${NIC} r: ipConfigurations[1].publicIPAddress is set, so it must carry the tag vitistack.io-public-ip: requested (tags["vitistack.io-public-ip"] is not set); ${FIX}`,
        ],
      },
      {
        name: 'passes a GCE instance with a requested access config (GCP label key)',
        type: GCE,
        props: {
          networkInterfaces: [{ network: 'default', accessConfigs: [{}] }],
          labels: { 'vitistack-io-public-ip': 'requested' },
        },
        messages: [],
      },
      {
        name: 'reports a GCE instance with an unrequested access config',
        type: GCE,
        props: { networkInterfaces: [{ network: 'default', accessConfigs: [{ natIp: '' }] }] },
        messages: [
          `${GCE} r: networkInterfaces[0].accessConfigs is set, so it must carry the label vitistack-io-public-ip: requested (labels["vitistack-io-public-ip"] is not set); ${FIX}`,
        ],
      },
    ];
    resourceCases(
      publicIpOnlyWhenRequested,
      cases.map((tc) => ({
        name: tc.name,
        resource: { type: tc.type, name: 'r', props: tc.props },
        messages: tc.messages,
      })),
    );

    it('passes stacks/aws-production, whose bastion asks for its public IP', async () => {
      const bastion = (await awsProductionResources()).find(
        (r) => r.name === 'bastion-host-instance',
      );
      assert.equal(bastion?.inputs.associatePublicIpAddress, true);
      const o = await runOnAwsProduction(publicIpOnlyWhenRequested);
      assert.deepEqual(o.messages, []);
    });
  });
});
