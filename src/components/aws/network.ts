// One Vitistack VPC: the VPC, its subnets, an internet gateway, NAT gateways and route tables.
// Modelled on pulumi-awsx ec2/vpc.ts: the layout is planned by a pure function (`planNetwork`)
// that tests can check without Pulumi, and the resources form a tree
// (VPC -> subnets -> NAT gateways / route table associations).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  cidrContains,
  cidrsOverlap,
  listAllowed,
  mergeTags,
  missing,
  parseCidr,
  problem,
  validateTags,
} from './util';
import type * as formats from '../../api/schema/formats';

export const SubnetType = { Public: 'public', Private: 'private', Database: 'database' } as const;
export type SubnetType = (typeof SubnetType)[keyof typeof SubnetType];
const SUBNET_TYPES: readonly string[] = Object.values(SubnetType);

export const NatGateways = { None: 'none', Single: 'single', OnePerAz: 'one-per-az' } as const;
export type NatGateways = (typeof NatGateways)[keyof typeof NatGateways];
const NAT_GATEWAY_MODES: readonly string[] = Object.values(NatGateways);

/** AWS limits: a VPC is a /16 to /28 block; a subnet is at most a /28. */
const VPC_PREFIX_MIN = 16;
const SMALLEST_PREFIX = 28;

