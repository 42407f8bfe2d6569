// Fake state of AWS resources and answers of AWS functions for the mocks (see mocks.ts).
import {
  FAKE_ACCOUNT,
  fakeHex,
  ipFromHash,
  ipInCidr,
  shortType,
  type CloudMocks,
  type FakeState,
  type MockContext,
} from './mock-values';

const ID_PREFIX: Record<string, string> = {
  'aws:ec2/vpc:Vpc': 'vpc',
  'aws:ec2/subnet:Subnet': 'subnet',
  'aws:ec2/internetGateway:InternetGateway': 'igw',
  'aws:ec2/natGateway:NatGateway': 'nat',
  'aws:ec2/eip:Eip': 'eipalloc',
  'aws:ec2/routeTable:RouteTable': 'rtb',
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 'rtbassoc',
  'aws:ec2/securityGroup:SecurityGroup': 'sg',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'sgr',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 'sgr',
  'aws:ec2/instance:Instance': 'i',
  'aws:ebs/volume:Volume': 'vol',
  'aws:ec2/keyPair:KeyPair': 'key',
  'aws:ec2/flowLog:FlowLog': 'fl',
  'aws:route53/zone:Zone': 'Z',
};

/** ARN services by token module, for resources whose ARN the program reads. */
function fakeArn(type: string, name: string, id: string, region: string): string | undefined {
  const [pkg, mod] = type.split(':');
  if (pkg !== 'aws' || mod === undefined) return undefined;
  const service = mod.split('/')[0] ?? mod;
  const kind = shortType(type).toLowerCase();
  if (service === 'iam') return `arn:aws:iam::${FAKE_ACCOUNT}:${kind}/${name}`;
  if (service === 's3') return `arn:aws:s3:::${id}`;
  const svc = service === 'lb' ? 'elasticloadbalancing' : service;
  return `arn:aws:${svc}:${region}:${FAKE_ACCOUNT}:${kind}/${id}`;
}

