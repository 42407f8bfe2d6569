import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';
import type { EksClusterArgs } from '../../../src/components/aws/eks-cluster';

const KMS = 'arn:aws:kms:us-west-2:123456789012:key/12345678-1234-1234-1234-123456789012';
const CLUSTER = 'aws:eks/cluster:Cluster';
const NODE_GROUP = 'aws:eks/nodeGroup:NodeGroup';
const ATTACH = 'aws:iam/rolePolicyAttachment:RolePolicyAttachment';
const FAKE_TOKEN = 'k8s-aws-v1.ZmFrZS10b2tlbg';

/** RecordingMocks that answer aws.eks.getClusterAuth with a token. */
class AuthMocks extends RecordingMocks {
  /** Provider of each getClusterAuth call. */
  readonly authProviders: (string | undefined)[] = [];
  override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const res = super.call(args);
    if (args.token === 'aws:eks/getClusterAuth:getClusterAuth')
      this.authProviders.push(args.provider);
    return args.token === 'aws:eks/getClusterAuth:getClusterAuth'
      ? { ...res, token: FAKE_TOKEN }
      : res;
  }
}

interface Kubeconfig {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token?: string; exec?: { command: string; args: string[] } } }[];
  'current-context': string;
}

function base(over: Partial<EksClusterArgs> = {}): EksClusterArgs {
  return {
    clusterName: 'production-cluster',
    version: '1.30',
    region: 'us-west-2',
    subnetIds: ['subnet-12345678', 'subnet-87654321'],
    tags: { team: 'platform' },
    ...over,
  };
}

