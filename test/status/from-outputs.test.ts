import { strict as assert } from 'node:assert';
import { formatIssue, IssueSink } from '../../src/api/schema';
import { findKind } from '../../src/api/v1alpha1';
import type { StackOutputs } from '../../src/program/outputs';
import { statusFromOutputs, type StackMembers } from '../../src/status/from-outputs';

const KUBECONFIG =
  'apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: SUPER-SECRET-TOKEN\n';

const outputs: StackOutputs = {
  stack: 'production.aws-production',
  vitistack: {
    vpcs: [{ name: 'production-vpc', id: 'vpc-0abc', cidr: '10.0.0.0/16', state: 'available' }],
    loadBalancers: [
      {
        name: 'k8s-api-lb',
        arn: 'arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/net/x',
        dnsName: 'x.elb.amazonaws.com',
        state: 'active',
      },
    ],
    firewalls: [{ name: 'k8s-api-access', id: 'sg-1', state: 'active' }],
    encryption: { atRest: true, inTransit: true, kmsKeyArn: 'arn:aws:kms:us-west-2:1:key/k' },
    backup: { vaultArn: 'arn:aws:backup:us-west-2:1:backup-vault:v', planId: 'plan-1' },
  },
  machines: {
    'Machine/production/bastion-host': {
      id: 'i-1',
      state: 'running',
      privateIP: '10.0.1.10',
      publicIP: '203.0.113.7',
      privateDNS: 'ip-10-0-1-10.us-west-2.compute.internal',
      publicDNS: 'ec2-203-0-113-7.us-west-2.compute.amazonaws.com',
      rootVolume: { id: 'vol-1', size: '20Gi', type: 'gp3', state: 'in-use' },
      additionalVolumes: [
        { id: 'vol-2', name: 'data', size: '100Gi', mountPath: '/data', state: 'in-use' },
      ],
    },
    'Machine/production/app-1': {
      id: 'i-2',
      state: 'pending',
      privateIP: '10.0.2.10',
      additionalVolumes: [],
    },
  },
  clusters: {
    'KubernetesProvider/production/aws-eks-provider': {
      name: 'aws-production-cluster',
      endpoint: 'https://ABC.gr7.us-west-2.eks.amazonaws.com',
      version: '1.30',
      status: 'ACTIVE',
      certificateAuthority: 'LS0tLS1CRUdJTg==',
      oidcIssuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC',
      serviceCIDR: '172.20.0.0/16',
      nodeGroups: [{ name: 'system-nodes', status: 'ACTIVE', desired: 2, min: 2, max: 4 }],
      addons: [{ name: 'cert-manager', version: 'v1.9.1', status: 'deployed' }],
    },
  },
  secrets: [
    {
      owner: 'KubernetesProvider/production/aws-eks-provider',
      secretName: 'aws-eks-provider-kubeconfig',
      key: 'kubeconfig',
      description: 'kubeconfig of cluster aws-production-cluster',
      value: KUBECONFIG,
    },
  ],
  warnings: [],
};

const members: StackMembers = {
  vitistack: 'Vitistack/production/aws-production',
  machineProviders: ['MachineProvider/production/aws-ec2-provider'],
  kubernetesProviders: ['KubernetesProvider/production/aws-eks-provider'],
  kubernetesClusters: [],
  notBuilt: [],
  machines: [
    {
      key: 'Machine/production/bastion-host',
      providerKey: 'MachineProvider/production/aws-ec2-provider',
    },
    { key: 'Machine/production/app-1', providerKey: 'MachineProvider/production/aws-ec2-provider' },
  ],
};