export interface NetworkSubnetArgs {
  /** Subnet name, unique within the VPC; used in resource names and the Name tag. */
  readonly name: string;
  /** IPv4 CIDR block inside the VPC CIDR, e.g. "10.0.1.0/24". */
  readonly cidr: string;
  /** public (routed to the internet), private (out through NAT) or database (no internet route). */
  readonly type: SubnetType;
  /** Availability zone. Defaults to the next zone of `availabilityZones`, round-robin per type. */
  readonly availabilityZone?: string;
  /** Extra tags for this subnet only. Defaults to none. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface NetworkArgs {
  /** The VPC and its subnets. */
  readonly vpc: {
    /** VPC name from the Vitistack; used in messages. */
    readonly name: string;
    /** IPv4 CIDR block of the VPC, /16 to /28, e.g. "10.0.0.0/16". */
    readonly cidr: string;
    /** Subnets. Defaults to none (a VPC without subnets). */
    readonly subnets?: readonly NetworkSubnetArgs[];
  };
  /**
   * Zones for subnets that name none, assigned round-robin in order within each subnet type (so
   * two public and two private subnets over two zones put one of each in each zone). Defaults to
   * none: then every subnet must name its zone.
   */
  readonly availabilityZones?: readonly string[];
  /**
   * NAT gateways for private subnets: `none`, `single` (one, cheapest) or `one-per-az` (one in each
   * zone with private subnets, so a zone outage does not cut the others off). Defaults to
   * `one-per-az`. Only made when there are private subnets.
   */
  readonly natGateways?: NatGateways;
  /** Give instances DNS host names. Defaults to true. */
  readonly enableDnsHostnames?: boolean;
  /** Tags for every resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A subnet with its zone decided and its route table named. */
export interface PlannedSubnet {
  readonly name: string;
  readonly cidr: string;
  readonly type: SubnetType;
  readonly availabilityZone: string;
  /** Key of its route table in `NetworkPlan.routeTables`. */
  readonly routeTable: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** A route table: `public` (-> IGW), `private-<az>` (-> NAT in `natAz`) or `database` (local only). */
export interface PlannedRouteTable {
  readonly key: string;
  readonly type: SubnetType;
  /** Zone of the NAT gateway its default route goes through (private tables only). */
  readonly natAz?: string;
}

export interface PlannedNat {
  /** Zone of the NAT gateway (its key). */
  readonly availabilityZone: string;
  /** Name of the public subnet that holds it. */
  readonly subnet: string;
}

export interface NetworkPlan {
  readonly subnets: readonly PlannedSubnet[];
  readonly internetGateway: boolean;
  readonly natGateways: readonly PlannedNat[];
  readonly routeTables: readonly PlannedRouteTable[];
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateNetworkArgs(args: NetworkArgs): string[] {
  const out: string[] = [];
  const vpcName = args.vpc.name;
  if (vpcName.trim() === '') out.push(missing('vpc.name', 'is empty; give the VPC a name.'));
  const parsed = parseCidr(args.vpc.cidr);
  let vpcCidr: formats.Cidr | undefined;
  if (parsed.cidr === undefined) {
    out.push(
      problem(
        'vpc.cidr',
        args.vpc.cidr,
        `is not a valid CIDR block (${parsed.reason ?? 'unreadable'}); use a form like "10.0.0.0/16".`,
      ),
    );
  } else if (parsed.cidr.family !== 4) {
    out.push(
      problem(
        'vpc.cidr',
        args.vpc.cidr,
        'is not IPv4; a VPC needs an IPv4 block like "10.0.0.0/16".',
      ),
    );
  } else if (parsed.cidr.prefix < VPC_PREFIX_MIN || parsed.cidr.prefix > SMALLEST_PREFIX) {
    out.push(
      problem(
        'vpc.cidr',
        args.vpc.cidr,
        `has a prefix length outside /${VPC_PREFIX_MIN} to /${SMALLEST_PREFIX}, the VPC sizes AWS allows; use a block like "10.0.0.0/16".`,
      ),
    );
  } else {
    vpcCidr = parsed.cidr;
  }

  const natMode = args.natGateways ?? NatGateways.OnePerAz;
  if (!NAT_GATEWAY_MODES.includes(natMode)) {
    out.push(
      problem(
        'natGateways',
        natMode,
        `is not a NAT gateway mode (allowed: ${listAllowed(NAT_GATEWAY_MODES)}).`,
      ),
    );
  }
  (args.availabilityZones ?? []).forEach((az, i) => {
    if (az.trim() === '')
      out.push(missing(`availabilityZones[${i}]`, 'is empty; give a zone like "us-west-2a".'));
  });

  const subnets = args.vpc.subnets ?? [];
  const names = new Map<string, number>();
  const placed: { name: string; text: string; cidr: formats.Cidr }[] = [];
  const zones = args.availabilityZones ?? [];
  subnets.forEach((sn, i) => {
    const at = `vpc.subnets[${i}]`;
    if (sn.name.trim() === '') out.push(missing(`${at}.name`, 'is empty; give the subnet a name.'));
    const first = names.get(sn.name);
    if (first !== undefined) {
      out.push(
        problem(
          `${at}.name`,
          sn.name,
          `is also the name of vpc.subnets[${first}]; subnet names must be unique.`,
        ),
      );
    } else {
      names.set(sn.name, i);
    }
    if (!SUBNET_TYPES.includes(sn.type)) {
      out.push(
        problem(
          `${at}.type`,
          sn.type,
          `is not a subnet type (allowed: ${listAllowed(SUBNET_TYPES)}).`,
        ),
      );
    }
    if (sn.availabilityZone === undefined && zones.length === 0) {
      out.push(
        missing(
          `${at}.availabilityZone`,
          `is not set and availabilityZones is empty, so subnet "${sn.name}" has no zone; name its zone (like "us-west-2a") or pass availabilityZones.`,
        ),
      );
    }
    out.push(...validateTags(sn.tags, `${at}.tags`));
    const c = parseCidr(sn.cidr);
    if (c.cidr === undefined) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `is not a valid CIDR block (${c.reason ?? 'unreadable'}); use a form like "10.0.1.0/24".`,
        ),
      );
      return;
    }
    if (c.cidr.family !== 4) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          'is not IPv4; subnets need an IPv4 block like "10.0.1.0/24".',
        ),
      );
      return;
    }
    if (c.cidr.prefix > SMALLEST_PREFIX) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `is smaller than /${SMALLEST_PREFIX}, the smallest subnet AWS allows; use a /${SMALLEST_PREFIX} or larger block.`,
        ),
      );
      return;
    }
    if (vpcCidr !== undefined && !cidrContains(vpcCidr, c.cidr)) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `is not inside the VPC CIDR "${args.vpc.cidr}"; every subnet of VPC "${vpcName}" must lie within it.`,
        ),
      );
      return;
    }
    const cidr = c.cidr;
    const other = placed.find((p) => cidrsOverlap(p.cidr, cidr));
    if (other !== undefined) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `of subnet "${sn.name}" overlaps subnet "${other.name}" ("${other.text}"); give each subnet its own address range.`,
        ),
      );
      return;
    }
    placed.push({ name: sn.name, text: sn.cidr, cidr });
  });

  const privates = subnets.filter((s) => s.type === SubnetType.Private);
  const hasPublic = subnets.some((s) => s.type === SubnetType.Public);
  if (
    privates.length > 0 &&
    !hasPublic &&
    natMode !== NatGateways.None &&
    NAT_GATEWAY_MODES.includes(natMode)
  ) {
    const list = privates.map((s) => `"${s.name}"`).join(', ');
    out.push(
      problem(
        'natGateways',
        natMode,
        `needs a public subnet to hold the NAT gateway, but VPC "${vpcName}" has private subnets (${list}) and no public subnet; add a public subnet, or set natGateways to "none" (private subnets then have no internet access).`,
      ),
    );
  }
  out.push(...validateTags(args.tags));
  return out;
}

/**
 * Decides zones, NAT gateways and route tables from valid args. Deterministic: the same args
 * always give the same plan, so resource names never move between runs.
 */
