// private-subnets-use-nat: every private subnet reaches the internet only through a NAT (AWS route
// tables, GCP Cloud NAT, Azure subnet NAT gateways).
import type { PolicyResource } from '@pulumi/policy/policy';
import { elements, label, read, show, tagValue, UNKNOWN, type Unknown } from './checks';
import { linked, ofType, sameRef } from './links';
import { isOneOf, type ReportViolation, type StackValidationPolicy } from './types';

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
