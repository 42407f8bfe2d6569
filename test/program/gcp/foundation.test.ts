// What the GCP foundation makes of a Vitistack's networking: the firewall plan as GCP rules,
// secondary ranges for GKE, and the load balancers it cannot build, each with a warning.
import { strict as assert } from 'node:assert';
import { renderStack, type StackRender } from '../../../src/engine/render-stack';
import { planClusterRanges } from '../../../src/program/gcp/cluster-ranges';
import { gcpFirewallRules } from '../../../src/program/gcp/firewall';
import { edit, gcpModel, gcpProductionText } from './helpers';

describe('gcpFirewallRules', () => {
  it('keeps deny rules and priorities; provider groups target their network tag', () => {
    const model = gcpModel();
    const warnings: string[] = [];
    const plan = gcpFirewallRules(model, model.machineProviders, (w) => warnings.push(w));
    assert.deepEqual(warnings, []);
    const byName = Object.fromEntries(plan.rules.map((r) => [r.name, r]));
    assert.deepEqual(byName['deny-telnet'], {
      name: 'deny-telnet',
      direction: 'ingress',
      action: 'deny',
      protocol: 'tcp',
      ports: ['23'],
      priority: 100,
      sourceRanges: ['0.0.0.0/0'],
      description: 'Vitistack firewall rule deny-telnet',
    });
    assert.deepEqual(byName['k8s-nodes-1']?.ports, ['30000-32767']);
    assert.deepEqual(byName['k8s-nodes-1'].targetTags, ['k8s-nodes']);
    assert.deepEqual(byName['bastion-sg-0']?.sourceRanges, ['203.0.113.0/24']);
    assert.deepEqual(byName['bastion-sg-0'].targetTags, ['bastion-sg']);
    assert.equal(
      byName['ssh-access']?.targetTags,
      undefined,
      'Vitistack rules apply to every instance',
    );
    assert.deepEqual(plan.tags, {
      vitistack: 'vitistack',
      'k8s-nodes': 'k8s-nodes',
      'bastion-sg': 'bastion-sg',
    });
  });

  it('admits a group by its tag, and leaves out egress to a group with a warning', () => {
    let text = gcpProductionText();
    text = edit(
      text,
      '      - name: ssh-access\n',
      '      - name: from-bastion\n        direction: inbound\n        protocol: tcp\n        port: 8080\n        source: bastion-sg\n      - name: to-nodes\n        direction: outbound\n        protocol: tcp\n        port: 10250\n        destination: k8s-nodes\n      - name: ssh-access\n',
    );
    const model = gcpModel(text);
    const warnings: string[] = [];
    const plan = gcpFirewallRules(model, model.machineProviders, (w) => warnings.push(w));
    assert.deepEqual(plan.rules.find((r) => r.name === 'from-bastion')?.sourceTags, ['bastion-sg']);
    assert.equal(
      plan.rules.find((r) => r.name === 'to-nodes'),
      undefined,
    );
    assert.deepEqual(warnings, [
      'firewall rule "to-nodes" sends traffic to "k8s-nodes", but GCP egress rules match only address ranges, so it is not built (give a CIDR as its destination)',
    ]);
  });
});

