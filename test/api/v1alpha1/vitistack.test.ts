import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { vitistackKind, type Vitistack } from '../../../src/api/v1alpha1/vitistack';
import {
  FIXTURE_ROOT,
  fixture,
  fixturesOfKind,
  itReports,
  manifest,
  schemaProblems,
  validatorFor,
} from '../../helpers/kind-cases';

/** The full examples of each document's shape, beside the spec examples. */
const FULL_EXAMPLES = join(FIXTURE_ROOT, 'vitistack');

const validator = validatorFor(vitistackKind);

/** Validates the first object of a fixture file, which must be valid. */
const load = (file: string, dir?: string): Vitistack => validator.valid(fixture(file, dir));

function messages(spec: unknown, status?: unknown): string[] {
  return validator.messages(
    manifest(vitistackKind, spec, status, { name: 'test', namespace: 'production' }),
  );
}

/** The spec-example files that hold a Vitistack (or a Datacenter, its older name). */
const specExamples = [...new Set(fixturesOfKind('Vitistack', 'Datacenter').map((f) => f.file))];

describe('Vitistack', () => {
  describe('spec examples validate', () => {
    it('finds every Vitistack and Datacenter example of specs 002 and 003', () => {
      assert.equal(specExamples.length, 11);
    });
    for (const file of specExamples) {
      it(file, () => {
        const vs = load(file);
        assert.equal(vs.kind, 'Vitistack');
      });
    }
    for (const name of ['000-full-datacenter.yaml', '001-full-vitistack.yaml']) {
      it(`vitistack/${name}`, () => {
        load(name, FULL_EXAMPLES);
      });
    }
  });

  describe('normalise', () => {
    const example = (name: string) => load(name);
    const full000 = () => load('000-full-datacenter.yaml', FULL_EXAMPLES);
    const full001 = () => load('001-full-vitistack.yaml', FULL_EXAMPLES);

    it('turns a Datacenter into a Vitistack with the default namespace', () => {
      const vs = example('002-single-cloud-datacenter.yaml');
      assert.equal(vs.kind, 'Vitistack');
      assert.equal(vs.metadata.namespace, 'default');
      assert.deepEqual(vs.spec.providerRefs, {
        machine: [{ name: 'aws-west-2', priority: 1, conditions: [] }],
        kubernetes: [{ name: 'eks-west-2', priority: 1, conditions: [] }],
      });
      assert.deepEqual(vs.spec.networking, { vpcs: [], loadBalancers: [], firewallRules: [] });
      assert.deepEqual(vs.spec.hierarchy, { children: [] });
      assert.deepEqual(vs.spec.quotas, {});
    });

    it('scenario 1: networking, firewall ports, quotas, provider refs', () => {
      const { spec } = example('003-scenario1-vitistack.yaml');
      assert.equal(spec.region, 'us-west-2');
      const vpc = spec.networking.vpcs[0]!;
      assert.equal(vpc.subnets.length, 3);
      assert.deepEqual(vpc.subnets[1], {
        name: 'private-subnet-1',
        cidr: '10.0.2.0/24',
        type: 'private',
        availabilityZone: 'us-west-2a',
      });
      assert.deepEqual(spec.networking.loadBalancers, [
        { name: 'k8s-api-lb', type: 'network', internal: false, listeners: [] },
      ]);
      assert.deepEqual(spec.networking.firewallRules[0], {
        name: 'k8s-api-access',
        direction: 'inbound',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        source: '0.0.0.0/0',
      });
      assert.deepEqual(spec.quotas, { maxMachines: 100, maxClusters: 5, maxProviders: 10 });
      assert.deepEqual(spec.providerRefs.machine, [
        { name: 'aws-ec2-provider', namespace: 'production', priority: 1, conditions: [] },
      ]);
      assert.deepEqual(spec.monitoring, {
        enabled: true,
        provider: 'prometheus',
        exporters: ['node', 'cluster'],
      });
      assert.equal(spec.security?.rbac?.adminGroups?.length, 2);
      assert.deepEqual(spec.backup, { enabled: true, schedule: '0 2 * * *', retention: '30d' });
    });

    it('scenario 2: disaster recovery targets and the primary reference', () => {
      const primary = example('003-scenario2-primary-vitistack.yaml');
      assert.equal(primary.spec.disasterRecovery?.replicationTargets?.[0]?.rto, '30m');
      const secondary = example('003-scenario2-secondary-vitistack.yaml');
      assert.deepEqual(secondary.spec.hierarchy, {
        role: 'disaster-recovery',
        primary: { name: 'primary-vitistack', namespace: 'production' },
        children: [],
      });
    });

    it('scenario 3: edge management, edge connectivity and merged quotas', () => {
      const central = example('003-scenario3-central-vitistack.yaml');
      assert.deepEqual(central.spec.edgeManagement, {
        enabled: true,
        locations: [
          { name: 'edge-west', region: 'us-west', maxMachines: 10, maxClusters: 2 },
          { name: 'edge-east', region: 'us-east', maxMachines: 10, maxClusters: 2 },
        ],
      });
      assert.deepEqual(central.spec.monitoring, { enabled: true, aggregateEdgeMetrics: true });
      assert.deepEqual(central.spec.logging, { enabled: true, aggregateEdgeLogs: true });
      const edge = example('003-scenario3-edge-vitistack.yaml');
      assert.deepEqual(edge.spec.hierarchy, {
        role: 'edge',
        management: { name: 'central-management', namespace: 'edge-system' },
        children: [],
      });
      assert.deepEqual(edge.spec.edge, {
        locations: [],
        connectivity: { type: 'satellite', bandwidth: '100Mbps', latency: '500ms' },
        autonomy: { enabled: true, offlineTimeout: '1h', localDecisionMaking: true },
      });
      assert.deepEqual(edge.spec.quotas, {
        maxMachines: 10,
        maxClusters: 2,
        maxCPU: '100',
        maxMemory: '200Gi',
        maxStorage: '1Ti',
      });
    });

    it('hierarchy: parent with children and global policies, child inheriting', () => {
      const parent = example('003-hierarchical-parent-vitistack.yaml');
      assert.deepEqual(
        parent.spec.hierarchy.children.map((c) => `${c.namespace ?? ''}/${c.name}`),
        ['us-region/us-vitistack', 'eu-region/eu-vitistack', 'asia-region/asia-vitistack'],
      );
      assert.deepEqual(parent.spec.hierarchy.globalPolicies?.resourceLimits, {
        globalMaxMachines: 1000,
        globalMaxClusters: 50,
      });
      const child = example('003-hierarchical-child-vitistack.yaml');
      assert.deepEqual(child.spec.hierarchy, {
        parent: { name: 'global-vitistack', namespace: 'default' },
        children: [],
        inheritPolicies: true,
      });
      assert.deepEqual(child.spec.quotas, { maxMachines: 500, maxClusters: 25 });
    });

    it('spec 000 shape: load balancers, firewall ranges, DNS and both status shapes', () => {
      const vs = full000();
      const [web, api] = vs.spec.networking.loadBalancers;
      assert.equal(web!.internal, false, 'scheme internet-facing means not internal');
      assert.deepEqual(web!.healthCheck, {
        path: '/healthz',
        port: 8080,
        protocol: 'HTTP',
        intervalSeconds: 30,
      });
      assert.equal(api?.internal, true);
      const rules = vs.spec.networking.firewallRules;
      assert.deepEqual(rules[1], {
        name: 'web-range',
        direction: 'inbound',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 443,
        source: 'sg-0123abcd',
        destination: '10.0.1.0/24',
        action: 'allow',
        priority: 110,
      });
      assert.equal(rules[2]?.fromPort, undefined, 'no port and no ports means every port');
      assert.equal(vs.spec.networking.dns?.records.length, 3);
      assert.equal(vs.spec.quotas.maxNetworkBandwidth, '10Gbps');
      assert.deepEqual(vs.spec.providerRefs.machine[1]?.conditions, [
        { type: 'spotCapacity', operator: 'exists' },
      ]);
      const status = vs.status!;
      assert.deepEqual(status.providers, {
        machines: { total: 2, ready: 2, failed: 0 },
        kubernetes: { total: 1, ready: 1, failed: 0 },
        items: [],
      });
      assert.deepEqual(status.resources?.storage, {
        allocated: '2Ti',
        used: '800Gi',
        available: '1248Gi',
      });
      assert.equal(status.stack?.lastOperation?.changeSummary?.create, 2);
      assert.equal(status.plan?.id, 'plan-7c9a');
    });

    it('spec 001 shape: infrastructure providers, quotas and settings are unified', () => {
      const vs = full001();
      assert.equal(vs.spec.region, undefined);
      assert.deepEqual(vs.spec.infrastructureProviders, [
        {
          type: 'proxmox',
          name: 'proxmox-oslo',
          endpoint: 'https://proxmox.example.com:8006/api2/json',
          region: 'oslo-dc1',
          credentialsRef: { name: 'proxmox-credentials', namespace: 'infra' },
        },
        { type: 'kea', name: 'kea-dhcp', endpoint: 'http://kea.example.com:8000' },
      ]);
      assert.deepEqual(vs.spec.quotas, {
        maxMachines: 50,
        maxMachinesPerProvider: 25,
        maxStorage: '1Ti',
        maxStoragePerMachine: '200Gi',
        maxNetworks: 10,
      });
      assert.deepEqual(vs.spec.monitoring, { enabled: true, namespace: 'monitoring' });
      assert.deepEqual(vs.spec.logging, { enabled: true, endpoint: 'https://logs.example.com' });
      assert.deepEqual(vs.spec.settings, {
        defaultStorageClass: 'ceph-rbd',
        defaultNetworkPolicy: 'deny-all',
      });
      const status = vs.status!;
      assert.equal(status.providers?.machines, undefined);
      assert.equal(status.providers?.items.length, 2);
      assert.deepEqual(status.resources, {
        machines: { total: 12 },
        networks: 3,
        storage: { used: '480Gi' },
      });
    });

    it('turns a duration health check interval into seconds and scheme into internal', () => {
      const spec = {
        region: 'eu-west-1',
        networking: {
          loadBalancers: [
            {
              name: 'lb',
              scheme: 'internal',
              listeners: [{ port: 443, protocol: 'TCP', targetPort: 8443 }],
              healthCheck: { protocol: 'TCP', interval: '1m', timeout: '10s' },
            },
          ],
        },
      };
      const vs = validator.valid(manifest(vitistackKind, spec, undefined, { name: 'x' }));
      assert.deepEqual(vs.spec.networking.loadBalancers[0], {
        name: 'lb',
        internal: true,
        listeners: [{ port: 443, protocol: 'TCP', targetPort: 8443 }],
        healthCheck: { protocol: 'TCP', intervalSeconds: 60, timeoutSeconds: 10 },
      });
    });
  });

  describe('rejects', () => {
    const vpc = (subnets: { name: string; cidr: string }[], cidr = '10.0.0.0/16') => ({
      region: 'us-west-2',
      networking: { vpcs: [{ name: 'main', cidr, subnets }] },
    });
    const lb = (entry: Record<string, unknown>) => ({
      region: 'us-west-2',
      networking: { loadBalancers: [{ name: 'web', ...entry }] },
    });
    const rule = (entry: Record<string, unknown>) => ({
      region: 'us-west-2',
      networking: { firewallRules: [{ name: 'r', direction: 'inbound', ...entry }] },
    });
    const dns = (d: Record<string, unknown>) => ({ region: 'us-west-2', networking: { dns: d } });
    const cases: { name: string; spec: unknown; status?: unknown; want: string[] }[] = [
      {
        name: 'a subnet outside its VPC CIDR',
        spec: vpc([
          { name: 'a', cidr: '10.0.1.0/24' },
          { name: 'b', cidr: '10.1.0.0/24' },
        ]),
        want: [
          'spec.networking.vpcs[0].subnets[1].cidr: "10.1.0.0/24" is not inside the VPC CIDR "10.0.0.0/16" (every subnet of VPC "main" must lie within its CIDR block)',
        ],
      },
      {
        name: 'overlapping subnets, naming both',
        spec: vpc([
          { name: 'public-a', cidr: '10.0.1.0/24' },
          { name: 'private-a', cidr: '10.0.1.128/25' },
        ]),
        want: [
          'spec.networking.vpcs[0].subnets[1].cidr: "10.0.1.128/25" of subnet "private-a" overlaps subnet "public-a" ("10.0.1.0/24") in the same VPC; give each subnet its own address range',
        ],
      },
      {
        name: 'overlapping VPCs',
        spec: {
          region: 'us-west-2',
          networking: {
            vpcs: [
              { name: 'a', cidr: '10.0.0.0/16' },
              { name: 'b', cidr: '10.0.128.0/17' },
            ],
          },
        },
        want: [
          'spec.networking.vpcs[1].cidr: "10.0.128.0/17" of VPC "b" overlaps VPC "a" ("10.0.0.0/16"); give each VPC its own address range so they can be connected',
        ],
      },
      {
        name: 'duplicate subnet names in one VPC',
        spec: vpc([
          { name: 'a', cidr: '10.0.1.0/24' },
          { name: 'a', cidr: '10.0.2.0/24' },
        ]),
        want: [
          'spec.networking.vpcs[0].subnets[1].name: "a" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'a subnet CIDR with host bits',
        spec: vpc([{ name: 'a', cidr: '10.0.1.5/24' }]),
        want: [
          'spec.networking.vpcs[0].subnets[0].cidr: "10.0.1.5/24" has host bits set (use the network address "10.0.1.0/24")',
        ],
      },
      {
        name: 'duplicate load balancer names',
        spec: {
          region: 'us-west-2',
          networking: { loadBalancers: [{ name: 'web' }, { name: 'web' }] },
        },
        want: [
          'spec.networking.loadBalancers[1].name: "web" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'internal contradicting scheme',
        spec: lb({ scheme: 'internet-facing', internal: true }),
        want: [
          'spec.networking.loadBalancers[0].internal: true contradicts scheme "internet-facing" (set only one of them, or make them agree: internal: true goes with scheme: internal)',
        ],
      },
      {
        name: 'a TCP listener on an application load balancer',
        spec: lb({ type: 'application', listeners: [{ port: 22, protocol: 'TCP' }] }),
        want: [
          'spec.networking.loadBalancers[0].listeners[0].protocol: "TCP" is not supported by an application load balancer (allowed: HTTP or HTTPS; use type: network for TCP or UDP)',
        ],
      },
      {
        name: 'a certificate on an HTTP listener',
        spec: lb({ listeners: [{ port: 80, protocol: 'HTTP', certificateArn: 'arn:aws:acm:x' }] }),
        want: [
          'spec.networking.loadBalancers[0].listeners[0].certificateArn: "arn:aws:acm:x" cannot be set on a HTTP listener (a certificate is used only by HTTPS listeners)',
        ],
      },
      {
        name: 'two listeners on one port and protocol',
        spec: lb({
          listeners: [
            { port: 443, protocol: 'HTTPS' },
            { port: 443, protocol: 'HTTPS' },
          ],
        }),
        want: [
          'spec.networking.loadBalancers[0].listeners[1].port: 443 is a duplicate of listener 0 with protocol HTTPS (each port and protocol may have one listener)',
        ],
      },
      {
        name: 'a health check path with protocol TCP and a timeout not below the interval',
        spec: lb({
          healthCheck: { protocol: 'TCP', path: '/healthz', interval: 10, timeout: '10s' },
        }),
        want: [
          'spec.networking.loadBalancers[0].healthCheck.path: "/healthz" cannot be set when protocol is TCP (a path applies only to HTTP and HTTPS health checks)',
          'spec.networking.loadBalancers[0].healthCheck.timeout: "10s" is not shorter than the interval (10s); a check must time out before the next one starts',
        ],
      },
      {
        name: 'port and ports together',
        spec: rule({ protocol: 'tcp', port: 443, ports: '80-443' }),
        want: [
          'spec.networking.firewallRules[0].ports: "80-443" cannot be set together with port (use port for one port or ports for a range)',
        ],
      },
      {
        name: 'a port range whose start is above its end',
        spec: rule({ protocol: 'tcp', ports: '443-80' }),
        want: [
          'spec.networking.firewallRules[0].ports: "443-80" has a start port above its end port (expected a form like "22" or "80-443", ports 1 to 65535)',
        ],
      },
      {
        name: 'a port with protocol icmp',
        spec: rule({ protocol: 'icmp', port: 8 }),
        want: [
          'spec.networking.firewallRules[0].port: 8 cannot be set when protocol is "icmp" (ICMP has no ports; leave it out)',
        ],
      },
      {
        name: 'ports with protocol all',
        spec: rule({ protocol: 'all', ports: '1-1024' }),
        want: [
          'spec.networking.firewallRules[0].ports: "1-1024" cannot be set when protocol is "all" (it covers every port; use protocol tcp or udp to limit ports)',
        ],
      },
      {
        name: 'a source that is neither a CIDR nor an IP but looks like one',
        spec: rule({ protocol: 'tcp', port: 22, source: '10.0.0.300/8' }),
        want: [
          'spec.networking.firewallRules[0].source: "10.0.0.300/8" is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5", or a security group such as "sg-0123abcd")',
        ],
      },
      {
        name: 'a misspelt direction',
        spec: rule({ direction: 'ingress' }),
        want: [
          'spec.networking.firewallRules[0].direction: "ingress" is not one of the allowed values (allowed: inbound or outbound)',
        ],
      },
      {
        name: 'a bad A record value (record errors come first; the zone checks wait for them)',
        spec: dns({
          records: [
            { name: 'api', type: 'A', value: 'api.example.com' },
            { name: 'www', type: 'CNAME', value: 'lb.example.com' },
            { name: 'www', type: 'TXT', value: 'hello' },
          ],
        }),
        want: [
          'spec.networking.dns.records[0].value: "api.example.com" is not an IPv4 address (an A record needs one, like "203.0.113.10")',
        ],
      },
      {
        name: 'DNS records without a zone and a name with a CNAME and more',
        spec: dns({
          records: [
            { name: 'www', type: 'CNAME', value: 'lb.example.com' },
            { name: 'www', type: 'TXT', value: 'hello' },
          ],
        }),
        want: [
          'spec.networking.dns.zone: is required when records are given (the zone they belong to, like "example.com")',
          'spec.networking.dns.records[1].name: "www" already has a record at item 0; a name with a CNAME record can have no other records',
        ],
      },
      {
        name: 'a missing region without infrastructure providers',
        spec: { description: 'no region' },
        want: [
          'spec.region: is required unless spec.infrastructure.providers is given (the geographical region, like "us-west-2")',
        ],
      },
      {
        name: 'a misspelt top-level spec field',
        spec: { region: 'us-west-2', resourceQuota: { maxMachines: 1 } },
        want: [
          'spec.resourceQuota: is not a known field (allowed here: backup, childVitistacks, description, disasterRecovery, edge, edgeManagement, globalPolicies, highAvailability, infrastructure, inheritPolicies, kubernetesProviders, logging, machineProviders, managementVitistack, monitoring, networking, parentVitistack, primaryVitistack, quotas, region, resourceQuotas, role, security, or settings); did you mean "resourceQuotas"?',
        ],
      },
      {
        name: 'quotas that are not positive',
        spec: { region: 'x', resourceQuotas: { maxMachines: 0, maxMemory: '0Gi' } },
        want: [
          'spec.resourceQuotas.maxMachines: 0 is out of range (expected an integer of at least 1)',
          'spec.resourceQuotas.maxMemory: "0Gi" is not above zero (a quota must be positive, like "200Gi")',
        ],
      },
      {
        name: 'the two quota blocks disagreeing',
        spec: {
          region: 'x',
          resourceQuotas: { maxMachines: 100, maxStorage: '1Ti' },
          quotas: { machines: { total: 50 }, storage: { total: '1024Gi' } },
        },
        want: [
          'spec.quotas.machines.total: 50 contradicts spec.resourceQuotas.maxMachines (100); give the machine quota once, in resourceQuotas or quotas',
        ],
      },
      {
        name: 'a per-provider quota above the total',
        spec: { region: 'x', quotas: { machines: { total: 10, perProvider: 20 } } },
        want: [
          'spec.quotas.machines.perProvider: 20 is above machines.total (10); a provider cannot hold more machines than the whole Vitistack',
        ],
      },
      {
        name: 'the same MachineProvider twice',
        spec: {
          region: 'x',
          machineProviders: [
            { name: 'aws', namespace: 'prod', priority: 1 },
            { name: 'aws', namespace: 'prod', priority: 2 },
          ],
        },
        want: [
          'spec.machineProviders[1].name: "aws" is a duplicate of item 0 in namespace "prod" (each MachineProvider may be listed once)',
        ],
      },
      {
        name: 'a provider condition without a value',
        spec: {
          region: 'x',
          kubernetesProviders: [{ name: 'eks', conditions: [{ type: 'region', operator: 'eq' }] }],
        },
        want: [
          'spec.kubernetesProviders[0].conditions[0].value: is required for operator "eq" (only exists needs no value)',
        ],
      },
      {
        name: 'a disaster-recovery role without a primary',
        spec: { region: 'x', role: 'disaster-recovery' },
        want: [
          'spec.primaryVitistack: is required when role is "disaster-recovery" (name the Vitistack this one stands in for)',
        ],
      },
      {
        name: 'a primary on an edge Vitistack',
        spec: { region: 'x', role: 'edge', primaryVitistack: { name: 'p' } },
        want: [
          'spec.role: "edge" does not fit primaryVitistack (only a disaster-recovery Vitistack has a primary; set role: disaster-recovery or remove primaryVitistack)',
        ],
      },
      {
        name: 'inheritPolicies without a parent and a duplicate child',
        spec: {
          region: 'x',
          inheritPolicies: true,
          childVitistacks: [{ name: 'us' }, { name: 'us' }],
        },
        want: [
          'spec.inheritPolicies: true needs spec.parentVitistack (policies are inherited from the parent Vitistack)',
          'spec.childVitistacks[1].name: "us" is a duplicate of item 0 (each child Vitistack may be listed once)',
        ],
      },
      {
        name: 'settings.monitoring contradicting monitoring',
        spec: {
          region: 'x',
          monitoring: { enabled: true },
          settings: { monitoring: { enabled: false } },
        },
        want: [
          'spec.settings.monitoring.enabled: false contradicts spec.monitoring.enabled (true); set it in one place',
        ],
      },
      {
        name: 'a KMS key without encryption at rest',
        spec: { region: 'x', security: { encryption: { atRest: false, kmsKeyId: 'key-1' } } },
        want: [
          'spec.security.encryption.kmsKeyId: "key-1" is set but atRest is false (a KMS key encrypts data at rest; set atRest: true or remove kmsKeyId)',
        ],
      },
      {
        name: 'bad formats in operations',
        spec: {
          region: 'x',
          backup: { schedule: 'daily', retention: '30 days' },
          edge: { connectivity: { bandwidth: 'fast' } },
          role: 'Edge',
        },
        want: [
          'spec.role: "Edge" is not one of the allowed values (allowed: standalone, primary, disaster-recovery, edge, or management); did you mean "edge"?',
          'spec.backup.schedule: "daily" is not a valid cron schedule: it has 1 fields, not 5 (expected five fields like "0 2 * * *")',
          'spec.backup.retention: "30 days" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
          'spec.edge.connectivity.bandwidth: "fast" is not a valid bandwidth (expected a form like "100Mbps" or "1Gbps")',
        ],
      },
      {
        name: 'duplicate edge locations',
        spec: {
          region: 'x',
          edgeManagement: { edgeLocations: [{ name: 'edge-west' }, { name: 'edge-west' }] },
        },
        want: [
          'spec.edgeManagement.edgeLocations[1].name: "edge-west" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'bad status fields',
        spec: { region: 'x' },
        status: {
          phase: 'Running',
          providers: 'ready',
          stack: { lastOperation: { type: 'update', changeSummary: { create: -1 } } },
        },
        want: [
          'status.phase: "Running" is not one of the allowed values (allowed: Pending, Initializing, Active, Ready, Failed, or Deleting)',
          'status.providers: "ready" is a string (expected an object or a list of objects)',
          'status.stack.lastOperation.type: "update" is not one of the allowed values (allowed: preview, up, destroy, or refresh)',
          'status.stack.lastOperation.changeSummary.create: -1 is out of range (expected an integer of at least 0)',
        ],
      },
    ];
    itReports(cases, (tc) => messages(tc.spec, tc.status));
  });

  describe('CRD schema', () => {
    it('is structural and describes every field', () => {
      const problems = [
        ...schemaProblems(vitistackKind.spec.openapi(), 'spec', true),
        ...schemaProblems(vitistackKind.status.openapi(), 'status', true),
      ];
      assert.deepEqual(problems, []);
    });

    it('keeps the two status shapes of providers in one preserved field', () => {
      const status = vitistackKind.status.openapi();
      const props = status.properties!;
      assert.equal(props.providers?.['x-kubernetes-preserve-unknown-fields'], true);
      assert.deepEqual(props.phase?.enum, [
        'Pending',
        'Initializing',
        'Active',
        'Ready',
        'Failed',
        'Deleting',
      ]);
    });
  });
});
