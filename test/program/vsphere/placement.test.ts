// Where VMs go and what they attach to: resource pools, clusters for DRS rules, port groups, the
// guest's network settings and the guestinfo network config. Pure functions on the fixture's
// provider, varied per case.
import { strict as assert } from 'node:assert';
import { parse } from 'yaml';
import type { NetworkConfiguration } from '../../../src/api/v1alpha1';
import type { ResolvedMachineProvider } from '../../../src/model';
import type { PlannedInterface } from '../../../src/program/backend';
import { metadataDocument } from '../../../src/program/vsphere/guestinfo';
import { diskProvisioning } from '../../../src/program/vsphere/machines';
import { customizationOf, domainOf, vmNics, type VmNic } from '../../../src/program/vsphere/nics';
import { placementOf, type VsphereIdentity } from '../../../src/program/vsphere/placement';
import { labelTags } from '../../../src/program/vsphere/tags';
import { distributionTemplate } from '../../../src/program/vsphere/templates';
import { vsphereModel } from './helpers';

function provider(
  over: { zones?: string[]; images?: { name: string; id: string }[]; settings?: object } = {},
): ResolvedMachineProvider {
  const p = vsphereModel().machineProviders[0];
  assert.ok(p);
  const spec = p.provider.spec;
  return {
    ...p,
    provider: {
      ...p.provider,
      spec: {
        ...spec,
        availabilityZones: over.zones ?? spec.availabilityZones,
        images: over.images ?? spec.images,
        customSettings: { ...spec.customSettings, ...(over.settings ?? {}) },
      },
    },
  };
}

function planned(name: string, over: Partial<PlannedInterface['address']> = {}): PlannedInterface {
  const network = vsphereModel().networkConfigurations[0] as NetworkConfiguration;
  return {
    name,
    network,
    address: {
      network: 'dc/servers',
      dnsServers: ['10.20.0.2'],
      searchDomains: ['bergen.example.internal'],
      source: 'allocated',
      ...over,
    },
  };
}

describe('vSphere placement', () => {
  const id = (over: Partial<VsphereIdentity> = {}): VsphereIdentity => ({
    datacenter: 'DC',
    ...over,
  });
  const cases: {
    name: string;
    identity: VsphereIdentity;
    zones?: string[];
    zone?: string;
    want: object;
  }[] = [
    {
      name: 'a cluster alone: its root pool, and DRS rules on it',
      identity: id({ cluster: 'Compute-A' }),
      want: { resourcePool: 'Compute-A/Resources', cluster: 'Compute-A', ruleCluster: 'Compute-A' },
    },
    {
      name: 'a written pool wins; with a cluster, rules go on the cluster',
      identity: id({ cluster: 'Compute-A', resourcePool: 'Compute-A/Resources/vitistack' }),
      want: {
        resourcePool: 'Compute-A/Resources/vitistack',
        cluster: 'Compute-A',
        ruleCluster: 'Compute-A',
      },
    },
    {
      name: "a pool and zones but no cluster: the pool's cluster is unknown, no rule cluster",
      identity: id({ resourcePool: 'pool1' }),
      zones: ['cluster1', 'cluster2'],
      want: { resourcePool: 'pool1', cluster: 'cluster1' },
    },
    {
      name: "a machine's zone picks the cluster among the provider's zones",
      identity: id(),
      zones: ['cluster1', 'cluster2'],
      zone: 'cluster2',
      want: { resourcePool: 'cluster2/Resources', cluster: 'cluster2', ruleCluster: 'cluster2' },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const p = provider({ zones: tc.zones ?? [] });
      assert.deepEqual(placementOf(p, tc.identity, 'Machine dc/x', tc.zone), tc.want);
    });
  }

  it('refuses a zone the provider does not list, and a provider naming no pool or cluster', () => {
    const p = provider({ zones: ['cluster1', 'cluster2'] });
    assert.deepEqual(placementOf(p, id(), 'Machine dc/x', 'cluster9'), {
      problem:
        'Machine dc/x: spec.placement.availabilityZone "cluster9" is not a vSphere cluster of MachineProvider dc/vcenter (spec.availabilityZones: cluster1, cluster2); use one of them or leave it out',
    });
    assert.deepEqual(placementOf(provider({ zones: [] }), id(), 'Machine dc/x'), {
      problem:
        'Machine dc/x: MachineProvider dc/vcenter names no resource pool or cluster for its VMs; set spec.config.customSettings.resourcePool (e.g. "cluster1/Resources/vitistack"), spec.config.customSettings.cluster or spec.availabilityZones',
    });
  });
});

