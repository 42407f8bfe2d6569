// A Route 53 hosted zone (public, or private to a VPC) with its records and alias records.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { RFC1123_SUBDOMAIN } from '../../api/schema/formats';
import {
  assertValid,
  checkInt,
  listAllowed,
  mergeTags,
  missing,
  problem,
  slug,
  validateTags,
} from './util';

export const DnsRecordType = {
  A: 'A',
  AAAA: 'AAAA',
  CAA: 'CAA',
  CNAME: 'CNAME',
  MX: 'MX',
  NS: 'NS',
  PTR: 'PTR',
  SRV: 'SRV',
  TXT: 'TXT',
} as const;
export type DnsRecordType = (typeof DnsRecordType)[keyof typeof DnsRecordType];
const RECORD_TYPES: readonly string[] = Object.values(DnsRecordType);

export const DEFAULT_TTL = 300;

export interface DnsRecordArgs {
  /** Name relative to the zone ("api", "@" for the apex, "*.apps"), or a full name inside it. */
  readonly name: string;
  /** Record type: A, AAAA, CAA, CNAME, MX, NS, PTR, SRV or TXT. */
  readonly type: DnsRecordType;
  /** Values of the record set; a CNAME has exactly one. */
  readonly values: readonly pulumi.Input<string>[];
  /** Time to live in seconds. Defaults to 300. */
  readonly ttl?: number;
}

export interface DnsAliasRecordArgs {
  /** Name relative to the zone, as for records. */
  readonly name: string;
  /** A or AAAA. Defaults to A. */
  readonly type?: 'A' | 'AAAA';
  /** DNS name of the target, e.g. a load balancer's `dnsName`. */
  readonly targetDnsName: pulumi.Input<string>;
  /** Hosted zone of the target, e.g. a load balancer's `zoneId`. */
  readonly targetZoneId: pulumi.Input<string>;
  /** Answer only while the target is healthy. Defaults to true. */
  readonly evaluateTargetHealth?: boolean;
}

