// One Vitistack VPC on GCP: a custom-mode VPC network, its regional subnetworks (with secondary
// ranges for GKE pods and services) and, when it has private subnetworks, a Cloud Router with
// Cloud NAT. GCP routes differ from AWS: every subnetwork has the network's default route to the
// internet gateway, and a VM reaches the internet through it only with an external IP. So
// "public" means machines there may get external IPs, "private" means they reach out through
// Cloud NAT, and "database" subnetworks are left out of the NAT (no way out without an external IP).
import * as compute from '@pulumi/gcp/compute';
import * as pulumi from '@pulumi/pulumi';
import * as formats from '../../api/schema/formats';
import { TOKENS } from '../tokens';
import { assertValid, GCP_NAME, gcpName, missing, problem } from './util';

export const SUBNET_TYPES = ['public', 'private', 'database'] as const;
export type SubnetType = (typeof SUBNET_TYPES)[number];

/** GCP subnetwork sizes: IPv4 primary and secondary ranges from /8 to /29. */
const PREFIX_MIN = 8;
const PREFIX_MAX = 29;

export interface SecondaryRangeArgs {
  /** Range name, unique within the subnetwork (a GKE cluster names it), e.g. `prod-pods`. */
  readonly rangeName: string;
  /** IPv4 CIDR block outside every primary range of the network, e.g. `10.244.0.0/16`. */
  readonly cidr: string;
}

export interface NetworkSubnetArgs {
  /** Subnet name from the Vitistack, unique within the network; used in resource names. */
  readonly name: string;
  /** Primary IPv4 range, e.g. `10.0.1.0/24`. */
  readonly cidr: string;
  /** public, private (out through Cloud NAT) or database (no way out). */
  readonly type: SubnetType;
  /** Secondary ranges (GKE pods and services). Defaults to none. */
  readonly secondaryRanges?: readonly SecondaryRangeArgs[];
}

export interface NetworkArgs {
  /** The VPC and its subnets. */
  readonly vpc: {
    /** VPC name from the Vitistack; used in the network's name and in messages. */
    readonly name: string;
    /** Subnets. Defaults to none. */
    readonly subnets?: readonly NetworkSubnetArgs[];
  };
  /** Project of every resource. Required. */
  readonly project: string;
  /** Region of the subnetworks, the router and the NAT, e.g. `europe-north1`. Required. */
  readonly region: string;
  /**
   * Cloud NAT for the private and public subnetworks. Defaults to `true` when there is a private
   * subnetwork (machines there have no other way out), `false` otherwise.
   */
  readonly nat?: boolean;
  /** VPC flow logs on every subnetwork (5 s aggregation, half the flows, all metadata). Defaults to `false`. */
  readonly flowLogs?: boolean;
  /** Description of the network. Defaults to one naming the VPC. */
  readonly description?: string;
}