function awsState(
  type: string,
  name: string,
  given: Record<string, unknown>,
  ctx: MockContext,
): FakeState {
  const region = ctx.region;
  const subnet = typeof given.subnetId === 'string' ? ctx.subnets.get(given.subnetId) : undefined;
  const subnetCidr = subnet?.cidr;
  const inputs =
    subnet?.zone !== undefined && given.availabilityZone === undefined
      ? { ...given, availabilityZone: subnet.zone }
      : given;
  const hex = fakeHex([type, name]);
  const prefix = ID_PREFIX[type];
  const id = prefix !== undefined ? `${prefix}-${hex}${fakeHex([name], 9)}` : `${name}-${hex}`;
  const state: Record<string, unknown> = { ...inputs };
  const arn = fakeArn(type, name, id, region);
  if (arn !== undefined && state.arn === undefined) state.arn = arn;
  switch (type) {
    case 'aws:ec2/instance:Instance': {
      const inSubnet = subnetCidr !== undefined ? ipInCidr(subnetCidr, hex) : undefined;
      const privateIp =
        typeof inputs.privateIp === 'string'
          ? inputs.privateIp
          : (inSubnet ?? ipFromHash(hex, '10.0'));
      state.privateIp = privateIp;
      state.privateDns = `ip-${privateIp.replace(/\./g, '-')}.${region}.compute.internal`;
      if (inputs.associatePublicIpAddress === true) {
        const publicIp = ipFromHash(fakeHex([name, 'public']), '203.0');
        state.publicIp = publicIp;
        state.publicDns = `ec2-${publicIp.replace(/\./g, '-')}.${region}.compute.amazonaws.com`;
      } else {
        state.publicIp = '';
        state.publicDns = '';
      }
      state.instanceState = 'running';
      state.availabilityZone =
        typeof inputs.availabilityZone === 'string' ? inputs.availabilityZone : `${region}a`;
      state.rootBlockDevice = {
        ...(typeof inputs.rootBlockDevice === 'object' ? inputs.rootBlockDevice : {}),
        volumeId: `vol-${fakeHex([name, 'root'], 17)}`,
      };
      state.primaryNetworkInterfaceId = `eni-${hex}`;
      break;
    }
    case 'aws:lb/loadBalancer:LoadBalancer':
      state.dnsName = `${name}-${hex}.elb.${region}.amazonaws.com`;
      state.zoneId = 'Z1H1FL5HABSF5';
      break;
    case 'aws:eks/cluster:Cluster':
      state.endpoint = `https://${hex.toUpperCase()}${fakeHex([name, 'ep'], 24).toUpperCase()}.gr7.${region}.eks.amazonaws.com`;
      state.certificateAuthority = {
        data: Buffer.from(
          `-----BEGIN CERTIFICATE-----\nFAKE-${hex}\n-----END CERTIFICATE-----\n`,
        ).toString('base64'),
      };
      state.identities = [
        {
          oidcs: [
            {
              issuer: `https://oidc.eks.${region}.amazonaws.com/id/${fakeHex([name, 'oidc'], 32).toUpperCase()}`,
            },
          ],
        },
      ];
      state.status = 'ACTIVE';
      state.version = typeof inputs.version === 'string' ? inputs.version : '1.30';
      break;
    case 'aws:eks/nodeGroup:NodeGroup':
      state.status = 'ACTIVE';
      break;
    case 'aws:ec2/natGateway:NatGateway':
      state.publicIp = ipFromHash(fakeHex([name, 'nat']), '198.51');
      break;
    case 'aws:route53/zone:Zone':
      state.zoneId = id;
      state.nameServers = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.net'];
      break;
    case 'aws:kms/key:Key':
      state.keyId = `${fakeHex([name], 8)}-${fakeHex([name, '1'], 4)}-${fakeHex([name, '2'], 4)}-${fakeHex([name, '3'], 4)}-${fakeHex([name, '4'], 12)}`;
      state.arn = `arn:aws:kms:${region}:${FAKE_ACCOUNT}:key/${String(state.keyId)}`;
      break;
    case 'aws:s3/bucketV2:BucketV2':
    case 'aws:s3/bucket:Bucket':
      state.bucket = typeof inputs.bucket === 'string' ? inputs.bucket : `${name}-${hex}`;
      state.arn = `arn:aws:s3:::${String(state.bucket)}`;
      break;
    case 'aws:ec2/subnet:Subnet':
      if (typeof inputs.cidrBlock === 'string') {
        const zone =
          typeof inputs.availabilityZone === 'string' ? inputs.availabilityZone : undefined;
        ctx.subnets.set(id, { cidr: inputs.cidrBlock, ...(zone !== undefined ? { zone } : {}) });
      }
      break;
    default:
      break;
  }
  return { id, state };
}

function awsCall(
  token: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): Record<string, unknown> | undefined {
  const region = ctx.region;
  switch (token) {
    case 'aws:index/getAvailabilityZones:getAvailabilityZones':
      return {
        names: [`${region}a`, `${region}b`, `${region}c`],
        zoneIds: ['use1-az1', 'use1-az2', 'use1-az3'],
      };
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        accountId: FAKE_ACCOUNT,
        arn: `arn:aws:iam::${FAKE_ACCOUNT}:user/vitistack`,
        userId: 'AIDAFAKE',
      };
    case 'aws:index/getRegion:getRegion':
      return { name: region, region, id: region };
    case 'aws:index/getPartition:getPartition':
      return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
    case 'aws:eks/getClusterAuth:getClusterAuth':
      return {
        id: typeof inputs.name === 'string' ? inputs.name : '',
        name: inputs.name,
        token: `k8s-aws-v1.fake-${fakeHex([String(inputs.name)], 16)}`,
      };
    case 'aws:iam/getPolicyDocument:getPolicyDocument':
      return {
        json: JSON.stringify({ Version: '2012-10-17', Statement: inputs.statements ?? [] }),
      };
    default:
      return undefined;
  }
}

export const AWS_MOCKS: CloudMocks = { pkg: 'aws', state: awsState, call: awsCall };
