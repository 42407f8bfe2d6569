// A Cloud DNS managed zone (public, DNSSEC on) with its record sets, one per name and type.
import * as dns from '@pulumi/gcp/dns';
import * as pulumi from '@pulumi/pulumi';
import { RFC1123_SUBDOMAIN } from '../../api/schema/formats';
import { TOKENS } from '../tokens';
import { assertValid, gcpName, listAllowed, problem, validateLabels } from './util';

export const DNS_RECORD_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'MX',
  'NS',
  'PTR',
  'SRV',
  'TXT',
] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export const DEFAULT_TTL = 300;

export interface DnsRecordArgs {
  /** Name relative to the zone ("api", "@" for the apex, "*.apps"), or a full name inside it. */
  readonly name: string;
  readonly type: DnsRecordType;
  /** Values (rrdatas); a CNAME has exactly one. */
  readonly values: readonly pulumi.Input<string>[];
  /** Time to live in seconds. Defaults to 300. */
  readonly ttl?: number;
}

export interface DnsArgs {
  /** Zone name, e.g. `prod.example.com`. */
  readonly zone: string;
  /** Project of the zone. Required. */
  readonly project: string;
  /** Records. Defaults to none. */
  readonly records?: readonly DnsRecordArgs[];
  /** Labels of the zone (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/**
 * The full name of a record in `zone`, with the trailing dot Cloud DNS wants: "@" -> "zone.",
 * "api" -> "api.zone."; a name ending in the zone or with a trailing dot is already full.
 * Undefined when a full name lies outside the zone.
 */
export function recordName(name: string, zone: string): string | undefined {
  const z = trimDot(zone).toLowerCase();
  if (name === '@') return `${z}.`;
  const n = trimDot(name).toLowerCase();
  if (n === z || n.endsWith(`.${z}`)) return `${n}.`;
  if (name.endsWith('.')) return undefined;
  return `${n}.${z}.`;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateDnsArgs(args: DnsArgs): string[] {
  const out: string[] = [];
  const zone = trimDot(args.zone).toLowerCase();
  if (!RFC1123_SUBDOMAIN.test(zone) || !zone.includes('.')) {
    out.push(
      problem('zone', args.zone, 'is not a valid DNS zone name; use a form like "example.com".'),
    );
  }
  const seen = new Map<string, number>();
  (args.records ?? []).forEach((r, i) => {
    const at = `records[${i}]`;
    if (!(DNS_RECORD_TYPES as readonly string[]).includes(r.type)) {
      out.push(
        problem(
          `${at}.type`,
          r.type,
          `is not a record type (allowed: ${listAllowed(DNS_RECORD_TYPES)}).`,
        ),
      );
    }
    const fqdn = recordName(r.name, args.zone);
    if (fqdn === undefined) {
      out.push(
        problem(
          `${at}.name`,
          r.name,
          `is not inside zone "${args.zone}"; use a name relative to it, like "api".`,
        ),
      );
    } else {
      const key = `${fqdn} ${r.type}`;
      const first = seen.get(key);
      if (first !== undefined) {
        out.push(
          problem(
            `${at}.name`,
            r.name,
            `has type ${r.type} like records[${first}]; Cloud DNS keeps one record set per name and type, so list both values in one record.`,
          ),
        );
      }
      seen.set(key, i);
    }
    if (r.values.length === 0)
      out.push(problem(`${at}.values`, [], 'is empty; give the record a value.'));
    if (r.type === 'CNAME' && r.values.length > 1) {
      out.push(
        problem(
          `${at}.values`,
          r.values.length,
          'values given for a CNAME, which takes exactly one.',
        ),
      );
    }
    if (r.ttl !== undefined && (!Number.isInteger(r.ttl) || r.ttl < 0)) {
      out.push(problem(`${at}.ttl`, r.ttl, 'is not a whole number of seconds.'));
    }
  });
  out.push(...validateLabels(args.labels));
  return out;
}

export class Dns extends pulumi.ComponentResource {
  /** The zone's id (`projects/P/managedZones/N`). */
  public readonly zoneId: pulumi.Output<string>;
  /** The managed zone's name (what record sets refer to). */
  public readonly zoneName: pulumi.Output<string>;
  public readonly nameServers: pulumi.Output<string[]>;

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Dns', args.zone, validateDnsArgs(args));
    super(TOKENS.gcp.Dns, name, {}, opts);
    const zone = new dns.ManagedZone(
      `${name}-zone`,
      {
        project: args.project,
        name: gcpName(name),
        dnsName: `${trimDot(args.zone).toLowerCase()}.`,
        visibility: 'public',
        // Signed answers: resolvers can tell forged records from ours.
        dnssecConfig: { state: 'on' },
        description: `Zone ${args.zone} (vitistack)`,
        labels: { ...args.labels },
      },
      { parent: this },
    );
    for (const r of args.records ?? []) {
      const fqdn = recordName(r.name, args.zone) ?? '';
      const relative =
        fqdn === `${trimDot(args.zone).toLowerCase()}.`
          ? 'apex'
          : fqdn.slice(0, -(trimDot(args.zone).length + 2));
      new dns.RecordSet(
        `${name}-${relative.replace(/\*/g, 'star')}-${r.type.toLowerCase()}`,
        {
          project: args.project,
          managedZone: zone.name,
          name: fqdn,
          type: r.type,
          ttl: r.ttl ?? DEFAULT_TTL,
          rrdatas: [...r.values],
        },
        { parent: zone },
      );
    }
    this.zoneId = zone.id;
    this.zoneName = zone.name;
    this.nameServers = zone.nameServers;
    this.registerOutputs({
      zoneId: this.zoneId,
      zoneName: this.zoneName,
      nameServers: this.nameServers,
    });
  }
}
