// Network policies: no admin ports open to the internet, HTTP only as a redirect to HTTPS, and
// private subnets that reach the internet only through a NAT.
//
// An unknown value (computed during preview) is neither good nor bad: every check reads through
// the checks.ts readers and skips what it cannot judge. Stack policies link resources by their
// (property) dependencies, since the ids of new resources are unknown under preview.
import type { PolicyResource, ReportViolation, StackValidationArgs } from '@pulumi/policy/policy';
import { parseCidr } from '../api/schema/formats';
import {
  configValue,
  knownArray,
  knownProp,
  label,
  show,
  tagValue,
  UNKNOWN,
  type Unknown,
} from './checks';
import {
  isOneOf,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  type VitistackPolicy,
} from './types';

// ---------------------------------------------------------------------------------------------
// Reading inputs that may be unknown (on top of checks.ts)

/** `knownProp` that also passes on an UNKNOWN read before (`read(read(x, [a]), [b])`). */
export function read(value: unknown, path: readonly (string | number)[]): unknown {
  return value === UNKNOWN ? UNKNOWN : knownProp(value, path);
}

/** The elements of an array value, each possibly UNKNOWN; [] when absent or wholly unknown. */
export function elements(value: unknown): readonly unknown[] {
  const items = knownArray(value);
  return items === UNKNOWN || items === undefined ? [] : items;
}

/** A string array value as strings and UNKNOWNs ([] when absent); UNKNOWN when wholly unknown. */
export function strings(value: unknown): readonly (string | Unknown)[] | Unknown {
  const items = knownArray(value);
  if (items === UNKNOWN) return UNKNOWN;
  const out: (string | Unknown)[] = [];
  for (const v of items ?? []) if (v === UNKNOWN || typeof v === 'string') out.push(v);
  return out;
}

/** A CIDR block that covers every address: 0.0.0.0/0 or ::/0 (any /0). */
export function isWorldCidr(text: string): boolean {
  return parseCidr(text.trim()).cidr?.prefix === 0;
}

// ---------------------------------------------------------------------------------------------
// Linking resources of a stack

/**
 * The resources among `candidates` that `r`'s input `property` refers to. Under preview the ids
 * of new resources are unknown, so the property's dependencies (URNs) decide first; then a known
 * value equal to a candidate's `keys` (or ending with `/<key>`, for self links); then `r`'s
 * dependencies of the candidates (outputs without ids, or an unknown value). `UNKNOWN` when the
 * value is unknown and nothing links; [] when the property is unset or refers outside the stack.
 */
export function linked(
  r: PolicyResource,
  property: string,
  candidates: readonly PolicyResource[],
  keys: readonly string[] = ['id'],
): readonly PolicyResource[] | Unknown {
  const urns = new Set(candidates.map((c) => c.urn));
  const byProperty = (r.propertyDependencies[property] ?? []).filter((d) => urns.has(d.urn));
  if (byProperty.length > 0) return byProperty;
  const value = read(r.props, [property]);
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string') {
    const byValue = candidates.filter((c) => keys.some((k) => sameRef(value, read(c.props, [k]))));
    if (byValue.length > 0) return byValue;
  }
  const byDependency = r.dependencies.filter((d) => urns.has(d.urn));
  return byDependency.length > 0 || value !== UNKNOWN ? byDependency : UNKNOWN;
}

/** A reference equals a key: the same text, or one is a self link ending with `/<other>`. */
export function sameRef(ref: string, key: unknown): boolean {
  if (typeof key !== 'string' || key === '') return false;
  return ref === key || ref.endsWith(`/${key}`) || key.endsWith(`/${ref}`);
}

function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

// ---------------------------------------------------------------------------------------------
// no-open-admin-ingress

/** Where a firewall rule's source comes from in the manifests (AWS today; the same fields later). */
const FIREWALL_SOURCE_FIELD =
  'spec.networking.firewallRules[].source of the Vitistack, or securityGroups[].rules[].source of the MachineProvider';

/** Ports of remote administration: SSH and RDP. */
export const DEFAULT_ADMIN_PORTS: readonly number[] = [22, 3389];

type PortRange = readonly [number, number];
const EVERY_PORT: PortRange = [0, 65535];

/** How a rule's protocol treats ports: every protocol and port, a port range, or no ports. */
function protocolClass(protocol: string): 'all' | 'ports' | 'none' {
  const p = protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  // '*' is Azure's "any protocol": the rule's port ranges still apply.
  if (['*', 'tcp', 'udp', 'sctp', '6', '17', '132'].includes(p)) return 'ports';
  return 'none';
}