function cidrProblems(
  at: string,
  text: string,
  hint: string,
): { out: string[]; cidr?: formats.Cidr } {
  const parsed = formats.parseCidr(text);
  if (parsed.cidr === undefined) {
    return {
      out: [
        problem(
          at,
          text,
          `is not a valid CIDR block (${parsed.reason ?? 'unreadable'}); use a form like "${hint}".`,
        ),
      ],
    };
  }
  if (
    parsed.cidr.family !== 4 ||
    parsed.cidr.prefix < PREFIX_MIN ||
    parsed.cidr.prefix > PREFIX_MAX
  ) {
    return {
      out: [
        problem(
          at,
          text,
          `is not an IPv4 block from /${PREFIX_MIN} to /${PREFIX_MAX}, the sizes GCP subnetworks allow; use a form like "${hint}".`,
        ),
      ],
    };
  }
  return { out: [], cidr: parsed.cidr };
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateNetworkArgs(args: NetworkArgs): string[] {
  const out: string[] = [];
  if (args.vpc.name.trim() === '') out.push(missing('vpc.name', 'is empty; give the VPC a name.'));
  if (args.region.trim() === '')
    out.push(missing('region', 'is empty; give a region like "europe-north1".'));
  const subnets = args.vpc.subnets ?? [];
  const names = new Map<string, number>();
  const ranges: { what: string; cidr: formats.Cidr }[] = [];
  const place = (at: string, what: string, text: string, cidr: formats.Cidr): void => {
    const other = ranges.find((r) => formats.cidrsOverlap(r.cidr, cidr));
    if (other !== undefined) {
      out.push(
        problem(at, text, `overlaps ${other.what}; GCP ranges of one network must not overlap.`),
      );
    } else {
      ranges.push({ what, cidr });
    }
  };
  subnets.forEach((sn, i) => {
    const at = `vpc.subnets[${i}]`;
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
    if (!(SUBNET_TYPES as readonly string[]).includes(sn.type)) {
      out.push(
        problem(
          `${at}.type`,
          sn.type,
          `is not a subnet type (allowed: ${SUBNET_TYPES.join(', ')}).`,
        ),
      );
    }
    const primary = cidrProblems(`${at}.cidr`, sn.cidr, '10.0.1.0/24');
    out.push(...primary.out);
    if (primary.cidr)
      place(`${at}.cidr`, `subnet "${sn.name}" (${sn.cidr})`, sn.cidr, primary.cidr);
    const rangeNames = new Set<string>();
    (sn.secondaryRanges ?? []).forEach((r, j) => {
      const rat = `${at}.secondaryRanges[${j}]`;
      if (!GCP_NAME.test(r.rangeName)) {
        out.push(
          problem(
            `${rat}.rangeName`,
            r.rangeName,
            'is not a GCP name (lowercase letters, digits and "-", starting with a letter, at most 63).',
          ),
        );
      } else if (rangeNames.has(r.rangeName)) {
        out.push(
          problem(
            `${rat}.rangeName`,
            r.rangeName,
            'is used twice in this subnetwork; give each range its own name.',
          ),
        );
      }
      rangeNames.add(r.rangeName);
      const secondary = cidrProblems(`${rat}.cidr`, r.cidr, '10.244.0.0/16');
      out.push(...secondary.out);
      if (secondary.cidr)
        place(`${rat}.cidr`, `range "${r.rangeName}" (${r.cidr})`, r.cidr, secondary.cidr);
    });
  });
  return out;
}

export class Network extends pulumi.ComponentResource {
  public readonly networkId: pulumi.Output<string>;
  public readonly networkSelfLink: pulumi.Output<string>;
  /** Subnetwork self links by the Vitistack's subnet name. */
  public readonly subnetworkSelfLinks: Record<string, pulumi.Output<string>>;
  /** Subnetwork ids (`projects/P/regions/R/subnetworks/N`) by the Vitistack's subnet name. */
  public readonly subnetworkIds: Record<string, pulumi.Output<string>>;
  public readonly publicSubnetworks: pulumi.Output<string>[];
  public readonly privateSubnetworks: pulumi.Output<string>[];
  /** Name of the Cloud NAT; undefined without one. */
  public readonly natName?: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Network', args.vpc.name, validateNetworkArgs(args));
    super(TOKENS.gcp.Network, name, {}, opts);
    const subnets = args.vpc.subnets ?? [];
    const network = new compute.Network(
      name,
      {
        name: gcpName(name),
        project: args.project,
        // Custom mode: only the Vitistack's subnetworks, never one per region in 10.128.0.0/9.
        autoCreateSubnetworks: false,
        routingMode: 'REGIONAL',
        description: args.description ?? `VPC ${args.vpc.name} (vitistack)`,
      },
      { parent: this },
    );
    this.subnetworkSelfLinks = {};
    this.subnetworkIds = {};
    this.publicSubnetworks = [];
    this.privateSubnetworks = [];
    const natted: pulumi.Output<string>[] = [];
    for (const sn of subnets) {
      const subnetwork = new compute.Subnetwork(
        `${name}-${sn.name}`,
        {
          name: gcpName(`${name}-${sn.name}`),
          project: args.project,
          region: args.region,
          network: network.id,
          ipCidrRange: sn.cidr,
          // Google APIs (images, registries, logging) without an external IP or the NAT.
          privateIpGoogleAccess: true,
          secondaryIpRanges: (sn.secondaryRanges ?? []).map((r) => ({
            rangeName: r.rangeName,
            ipCidrRange: r.cidr,
          })),
          description: `${sn.type} subnet ${sn.name} of VPC ${args.vpc.name} (vitistack)`,
          ...(args.flowLogs === true
            ? {
                logConfig: {
                  aggregationInterval: 'INTERVAL_5_SEC',
                  flowSampling: 0.5,
                  metadata: 'INCLUDE_ALL_METADATA',
                },
              }
            : {}),
        },
        { parent: network },
      );
      this.subnetworkSelfLinks[sn.name] = subnetwork.selfLink;
      this.subnetworkIds[sn.name] = subnetwork.id;
      if (sn.type === 'public') this.publicSubnetworks.push(subnetwork.selfLink);
      if (sn.type === 'private') this.privateSubnetworks.push(subnetwork.selfLink);
      if (sn.type !== 'database') natted.push(subnetwork.selfLink);
    }

    const hasPrivate = subnets.some((s) => s.type === 'private');
    if ((args.nat ?? hasPrivate) && natted.length > 0) {
      const router = new compute.Router(
        `${name}-router`,
        {
          name: gcpName(`${name}-router`),
          project: args.project,
          region: args.region,
          network: network.id,
          description: `Cloud Router for the NAT of VPC ${args.vpc.name} (vitistack)`,
        },
        { parent: network },
      );
      // The public subnetworks are covered too: a machine there without an external IP would
      // otherwise have no way out, and machines with one keep using it (NAT skips them).
      const nat = new compute.RouterNat(
        `${name}-nat`,
        {
          name: gcpName(`${name}-nat`),
          project: args.project,
          region: args.region,
          router: router.name,
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
          subnetworks: natted.map((selfLink) => ({
            name: selfLink,
            // Secondary ranges too: GKE pods reach out through the NAT.
            sourceIpRangesToNats: ['ALL_IP_RANGES'],
          })),
          logConfig: { enable: true, filter: 'ERRORS_ONLY' },
        },
        { parent: router },
      );
      this.natName = nat.name;
    }

    this.networkId = network.id;
    this.networkSelfLink = network.selfLink;
    this.registerOutputs({
      networkId: this.networkId,
      networkSelfLink: this.networkSelfLink,
      subnetworkSelfLinks: this.subnetworkSelfLinks,
      subnetworkIds: this.subnetworkIds,
      publicSubnetworks: this.publicSubnetworks,
      privateSubnetworks: this.privateSubnetworks,
      natName: this.natName,
    });
  }
}