describe('vSphere NICs and guest network', () => {
  it('a machine without NetworkConfiguration interfaces joins the provider network, DHCP', () => {
    assert.deepEqual(vmNics(provider(), 'Machine dc/x', []), {
      nics: [{ name: 'eth0', portGroup: 'VM Network' }],
    });
  });

  it('the port group of a NetworkConfiguration is its networkId; unnamed NICs are eth<index>', () => {
    const got = vmNics(provider(), 'Machine dc/x', [
      planned('net0', { address: '10.20.0.8', prefix: 24, gateway: '10.20.0.1' }),
      planned('storage'),
    ]);
    assert.ok('nics' in got);
    assert.deepEqual(
      got.nics.map((n) => [n.name, n.portGroup, n.ipv4]),
      [
        ['eth0', 'pg-servers', { address: '10.20.0.8', prefix: 24 }],
        ['storage', 'pg-servers', undefined],
      ],
    );
  });

  it('customization: the first static NIC with a gateway is the default route; DNS merged', () => {
    const nics: VmNic[] = [
      { name: 'eth0', portGroup: 'a', planned: planned('eth0') },
      {
        name: 'eth1',
        portGroup: 'b',
        planned: planned('eth1', { address: 'fd00::8', prefix: 64, gateway: 'fd00::1' }),
        ipv6: { address: 'fd00::8', prefix: 64 },
      },
    ];
    assert.deepEqual(customizationOf(provider(), 'web-1', nics), {
      hostName: 'web-1',
      domain: 'bergen.example.internal',
      ipv6Gateway: 'fd00::1',
      dnsServers: ['10.20.0.2'],
      dnsSuffixes: ['bergen.example.internal'],
    });
  });

  it("the domain: a network's search domain, else the provider's customSettings.domain", () => {
    const p = provider({ settings: { domain: 'hq.example.com' } });
    assert.equal(domainOf(p, [{ name: 'eth0', portGroup: 'VM Network' }]), 'hq.example.com');
    assert.equal(domainOf(provider(), [{ name: 'eth0', portGroup: 'VM Network' }]), 'localdomain');
  });

  it('guestinfo metadata: a fixed MAC is matched and renamed, DHCP NICs ask for DHCP', () => {
    const doc = parse(
      metadataDocument({
        instanceId: 'dc/db-1',
        hostName: 'db-1',
        nics: [
          {
            name: 'eth0',
            portGroup: 'pg-servers',
            macAddress: '00:50:56:3A:00:01',
            planned: planned('net0', { address: '10.20.0.50', prefix: 24, gateway: '10.20.0.1' }),
            ipv4: { address: '10.20.0.50', prefix: 24 },
          },
          { name: 'eth1', portGroup: 'Lab Network' },
        ],
      }),
    ) as { network: object; 'public-keys'?: unknown };
    assert.deepEqual(doc.network, {
      version: 2,
      ethernets: {
        eth0: {
          match: { macaddress: '00:50:56:3a:00:01' },
          'set-name': 'eth0',
          addresses: ['10.20.0.50/24'],
          gateway4: '10.20.0.1',
          nameservers: { addresses: ['10.20.0.2'], search: ['bergen.example.internal'] },
        },
        eth1: { dhcp4: true },
      },
    });
    assert.equal(doc['public-keys'], undefined);
  });
});

describe('vSphere templates, disks and tags', () => {
  it('a distribution clones the first image whose name or id contains its name', () => {
    const p = provider({
      images: [
        { name: 'ubuntu', id: 'templates/ubuntu' },
        { name: 'k8s-node', id: 'templates/Talos-v1.9.5' },
      ],
    });
    assert.deepEqual(distributionTemplate(p, 'talos', 'cluster k (talos)'), {
      template: 'templates/Talos-v1.9.5',
      name: 'k8s-node',
    });
  });

  const disks: [string | undefined, string][] = [
    ['thin', 'thin'],
    ['thick', 'thick'],
    ['thick-eager', 'eager'],
    ['eagerZeroedThick', 'eager'],
    ['ssd', 'thin'],
    [undefined, 'thin'],
  ];
  for (const [written, want] of disks) {
    it(`a data disk of type ${String(written)} is provisioned ${want}`, () => {
      assert.equal(diskProvisioning(written), want);
    });
  }

  it('tags: environment, team and stack from the merged labels, others left out', () => {
    assert.deepEqual(
      labelTags({
        'vitistack.io/team': 'infra',
        'vitistack.io/stack': 'dc.bergen',
        'vitistack.io/component': 'api',
        'vitistack.io/environment': 'staging',
      }),
      [
        { key: 'environment', value: 'staging' },
        { key: 'team', value: 'infra' },
        { key: 'stack', value: 'dc.bergen' },
      ],
    );
  });
});