export interface DnsArgs {
  /** Zone name, e.g. "example.com". */
  readonly zone: string;
  /** A private zone, answering only inside `vpcId`. Defaults to false (public). */
  readonly private?: boolean;
  /** VPC of a private zone; required when `private` is true, not used otherwise. */
  readonly vpcId?: pulumi.Input<string>;
  /** Records. Defaults to none. */
  readonly records?: readonly DnsRecordArgs[];
  /** Alias records (to load balancers and other AWS targets). Defaults to none. */
  readonly aliasRecords?: readonly DnsAliasRecordArgs[];
  /** Tags for the zone, merged with a `Name` tag (records take no tags). */
  readonly tags: Readonly<Record<string, string>>;
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The full name of a record in `zone`: "@" -> the zone, "api" -> "api.<zone>", a name ending in
 * the zone or with a trailing dot is already full. Undefined when a full name lies outside it.
 */
export function recordFqdn(name: string, zone: string): string | undefined {
  const z = trimDot(zone).toLowerCase();
  if (name === '@') return z;
  const n = trimDot(name).toLowerCase();
  if (n === z || n.endsWith(`.${z}`)) return n;
  if (name.endsWith('.')) return undefined;
  return `${n}.${z}`;
}

/** The part of a full name before the zone, for resource names: "api", or "apex" for the zone. */
function relativeSlug(fqdn: string, zone: string): string {
  return slug(fqdn === zone ? '@' : fqdn.slice(0, -(zone.length + 1)));
}

function isName(text: string): boolean {
  const t = trimDot(text).toLowerCase();
  return t.length > 0 && t.length <= 253 && RFC1123_SUBDOMAIN.test(t.replace(/^\*\./, ''));
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateDnsArgs(args: DnsArgs): string[] {
  const out: string[] = [];
  if (!isName(args.zone) || args.zone.startsWith('*')) {
    out.push(
      problem('zone', args.zone, 'is not a valid DNS zone name; use a form like "example.com".'),
    );
  }
  if ((args.private ?? false) && args.vpcId === undefined) {
    out.push(
      missing(
        'vpcId',
        'is required for a private zone (the VPC it answers in); give it, or set private to false.',
      ),
    );
  } else if (!(args.private ?? false) && args.vpcId !== undefined) {
    out.push(
      missing(
        'vpcId',
        'is set but the zone is public; set private to true for a zone inside the VPC, or remove vpcId.',
      ),
    );
  }
  const seen = new Map<string, string>();
  const checkName = (at: string, name: string, type: string): string | undefined => {
    const fqdn = recordFqdn(name, args.zone);
    if (name !== '@' && !isName(name)) {
      out.push(
        problem(
          `${at}.name`,
          name,
          'is not a valid record name; use a name like "api", "@" for the apex or "*.apps".',
        ),
      );
      return undefined;
    }
    if (fqdn === undefined) {
      out.push(
        problem(
          `${at}.name`,
          name,
          `is outside the zone "${args.zone}"; use a name relative to the zone, like "api".`,
        ),
      );
      return undefined;
    }
    const key = `${fqdn}|${type}`;
    const first = seen.get(key);
    const cname =
      seen.get(`${fqdn}|CNAME`) ??
      (type === 'CNAME' ? [...seen].find(([k]) => k.startsWith(`${fqdn}|`))?.[1] : undefined);
    if (first === undefined && cname !== undefined) {
      out.push(
        problem(
          `${at}.name`,
          name,
          `also has a record at ${cname}; a name with a CNAME record can have no other records.`,
        ),
      );
    } else if (first !== undefined) {
      out.push(
        problem(
          `${at}.name`,
          name,
          `already has a record of type ${type} at ${first}; Route 53 keeps one record set per name and type, so put all values in one.`,
        ),
      );
    } else {
      seen.set(key, at);
    }
    return fqdn;
  };
  const zoneFqdn = trimDot(args.zone).toLowerCase();
  (args.records ?? []).forEach((r, i) => {
    const at = `records[${i}]`;
    if (!RECORD_TYPES.includes(r.type)) {
      out.push(
        problem(
          `${at}.type`,
          r.type,
          `is not a record type (allowed: ${listAllowed(RECORD_TYPES)}).`,
        ),
      );
      return;
    }
    const fqdn = checkName(at, r.name, r.type);
    if (r.values.length === 0) {
      out.push(missing(`${at}.values`, `is empty; a ${r.type} record needs at least one value.`));
    } else if (r.type === DnsRecordType.CNAME && r.values.length > 1) {
      out.push(
        missing(
          `${at}.values`,
          `has ${r.values.length} values; a CNAME record points at exactly one name.`,
        ),
      );
    }
    if (r.type === DnsRecordType.CNAME && fqdn === zoneFqdn) {
      out.push(
        problem(
          `${at}.name`,
          r.name,
          'cannot hold a CNAME record (the zone apex has SOA and NS records); use an alias record instead.',
        ),
      );
    }
    const ttl = checkInt(`${at}.ttl`, r.ttl, 0, 2147483647, 'use a value like 300');
    if (ttl !== undefined) out.push(ttl);
  });
  (args.aliasRecords ?? []).forEach((a, i) => {
    const type: string = a.type ?? 'A'; // callers may pass any string at run time
    if (type !== 'A' && type !== 'AAAA') {
      out.push(
        problem(
          `aliasRecords[${i}].type`,
          type,
          'is not an alias record type (allowed: A or AAAA).',
        ),
      );
      return;
    }
    checkName(`aliasRecords[${i}]`, a.name, type);
  });
  out.push(...validateTags(args.tags));
  return out;
}

export class Dns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  /** Name servers to delegate the zone to (public zones). */
  public readonly nameServers: pulumi.Output<string[]>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Dns', name, validateDnsArgs(args));
    super(TOKENS.aws.Dns, name, {}, opts);
    const zoneName = trimDot(args.zone).toLowerCase();
    const zone = new aws.route53.Zone(
      `${name}-zone`,
      {
        name: zoneName,
        comment: 'Managed by Vitistack',
        ...(args.private === true && args.vpcId !== undefined
          ? { vpcs: [{ vpcId: args.vpcId }] }
          : {}),
        tags: mergeTags(args.tags, `${name}-zone`),
      },
      { parent: this },
    );

    // Names come from the relative record name, so reordering records renames nothing.
    for (const r of args.records ?? []) {
      const fqdn = recordFqdn(r.name, zoneName) ?? zoneName;
      new aws.route53.Record(
        `${name}-${r.type.toLowerCase()}-${relativeSlug(fqdn, zoneName)}`,
        {
          zoneId: zone.zoneId,
          name: fqdn,
          type: r.type,
          ttl: r.ttl ?? DEFAULT_TTL,
          records: [...r.values],
        },
        { parent: zone },
      );
    }
    for (const a of args.aliasRecords ?? []) {
      const type = a.type ?? 'A';
      const fqdn = recordFqdn(a.name, zoneName) ?? zoneName;
      new aws.route53.Record(
        `${name}-${type.toLowerCase()}-alias-${relativeSlug(fqdn, zoneName)}`,
        {
          zoneId: zone.zoneId,
          name: fqdn,
          type,
          aliases: [
            {
              name: a.targetDnsName,
              zoneId: a.targetZoneId,
              evaluateTargetHealth: a.evaluateTargetHealth ?? true,
            },
          ],
        },
        { parent: zone },
      );
    }

    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers });
  }
}
