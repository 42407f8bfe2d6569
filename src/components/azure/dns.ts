// An Azure DNS zone with its record sets. Azure keeps the records of one name and type together
// in one record set with one TTL, so the Vitistack's records (one value each) are grouped here.
import * as dns from '@pulumi/azure-native/dns';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, azureTags, missing, problem, validateAzureTags } from './util';

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'MX', 'NS', 'PTR', 'SRV', 'TXT'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** TTL of a record set whose records give none: Azure's own default. */
export const DEFAULT_TTL = 3600;
/** A TXT string is at most 255 characters; longer text is split into several strings. */
const TXT_CHUNK = 255;

export interface DnsRecordArgs {
  /** Relative name ("api", "@" for the apex, "*.apps") or a full name inside the zone. */
  readonly name: string;
  readonly type: RecordType;
  /**
   * Values in the zone-file form of the type: an address (A, AAAA), a host (CNAME, NS, PTR),
   * `10 mail.example.com` (MX), `10 5 443 host` (SRV), `0 issue "ca.example"` (CAA), text (TXT).
   */
  readonly values: readonly string[];
  /** Seconds. Defaults to the other records of the set, else 3600. */
  readonly ttl?: number;
}

export interface DnsArgs {
  /** Zone name, e.g. `prod.example.com`. */
  readonly zone: string;
  readonly resourceGroupName: pulumi.Input<string>;
  /** Records. Defaults to none. */
  readonly records?: readonly DnsRecordArgs[];
  /** Tags of the zone (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/** The record data of one set, as azure-native RecordSet inputs take it. */
export type RecordData = Readonly<Record<string, unknown>>;

export interface PlannedRecordSet {
  /** Relative name: `@` for the apex. */
  readonly name: string;
  readonly type: RecordType;
  readonly ttl: number;
  readonly data: RecordData;
}

/** The name relative to the zone: `api.prod.example.com.` in `prod.example.com` is `api`. */
export function relativeName(name: string, zone: string): string {
  const n = name.replace(/\.$/, '');
  const z = zone.replace(/\.$/, '');
  if (n === '' || n === '@' || n.toLowerCase() === z.toLowerCase()) return '@';
  const suffix = `.${z}`;
  return n.toLowerCase().endsWith(suffix.toLowerCase()) ? n.slice(0, -suffix.length) : n;
}

/** The record data of a set from its values, or the problem with one of them. */
function recordData(type: RecordType, values: readonly string[]): RecordData | string {
  const parts = (v: string) => v.trim().split(/\s+/);
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN);
  switch (type) {
    case 'A':
      return { aRecords: values.map((v) => ({ ipv4Address: v })) };
    case 'AAAA':
      return { aaaaRecords: values.map((v) => ({ ipv6Address: v })) };
    case 'CNAME':
      if (values.length > 1) return 'has several CNAME values; a name has one CNAME record.';
      return { cnameRecord: { cname: values[0] ?? '' } };
    case 'NS':
      return { nsRecords: values.map((v) => ({ nsdname: v })) };
    case 'PTR':
      return { ptrRecords: values.map((v) => ({ ptrdname: v })) };
    case 'TXT':
      return {
        txtRecords: values.map((v) => ({
          value: v.match(new RegExp(`[\\s\\S]{1,${TXT_CHUNK}}`, 'g')) ?? [''],
        })),
      };
    case 'MX': {
      const out = [];
      for (const v of values) {
        const [pref, exchange, ...rest] = parts(v);
        if (Number.isNaN(num(pref)) || exchange === undefined || rest.length > 0) {
          return `has the MX value "${v}", which is not "<preference> <host>" (like "10 mail.example.com").`;
        }
        out.push({ preference: num(pref), exchange });
      }
      return { mxRecords: out };
    }
    case 'SRV': {
      const out = [];
      for (const v of values) {
        const [priority, weight, port, target, ...rest] = parts(v);
        const nums = [priority, weight, port].map(num);
        if (nums.some(Number.isNaN) || target === undefined || rest.length > 0) {
          return `has the SRV value "${v}", which is not "<priority> <weight> <port> <host>" (like "10 5 443 api.example.com").`;
        }
        out.push({ priority: nums[0], weight: nums[1], port: nums[2], target });
      }
      return { srvRecords: out };
    }
    case 'CAA': {
      const out = [];
      for (const v of values) {
        const m = /^(\d+)\s+([A-Za-z0-9]+)\s+"?([^"]*)"?$/.exec(v.trim());
        if (m === null) {
          return `has the CAA value "${v}", which is not '<flags> <tag> "<value>"' (like '0 issue "letsencrypt.org"').`;
        }
        out.push({ flags: Number(m[1]), tag: m[2], value: m[3] });
      }
      return { caaRecords: out };
    }
  }
}

