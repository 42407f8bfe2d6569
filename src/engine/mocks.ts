// Pulumi mocks for the offline render, the tests and the benchmarks: deterministic fake ids, ARNs,
// IPs and DNS names, and a record of every resource (type, name, inputs, parent, dependencies).
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
  readonly id?: string;
  /** URN of the parent resource ('' for top-level ones). */
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly provider?: string;
}

export interface RecordedCall {
  readonly token: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export const FAKE_ACCOUNT = '123456789012';

/** A short stable hex digest of the parts. */
export function fakeHex(parts: readonly string[], length = 8): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

function ipFromHash(hex: string, prefix: string): string {
  const n = parseInt(hex.slice(0, 4), 16);
  return `${prefix}.${(n >> 8) % 254 || 1}.${(n & 0xff) % 253 || 10}`;
}

/** The resource type part of a token: `aws:ec2/vpc:Vpc` -> `Vpc`. */
function shortType(type: string): string {
  return type.split(':').pop() ?? type;
}

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

/** Outputs the cloud would compute, made up deterministically from type, name and inputs. */
/** An address inside an IPv4 CIDR, picked by the hash (skipping the first 10 and the last). */
function ipInCidr(cidr: string, hex: string): string | undefined {
  const [base, prefixText] = cidr.split('/');
  const octets = (base ?? '').split('.').map(Number);
  const prefix = Number(prefixText);
  if (octets.length !== 4 || !Number.isInteger(prefix) || prefix > 30) return undefined;
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const host = 10 + (parseInt(hex.slice(0, 6), 16) % Math.max(1, size - 11));
  const v = start + host;
  return [24, 16, 8, 0].map((sh) => Math.floor(v / 2 ** sh) % 256).join('.');
}

export function fakeState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  region: string,
  subnetCidr?: string,
): { id: string; state: Record<string, unknown> } {
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
    default:
      break;
  }
  return { id, state };
}

/** Fake answers for provider functions (data sources) the programs call. */
export function fakeCall(
  token: string,
  inputs: Record<string, unknown>,
  region: string,
): Record<string, unknown> {
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
      return { ...inputs };
  }
}

interface MonitorRequest {
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean;
  getType(): string;
  getName(): string;
}
interface MonitorResponse {
  getUrn(): string;
}
interface Monitor {
  registerResource(req: MonitorRequest, cb: (err: unknown, res?: MonitorResponse) => void): unknown;
}

/**
 * Mocks that record everything. `install()` calls `setMocks` (a fresh run each time) and wraps
 * the mock monitor so that parents and dependencies, which mocks do not receive, are recorded.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  /** Subnets by fake id, so instances get an address and a zone of their subnet. */
  private readonly subnets = new Map<string, { cidr: string; zone?: string }>();
  private readonly extra = new Map<
    string,
    { parent: string; dependencies: string[]; protect: boolean }
  >();
  private readonly pending: Omit<
    RecordedResource,
    'urn' | 'parent' | 'dependencies' | 'protect'
  >[] = [];

  constructor(readonly region = 'us-west-2') {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    if (args.custom === false) {
      this.pending.push({ type: args.type, name: args.name, custom: false, inputs, state: {} });
      return { id: undefined, state: {} };
    }
    const subnet =
      typeof inputs.subnetId === 'string' ? this.subnets.get(inputs.subnetId) : undefined;
    const placed =
      subnet?.zone !== undefined && inputs.availabilityZone === undefined
        ? { ...inputs, availabilityZone: subnet.zone }
        : inputs;
    const { id, state } = fakeState(args.type, args.name, placed, this.region, subnet?.cidr);
    if (args.type === 'aws:ec2/subnet:Subnet' && typeof inputs.cidrBlock === 'string') {
      const zone =
        typeof inputs.availabilityZone === 'string' ? inputs.availabilityZone : undefined;
      this.subnets.set(id, { cidr: inputs.cidrBlock, ...(zone !== undefined ? { zone } : {}) });
    }
    this.pending.push({
      type: args.type,
      name: args.name,
      custom: true,
      inputs,
      state,
      id: args.id !== undefined && args.id !== '' ? args.id : id,
      ...(args.provider !== undefined && args.provider !== '' ? { provider: args.provider } : {}),
    });
    return { id: args.id !== undefined && args.id !== '' ? args.id : id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    this.calls.push({ token: args.token, inputs });
    return fakeCall(args.token, inputs, this.region);
  }

  /** Starts a fresh mocked run for project/stack and hooks the monitor. */
  async install(project = 'vitistack', stack = 'test', preview = false): Promise<void> {
    await pulumi.runtime.setMocks(this, project, stack, preview);
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
      original(req, (err, res) => {
        if (!err && res) {
          this.extra.set(res.getUrn(), {
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            protect: req.getProtect(),
          });
          this.settle(res.getUrn(), req.getType(), req.getName());
        }
        cb(err, res);
      });
  }

  private settle(urn: string, type: string, name: string): void {
    const i = this.pending.findIndex((p) => p.type === type && p.name === name);
    if (i < 0) return;
    const [p] = this.pending.splice(i, 1);
    const extra = this.extra.get(urn);
    if (!p || !extra) return;
    this.resources.push({ ...p, urn, ...extra });
  }

  byType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  one(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.byType(type).map((r) => r.name);
      throw new Error(`no ${type} named ${name} (have: ${names.join(', ') || 'none'})`);
    }
    return found;
  }

  /** Resource counts by type token. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.resources) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
  }
}

/** Resolves an Output (or plain value) under mocks, for tests and the offline render. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((v) => {
      resolve(v as T);
      return v;
    });
  });
}