/** What a set of port ranges opens among the admin ports ("port 22", "all ports"), or nothing. */
export function adminExposure(
  ranges: readonly PortRange[],
  adminPorts: readonly number[],
): string | undefined {
  if (ranges.some(([from, to]) => from <= 1 && to >= 65535)) return 'all ports';
  const hits = adminPorts.filter((p) => ranges.some(([from, to]) => from <= p && p <= to));
  if (hits.length === 0) return undefined;
  const only = ranges.length === 1 ? ranges[0] : undefined;
  if (only !== undefined && only[0] === only[1]) return `port ${only[0]}`;
  const text = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
  return `ports ${text} (including ${hits.join(' and ')})`;
}

/** A port range in text: "22", "1000-2000" or "*" (Azure, GCP); undefined when unreadable. */
function parsePorts(text: string): PortRange | undefined {
  const t = text.trim();
  if (t === '*') return EVERY_PORT;
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  if (m === null) return undefined;
  const from = Number(m[1]);
  return [from, m[2] !== undefined ? Number(m[2]) : from];
}

interface OpenSource {
  readonly path: string;
  readonly value: string;
}

/** The sources among the values at `paths` that are the whole internet. */
function worldSources(
  rule: unknown,
  at: string,
  single: readonly string[],
  lists: readonly string[],
  azureTags = false,
): OpenSource[] {
  const out: OpenSource[] = [];
  const check = (path: string, v: unknown): void => {
    if (typeof v !== 'string') return;
    const open =
      isWorldCidr(v) || (azureTags && ['*', 'internet', 'any'].includes(v.trim().toLowerCase()));
    if (open) out.push({ path, value: v });
  };
  for (const key of single) check(`${at}${key}`, read(rule, [key]));
  for (const key of lists) {
    elements(read(rule, [key])).forEach((v, i) => {
      check(`${at}${key}[${i}]`, v);
    });
  }
  return out;
}

const isPortList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((p) => Number.isInteger(p));

/** Exposure of an AWS rule (inline, SecurityGroupRule or vpc ingress rule); UNKNOWN to skip. */
function awsExposure(
  rule: unknown,
  protocolKey: 'protocol' | 'ipProtocol',
  adminPorts: readonly number[],
): string | undefined | Unknown {
  const protocol = read(rule, [protocolKey]);
  if (protocol === UNKNOWN) return UNKNOWN;
  if (typeof protocol !== 'string' && typeof protocol !== 'number') return undefined;
  const cls = protocolClass(String(protocol));
  if (cls === 'none') return undefined;
  if (cls === 'all') return `all ports and protocols (${protocolKey} "${String(protocol)}")`;
  const from = read(rule, ['fromPort']);
  const to = read(rule, ['toPort']);
  if (from === UNKNOWN || to === UNKNOWN) return UNKNOWN;
  const range: PortRange = [
    typeof from === 'number' ? from : EVERY_PORT[0],
    typeof to === 'number' ? to : EVERY_PORT[1],
  ];
  return adminExposure([range], adminPorts);
}

function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim().toLowerCase() : undefined;
}

/** Exposure of an Azure security rule (inline in an NSG or standalone); UNKNOWN to skip. */
function azureExposure(rule: unknown, adminPorts: readonly number[]): string | undefined | Unknown {
  const direction = read(rule, ['direction']);
  const access = read(rule, ['access']);
  const protocol = read(rule, ['protocol']);
  if (direction === UNKNOWN || access === UNKNOWN || protocol === UNKNOWN) return UNKNOWN;
  if (lower(direction) !== 'inbound' || lower(access) !== 'allow') return undefined;
  if (typeof protocol !== 'string' || protocolClass(protocol) === 'none') return undefined;
  const single = read(rule, ['destinationPortRange']);
  const many = strings(read(rule, ['destinationPortRanges']));
  if (single === UNKNOWN || many === UNKNOWN || many.includes(UNKNOWN)) return UNKNOWN;
  const texts = [...(typeof single === 'string' ? [single] : []), ...many] as string[];
  const ranges = texts.map(parsePorts).filter((r): r is PortRange => r !== undefined);
  return adminExposure(ranges, adminPorts);
}