export function planNetwork(args: NetworkArgs): NetworkPlan {
  const zones = args.availabilityZones ?? [];
  const mode = args.natGateways ?? NatGateways.OnePerAz;
  // Round-robin per type, counting only subnets without a zone, in the order given.
  const counters = new Map<SubnetType, number>();
  const withZones = (args.vpc.subnets ?? []).map((sn) => {
    if (sn.availabilityZone !== undefined) return { ...sn, availabilityZone: sn.availabilityZone };
    const n = counters.get(sn.type) ?? 0;
    counters.set(sn.type, n + 1);
    return { ...sn, availabilityZone: zones[n % zones.length] ?? '' };
  });

  const publics = withZones.filter((s) => s.type === SubnetType.Public);
  const privateAzs = [
    ...new Set(
      withZones.filter((s) => s.type === SubnetType.Private).map((s) => s.availabilityZone),
    ),
  ];
  const publicByAz = new Map<string, string>();
  for (const p of publics)
    if (!publicByAz.has(p.availabilityZone)) publicByAz.set(p.availabilityZone, p.name);

  // NAT gateways are keyed by zone, so switching single -> one-per-az keeps the first one.
  const nats: PlannedNat[] = [];
  const natFor = new Map<string, string>();
  const firstPublic = publics[0];
  if (privateAzs.length > 0 && mode !== NatGateways.None && firstPublic !== undefined) {
    if (mode === NatGateways.OnePerAz) {
      for (const az of privateAzs) {
        const holder = publicByAz.get(az);
        if (holder !== undefined) nats.push({ availabilityZone: az, subnet: holder });
      }
    } else {
      // single: in the zone of the first private subnet when a public subnet is there.
      const az = privateAzs[0] ?? '';
      const holder = publicByAz.get(az);
      if (holder !== undefined) nats.push({ availabilityZone: az, subnet: holder });
    }
    // No public subnet in the wanted zone: fall back to the first public subnet.
    if (nats.length === 0) {
      nats.push({ availabilityZone: firstPublic.availabilityZone, subnet: firstPublic.name });
    }
    const fallback = nats[0]?.availabilityZone ?? '';
    // A zone without its own NAT (no public subnet there) goes through the first NAT, across zones.
    for (const az of privateAzs) {
      natFor.set(az, nats.some((n) => n.availabilityZone === az) ? az : fallback);
    }
  }

  const routeTables: PlannedRouteTable[] = [];
  if (publics.length > 0) routeTables.push({ key: 'public', type: SubnetType.Public });
  // One private table per zone in every mode, so changing the NAT mode only moves routes.
  for (const az of privateAzs) {
    const natAz = natFor.get(az);
    routeTables.push({
      key: `private-${az}`,
      type: SubnetType.Private,
      ...(natAz !== undefined ? { natAz } : {}),
    });
  }
  if (withZones.some((s) => s.type === SubnetType.Database)) {
    routeTables.push({ key: 'database', type: SubnetType.Database });
  }

  const subnets = withZones.map((s): PlannedSubnet => ({
    name: s.name,
    cidr: s.cidr,
    type: s.type,
    availabilityZone: s.availabilityZone,
    routeTable: s.type === SubnetType.Private ? `private-${s.availabilityZone}` : s.type,
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
  }));
  return { subnets, internetGateway: publics.length > 0, natGateways: nats, routeTables };
}

/** Tags the AWS Load Balancer Controller uses to find subnets for public and internal LBs. */
const ELB_ROLE_TAGS: Readonly<Record<SubnetType, Record<string, string>>> = {
  public: { 'kubernetes.io/role/elb': '1' },
  private: { 'kubernetes.io/role/internal-elb': '1' },
  database: {},
};