describe('planClusterRanges', () => {
  const subnets = [
    { name: 'public-subnet-1', type: 'public', cidr: '10.0.1.0/24' },
    { name: 'private-subnet-1', type: 'private', cidr: '10.0.2.0/24' },
  ];
  it('puts the pods and services ranges on the subnetwork the cluster names', () => {
    const model = gcpModel();
    const ranges = planClusterRanges(model, subnets, () => assert.fail('no warning expected'));
    assert.deepEqual(Object.fromEntries(ranges), {
      'KubernetesProvider/production/gcp-gke-provider': {
        subnet: 'private-subnet-1',
        pods: 'gcp-gke-provider-pods',
        services: 'gcp-gke-provider-services',
      },
    });
  });

  it('lets GKE pick both ranges when only one is given, with a warning', () => {
    let text = gcpProductionText();
    text = edit(text, "    podCIDR: '10.244.0.0/16'\n", '');
    text = edit(text, '      subnetwork: private-subnet-1\n', '');
    const warnings: string[] = [];
    const ranges = planClusterRanges(gcpModel(text), subnets, (w) => warnings.push(w));
    assert.deepEqual([...ranges.values()], [{ subnet: 'private-subnet-1' }]);
    assert.deepEqual(warnings, [
      'cluster gcp-gke-provider: GKE needs both networking.podCIDR and networking.serviceCIDR as secondary ranges; with one of them GKE picks both ranges itself',
    ]);
  });

  it('refuses a pods range that overlaps a subnet, and leaves the ranges to GKE', () => {
    const text = edit(gcpProductionText(), "podCIDR: '10.244.0.0/16'", "podCIDR: '10.0.0.0/16'");
    const problems: string[] = [];
    const ranges = planClusterRanges(
      gcpModel(text),
      subnets,
      () => assert.fail('no warning expected'),
      (p) => problems.push(p),
    );
    assert.deepEqual([...ranges.values()], [{ subnet: 'private-subnet-1' }]);
    assert.deepEqual(problems, [
      'cluster gcp-gke-provider: networking.podCIDR "10.0.0.0/16" overlaps subnet "public-subnet-1" (10.0.1.0/24) of the Vitistack\'s network; GKE secondary ranges must not overlap other ranges of the network, so pick a free range (e.g. "10.244.0.0/16" for pods, "172.20.0.0/16" for services)',
    ]);
  });
});

describe('GCP load balancers that are not built', () => {
  let r: StackRender;
  before(async () => {
    let text = gcpProductionText();
    text = edit(
      text,
      '    firewallRules:\n',
      [
        '      - name: legacy-lb',
        '        type: classic',
        '      - name: intranet',
        '        type: application',
        '        internal: true',
        '        listeners: [{port: 80, protocol: HTTP}]',
        '      - name: internal-api',
        '        type: network',
        '        internal: true',
        '        listeners: [{port: 8443, protocol: TCP, targetPort: 443}]',
        '    firewallRules:',
        '',
      ].join('\n'),
    );
    // Without a DNS zone the HTTPS listener of web-lb has no certificate to get.
    text = edit(
      text,
      '      enabled: true\n      zone: prod.example.com\n',
      '      enabled: false\n      zone: prod.example.com\n',
    );
    r = await renderStack(gcpModel(text));
  });

  it('says why each one, or each listener, is left out', () => {
    const lbWarnings = r.warnings.filter((w) => w.startsWith('load balancer'));
    assert.deepEqual(lbWarnings, [
      'load balancer "web-lb": HTTPS listener 443 has no certificate and the Vitistack has no DNS zone for a Google-managed one, so it is not built (set certificateArn to an SSL certificate of the project, or add networking.dns.zone)',
      'load balancer "legacy-lb" is of type classic, which is not built; use network or application',
      'load balancer "intranet" is an internal application load balancer, which is not built on GCP (it needs a proxy-only subnetwork); use type network with internal: true, or make it internet-facing',
      'load balancer "internal-api": listener TCP 8443 has targetPort 443, but a GCP passthrough load balancer does not translate ports, so backends receive port 8443',
    ]);
  });

  it('builds the rest: web-lb over HTTP only, and the internal network load balancer in a private subnet', () => {
    const names = (type: string) => r.resources.filter((x) => x.type === type).map((x) => x.name);
    assert.deepEqual(names('gcp:compute/globalForwardingRule:GlobalForwardingRule'), [
      'gcp-production-web-lb-http-80',
    ]);
    assert.deepEqual(names('gcp:compute/targetHttpsProxy:TargetHttpsProxy'), []);
    const internal = r.resources.find((x) => x.name === 'gcp-production-internal-api-tcp-rule');
    assert.equal(internal?.inputs.loadBalancingScheme, 'INTERNAL');
    assert.match(
      String(internal.inputs.subnetwork),
      /subnetworks\/gcp-production-production-vpc-private-subnet-1$/,
    );
    const status = r.status.find((s) => s.kind === 'Vitistack')?.status as {
      networking: { loadBalancers: { name: string }[] };
    };
    assert.deepEqual(
      status.networking.loadBalancers.map((l) => l.name),
      ['k8s-api-lb', 'web-lb', 'internal-api'],
    );
    assert.equal(r.resources.filter((x) => x.type === 'gcp:dns/managedZone:ManagedZone').length, 0);
  });
});