/** Exposure of one GCP `allows` entry; UNKNOWN to skip. */
function gcpExposure(allow: unknown, adminPorts: readonly number[]): string | undefined | Unknown {
  const protocol = read(allow, ['protocol']);
  if (protocol === UNKNOWN) return UNKNOWN;
  if (typeof protocol !== 'string') return undefined;
  const cls = protocolClass(protocol);
  if (cls === 'none') return undefined;
  if (cls === 'all') return `all ports and protocols (protocol "${protocol}")`;
  const ports = strings(read(allow, ['ports']));
  if (ports === UNKNOWN || ports.includes(UNKNOWN)) return UNKNOWN;
  // No ports listed: every port of the protocol.
  const ranges =
    ports.length === 0
      ? [EVERY_PORT]
      : (ports as string[]).map(parsePorts).filter((r): r is PortRange => r !== undefined);
  return adminExposure(ranges, adminPorts);
}

function reportOpen(
  report: ReportViolation,
  args: ResourceValidationArgs,
  what: string,
  source: OpenSource,
): void {
  report(
    `${label(args)}: ingress to ${what} must not be open to ${source.value} (${source.path} is "${source.value}"); restrict the rule's source (${FIREWALL_SOURCE_FIELD}) to your admin network.`,
  );
}

const AWS_SECURITY_GROUP = 'aws:ec2/securityGroup:SecurityGroup';
const AWS_SECURITY_GROUP_RULE = 'aws:ec2/securityGroupRule:SecurityGroupRule';
const AWS_INGRESS_RULE = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const AZURE_NSG = 'azure-native:network:NetworkSecurityGroup';
const AZURE_SECURITY_RULE = 'azure-native:network:SecurityRule';
const GCP_FIREWALL = 'gcp:compute/firewall:Firewall';