/**
 * Groups records into Azure record sets (one per relative name and type, in the order first seen)
 * with the smallest TTL given; `problems` lists values Azure cannot take, `warnings` TTLs merged.
 */
export function planRecordSets(
  zone: string,
  records: readonly DnsRecordArgs[],
): { sets: PlannedRecordSet[]; problems: string[]; warnings: string[] } {
  const groups = new Map<
    string,
    { name: string; type: RecordType; values: string[]; ttls: number[]; first: number }
  >();
  records.forEach((r, i) => {
    const name = relativeName(r.name, zone);
    const key = `${name}\u0000${r.type}`;
    const g = groups.get(key) ?? { name, type: r.type, values: [], ttls: [], first: i };
    g.values.push(...r.values);
    if (r.ttl !== undefined) g.ttls.push(r.ttl);
    groups.set(key, g);
  });
  const sets: PlannedRecordSet[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const g of groups.values()) {
    const at = `records[${g.first}]`;
    if (!(RECORD_TYPES as readonly string[]).includes(g.type)) {
      problems.push(
        problem(
          `${at}.type`,
          g.type,
          `is not a record type Azure DNS serves here (${RECORD_TYPES.join(', ')}).`,
        ),
      );
      continue;
    }
    if (g.type === 'NS' && g.name === '@') {
      problems.push(
        missing(
          at,
          `is an NS record at the apex of ${zone}; Azure DNS manages that record set itself, so leave it out.`,
        ),
      );
      continue;
    }
    const data = recordData(g.type, g.values);
    if (typeof data === 'string') {
      problems.push(missing(at, data));
      continue;
    }
    const ttl = g.ttls.length > 0 ? Math.min(...g.ttls) : DEFAULT_TTL;
    if (new Set(g.ttls).size > 1) {
      warnings.push(
        `the ${g.type} records of "${g.name}" give different TTLs (${[...new Set(g.ttls)].join(', ')}); Azure has one TTL per record set, so they get the smallest, ${ttl}`,
      );
    }
    sets.push({ name: g.name, type: g.type, ttl, data });
  }
  return { sets, problems, warnings };
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateDnsArgs(args: DnsArgs): string[] {
  const out: string[] = [];
  if (
    !/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]\.?$/i.test(args.zone)
  ) {
    out.push(problem('zone', args.zone, 'is not a DNS zone name; use a form like "example.com".'));
  }
  out.push(...planRecordSets(args.zone, args.records ?? []).problems);
  out.push(...validateAzureTags(args.tags));
  return out;
}

/** A token safe inside a Pulumi resource name: `*.apps` -> `star.apps`, `@` -> `apex`. */
function slug(text: string): string {
  if (text === '@') return 'apex';
  return text
    .toLowerCase()
    .replace(/\*/g, 'star')
    .replace(/[^a-z0-9._-]+/g, '-');
}

export class Dns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly nameServers: pulumi.Output<string[]>;
  /** Record set id by `<relative name>/<type>`. */
  public readonly recordSetIds: Record<string, pulumi.Output<string>>;
  /** TTLs merged into one record set, one sentence each. */
  public readonly warnings: readonly string[];

  constructor(name: string, args: DnsArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Dns', name, validateDnsArgs(args));
    const plan = planRecordSets(args.zone, args.records ?? []);
    super(TOKENS.azure.Dns, name, {}, opts);

    const zone = new dns.Zone(
      `${name}-zone`,
      {
        resourceGroupName: args.resourceGroupName,
        zoneName: args.zone,
        // DNS zones are global resources.
        location: 'global',
        zoneType: 'Public',
        tags: azureTags(args.tags),
      },
      { parent: this },
    );
    const ids: Record<string, pulumi.Output<string>> = {};
    for (const set of plan.sets) {
      const rs = new dns.RecordSet(
        `${name}-${slug(set.name)}-${set.type.toLowerCase()}`,
        {
          resourceGroupName: args.resourceGroupName,
          zoneName: zone.name,
          relativeRecordSetName: set.name,
          recordType: set.type,
          ttl: set.ttl,
          ...set.data,
        },
        { parent: zone },
      );
      ids[`${set.name}/${set.type}`] = rs.id;
    }

    this.zoneId = zone.id;
    this.nameServers = zone.nameServers;
    this.recordSetIds = ids;
    this.warnings = plan.warnings;
    this.registerOutputs({
      zoneId: this.zoneId,
      nameServers: this.nameServers,
      recordSetIds: this.recordSetIds,
      warnings: this.warnings,
    });
  }
}