describe('EksCluster', () => {
  const mocks = new AuthMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/eks-cluster');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/eks-cluster.js');
  });

  describe('a public cluster with encryption, node groups, add-ons and admins (spec 000)', () => {
    let c: InstanceType<typeof mod.EksCluster>;
    before(async () => {
      c = new mod.EksCluster(
        'prod',
        base({
          securityGroupIds: ['sg-12345678'],
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
          publicAccessCidrs: ['203.0.113.0/24'],
          enabledLogTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
          secretsKmsKeyArn: KMS,
          serviceIpv4Cidr: '172.20.0.0/16',
          nodeGroups: [
            {
              nodeGroupName: 'system-nodes',
              instanceTypes: ['m5.large'],
              scaling: { min: 2, max: 4, desired: 2 },
              subnetIds: ['subnet-12345678', 'subnet-87654321'],
              labels: { 'node-type': 'system' },
              taints: [{ key: 'node-type', value: 'system', effect: 'NoSchedule' }],
            },
            {
              nodeGroupName: 'worker-nodes',
              instanceTypes: ['m5.xlarge'],
              capacityType: 'SPOT',
              scaling: { min: 1, max: 10, desired: 3 },
              subnetIds: ['subnet-12345678'],
              tags: { pool: 'workers' },
            },
          ],
          addons: [{ name: 'vpc-cni', version: 'v1.18.1-eksbuild.1' }, { name: 'coredns' }],
          accessAdmins: ['arn:aws:iam::123456789012:role/aws-admins'],
        }),
      );
      await unwrap(c.kubeconfig);
      await settle();
    });

    it('configures endpoint access, logs, secrets encryption and access mode', () => {
      const cl = mocks.one(CLUSTER, 'prod-cluster');
      assert.equal(cl.inputs.name, 'production-cluster');
      assert.equal(cl.inputs.version, '1.30');
      assert.deepEqual(cl.inputs.vpcConfig, {
        subnetIds: ['subnet-12345678', 'subnet-87654321'],
        securityGroupIds: ['sg-12345678'],
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ['203.0.113.0/24'],
      });
      assert.deepEqual(cl.inputs.enabledClusterLogTypes, [
        'api',
        'audit',
        'authenticator',
        'controllerManager',
        'scheduler',
      ]);
      assert.deepEqual(cl.inputs.encryptionConfig, {
        resources: ['secrets'],
        provider: { keyArn: KMS },
      });
      assert.deepEqual(cl.inputs.kubernetesNetworkConfig, { serviceIpv4Cidr: '172.20.0.0/16' });
      assert.deepEqual(cl.inputs.accessConfig, {
        authenticationMode: 'API_AND_CONFIG_MAP',
        bootstrapClusterCreatorAdminPermissions: true,
      });
      assert.deepEqual(cl.inputs.tags, { team: 'platform', Name: 'production-cluster' });
    });

    it('creates the cluster role with AmazonEKSClusterPolicy before the cluster', () => {
      const role = mocks.one('aws:iam/role:Role', 'prod-cluster-role');
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string) as {
        Statement: { Principal: unknown }[];
      };
      assert.deepEqual(trust.Statement[0]?.Principal, { Service: 'eks.amazonaws.com' });
      const att = mocks.one(ATTACH, 'prod-AmazonEKSClusterPolicy');
      assert.equal(att.inputs.policyArn, 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
      assert.equal(att.inputs.role, role.id);
      const cl = mocks.one(CLUSTER, 'prod-cluster');
      assert.equal(cl.inputs.roleArn, role.state.arn);
      assert.ok(cl.dependencies.includes(att.urn));
    });

    it('registers the OIDC issuer for IRSA', async () => {
      const oidc = mocks.one('aws:iam/openIdConnectProvider:OpenIdConnectProvider', 'prod-oidc');
      const issuer = await unwrap(c.oidcIssuer);
      assert.match(issuer, /^https:\/\/oidc\.eks\.us-west-2\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
      assert.equal(oidc.inputs.url, issuer);
      assert.deepEqual(oidc.inputs.clientIdLists, ['sts.amazonaws.com']);
      assert.deepEqual(oidc.inputs.thumbprintLists, [mod.EKS_OIDC_THUMBPRINT]);
      assert.equal(await unwrap(c.oidcProviderArn), oidc.state.arn);
    });

    it('builds node groups as child components sharing one node role', () => {
      const comp = mocks.one('vitistack:aws:EksCluster', 'prod').urn;
      const sys = mocks.one('vitistack:aws:EksNodeGroup', 'prod-system-nodes');
      assert.equal(sys.parent, comp);
      const sysNg = mocks.one(NODE_GROUP, 'prod-system-nodes-nodes');
      assert.equal(sysNg.parent, sys.urn);
      assert.equal(sysNg.inputs.clusterName, 'production-cluster');
      assert.equal(sysNg.inputs.version, '1.30');
      assert.deepEqual(sysNg.inputs.scalingConfig, { minSize: 2, maxSize: 4, desiredSize: 2 });
      assert.deepEqual(sysNg.inputs.taints, [
        { key: 'node-type', value: 'system', effect: 'NO_SCHEDULE' },
      ]);
      const workers = mocks.one(NODE_GROUP, 'prod-worker-nodes-nodes');
      assert.equal(workers.inputs.capacityType, 'SPOT');
      assert.deepEqual(workers.inputs.tags, {
        team: 'platform',
        pool: 'workers',
        Name: 'worker-nodes',
      });
      const role = mocks.one('aws:iam/role:Role', 'prod-node-role');
      assert.equal(role.parent, comp);
      assert.equal(sysNg.inputs.nodeRoleArn, role.state.arn);
      assert.equal(workers.inputs.nodeRoleArn, role.state.arn);
      // One shared role: the groups made none of their own.
      assert.deepEqual(
        mocks
          .byType('aws:iam/role:Role')
          .filter((r) => r.name.startsWith('prod'))
          .map((r) => r.name)
          .sort(),
        ['prod-cluster-role', 'prod-node-role'],
      );
      const policies = mocks
        .byType(ATTACH)
        .filter((a) => a.name.startsWith('prod-Amazon'))
        .map((a) => a.inputs.policyArn);
      assert.deepEqual(policies.sort(), [
        'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
        'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      ]);
    });

    it('installs EKS add-ons after the node groups', () => {
      const cni = mocks.one('aws:eks/addon:Addon', 'prod-vpc-cni');
      assert.equal(cni.inputs.addonName, 'vpc-cni');
      assert.equal(cni.inputs.addonVersion, 'v1.18.1-eksbuild.1');
      assert.equal(cni.inputs.clusterName, 'production-cluster');
      assert.equal(cni.inputs.resolveConflictsOnCreate, 'OVERWRITE');
      const dns = mocks.one('aws:eks/addon:Addon', 'prod-coredns');
      assert.equal(dns.inputs.addonVersion, undefined);
      for (const ng of ['prod-system-nodes-nodes', 'prod-worker-nodes-nodes']) {
        assert.ok(dns.dependencies.includes(mocks.one(NODE_GROUP, ng).urn), ng);
      }
    });

    it('gives the admins an access entry with the cluster admin policy', () => {
      const entry = mocks.one(
        'aws:eks/accessEntry:AccessEntry',
        'prod-access-123456789012-role-aws-admins',
      );
      assert.equal(entry.inputs.principalArn, 'arn:aws:iam::123456789012:role/aws-admins');
      assert.equal(entry.inputs.type, 'STANDARD');
      const assoc = mocks.one(
        'aws:eks/accessPolicyAssociation:AccessPolicyAssociation',
        'prod-admin-123456789012-role-aws-admins',
      );
      assert.equal(
        assoc.inputs.policyArn,
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      );
      assert.deepEqual(assoc.inputs.accessScope, { type: 'cluster' });
      assert.ok(assoc.dependencies.includes(entry.urn));
    });

    it('outputs a secret exec kubeconfig with the endpoint, CA and region', async () => {
      assert.equal(await pulumi.isSecret(c.kubeconfig), true);
      const kc = parse(await unwrap(c.kubeconfig)) as Kubeconfig;
      const endpoint = await unwrap(c.endpoint);
      assert.match(endpoint, /^https:\/\/.*\.eks\.amazonaws\.com$/);
      assert.equal(kc.clusters[0]?.cluster.server, endpoint);
      assert.equal(
        kc.clusters[0].cluster['certificate-authority-data'],
        await unwrap(c.certificateAuthority),
      );
      assert.equal(kc['current-context'], 'production-cluster');
      assert.deepEqual(kc.users[0]?.user.exec?.args, [
        '--region',
        'us-west-2',
        'eks',
        'get-token',
        '--cluster-name',
        'production-cluster',
        '--output',
        'json',
      ]);
      assert.equal(kc.users[0].user.exec.command, 'aws');
    });

    it('outputs a secret token kubeconfig for the program', async () => {
      assert.equal(await pulumi.isSecret(c.tokenKubeconfig), true);
      const kc = parse(await unwrap(c.tokenKubeconfig)) as Kubeconfig;
      assert.deepEqual(kc.users[0]?.user, { token: FAKE_TOKEN });
      assert.equal(kc.clusters[0]?.cluster.server, await unwrap(c.endpoint));
      const names = mocks.calls
        .filter((x) => x.token === 'aws:eks/getClusterAuth:getClusterAuth')
        .map((x) => x.inputs.name);
      assert.ok(names.includes('production-cluster'));
    });

    it('summarises its node groups', async () => {
      assert.deepEqual(await unwrap(c.nodeGroups), [
        { name: 'system-nodes', status: 'ACTIVE', desired: 2, min: 2, max: 4 },
        { name: 'worker-nodes', status: 'ACTIVE', desired: 3, min: 1, max: 10 },
      ]);
      assert.equal(await unwrap(c.version), '1.30');
      assert.equal(await unwrap(c.clusterName), 'production-cluster');
    });
  });

  it('defaults to a private endpoint, the audit log types, no KMS and the given role', async () => {
    const c = new mod.EksCluster(
      'priv',
      base({
        clusterName: 'private-cluster',
        roleArn: 'arn:aws:iam::123456789012:role/eks-service-role',
      }),
    );
    await unwrap(c.endpoint);
    await settle();
    const cl = mocks.one(CLUSTER, 'priv-cluster');
    assert.deepEqual(cl.inputs.vpcConfig, {
      subnetIds: ['subnet-12345678', 'subnet-87654321'],
      endpointPrivateAccess: true,
      endpointPublicAccess: false,
    });
    assert.deepEqual(cl.inputs.enabledClusterLogTypes, ['api', 'audit', 'authenticator']);
    assert.equal(cl.inputs.encryptionConfig, undefined);
    assert.equal(cl.inputs.roleArn, 'arn:aws:iam::123456789012:role/eks-service-role');
    assert.equal(
      mocks.resources.filter((r) => r.name.startsWith('priv') && r.type.startsWith('aws:iam/role'))
        .length,
      0,
    );
    assert.deepEqual(await unwrap(c.nodeGroups), []);
  });

  it('passes the explicit provider to every AWS resource and to the token lookup', async () => {
    const { awsProvider } = await import('../../../src/components/aws/provider.js');
    const provider = awsProvider('eks-provider', {
      region: 'us-west-2',
      allowAmbientCredentials: true,
      defaultTags: {},
    });
    const c = new mod.EksCluster(
      'prov',
      base({
        clusterName: 'prov-cluster',
        nodeGroups: [
          {
            nodeGroupName: 'n',
            instanceTypes: ['m5.large'],
            scaling: { min: 1, max: 1, desired: 1 },
            subnetIds: ['subnet-12345678'],
          },
        ],
      }),
      { provider },
    );
    await unwrap(c.tokenKubeconfig);
    await settle();
    const providerRef = `${await unwrap(provider.urn)}::${await unwrap(provider.id)}`;
    const custom = mocks.resources.filter((r) => r.custom && r.name.startsWith('prov-'));
    assert.ok(custom.length >= 8);
    for (const r of custom) assert.equal(r.provider, providerRef, r.name);
    assert.ok(mocks.authProviders.includes(providerRef));
  });

  it('uses the partition of the region in policy ARNs', async () => {
    const c = new mod.EksCluster('cn', base({ clusterName: 'cn-cluster', region: 'cn-north-1' }));
    await unwrap(c.endpoint);
    await settle();
    assert.equal(
      mocks.one(ATTACH, 'cn-AmazonEKSClusterPolicy').inputs.policyArn,
      'arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy',
    );
  });

  describe('validateEksClusterArgs', () => {
    const cases: { name: string; over: Partial<EksClusterArgs>; want: string[] }[] = [
      { name: 'valid', over: {}, want: [] },
      {
        name: 'public endpoint without CIDRs',
        over: { endpointPublicAccess: true },
        want: [
          'publicAccessCidrs: is empty while endpointPublicAccess is true; list the CIDRs allowed to reach the API (write "0.0.0.0/0" explicitly to allow everyone).',
        ],
      },
      {
        name: 'CIDRs without a public endpoint, and a bad CIDR',
        over: { publicAccessCidrs: ['10.0.0.0/33'] },
        want: [
          'publicAccessCidrs: [10.0.0.0/33] is set while endpointPublicAccess is false; enable the public endpoint or remove the CIDRs.',
          'publicAccessCidrs[0]: "10.0.0.0/33" is not a valid CIDR block; use a form like "203.0.113.0/24".',
        ],
      },
      {
        name: 'no endpoint at all',
        over: { endpointPrivateAccess: false },
        want: [
          'endpointPrivateAccess: false together with endpointPublicAccess false leaves no way to reach the API; enable at least one.',
        ],
      },
      {
        name: 'log types, version, subnets',
        over: {
          version: 'latest',
          subnetIds: ['subnet-1'],
          enabledLogTypes: ['api', 'api', 'kubelet' as never],
        },
        want: [
          'version: "latest" is not a Kubernetes minor version; use a form like "1.30".',
          'subnetIds: 1 subnet(s) given; EKS needs subnets in at least two availability zones.',
          'enabledLogTypes[1]: "api" is listed twice; list each log type once.',
          'enabledLogTypes[2]: "kubelet" is not an EKS log type; use api, audit, authenticator, controllerManager, scheduler.',
        ],
      },
      {
        name: 'node groups are validated and unique',
        over: {
          nodeGroups: [
            {
              nodeGroupName: 'a',
              instanceTypes: ['m5.large'],
              scaling: { min: 1, max: 2, desired: 1 },
              subnetIds: ['s'],
            },
            {
              nodeGroupName: 'a',
              instanceTypes: ['m5.large'],
              scaling: { min: 3, max: 2, desired: 1 },
              subnetIds: ['s'],
            },
          ],
        },
        want: [
          'nodeGroups[1].scaling: min 3, desired 1, max 2 must satisfy min <= desired <= max; adjust the sizes.',
          'nodeGroups[1].nodeGroupName: "a" is used by nodeGroups[0] too; give each node group a unique name.',
        ],
      },
      {
        name: 'admins must be IAM users or roles',
        over: {
          accessAdmins: ['arn:aws:sts::123456789012:assumed-role/admin/session'],
          addons: [{ name: 'coredns' }, { name: 'coredns' }],
        },
        want: [
          'addons[1].name: "coredns" is listed by addons[0] too; list each add-on once.',
          'accessAdmins[0]: "arn:aws:sts::123456789012:assumed-role/admin/session" is not an IAM user or role ARN; use a form like "arn:aws:iam::123456789012:role/platform-admins".',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateEksClusterArgs(base(tc.over)), tc.want);
      });
    }

    it('the constructor throws before creating anything', () => {
      const n = mocks.resources.length;
      assert.throws(
        () => new mod.EksCluster('bad', base({ endpointPublicAccess: true })),
        /^Error: EksCluster "production-cluster" has invalid arguments:\n {2}- publicAccessCidrs: is empty/,
      );
      assert.equal(mocks.resources.length, n);
    });
  });

  it('renders a kubeconfig that assumes a role', () => {
    const kc = parse(
      mod.eksKubeconfig({
        clusterName: 'c',
        endpoint: 'https://x',
        caData: 'Q0E=',
        region: 'eu-west-1',
        roleArn: 'arn:aws:iam::123456789012:role/viewer',
      }),
    ) as Kubeconfig;
    assert.deepEqual(kc.users[0]?.user.exec?.args, [
      '--region',
      'eu-west-1',
      'eks',
      'get-token',
      '--cluster-name',
      'c',
      '--role-arn',
      'arn:aws:iam::123456789012:role/viewer',
      '--output',
      'json',
    ]);
  });
});
