import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedResource } from '../../src/engine/mocks';
import { renderStack } from '../../src/engine/render-stack';
import {
  httpsRedirect,
  NETWORK_POLICIES,
  noOpenAdminIngress,
  privateSubnetsUseNat,
} from '../../src/policy/network';
import { loadStackFromDirectory } from '../../src/program/from-directory';
import { repoRoot } from '../model/helpers';
import {
  awsProductionResources,
  fromRecorded,
  runOnAwsProduction,
  runStack,
  shapeProblems,
  UNKNOWN_VALUE,
  type TestResource,
  resourceCases,
} from './harness';

const SOURCE_FIX =
  "restrict the rule's source (spec.networking.firewallRules[].source of the Vitistack, or securityGroups[].rules[].source of the MachineProvider) to your admin network.";

const VPC_RULE = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const SG = 'aws:ec2/securityGroup:SecurityGroup';
const SG_RULE = 'aws:ec2/securityGroupRule:SecurityGroupRule';
const NSG = 'azure-native:network:NetworkSecurityGroup';
const NSG_RULE = 'azure-native:network:SecurityRule';
const FIREWALL = 'gcp:compute/firewall:Firewall';

/**
 * Recorded resources as a preview shows them: every value that is another resource's id or ARN
 * is unknown, and each input names the resources it came from in propertyDependencies.
 */
function asPreview(recorded: readonly RecordedResource[]): TestResource[] {
  const computed = new Map<string, string>();
  for (const r of recorded) {
    if (!r.custom) continue;
    if (r.id !== undefined) computed.set(r.id, r.urn);
    if (typeof r.state.arn === 'string') computed.set(r.state.arn, r.urn);
  }
  const hide = (v: unknown, from: Set<string>): unknown => {
    if (typeof v === 'string') {
      const urn = computed.get(v);
      if (urn === undefined) return v;
      from.add(urn);
      return UNKNOWN_VALUE;
    }
    if (Array.isArray(v)) return v.map((x) => hide(x, from));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hide(x, from)]));
    }
    return v;
  };
  return fromRecorded(recorded, 'state').map((r) => {
    const propertyDependencies: Record<string, string[]> = {};
    const props = Object.fromEntries(
      Object.entries(r.props).map(([k, v]) => {
        const from = new Set<string>();
        const hidden = hide(v, from);
        if (from.size > 0) propertyDependencies[k] = [...from];
        return [k, hidden];
      }),
    );
    return { ...r, props, propertyDependencies };
  });
}

/** The resources (outputs) the AWS program builds for stacks/aws-production with its load
 * balancer replaced by `loadBalancers` (YAML list items, indented for spec.networking). */