export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly cidr: pulumi.Output<string>;
  /** Subnet id by subnet name. */
  public readonly subnetIds: Record<string, pulumi.Output<string>>;
  // Lists of Outputs rather than Output<string[]>: they pass straight into Input<string>[] args.
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly databaseSubnetIds: pulumi.Output<string>[];
  /** NAT gateway id by availability zone. */
  public readonly natGatewayIds: Record<string, pulumi.Output<string>>;
  /** Internet gateway id; undefined when there is no public subnet. */
  public readonly internetGatewayId: pulumi.Output<string | undefined>;
  /** Route table id by key: `public`, `private-<az>`, `database` (for VPC endpoints and peering). */
  public readonly routeTableIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Network', name, validateNetworkArgs(args));
    super(TOKENS.aws.Network, name, {}, opts);
    const plan = planNetwork(args);
    const tags = args.tags;

    // The VPC takes the component's name, as in awsx; everything else hangs below it.
    const vpc = new aws.ec2.Vpc(
      name,
      {
        cidrBlock: args.vpc.cidr,
        enableDnsSupport: true,
        enableDnsHostnames: args.enableDnsHostnames ?? true,
        tags: mergeTags(tags, name),
      },
      { parent: this },
    );

    const subnets = new Map<string, aws.ec2.Subnet>();
    for (const s of plan.subnets) {
      const subnetName = `${name}-${s.name}`;
      subnets.set(
        s.name,
        new aws.ec2.Subnet(
          subnetName,
          {
            vpcId: vpc.id,
            cidrBlock: s.cidr,
            availabilityZone: s.availabilityZone,
            // Only public subnets hand out public IPs; the others are reached through NAT or not at all.
            mapPublicIpOnLaunch: s.type === SubnetType.Public,
            tags: mergeTags(tags, subnetName, {
              ...s.tags,
              'vitistack.io/subnet-type': s.type,
              ...ELB_ROLE_TAGS[s.type],
            }),
          },
          { parent: vpc },
        ),
      );
    }

    const igw = plan.internetGateway
      ? new aws.ec2.InternetGateway(
          `${name}-igw`,
          { vpcId: vpc.id, tags: mergeTags(tags, `${name}-igw`) },
          { parent: vpc },
        )
      : undefined;

    const nats = new Map<string, aws.ec2.NatGateway>();
    for (const n of plan.natGateways) {
      const holder = subnets.get(n.subnet);
      if (holder === undefined) continue;
      const natName = `${name}-nat-${n.availabilityZone}`;
      const eip = new aws.ec2.Eip(
        `${natName}-eip`,
        { domain: 'vpc', tags: mergeTags(tags, `${natName}-eip`) },
        // A public address and NAT need the VPC's internet gateway first (AWS docs).
        { parent: holder, ...(igw !== undefined ? { dependsOn: [igw] } : {}) },
      );
      nats.set(
        n.availabilityZone,
        new aws.ec2.NatGateway(
          natName,
          { subnetId: holder.id, allocationId: eip.id, tags: mergeTags(tags, natName) },
          { parent: holder, ...(igw !== undefined ? { dependsOn: [igw] } : {}) },
        ),
      );
    }

    // Separate aws.ec2.Route resources (not inline routes), so other components can add routes
    // (peering, endpoints) to these tables without fighting over them.
    const tables = new Map<string, aws.ec2.RouteTable>();
    for (const rt of plan.routeTables) {
      const rtName = `${name}-${rt.key}-rt`;
      const table = new aws.ec2.RouteTable(
        rtName,
        { vpcId: vpc.id, tags: mergeTags(tags, rtName, { 'vitistack.io/subnet-type': rt.type }) },
        { parent: vpc },
      );
      tables.set(rt.key, table);
      if (rt.type === SubnetType.Public && igw !== undefined) {
        new aws.ec2.Route(
          `${rtName}-internet`,
          { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
          { parent: table },
        );
      }
      const nat = rt.natAz !== undefined ? nats.get(rt.natAz) : undefined;
      if (rt.type === SubnetType.Private && nat !== undefined) {
        new aws.ec2.Route(
          `${rtName}-nat`,
          { routeTableId: table.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id },
          { parent: table },
        );
      }
      // Database tables get no default route: only the VPC-local route AWS adds itself.
    }

    for (const s of plan.subnets) {
      const subnet = subnets.get(s.name);
      const table = tables.get(s.routeTable);
      if (subnet === undefined || table === undefined) continue;
      new aws.ec2.RouteTableAssociation(
        `${name}-${s.name}-rta`,
        { subnetId: subnet.id, routeTableId: table.id },
        { parent: subnet },
      );
    }

    const idsOf = (type: SubnetType): pulumi.Output<string>[] =>
      plan.subnets.flatMap((s) => {
        const subnet = s.type === type ? subnets.get(s.name) : undefined;
        return subnet !== undefined ? [subnet.id] : [];
      });

    this.vpcId = vpc.id;
    this.cidr = vpc.cidrBlock;
    this.subnetIds = Object.fromEntries([...subnets].map(([k, v]) => [k, v.id]));
    this.publicSubnetIds = idsOf(SubnetType.Public);
    this.privateSubnetIds = idsOf(SubnetType.Private);
    this.databaseSubnetIds = idsOf(SubnetType.Database);
    this.natGatewayIds = Object.fromEntries([...nats].map(([k, v]) => [k, v.id]));
    this.internetGatewayId = igw !== undefined ? igw.id : pulumi.output(undefined);
    this.routeTableIds = Object.fromEntries([...tables].map(([k, v]) => [k, v.id]));
    this.registerOutputs({
      vpcId: this.vpcId,
      cidr: this.cidr,
      subnetIds: this.subnetIds,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      databaseSubnetIds: this.databaseSubnetIds,
      natGatewayIds: this.natGatewayIds,
      internetGatewayId: this.internetGatewayId,
      routeTableIds: this.routeTableIds,
    });
  }
}