export const noOpenAdminIngress: ResourceValidationPolicy = {
  name: 'no-open-admin-ingress',
  description:
    'Checks that no firewall rule opens SSH (22), RDP (3389) or every port to the whole internet (0.0.0.0/0 or ::/0): AWS security groups and rules, Azure network security groups and rules, GCP firewall rules.',
  enforcementLevel: 'advisory',
  tags: ['SOC2', 'PCI-DSS', 'ISO27001', 'HIPAA'],
  remediationSteps:
    'Limit the rule to the networks administrators connect from (a VPN or office range), or reach machines through a bastion host or a session manager instead of an open port. In a Vitistack, set the source of the rule (spec.networking.firewallRules[].source, or the MachineProvider securityGroups[].rules[].source) to that range.',
  configSchema: {
    properties: {
      adminPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 0, maximum: 65535 },
        default: [...DEFAULT_ADMIN_PORTS],
        description: 'Ports that must not be open to the internet. Defaults to [22, 3389].',
      },
    },
  },
  validateResource: (args, report) => {
    const adminPorts = configValue(args, 'adminPorts', DEFAULT_ADMIN_PORTS, isPortList);
    const props = args.props;
    if (isOneOf(args, [AWS_SECURITY_GROUP])) {
      elements(read(props, ['ingress'])).forEach((rule, i) => {
        if (rule === UNKNOWN) return;
        const what = awsExposure(rule, 'protocol', adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        const at = `ingress[${i}].`;
        for (const s of worldSources(rule, at, [], ['cidrBlocks', 'ipv6CidrBlocks'])) {
          reportOpen(report, args, what, s);
        }
      });
    } else if (isOneOf(args, [AWS_SECURITY_GROUP_RULE])) {
      if (lower(read(props, ['type'])) !== 'ingress') return;
      const what = awsExposure(props, 'protocol', adminPorts);
      if (what === UNKNOWN || what === undefined) return;
      for (const s of worldSources(props, '', [], ['cidrBlocks', 'ipv6CidrBlocks'])) {
        reportOpen(report, args, what, s);
      }
    } else if (isOneOf(args, [AWS_INGRESS_RULE])) {
      const what = awsExposure(props, 'ipProtocol', adminPorts);
      if (what === UNKNOWN || what === undefined) return;
      for (const s of worldSources(props, '', ['cidrIpv4', 'cidrIpv6'], [])) {
        reportOpen(report, args, what, s);
      }
    } else if (isOneOf(args, [AZURE_NSG, AZURE_SECURITY_RULE])) {
      const nsg = args.type === AZURE_NSG;
      const rules = nsg ? elements(read(props, ['securityRules'])) : [props];
      rules.forEach((rule, i) => {
        if (rule === UNKNOWN) return;
        const what = azureExposure(rule, adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        const at = nsg ? `securityRules[${i}].` : '';
        const single = ['sourceAddressPrefix'];
        const lists = ['sourceAddressPrefixes'];
        for (const s of worldSources(rule, at, single, lists, true)) {
          reportOpen(report, args, what, s);
        }
      });
    } else if (isOneOf(args, [GCP_FIREWALL])) {
      const direction = read(props, ['direction']);
      const disabled = read(props, ['disabled']);
      if (direction === UNKNOWN || disabled === UNKNOWN || disabled === true) return;
      if (direction !== undefined && lower(direction) !== 'ingress') return;
      const ranges = strings(read(props, ['sourceRanges']));
      const otherSources = ['sourceTags', 'sourceServiceAccounts'].map((k) =>
        strings(read(props, [k])),
      );
      if (ranges === UNKNOWN || otherSources.includes(UNKNOWN)) return;
      // With no source at all, GCP applies an ingress rule to every address.
      const sources: OpenSource[] =
        ranges.length === 0 && otherSources.every((s) => s !== UNKNOWN && s.length === 0)
          ? [{ path: 'sourceRanges', value: '0.0.0.0/0' }]
          : worldSources(props, '', [], ['sourceRanges']);
      elements(read(props, ['allows'])).forEach((allow, i) => {
        if (allow === UNKNOWN) return;
        const what = gcpExposure(allow, adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        for (const s of sources) {
          const shown =
            s.path === 'sourceRanges'
              ? `sourceRanges is unset, which GCP reads as "0.0.0.0/0"`
              : `${s.path} is "${s.value}"`;
          report(
            `${label(args)}: ingress to ${what} (allows[${i}]) must not be open to ${s.value} (${shown}); restrict the rule's source (${FIREWALL_SOURCE_FIELD}) to your admin network.`,
          );
        }
      });
    }
  },
};

// ---------------------------------------------------------------------------------------------
// https-redirect

const AWS_LISTENERS = ['aws:lb/listener:Listener', 'aws:alb/listener:Listener'];
const AZURE_APP_GATEWAY = 'azure-native:network:ApplicationGateway';
const GCP_HTTP_PROXY = 'gcp:compute/targetHttpProxy:TargetHttpProxy';
const GCP_URL_MAP = 'gcp:compute/uRLMap:URLMap';

const LISTENER_FIELD =
  'give the load balancer an HTTPS listener (spec.networking.loadBalancers[].listeners[] with protocol HTTPS and a certificateArn): vitistack then makes every HTTP listener of it redirect to HTTPS';

/** An AWS listener: undefined when it serves HTTPS only or redirects HTTP to HTTPS. */
function awsListenerProblem(r: PolicyResource): string | undefined {
  const protocol = read(r.props, ['protocol']);
  const port = read(r.props, ['port']);
  if (protocol === UNKNOWN || port === UNKNOWN) return undefined;
  // AWS defaults an ALB listener to HTTP; a listener without port or protocol is a GWLB's.
  if (protocol === undefined ? port === undefined : lower(protocol) !== 'http') return undefined;
  const type = read(r.props, ['defaultActions', 0, 'type']);
  if (type === UNKNOWN) return undefined;
  if (lower(type) === 'redirect') {
    const to = read(r.props, ['defaultActions', 0, 'redirect', 'protocol']);
    if (to === UNKNOWN || lower(to) === 'https') return undefined;
    return `defaultActions[0].redirect.protocol is ${to === undefined ? '"#{protocol}" (the default)' : show(to)}`;
  }
  return `defaultActions[0].type is ${show(type)}`;
}

/** The name a sub-resource reference points at: the last segment of `/<kind>/<name>`. */
function refersTo(ref: unknown, kind: string, name: string): boolean | Unknown {
  const id = read(ref, ['id']);
  if (id === UNKNOWN) return UNKNOWN;
  return typeof id === 'string' && id.endsWith(`/${kind}/${name}`);
}

/** Problems of an Azure application gateway's HTTP listeners, one per listener. */
function azureGatewayProblems(r: PolicyResource): string[] {
  const props = r.props;
  const listeners = elements(read(props, ['httpListeners']));
  const rules = elements(read(props, ['requestRoutingRules']));
  const redirects = elements(read(props, ['redirectConfigurations']));
  const httpsNames = listeners.flatMap((l) =>
    lower(read(l, ['protocol'])) === 'https' ? [read(l, ['name'])] : [],
  );
  const out: string[] = [];
  listeners.forEach((listener, i) => {
    const name = read(listener, ['name']);
    if (lower(read(listener, ['protocol'])) !== 'http' || typeof name !== 'string') return;
    rules.forEach((rule, j) => {
      const uses = refersTo(read(rule, ['httpListener']), 'httpListeners', name);
      if (uses !== true) return;
      const redirect = read(rule, ['redirectConfiguration']);
      if (redirect === UNKNOWN) return;
      const config = redirects.find((c) => {
        const n = read(c, ['name']);
        return typeof n === 'string' && refersTo(redirect, 'redirectConfigurations', n) === true;
      });
      if (redirect !== undefined && config === undefined) return; // defined elsewhere: unknown
      const target = config === undefined ? undefined : read(config, ['targetListener']);
      const url = config === undefined ? undefined : read(config, ['targetUrl']);
      const targets = httpsNames.map((n) =>
        typeof n === 'string' ? refersTo(target, 'httpListeners', n) : UNKNOWN,
      );
      if (target === UNKNOWN || url === UNKNOWN || targets.includes(UNKNOWN)) return;
      const toHttps =
        (typeof url === 'string' && url.toLowerCase().startsWith('https://')) ||
        targets.includes(true);
      if (toHttps) return;
      const what =
        config === undefined
          ? 'forwards it to a backend'
          : 'has a redirectConfiguration whose target is not an Https listener';
      out.push(
        `httpListeners[${i}] ("${name}") serves HTTP and must redirect to HTTPS, but requestRoutingRules[${j}] ${what}`,
      );
    });
  });
  return out;
}

export const httpsRedirect: StackValidationPolicy = {
  name: 'https-redirect',
  description:
    'Checks that load balancers answer plain HTTP only with a redirect to HTTPS: AWS ALB listeners, Azure application gateway listeners and GCP target HTTP proxies.',
  enforcementLevel: 'advisory',
  tags: ['PCI-DSS', 'HIPAA', 'SOC2', 'GDPR'],
  remediationSteps:
    'Serve the application over HTTPS and turn every HTTP listener into a permanent redirect to HTTPS (AWS: a redirect default action with protocol HTTPS; Azure: a redirect configuration targeting the Https listener; GCP: a URL map with defaultUrlRedirect.httpsRedirect). In a Vitistack, add an HTTPS listener with a certificate to the load balancer: its HTTP listeners then redirect.',
  validateStack: (args: StackValidationArgs, report) => {
    const resources = args.resources;
    const aws = ofType(resources, ...AWS_LISTENERS);
    const azure = ofType(resources, AZURE_APP_GATEWAY);
    const gcp = ofType(resources, GCP_HTTP_PROXY);
    if (aws.length + azure.length + gcp.length === 0) {
      args.notApplicable(
        'the stack has no load balancer listeners, application gateways or HTTP proxies',
      );
    }
    for (const r of aws) {
      const problem = awsListenerProblem(r);
      if (problem === undefined) continue;
      report(
        `${label(r)}: an HTTP listener must redirect to HTTPS, but ${problem}; ${LISTENER_FIELD}.`,
        r.urn,
      );
    }
    for (const r of azure) {
      for (const problem of azureGatewayProblems(r)) {
        report(
          `${label(r)}: ${problem}; add a redirectConfiguration with redirectType Permanent and the Https listener as targetListener to that rule (${LISTENER_FIELD}).`,
          r.urn,
        );
      }
    }
    const urlMaps = ofType(resources, GCP_URL_MAP);
    for (const r of gcp) {
      const maps = linked(r, 'urlMap', urlMaps, ['id', 'selfLink', 'name']);
      if (maps === UNKNOWN) continue;
      for (const map of maps) {
        const redirect = read(map.props, ['defaultUrlRedirect', 'httpsRedirect']);
        if (redirect === UNKNOWN || redirect === true) continue;
        report(
          `${label(r)}: an HTTP proxy must redirect to HTTPS, but its urlMap ${label(map)} has defaultUrlRedirect.httpsRedirect ${show(redirect)}; point the proxy at a URL map with defaultUrlRedirect.httpsRedirect true and serve the site through a target HTTPS proxy (${LISTENER_FIELD}).`,
          r.urn,
        );
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// private-subnets-use-nat

/** Tag the AWS network component puts on subnets and route tables: public, private, database. */
export const SUBNET_TYPE_TAG = 'vitistack.io/subnet-type';

const AWS = {
  subnet: 'aws:ec2/subnet:Subnet',
  routeTable: 'aws:ec2/routeTable:RouteTable',
  route: 'aws:ec2/route:Route',
  association: 'aws:ec2/routeTableAssociation:RouteTableAssociation',
  internetGateway: 'aws:ec2/internetGateway:InternetGateway',
} as const;

const GCP = {
  network: 'gcp:compute/network:Network',
  subnetwork: 'gcp:compute/subnetwork:Subnetwork',
  router: 'gcp:compute/router:Router',
  nat: 'gcp:compute/routerNat:RouterNat',
} as const;

const AZURE = {
  vnet: 'azure-native:network:VirtualNetwork',
  subnet: 'azure-native:network:Subnet',
} as const;

const NAT_FIX =
  'give its VPC a public subnet (spec.networking.vpcs[].subnets[] with type public) so vitistack builds a NAT gateway for the private subnets, or make the subnet type database (spec.networking.vpcs[].subnets[].type) when it needs no internet access';

/** Where one default route (0.0.0.0/0) sends traffic. */
interface DefaultRoute {
  readonly target: 'nat' | 'internet' | 'other' | 'unknown';
  /** The route, for messages: `aws:ec2/route:Route x: gatewayId "igw-1"`. */
  readonly text: string;
}

const TARGET_KEYS = [
  'natGatewayId',
  'gatewayId',
  'transitGatewayId',
  'networkInterfaceId',
  'vpcPeeringConnectionId',
  'vpcEndpointId',
  'carrierGatewayId',
  'localGatewayId',
  'coreNetworkArn',
  'egressOnlyGatewayId',
] as const;

function classifyRoute(
  route: unknown,
  where: string,
  igwLink: () => boolean | Unknown,
): DefaultRoute {
  for (const key of TARGET_KEYS) {
    const v = read(route, [key]);
    if (v === undefined || v === '') continue;
    const shown = show(v);
    const text = `${where}: ${key} ${shown}`;
    if (key === 'natGatewayId') return { target: 'nat', text };
    if (key !== 'gatewayId') return { target: v === UNKNOWN ? 'unknown' : 'other', text };
    if (typeof v === 'string') {
      if (v.startsWith('igw-')) return { target: 'internet', text };
      const viaIgw = igwLink();
      return { target: viaIgw === UNKNOWN ? 'unknown' : viaIgw ? 'internet' : 'other', text };
    }
    const viaIgw = igwLink();
    return { target: viaIgw === true ? 'internet' : 'unknown', text };
  }
  return { target: 'other', text: `${where}: no target` };
}

/** The default routes of each route table, from aws:ec2/route resources and inline routes. */
function defaultRoutesByTable(resources: readonly PolicyResource[]): {
  byTable: Map<string, DefaultRoute[]>;
  unresolved: boolean;
} {
  const tables = ofType(resources, AWS.routeTable);
  const igws = ofType(resources, AWS.internetGateway);
  const byTable = new Map<string, DefaultRoute[]>(tables.map((t) => [t.urn, []]));
  let unresolved = false;
  for (const t of tables) {
    elements(read(t.props, ['routes'])).forEach((route, i) => {
      const dest = read(route, ['cidrBlock']);
      if (dest !== UNKNOWN && dest !== '0.0.0.0/0') return;
      const r =
        route === UNKNOWN || dest === UNKNOWN
          ? { target: 'unknown' as const, text: `${label(t)} routes[${i}]` }
          : classifyRoute(route, `${label(t)} routes[${i}]`, () => {
              const gw = linked(t, 'routes', igws);
              return gw === UNKNOWN ? UNKNOWN : gw.length > 0 ? UNKNOWN : false;
            });
      byTable.get(t.urn)?.push(r);
    });
  }
  for (const route of ofType(resources, AWS.route)) {
    const dest = read(route.props, ['destinationCidrBlock']);
    if (dest !== UNKNOWN && dest !== '0.0.0.0/0') continue;
    const owners = linked(route, 'routeTableId', tables);
    if (owners === UNKNOWN) {
      unresolved = true;
      continue;
    }
    const r =
      dest === UNKNOWN
        ? { target: 'unknown' as const, text: label(route) }
        : classifyRoute(route.props, label(route), () => {
            const gw = linked(route, 'gatewayId', igws);
            return gw === UNKNOWN ? UNKNOWN : gw.length > 0;
          });
    for (const owner of owners) byTable.get(owner.urn)?.push(r);
  }
  return { byTable, unresolved };
}

/** The subnet kind: the vitistack tag first, else public when it maps public IPs. */
function awsSubnetKind(subnet: PolicyResource): { kind: string; why: string } | 'public' | Unknown {
  const tag = tagValue(subnet, SUBNET_TYPE_TAG);
  if (tag === UNKNOWN) return UNKNOWN;
  if (typeof tag === 'string') {
    if (tag === 'public') return 'public';
    return { kind: tag, why: `tags["${SUBNET_TYPE_TAG}"] is "${tag}"` };
  }
  const mapPublic = read(subnet.props, ['mapPublicIpOnLaunch']);
  if (mapPublic === UNKNOWN) return UNKNOWN;
  if (mapPublic === true) return 'public';
  return {
    kind: 'private',
    why: `mapPublicIpOnLaunch is ${show(mapPublic)}`,
  };
}

function checkAwsSubnets(resources: readonly PolicyResource[], report: ReportViolation): void {
  const subnets = ofType(resources, AWS.subnet);
  const tables = ofType(resources, AWS.routeTable);
  const { byTable, unresolved } = defaultRoutesByTable(resources);
  const tablesOf = new Map<string, PolicyResource[]>(subnets.map((s) => [s.urn, []]));
  let unresolvedAssociation = false;
  for (const a of ofType(resources, AWS.association)) {
    const owners = linked(a, 'subnetId', subnets);
    const targets = linked(a, 'routeTableId', tables);
    if (owners === UNKNOWN) {
      unresolvedAssociation = true;
      continue;
    }
    for (const s of owners) {
      if (targets === UNKNOWN) tablesOf.delete(s.urn);
      else tablesOf.get(s.urn)?.push(...targets);
    }
  }
  for (const subnet of subnets) {
    const kind = awsSubnetKind(subnet);
    const associated = tablesOf.get(subnet.urn);
    if (kind === UNKNOWN || kind === 'public' || associated === undefined) continue;
    const routes = associated.flatMap((t) => byTable.get(t.urn) ?? []);
    if (routes.some((r) => r.target === 'unknown') || unresolved) continue;
    const internet = routes.find((r) => r.target === 'internet');
    const tagged = tagValue(subnet, SUBNET_TYPE_TAG) !== undefined;
    if (internet !== undefined) {
      // Untagged subnets routed to an internet gateway are public subnets by AWS's definition.
      if (!tagged) continue;
      report(
        `${label(subnet)}: a ${kind.kind} subnet (${kind.why}) must not route 0.0.0.0/0 to an internet gateway, but ${internet.text}; route it through a NAT gateway, or make the subnet type public (spec.networking.vpcs[].subnets[].type) if it is meant to be reachable from the internet.`,
        subnet.urn,
      );
      continue;
    }
    if (kind.kind === 'database' || routes.some((r) => r.target === 'nat')) continue;
    const table = associated[0];
    const problem =
      table === undefined
        ? unresolvedAssociation
          ? undefined
          : "it is associated with no route table (so it uses the VPC's main route table)"
        : routes.length === 0
          ? `its route table ${label(table)} has no 0.0.0.0/0 route`
          : `its default route goes elsewhere (${routes.map((r) => r.text).join('; ')})`;
    if (problem === undefined) continue;
    report(
      `${label(subnet)}: a private subnet (${kind.why}) must route 0.0.0.0/0 through a NAT gateway, but ${problem}; ${NAT_FIX}.`,
      subnet.urn,
    );
  }
}

/** Whether a router NAT covers a subnetwork: true, false or UNKNOWN. */
function natCovers(
  nat: PolicyResource,
  subnet: PolicyResource,
  resources: readonly PolicyResource[],
): boolean | Unknown {
  const mode = read(nat.props, ['sourceSubnetworkIpRangesToNat']);
  const natRegion = read(nat.props, ['region']);
  const subnetRegion = read(subnet.props, ['region']);
  if (mode === UNKNOWN || natRegion === UNKNOWN || subnetRegion === UNKNOWN) return UNKNOWN;
  if (typeof natRegion === 'string' && typeof subnetRegion === 'string') {
    if (natRegion !== subnetRegion) return false;
  }
  if (mode === 'LIST_OF_SUBNETWORKS') {
    const listed = (nat.propertyDependencies.subnetworks ?? []).some((d) => d.urn === subnet.urn);
    if (listed) return true;
    const names = elements(read(nat.props, ['subnetworks'])).map((s) => read(s, ['name']));
    if (names.includes(UNKNOWN)) return UNKNOWN;
    return names.some(
      (n) =>
        typeof n === 'string' &&
        ['id', 'selfLink', 'name'].some((k) => sameRef(n, read(subnet.props, [k]))),
    );
  }
  if (typeof mode !== 'string' || !mode.startsWith('ALL_SUBNETWORKS')) return false;
  // Same network: the router's and the subnetwork's.
  const routers = linked(nat, 'router', ofType(resources, GCP.router), ['name', 'id', 'selfLink']);
  if (routers === UNKNOWN) return UNKNOWN;
  const networks = ofType(resources, GCP.network);
  const keys = ['id', 'selfLink', 'name'];
  const subnetNet = linked(subnet, 'network', networks, keys);
  if (subnetNet === UNKNOWN) return UNKNOWN;
  let unknown = false;
  for (const router of routers) {
    const routerNet = linked(router, 'network', networks, keys);
    if (routerNet === UNKNOWN) {
      unknown = true;
      continue;
    }
    if (routerNet.some((n) => subnetNet.some((m) => m.urn === n.urn))) return true;
    const a = read(router.props, ['network']);
    const b = read(subnet.props, ['network']);
    if (routerNet.length === 0 && subnetNet.length === 0 && typeof a === 'string') {
      if (typeof b === 'string' && (sameRef(a, b) || a.split('/').pop() === b.split('/').pop()))
        return true;
    }
  }
  return unknown ? UNKNOWN : false;
}

/** GCP subnetworks that are not for VMs (proxies, Private Service Connect) need no NAT. */
function isVmSubnetwork(subnet: PolicyResource): boolean | Unknown {
  const purpose = read(subnet.props, ['purpose']);
  if (purpose === UNKNOWN) return UNKNOWN;
  return purpose === undefined || purpose === 'PRIVATE' || purpose === 'PRIVATE_RFC_1918';
}

function checkGcpSubnetworks(resources: readonly PolicyResource[], report: ReportViolation): void {
  const nats = ofType(resources, GCP.nat);
  for (const subnet of ofType(resources, GCP.subnetwork)) {
    if (isVmSubnetwork(subnet) !== true) continue;
    const verdicts = nats.map((n) => natCovers(n, subnet, resources));
    if (verdicts.includes(true) || verdicts.includes(UNKNOWN)) continue;
    report(
      `${label(subnet)}: a private subnetwork must route 0.0.0.0/0 through a NAT, but no ${GCP.nat} covers it; add a Cloud NAT on a router of its network with sourceSubnetworkIpRangesToNat ALL_SUBNETWORKS_ALL_IP_RANGES, or list the subnetwork in its subnetworks (a Vitistack's private subnets, spec.networking.vpcs[].subnets[].type private, get one).`,
      subnet.urn,
    );
  }
}

/** Azure subnets for platform services, which take no NAT gateway. */
const AZURE_SERVICE_SUBNETS = [
  'GatewaySubnet',
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'AzureBastionSubnet',
  'RouteServerSubnet',
];

function checkAzureSubnets(resources: readonly PolicyResource[], report: ReportViolation): void {
  const check = (r: PolicyResource, subnet: unknown, at: string, name: unknown): void => {
    if (typeof name !== 'string' || AZURE_SERVICE_SUBNETS.includes(name)) return;
    const nat = read(subnet, ['natGateway']);
    if (nat !== undefined) return;
    report(
      `${label(r)}: subnet "${name}" must send outbound traffic through a NAT gateway, but ${at}natGateway is unset; attach an azure-native:network:NatGateway (${at}natGateway.id) (a Vitistack's private subnets, spec.networking.vpcs[].subnets[].type private, get one).`,
      r.urn,
    );
  };
  for (const r of ofType(resources, AZURE.subnet)) {
    const name = read(r.props, ['subnetName']);
    check(r, r.props, '', name ?? r.name);
  }
  for (const r of ofType(resources, AZURE.vnet)) {
    elements(read(r.props, ['subnets'])).forEach((s, i) => {
      check(r, s, `subnets[${i}].`, read(s, ['name']));
    });
  }
}

export const privateSubnetsUseNat: StackValidationPolicy = {
  name: 'private-subnets-use-nat',
  description:
    'Checks that every private subnet reaches the internet only through a NAT: AWS private subnets route 0.0.0.0/0 to a NAT gateway (never an internet gateway), GCP subnetworks are covered by a Cloud NAT, Azure subnets have a NAT gateway.',
  enforcementLevel: 'advisory',
  tags: ['PCI-DSS', 'SOC2'],
  remediationSteps:
    'Route the default route of private subnets through a NAT gateway in a public subnet, so machines there can reach out but cannot be reached. In a Vitistack, give the VPC a public subnet: vitistack then builds NAT gateways and routes every private subnet through them; subnets that need no internet access at all should be of type database.',
  validateStack: (args, report) => {
    const types = [AWS.subnet, GCP.subnetwork, AZURE.subnet, AZURE.vnet];
    if (!args.resources.some((r) => isOneOf(r, types))) {
      args.notApplicable('the stack has no subnets');
    }
    checkAwsSubnets(args.resources, report);
    checkGcpSubnetworks(args.resources, report);
    checkAzureSubnets(args.resources, report);
  },
};

export const NETWORK_POLICIES: readonly VitistackPolicy[] = [
  noOpenAdminIngress,
  httpsRedirect,
  privateSubnetsUseNat,
];