async function awsProductionWith(loadBalancers: string): Promise<TestResource[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vitistack-policy-'));
  try {
    cpSync(join(repoRoot(), 'stacks', 'aws-production'), dir, { recursive: true });
    const file = join(dir, 'vitistack.yaml');
    const original = readFileSync(file, 'utf8');
    const block =
      '    loadBalancers:\n      - name: k8s-api-lb\n        type: network\n        internal: false\n';
    assert.ok(
      original.includes(block),
      'stacks/aws-production/vitistack.yaml changed its loadBalancers',
    );
    writeFileSync(file, original.replace(block, `    loadBalancers:\n${loadBalancers}`));
    const { model } = loadStackFromDirectory({ paths: [dir], base: dir });
    return fromRecorded((await renderStack(model)).resources, 'state');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('policy/network', () => {
  it('every policy has the shape STYLE rule 17 asks for', () => {
    for (const p of NETWORK_POLICIES) assert.deepEqual(shapeProblems(p), [], p.name);
  });

  describe('no-open-admin-ingress', () => {
    const cases: {
      name: string;
      type: string;
      props: Record<string, unknown>;
      config?: Record<string, unknown>;
      messages: string[];
    }[] = [
      {
        name: 'reports SSH open to 0.0.0.0/0 in a vpc ingress rule',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
        messages: [
          `${VPC_RULE} r: ingress to port 22 must not be open to 0.0.0.0/0 (cidrIpv4 is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'passes SSH from an admin network',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.0.0.0/8' },
        messages: [],
      },
      {
        name: 'passes HTTPS open to the internet',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '0.0.0.0/0' },
        messages: [],
      },
      {
        name: 'reports every protocol open to ::/0',
        type: VPC_RULE,
        props: { ipProtocol: '-1', cidrIpv6: '::/0' },
        messages: [
          `${VPC_RULE} r: ingress to all ports and protocols (ipProtocol "-1") must not be open to ::/0 (cidrIpv6 is "::/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports a port range covering every port',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 0, toPort: 65535, cidrIpv4: '0.0.0.0/0' },
        messages: [
          `${VPC_RULE} r: ingress to all ports must not be open to 0.0.0.0/0 (cidrIpv4 is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports a port range that includes 22',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 20, toPort: 30, cidrIpv4: '0.0.0.0/0' },
        messages: [
          `${VPC_RULE} r: ingress to ports 20-30 (including 22) must not be open to 0.0.0.0/0 (cidrIpv4 is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'passes ICMP from anywhere',
        type: VPC_RULE,
        props: { ipProtocol: 'icmp', fromPort: -1, toPort: -1, cidrIpv4: '0.0.0.0/0' },
        messages: [],
      },
      {
        name: 'reports the open block of an inline security group rule by its path',
        type: SG,
        props: {
          ingress: [
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
            {
              protocol: 'tcp',
              fromPort: 3389,
              toPort: 3389,
              cidrBlocks: ['10.0.0.0/8', '0.0.0.0/0'],
            },
          ],
        },
        messages: [
          `${SG} r: ingress to port 3389 must not be open to 0.0.0.0/0 (ingress[1].cidrBlocks[1] is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports an ingress SecurityGroupRule',
        type: SG_RULE,
        props: {
          type: 'ingress',
          protocol: 'tcp',
          fromPort: 22,
          toPort: 22,
          cidrBlocks: ['0.0.0.0/0'],
        },
        messages: [
          `${SG_RULE} r: ingress to port 22 must not be open to 0.0.0.0/0 (cidrBlocks[0] is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'passes an egress SecurityGroupRule',
        type: SG_RULE,
        props: {
          type: 'egress',
          protocol: '-1',
          fromPort: 0,
          toPort: 0,
          cidrBlocks: ['0.0.0.0/0'],
        },
        messages: [],
      },
      {
        name: 'reports an Azure NSG rule allowing SSH from Internet',
        type: NSG,
        props: {
          securityRules: [
            {
              name: 'deny-ssh',
              direction: 'Inbound',
              access: 'Deny',
              protocol: 'Tcp',
              sourceAddressPrefix: '*',
              destinationPortRange: '22',
            },
            {
              name: 'ssh',
              direction: 'Inbound',
              access: 'Allow',
              protocol: '*',
              sourceAddressPrefix: 'Internet',
              destinationPortRange: '22',
            },
          ],
        },
        messages: [
          `${NSG} r: ingress to port 22 must not be open to Internet (securityRules[1].sourceAddressPrefix is "Internet"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports an Azure security rule whose port ranges include RDP',
        type: NSG_RULE,
        props: {
          direction: 'Inbound',
          access: 'Allow',
          protocol: 'Tcp',
          sourceAddressPrefixes: ['0.0.0.0/0'],
          destinationPortRanges: ['80', '3380-3390'],
        },
        messages: [
          `${NSG_RULE} r: ingress to ports 80, 3380-3390 (including 3389) must not be open to 0.0.0.0/0 (sourceAddressPrefixes[0] is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports a GCP firewall rule with SSH from 0.0.0.0/0',
        type: FIREWALL,
        props: {
          direction: 'INGRESS',
          sourceRanges: ['0.0.0.0/0'],
          allows: [{ protocol: 'icmp' }, { protocol: 'tcp', ports: ['22', '443'] }],
        },
        messages: [
          `${FIREWALL} r: ingress to ports 22, 443 (including 22) (allows[1]) must not be open to 0.0.0.0/0 (sourceRanges[0] is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'reports a GCP firewall rule without sources, which GCP opens to everyone',
        type: FIREWALL,
        props: { allows: [{ protocol: 'all' }] },
        messages: [
          `${FIREWALL} r: ingress to all ports and protocols (protocol "all") (allows[0]) must not be open to 0.0.0.0/0 (sourceRanges is unset, which GCP reads as "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'passes a GCP egress rule',
        type: FIREWALL,
        props: {
          direction: 'EGRESS',
          destinationRanges: ['0.0.0.0/0'],
          allows: [{ protocol: 'all' }],
        },
        messages: [],
      },
      {
        name: 'checks the configured admin ports instead of 22 and 3389',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 5432, toPort: 5432, cidrIpv4: '0.0.0.0/0' },
        config: { adminPorts: [5432] },
        messages: [
          `${VPC_RULE} r: ingress to port 5432 must not be open to 0.0.0.0/0 (cidrIpv4 is "0.0.0.0/0"); ${SOURCE_FIX}`,
        ],
      },
      {
        name: 'with configured admin ports, no longer checks 22',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' },
        config: { adminPorts: [5432] },
        messages: [],
      },
      {
        name: 'passes a rule whose source is unknown during preview',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: UNKNOWN_VALUE },
        messages: [],
      },
      {
        name: 'passes a rule whose ports are unknown during preview',
        type: VPC_RULE,
        props: { ipProtocol: 'tcp', fromPort: UNKNOWN_VALUE, toPort: 22, cidrIpv4: '0.0.0.0/0' },
        messages: [],
      },
      {
        name: 'passes a security group whose inline rules are unknown during preview',
        type: SG,
        props: { ingress: UNKNOWN_VALUE },
        messages: [],
      },
      {
        name: 'checks the known rules of a group when one rule is unknown',
        type: SG,
        props: {
          ingress: [
            UNKNOWN_VALUE,
            { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN_VALUE, '::/0'] },
          ],
        },
        messages: [
          `${SG} r: ingress to port 22 must not be open to ::/0 (ingress[1].cidrBlocks[1] is "::/0"); ${SOURCE_FIX}`,
        ],
      },
    ];
    resourceCases(
      noOpenAdminIngress,
      cases.map((tc) => ({
        name: tc.name,
        resource: { type: tc.type, name: 'r', props: tc.props },
        ...(tc.config !== undefined ? { config: tc.config } : {}),
        messages: tc.messages,
      })),
    );

    it('passes every resource of stacks/aws-production (SSH only from 10.0.0.0/16 and 203.0.113.0/24)', async () => {
      const o = await runOnAwsProduction(noOpenAdminIngress);
      assert.deepEqual(o.messages, []);
      assert.equal(o.unknownError, undefined);
    });

    it('sees the real rules of stacks/aws-production: with 443 as an admin port, k8s-api-access is open', async () => {
      const o = await runOnAwsProduction(noOpenAdminIngress, { adminPorts: [443] });
      assert.deepEqual(o.messages, [
        `${VPC_RULE} aws-production-firewall-vitistack-in-0: ingress to port 443 must not be open to 0.0.0.0/0 (cidrIpv4 is "0.0.0.0/0"); ${SOURCE_FIX}`,
      ]);
    });
  });

  describe('https-redirect', () => {
    const LISTENER = 'aws:lb/listener:Listener';
    const FIX =
      'give the load balancer an HTTPS listener (spec.networking.loadBalancers[].listeners[] with protocol HTTPS and a certificateArn): vitistack then makes every HTTP listener of it redirect to HTTPS.';
    const listener = (name: string, props: Record<string, unknown>): TestResource => ({
      type: LISTENER,
      name,
      props: { loadBalancerArn: 'arn:aws:elasticloadbalancing:lb/app/x', ...props },
    });
    const forward = [{ type: 'forward', targetGroupArn: 'arn:tg' }];
    const redirect = (protocol: string) => [
      { type: 'redirect', redirect: { protocol, port: '443', statusCode: 'HTTP_301' } },
    ];

    it('reports an HTTP listener that forwards to targets', async () => {
      const o = await runStack(httpsRedirect, [
        listener('web-http-80', { port: 80, protocol: 'HTTP', defaultActions: forward }),
      ]);
      assert.deepEqual(o.messages, [
        `${LISTENER} web-http-80: an HTTP listener must redirect to HTTPS, but defaultActions[0].type is "forward"; ${FIX}`,
      ]);
      assert.equal(
        o.violations[0]?.urn,
        'urn:pulumi:test::vitistack::aws:lb/listener:Listener::web-http-80',
      );
    });

    it('reports a redirect that stays on HTTP', async () => {
      const o = await runStack(httpsRedirect, [
        listener('web-http-80', { port: 80, protocol: 'HTTP', defaultActions: redirect('HTTP') }),
      ]);
      assert.deepEqual(o.messages, [
        `${LISTENER} web-http-80: an HTTP listener must redirect to HTTPS, but defaultActions[0].redirect.protocol is "HTTP"; ${FIX}`,
      ]);
    });

    it('passes an HTTP listener that redirects to HTTPS, next to the HTTPS one', async () => {
      const o = await runStack(httpsRedirect, [
        listener('web-http-80', { port: 80, protocol: 'HTTP', defaultActions: redirect('HTTPS') }),
        listener('web-https-443', { port: 443, protocol: 'HTTPS', defaultActions: forward }),
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('passes NLB TCP listeners, which are not HTTP', async () => {
      const o = await runStack(httpsRedirect, [
        listener('api-tcp-6443', { port: 6443, protocol: 'TCP', defaultActions: forward }),
      ]);
      assert.deepEqual(o.messages, []);
      assert.equal(o.notApplicable, undefined);
    });

    it('passes a listener whose action is unknown during preview', async () => {
      const o = await runStack(httpsRedirect, [
        listener('web-http-80', {
          port: 80,
          protocol: 'HTTP',
          defaultActions: [{ type: UNKNOWN_VALUE }],
        }),
      ]);
      assert.deepEqual(o.messages, []);
      assert.equal(o.unknownError, undefined);
    });

    it('is not applicable to a stack without listeners', async () => {
      const o = await runStack(httpsRedirect, [{ type: SG, name: 'sg', props: {} }]);
      assert.equal(
        o.notApplicable,
        'the stack has no load balancer listeners, application gateways or HTTP proxies',
      );
    });

    const CERT =
      'arn:aws:acm:us-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    it('passes the HTTP listener the AWS program builds next to an HTTPS one (a redirect)', async () => {
      const resources = await awsProductionWith(
        [
          '      - name: web',
          '        type: application',
          '        internal: true',
          '        listeners:',
          '          - { port: 80, protocol: HTTP }',
          `          - { port: 443, protocol: HTTPS, certificateArn: '${CERT}' }`,
          '',
        ].join('\n'),
      );
      assert.equal(resources.filter((r) => r.type === LISTENER).length, 2);
      const o = await runStack(httpsRedirect, resources);
      assert.deepEqual(o.messages, []);
      assert.equal(o.notApplicable, undefined);
    });

    it('reports the HTTP-only application load balancer a manifest asks for', async () => {
      const resources = await awsProductionWith(
        [
          '      - name: web',
          '        type: application',
          '        internal: true',
          '        listeners:',
          '          - { port: 80, protocol: HTTP }',
          '',
        ].join('\n'),
      );
      const o = await runStack(httpsRedirect, resources);
      assert.deepEqual(o.messages, [
        `${LISTENER} aws-production-web-http-80: an HTTP listener must redirect to HTTPS, but defaultActions[0].type is "forward"; ${FIX}`,
      ]);
    });

    const GW = 'azure-native:network:ApplicationGateway';
    const gwId =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/gw';
    const gateway = (rule: Record<string, unknown>): TestResource => ({
      type: GW,
      name: 'gw',
      props: {
        httpListeners: [
          { name: 'http', protocol: 'Http' },
          { name: 'https', protocol: 'Https' },
        ],
        redirectConfigurations: [
          {
            name: 'to-https',
            redirectType: 'Permanent',
            targetListener: { id: `${gwId}/httpListeners/https` },
          },
        ],
        requestRoutingRules: [
          { name: 'http-rule', httpListener: { id: `${gwId}/httpListeners/http` }, ...rule },
        ],
      },
    });

    it('reports an Azure gateway rule that sends HTTP to a backend', async () => {
      const o = await runStack(httpsRedirect, [
        gateway({ backendAddressPool: { id: `${gwId}/backendAddressPools/pool` } }),
      ]);
      assert.deepEqual(o.messages, [
        `${GW} gw: httpListeners[0] ("http") serves HTTP and must redirect to HTTPS, but requestRoutingRules[0] forwards it to a backend; add a redirectConfiguration with redirectType Permanent and the Https listener as targetListener to that rule (${FIX.slice(0, -1)}).`,
      ]);
    });

    it('passes an Azure gateway rule that redirects HTTP to the Https listener', async () => {
      const o = await runStack(httpsRedirect, [
        gateway({ redirectConfiguration: { id: `${gwId}/redirectConfigurations/to-https` } }),
      ]);
      assert.deepEqual(o.messages, []);
    });

    const PROXY = 'gcp:compute/targetHttpProxy:TargetHttpProxy';
    const URL_MAP = 'gcp:compute/uRLMap:URLMap';
    it('reports a GCP HTTP proxy whose URL map serves instead of redirecting', async () => {
      const o = await runStack(httpsRedirect, [
        { type: URL_MAP, name: 'site', props: { defaultService: 'backend' } },
        {
          type: PROXY,
          name: 'site-http',
          props: { urlMap: UNKNOWN_VALUE },
          propertyDependencies: { urlMap: ['site'] },
        },
      ]);
      assert.deepEqual(o.messages, [
        `${PROXY} site-http: an HTTP proxy must redirect to HTTPS, but its urlMap ${URL_MAP} site has defaultUrlRedirect.httpsRedirect not set; point the proxy at a URL map with defaultUrlRedirect.httpsRedirect true and serve the site through a target HTTPS proxy (${FIX.slice(0, -1)}).`,
      ]);
    });

    it('passes a GCP HTTP proxy whose URL map (by self link) redirects to HTTPS', async () => {
      const selfLink = 'https://www.googleapis.com/compute/v1/projects/p/global/urlMaps/redirect';
      const o = await runStack(httpsRedirect, [
        {
          type: URL_MAP,
          name: 'redirect',
          props: { selfLink, defaultUrlRedirect: { httpsRedirect: true, stripQuery: false } },
        },
        { type: PROXY, name: 'site-http', props: { urlMap: selfLink } },
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('passes stacks/aws-production: its network load balancer has no listeners', async () => {
      const o = await runOnAwsProduction(httpsRedirect);
      assert.deepEqual(o.messages, []);
      assert.equal(
        o.notApplicable,
        'the stack has no load balancer listeners, application gateways or HTTP proxies',
      );
    });
  });

  describe('private-subnets-use-nat', () => {
    const SUBNET = 'aws:ec2/subnet:Subnet';
    const TABLE = 'aws:ec2/routeTable:RouteTable';
    const ROUTE = 'aws:ec2/route:Route';
    const ASSOC = 'aws:ec2/routeTableAssociation:RouteTableAssociation';
    const NAT_FIX =
      'give its VPC a public subnet (spec.networking.vpcs[].subnets[] with type public) so vitistack builds a NAT gateway for the private subnets, or make the subnet type database (spec.networking.vpcs[].subnets[].type) when it needs no internet access.';

    /** A subnet with its route table, association and (optionally) default route, by id. */
    function network(
      kind: 'private' | 'database' | undefined,
      route?: Record<string, unknown>,
      associate = true,
    ): TestResource[] {
      return [
        {
          type: SUBNET,
          name: 'app',
          props: {
            id: 'subnet-1',
            mapPublicIpOnLaunch: false,
            ...(kind !== undefined ? { tags: { 'vitistack.io/subnet-type': kind } } : {}),
          },
        },
        { type: TABLE, name: 'app-rt', props: { id: 'rtb-1' } },
        ...(associate
          ? [
              {
                type: ASSOC,
                name: 'app-rta',
                props: { subnetId: 'subnet-1', routeTableId: 'rtb-1' },
              },
            ]
          : []),
        ...(route !== undefined
          ? [
              {
                type: ROUTE,
                name: 'app-rt-default',
                props: { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', ...route },
              },
            ]
          : []),
      ];
    }

    it('passes the real resources of stacks/aws-production (outputs, no ids)', async () => {
      const o = await runOnAwsProduction(privateSubnetsUseNat);
      assert.deepEqual(o.messages, []);
      assert.equal(o.notApplicable, undefined);
    });

    it('passes stacks/aws-production under preview (ids unknown, linked by dependencies)', async () => {
      const o = await runStack(privateSubnetsUseNat, asPreview(await awsProductionResources()));
      assert.deepEqual(o.messages, []);
      assert.equal(o.unknownError, undefined);
    });

    it('reports the private subnets of stacks/aws-production when their NAT routes are gone', async () => {
      const resources = asPreview(await awsProductionResources()).filter(
        (r) => !(r.type === ROUTE && r.name.endsWith('-rt-nat')),
      );
      const o = await runStack(privateSubnetsUseNat, resources);
      const vpc = 'aws-production-production-vpc';
      assert.deepEqual(o.messages, [
        `${SUBNET} ${vpc}-private-subnet-1: a private subnet (tags["vitistack.io/subnet-type"] is "private") must route 0.0.0.0/0 through a NAT gateway, but its route table ${TABLE} ${vpc}-private-us-west-2a-rt has no 0.0.0.0/0 route; ${NAT_FIX}`,
        `${SUBNET} ${vpc}-private-subnet-2: a private subnet (tags["vitistack.io/subnet-type"] is "private") must route 0.0.0.0/0 through a NAT gateway, but its route table ${TABLE} ${vpc}-private-us-west-2b-rt has no 0.0.0.0/0 route; ${NAT_FIX}`,
      ]);
    });

    it('passes a private subnet routed through a NAT gateway', async () => {
      const o = await runStack(privateSubnetsUseNat, network('private', { natGatewayId: 'nat-1' }));
      assert.deepEqual(o.messages, []);
    });

    it('reports a private subnet routed to an internet gateway', async () => {
      const o = await runStack(privateSubnetsUseNat, network('private', { gatewayId: 'igw-1' }));
      assert.deepEqual(o.messages, [
        `${SUBNET} app: a private subnet (tags["vitistack.io/subnet-type"] is "private") must not route 0.0.0.0/0 to an internet gateway, but ${ROUTE} app-rt-default: gatewayId "igw-1"; route it through a NAT gateway, or make the subnet type public (spec.networking.vpcs[].subnets[].type) if it is meant to be reachable from the internet.`,
      ]);
    });

    it('reports a private subnet routed through a transit gateway instead of a NAT', async () => {
      const o = await runStack(
        privateSubnetsUseNat,
        network('private', { transitGatewayId: 'tgw-1' }),
      );
      assert.deepEqual(o.messages, [
        `${SUBNET} app: a private subnet (tags["vitistack.io/subnet-type"] is "private") must route 0.0.0.0/0 through a NAT gateway, but its default route goes elsewhere (${ROUTE} app-rt-default: transitGatewayId "tgw-1"); ${NAT_FIX}`,
      ]);
    });

    it('reports an untagged private subnet without a route table association', async () => {
      const o = await runStack(privateSubnetsUseNat, network(undefined, undefined, false));
      assert.deepEqual(o.messages, [
        `${SUBNET} app: a private subnet (mapPublicIpOnLaunch is false) must route 0.0.0.0/0 through a NAT gateway, but it is associated with no route table (so it uses the VPC's main route table); ${NAT_FIX}`,
      ]);
    });

    it('passes an untagged subnet routed to an internet gateway (public by AWS terms)', async () => {
      const o = await runStack(privateSubnetsUseNat, network(undefined, { gatewayId: 'igw-1' }));
      assert.deepEqual(o.messages, []);
    });

    it('passes a database subnet without any default route', async () => {
      const o = await runStack(privateSubnetsUseNat, network('database'));
      assert.deepEqual(o.messages, []);
    });

    it('passes when the default route of a table is unknown during preview', async () => {
      const resources = network('private', { natGatewayId: 'nat-1' }).map((r) =>
        r.type === ROUTE ? { ...r, props: { ...r.props, routeTableId: UNKNOWN_VALUE } } : r,
      );
      const o = await runStack(privateSubnetsUseNat, resources);
      assert.deepEqual(o.messages, []);
      assert.equal(o.unknownError, undefined);
    });

    it('passes a route whose NAT gateway id is unknown during preview', async () => {
      const o = await runStack(
        privateSubnetsUseNat,
        network('private', { natGatewayId: UNKNOWN_VALUE }),
      );
      assert.deepEqual(o.messages, []);
    });

    const GCP_SUBNET = 'gcp:compute/subnetwork:Subnetwork';
    const gcp = (nat: Record<string, unknown> | undefined): TestResource[] => [
      { type: 'gcp:compute/network:Network', name: 'vpc', props: { name: 'vpc' } },
      {
        type: GCP_SUBNET,
        name: 'nodes',
        props: { name: 'nodes', network: UNKNOWN_VALUE, region: 'europe-north1' },
        propertyDependencies: { network: ['vpc'] },
      },
      {
        type: 'gcp:compute/router:Router',
        name: 'router',
        props: { name: 'router', network: UNKNOWN_VALUE, region: 'europe-north1' },
        propertyDependencies: { network: ['vpc'] },
      },
      ...(nat !== undefined
        ? [
            {
              type: 'gcp:compute/routerNat:RouterNat',
              name: 'nat',
              props: { router: UNKNOWN_VALUE, region: 'europe-north1', ...nat },
              propertyDependencies: { router: ['router'] },
            },
          ]
        : []),
    ];

    it('passes a GCP subnetwork covered by a Cloud NAT of its network', async () => {
      const o = await runStack(
        privateSubnetsUseNat,
        gcp({ sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }),
      );
      assert.deepEqual(o.messages, []);
    });

    it('reports a GCP subnetwork that no Cloud NAT lists', async () => {
      const o = await runStack(
        privateSubnetsUseNat,
        gcp({
          sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
          subnetworks: [{ name: 'projects/p/regions/europe-north1/subnetworks/other' }],
        }),
      );
      assert.deepEqual(o.messages, [
        `${GCP_SUBNET} nodes: a private subnetwork must route 0.0.0.0/0 through a NAT, but no gcp:compute/routerNat:RouterNat covers it; add a Cloud NAT on a router of its network with sourceSubnetworkIpRangesToNat ALL_SUBNETWORKS_ALL_IP_RANGES, or list the subnetwork in its subnetworks (a Vitistack's private subnets, spec.networking.vpcs[].subnets[].type private, get one).`,
      ]);
    });

    const AZ_SUBNET = 'azure-native:network:Subnet';
    it('reports an Azure subnet without a NAT gateway and passes one with it', async () => {
      const o = await runStack(privateSubnetsUseNat, [
        {
          type: AZ_SUBNET,
          name: 'app',
          props: { subnetName: 'app', addressPrefix: '10.1.0.0/24' },
        },
        {
          type: AZ_SUBNET,
          name: 'db',
          props: { subnetName: 'db', natGateway: { id: UNKNOWN_VALUE } },
        },
        { type: AZ_SUBNET, name: 'gw', props: { subnetName: 'GatewaySubnet' } },
      ]);
      assert.deepEqual(o.messages, [
        `${AZ_SUBNET} app: subnet "app" must send outbound traffic through a NAT gateway, but natGateway is unset; attach an azure-native:network:NatGateway (natGateway.id) (a Vitistack's private subnets, spec.networking.vpcs[].subnets[].type private, get one).`,
      ]);
    });

    it('is not applicable to a stack without subnets', async () => {
      const o = await runStack(privateSubnetsUseNat, [{ type: SG, name: 'sg', props: {} }]);
      assert.equal(o.notApplicable, 'the stack has no subnets');
    });
  });
});