describe('statusFromOutputs', () => {
  const patches = statusFromOutputs(outputs, members);
  const get = (kind: string, name: string) => {
    const p = patches.find((x) => x.kind === kind && x.name === name);
    assert.ok(p, `no status for ${kind}/${name}`);
    return p.status as Record<string, unknown>;
  };

  it('gives every member object a status that its own schema accepts', () => {
    assert.deepEqual(
      patches.map((p) => `${p.kind}/${p.name}`),
      [
        'Vitistack/aws-production',
        'MachineProvider/aws-ec2-provider',
        'Machine/bastion-host',
        'Machine/app-1',
        'KubernetesProvider/aws-eks-provider',
      ],
    );
    for (const p of patches) {
      const sink = new IssueSink();
      findKind(p.kind)!.status.check(p.status, ['status'], sink);
      assert.deepEqual(sink.issues.map(formatIssue), [], `${p.kind}/${p.name}`);
    }
  });

  it('Vitistack: networking, counts, encryption, backup, secret refs', () => {
    const s = get('Vitistack', 'aws-production');
    assert.deepEqual(s.networking, {
      vpcs: outputs.vitistack.vpcs,
      loadBalancers: outputs.vitistack.loadBalancers,
      firewalls: outputs.vitistack.firewalls,
    });
    assert.deepEqual(s.resources, {
      machines: { total: 2, running: 1, pending: 1, failed: 0 },
      clusters: { total: 1, ready: 1, pending: 0 },
    });
    assert.deepEqual(s.providers, {
      machines: { total: 1, ready: 1, failed: 0 },
      kubernetes: { total: 1, ready: 1, failed: 0 },
    });
    assert.deepEqual(s.security, { encryption: { atRest: true, inTransit: true } });
    assert.deepEqual(s.backup, { enabled: true });
    assert.deepEqual(s.secretRefs, [
      {
        name: 'aws-eks-provider-kubeconfig',
        key: 'kubeconfig',
        description: 'kubeconfig of cluster aws-production-cluster',
      },
    ]);
  });

  it('Machine: id, state, addresses and volumes', () => {
    assert.deepEqual(get('Machine', 'bastion-host'), {
      phase: 'Running',
      machine: {
        id: 'i-1',
        state: 'running',
        networking: {
          privateIP: '10.0.1.10',
          publicIP: '203.0.113.7',
          privateDNS: 'ip-10-0-1-10.us-west-2.compute.internal',
          publicDNS: 'ec2-203-0-113-7.us-west-2.compute.amazonaws.com',
        },
        storage: {
          rootVolume: { id: 'vol-1', size: '20Gi', type: 'gp3', state: 'in-use' },
          additionalVolumes: [
            { id: 'vol-2', name: 'data', size: '100Gi', mountPath: '/data', state: 'in-use' },
          ],
        },
      },
      addresses: { internal: ['10.0.1.10'], external: ['203.0.113.7'] },
    });
    const app = get('Machine', 'app-1');
    assert.equal(app.phase, 'Provisioning');
    assert.deepEqual(app.addresses, { internal: ['10.0.2.10'], external: [] });
  });

  it('KubernetesProvider: cluster, node groups, add-ons, kubeconfig named not shown', () => {
    const s = get('KubernetesProvider', 'aws-eks-provider');
    assert.deepEqual(s.cluster, {
      name: 'aws-production-cluster',
      endpoint: 'https://ABC.gr7.us-west-2.eks.amazonaws.com',
      version: '1.30',
      status: 'ACTIVE',
      certificateAuthority: { data: 'LS0tLS1CRUdJTg==' },
      identity: { oidc: { issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC' } },
      networking: { serviceIPv4CIDR: '172.20.0.0/16' },
    });
    assert.deepEqual(s.nodeGroups, [
      { name: 'system-nodes', status: 'ACTIVE', capacity: { desired: 2 } },
    ]);
    assert.deepEqual(s.kubeconfigSecretRef, {
      name: 'aws-eks-provider-kubeconfig',
      key: 'kubeconfig',
    });
  });

  it('no status anywhere holds a secret value', () => {
    assert.ok(!JSON.stringify(patches).includes('SUPER-SECRET-TOKEN'));
  });

  it('Machine: an address not known yet (DHCP) is left out, not written empty', () => {
    const dhcp: StackOutputs = {
      ...outputs,
      machines: {
        'Machine/production/app-1': {
          id: 'vm-1',
          state: 'running',
          privateIP: '',
          additionalVolumes: [],
        },
      },
    };
    const p = statusFromOutputs(dhcp, members).find((x) => x.kind === 'Machine');
    assert.ok(p);
    const status = p.status as { machine: { networking: object }; addresses: object };
    assert.deepEqual(status.machine.networking, {});
    assert.deepEqual(status.addresses, { internal: [], external: [] });
    const sink = new IssueSink();
    findKind('Machine')?.status.check(p.status, ['status'], sink);
    assert.deepEqual(sink.issues.map(formatIssue), []);
  });

  it('MachineProvider: instance counts of its own machines', () => {
    assert.deepEqual(get('MachineProvider', 'aws-ec2-provider').instances, {
      total: 2,
      running: 1,
      pending: 1,
    });
  });
});

describe('statusFromOutputs: provider types not built yet', () => {
  it('are not ready: their status says so and the Vitistack counts them as failed', () => {
    const patches = statusFromOutputs(
      { ...outputs, machines: {}, clusters: {}, secrets: [] },
      {
        ...members,
        machineProviders: [
          'MachineProvider/production/aws-ec2-provider',
          'MachineProvider/production/vsphere-hq',
        ],
        notBuilt: [
          'MachineProvider/production/vsphere-hq',
          'KubernetesProvider/production/aws-eks-provider',
        ],
        machines: [],
      },
    );
    const vsphere = patches.find((p) => p.name === 'vsphere-hq')!;
    assert.deepEqual(vsphere.status, {
      phase: 'NotReady',
      message:
        'This provider type is not built yet (ProviderNotSupported); nothing was created for it.',
    });
    const kp = patches.find((p) => p.name === 'aws-eks-provider')!;
    assert.equal(kp.status.phase, 'Pending');
    const v = patches.find((p) => p.kind === 'Vitistack')!.status as Record<string, unknown>;
    assert.deepEqual(v.providers, {
      machines: { total: 2, ready: 1, failed: 1 },
      kubernetes: { total: 1, ready: 0, failed: 1 },
    });
    for (const p of patches) {
      const sink = new IssueSink();
      findKind(p.kind)!.status.check(p.status, ['status'], sink);
      assert.deepEqual(sink.issues.map(formatIssue), [], `${p.kind}/${p.name}`);
    }
  });
});
