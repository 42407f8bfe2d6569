// One Vitistack VPC as an Azure virtual network: the VNet, its subnets and a NAT gateway with its
// public IP. Azure has no internet gateway or route tables for the usual cases: a subnet reaches
// the internet through the NAT gateway attached to it, and (default outbound access being
// retired) not at all without one. So public and private subnets get the NAT gateway (a VM with
// its own public IP still receives inbound traffic on it), database subnets get none.
import * as network from '@pulumi/azure-native/network';
import * as pulumi from '@pulumi/pulumi';
import type * as formats from '../../api/schema/formats';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  cidrContains,
  cidrsOverlap,
  listAllowed,
  locationProblem,
  missing,
  parseCidr,
  problem,
  validateAzureTags,
} from './util';

export const SubnetType = { Public: 'public', Private: 'private', Database: 'database' } as const;
export type SubnetType = (typeof SubnetType)[keyof typeof SubnetType];
const SUBNET_TYPES: readonly string[] = Object.values(SubnetType);

/** Azure limits: the smallest subnet is a /29; subnet names have at most 80 characters. */
const SMALLEST_PREFIX = 29;
const SUBNET_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

export interface NetworkSubnetArgs {
  /** Subnet name, unique within the VNet; also its Azure name. */
  readonly name: string;
  /** IPv4 CIDR block inside the VNet, a /29 or larger, e.g. "10.0.1.0/24". */
  readonly cidr: string;
  /** public and private subnets reach the internet through the NAT gateway; database ones do not. */
  readonly type: SubnetType;
}

export interface NetworkArgs {
  /** Resource group of the VNet and its NAT gateway. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure location, e.g. `eastus`. */
  readonly location: string;
  /** The VNet and its subnets. */
  readonly vnet: {
    /** VPC name from the Vitistack; also the Azure name of the VNet. */
    readonly name: string;
    /** IPv4 address space, e.g. "10.0.0.0/16". */
    readonly cidr: string;
    /** Subnets. Defaults to none. */
    readonly subnets?: readonly NetworkSubnetArgs[];
  };
  /** Network security group attached to every subnet. Defaults to none. */
  readonly networkSecurityGroupId?: pulumi.Input<string>;
  /**
   * Build a NAT gateway for the public and private subnets. Defaults to true; without one those
   * subnets have no outbound internet access.
   */
  readonly natGateway?: boolean;
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateNetworkArgs(args: NetworkArgs): string[] {
  const out: string[] = [];
  const vnetName = args.vnet.name;
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (vnetName.trim() === '') out.push(missing('vnet.name', 'is empty; give the VNet a name.'));
  const parsed = parseCidr(args.vnet.cidr);
  let vnetCidr: formats.Cidr | undefined;
  if (parsed.cidr?.family !== 4) {
    out.push(
      problem(
        'vnet.cidr',
        args.vnet.cidr,
        'is not an IPv4 CIDR block; use a form like "10.0.0.0/16".',
      ),
    );
  } else {
    vnetCidr = parsed.cidr;
  }
  const names = new Map<string, number>();
  const placed: { name: string; text: string; cidr: formats.Cidr }[] = [];
  (args.vnet.subnets ?? []).forEach((sn, i) => {
    const at = `vnet.subnets[${i}]`;
    if (!SUBNET_NAME.test(sn.name)) {
      out.push(
        problem(
          `${at}.name`,
          sn.name,
          'is not an Azure subnet name (1 to 80 letters, digits, ".", "-" and "_", starting with a letter or digit).',
        ),
      );
    }
    const first = names.get(sn.name);
    if (first !== undefined) {
      out.push(
        problem(
          `${at}.name`,
          sn.name,
          `is also the name of vnet.subnets[${first}]; subnet names must be unique.`,
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
    const c = parseCidr(sn.cidr).cidr;
    if (c?.family !== 4) {
      out.push(
        problem(`${at}.cidr`, sn.cidr, 'is not an IPv4 CIDR block; use a form like "10.0.1.0/24".'),
      );
      return;
    }
    if (c.prefix > SMALLEST_PREFIX) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `is smaller than /${SMALLEST_PREFIX}, the smallest subnet Azure allows (it reserves 5 addresses in each); use a /${SMALLEST_PREFIX} or larger block.`,
        ),
      );
      return;
    }
    if (vnetCidr !== undefined && !cidrContains(vnetCidr, c)) {
      out.push(
        problem(
          `${at}.cidr`,
          sn.cidr,
          `is not inside the VNet address space "${args.vnet.cidr}"; every subnet of VNet "${vnetName}" must lie within it.`,
        ),
      );
      return;
    }
    const other = placed.find((p) => cidrsOverlap(p.cidr, c));
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
    placed.push({ name: sn.name, text: sn.cidr, cidr: c });
  });
  out.push(...validateAzureTags(args.tags));
  return out;
}

export class Network extends pulumi.ComponentResource {
  public readonly vnetId: pulumi.Output<string>;
  public readonly vnetName: pulumi.Output<string>;
  public readonly cidr: pulumi.Output<string>;
  /** Subnet resource id by subnet name. */
  public readonly subnetIds: Record<string, pulumi.Output<string>>;
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly privateSubnetIds: pulumi.Output<string>[];
  public readonly databaseSubnetIds: pulumi.Output<string>[];
  /** NAT gateway id; undefined when the VNet has none. */
  public readonly natGatewayId?: pulumi.Output<string>;
  /** The address every outbound connection of the NAT'ed subnets comes from. */
  public readonly natPublicIp?: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Network', name, validateNetworkArgs(args));
    super(TOKENS.azure.Network, name, {}, opts);
    const tags = azureTags(args.tags);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const subnets = args.vnet.subnets ?? [];

