// The default NetworkPolicy of the VMs: the Vitistack's firewall rules where NetworkPolicy can
// express them, the NetworkNamespace's defaults and isolation, and warnings for the rest.
import { strict as assert } from 'node:assert';
import type { StackRender } from '../../../src/engine/render-stack';
import { header } from '../../model/helpers';
import {
  kubevirtConfig,
  modelOf,
  network,
  NS,
  one,
  POLICY,
  provider,
  render,
  vitistack,
  vlanMachine,
} from './helpers';

const RULES = `  kubernetesProviders: [{name: talos}]
  networking:
    firewallRules:
      - {name: ssh, direction: inbound, protocol: tcp, port: 22, source: 10.0.0.0/8}
      - {name: web, direction: inbound, protocol: tcp, ports: '8000-8080'}
      - {name: ping, direction: inbound, protocol: icmp, source: 10.0.0.0/8}
      - {name: no-telnet, direction: inbound, protocol: tcp, port: 23, action: deny}`;

/** A Talos cluster whose KubernetesCluster names NetworkNamespace `prod` (so it is in the model). */
function clusterDocs(netns: string): string[] {
  return [
    `${header('KubernetesProvider', 'talos', NS)}
spec:
  type: talos
  clusterTemplate: {kubernetesVersion: '1.30.1', controlPlane: {replicas: 1}}
  machineProviderRef: {name: kv}`,
    `${header('KubernetesCluster', 'k1', NS)}
spec:
  data: {clusterId: k1, provider: talos, region: lab, zone: lab-a, environment: test, networkNamespaceName: prod}
  topology:
    version: '1.30.1'
    controlplane: {replicas: 1, provider: talos, machineClass: small}
    workers: {nodePools: [{name: w, replicas: 1, machineClass: small}]}`,
    `${header('NetworkNamespace', 'prod', NS)}
spec:
${netns}`,
  ];
}

describe('KubeVirt NetworkPolicy', () => {
  describe('Vitistack rules and a NetworkNamespace that denies ingress, moderate isolation', () => {
    let r: StackRender;
    before(async () => {
      r = await render(
        modelOf(
          vitistack(RULES),
          provider(),
          kubevirtConfig(),
          network(),
          vlanMachine('web'),
          ...clusterDocs(
            '  isolation: {level: moderate, allowedNamespaces: [monitoring]}\n  defaultPolicy: {ingress: deny, egress: allow}\n  limits: {bandwidth: 1Gbps}',
          ),
        ),
      );
    });

    it('allows the expressible rules, the own namespace and monitoring; egress stays open', () => {
      const policy = one(r, POLICY, 'virt-kv-policy');
      assert.equal((policy.inputs.metadata as { name: string }).name, 'kv-vms');
      assert.deepEqual(policy.inputs.spec, {
        podSelector: {
          matchLabels: { 'vitistack.io/stack': 'virt.lab', 'vitistack.io/machine-provider': 'kv' },
        },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 22 }] },
          // No source: from anywhere.
          { ports: [{ protocol: 'TCP', port: 8000, endPort: 8080 }] },
          {
            from: [
              { podSelector: {} },
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              },
            ],
          },
        ],
      });
    });

    it('warns about what NetworkPolicy cannot express, once each', () => {
      for (const w of [
        'Vitistack virt/lab: firewall rule "ping" is not built on KubeVirt: NetworkPolicy matches tcp, udp and sctp only',
        'Vitistack virt/lab: firewall rule "no-telnet" is not built on KubeVirt: NetworkPolicy can only allow traffic (a direction with any allow rule denies the rest)',
        'NetworkNamespace virt/prod: spec.limits.bandwidth is not built on KubeVirt',
        "NetworkPolicy virt/kv-vms filters the pod network only: the VMs' interfaces on NetworkConfigurations (Multus bridge) are not filtered by it",
      ]) {
        assert.equal(r.warnings.filter((x) => x === w).length, 1, w);
      }
    });
  });

  it('a strict NetworkNamespace that denies egress too admits only the allowed namespaces', async () => {
    const r = await render(
      modelOf(
        vitistack('  kubernetesProviders: [{name: talos}]'),
        provider('  config:\n    kubevirt: {networkPolicy: lab-default}').replace(
          '  config:\n    kubevirt: {storageClass: fast-rbd}\n',
          '',
        ),
        kubevirtConfig(),
        network(),
        vlanMachine('web'),
        ...clusterDocs(
          '  isolation: {level: strict, allowedNamespaces: [ops]}\n  defaultPolicy: {ingress: deny, egress: deny}',
        ),
      ),
    );
    const policy = one(r, POLICY, 'virt-kv-policy');
    // The provider's config.kubevirt.networkPolicy names the policy.
    assert.equal((policy.inputs.metadata as { name: string }).name, 'lab-default');
    const ops = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }];
    assert.deepEqual((policy.inputs.spec as Record<string, unknown>).policyTypes, [
      'Ingress',
      'Egress',
    ]);
    assert.deepEqual((policy.inputs.spec as Record<string, unknown>).ingress, [{ from: ops }]);
    assert.deepEqual((policy.inputs.spec as Record<string, unknown>).egress, [{ to: ops }]);
  });

  it('builds no policy when nothing restricts the traffic', async () => {
    const r = await render(
      modelOf(vitistack(), provider(), kubevirtConfig(), network(), vlanMachine('web')),
    );
    assert.equal(r.counts[POLICY], undefined);
  });
});