    const vnet = new network.VirtualNetwork(
      name,
      {
        ...base,
        virtualNetworkName: args.vnet.name,
        addressSpace: { addressPrefixes: [args.vnet.cidr] },
        // Subnets are their own resources (below): leaving `subnets` unset keeps them on updates.
        tags,
      },
      { parent: this },
    );

    const wantsNat =
      (args.natGateway ?? true) && subnets.some((s) => s.type !== SubnetType.Database);
    let nat: network.NatGateway | undefined;
    let natIp: network.PublicIPAddress | undefined;
    if (wantsNat) {
      natIp = new network.PublicIPAddress(
        `${name}-nat-ip`,
        {
          ...base,
          publicIpAddressName: `${args.vnet.name}-nat-ip`,
          sku: { name: 'Standard', tier: 'Regional' },
          publicIPAllocationMethod: 'Static',
          publicIPAddressVersion: 'IPv4',
          tags,
        },
        { parent: vnet },
      );
      nat = new network.NatGateway(
        `${name}-nat`,
        {
          ...base,
          natGatewayName: `${args.vnet.name}-nat`,
          sku: { name: 'Standard' },
          publicIpAddresses: [{ id: natIp.id }],
          idleTimeoutInMinutes: 4,
          tags,
        },
        { parent: vnet },
      );
    }

    // One at a time: Azure refuses concurrent changes to the subnets of one VNet
    // (AnotherOperationInProgress), so each subnet waits for the one before it.
    const made = new Map<string, network.Subnet>();
    let previous: network.Subnet | undefined;
    for (const s of subnets) {
      const natId = s.type !== SubnetType.Database ? nat?.id : undefined;
      const subnet: network.Subnet = new network.Subnet(
        `${name}-${s.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          virtualNetworkName: vnet.name,
          subnetName: s.name,
          addressPrefix: s.cidr,
          // No implicit outbound IP: traffic leaves through the NAT gateway or not at all.
          defaultOutboundAccess: false,
          ...(natId !== undefined ? { natGateway: { id: natId } } : {}),
          ...(args.networkSecurityGroupId !== undefined
            ? { networkSecurityGroup: { id: args.networkSecurityGroupId } }
            : {}),
        },
        { parent: vnet, ...(previous !== undefined ? { dependsOn: [previous] } : {}) },
      );
      made.set(s.name, subnet);
      previous = subnet;
    }

    const idsOf = (type: SubnetType): pulumi.Output<string>[] =>
      subnets.flatMap((s) => {
        const subnet = s.type === type ? made.get(s.name) : undefined;
        return subnet !== undefined ? [subnet.id] : [];
      });

    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.cidr = pulumi.output(args.vnet.cidr);
    this.subnetIds = Object.fromEntries([...made].map(([k, v]) => [k, v.id]));
    this.publicSubnetIds = idsOf(SubnetType.Public);
    this.privateSubnetIds = idsOf(SubnetType.Private);
    this.databaseSubnetIds = idsOf(SubnetType.Database);
    if (nat !== undefined) this.natGatewayId = nat.id;
    if (natIp !== undefined) this.natPublicIp = natIp.ipAddress.apply((ip) => ip ?? '');
    this.registerOutputs({
      vnetId: this.vnetId,
      vnetName: this.vnetName,
      cidr: this.cidr,
      subnetIds: this.subnetIds,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      databaseSubnetIds: this.databaseSubnetIds,
      natGatewayId: this.natGatewayId,
      natPublicIp: this.natPublicIp,
    });
  }
}
