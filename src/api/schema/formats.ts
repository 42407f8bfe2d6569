// Pure checks for the string formats the Vitistack API uses. Each returns `undefined` when the
// value is fine, or the reason it is not (without the value: the caller adds field and value).

/** RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric. */
export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: labels joined by '.', at most 253 characters. */
export const RFC1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Parses an IPv6 address into eight 16-bit groups (no zone ids, optional embedded IPv4 tail). */
export function parseIPv6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length < 2) return undefined;
  let tail: number[] = [];
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parseGroups(halves[0] ?? '');
  const right = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  const total = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (total > 7) return undefined;
    return [...left, ...new Array<number>(8 - total).fill(0), ...right, ...tail];
  }
  return total === 8 ? [...left, ...tail] : undefined;
}

export function isIP(text: string): boolean {
  return parseIPv4(text) !== undefined || parseIPv6(text) !== undefined;
}

export interface Cidr {
  readonly family: 4 | 6;
  /** The network address as a bigint (128-bit space for IPv6, 32-bit for IPv4). */
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

function toBigInt(groups: number[], bits: number): bigint {
  let v = 0n;
  for (const g of groups) v = (v << BigInt(bits)) | BigInt(g);
  return v;
}

/** Parses a CIDR block; `reason` says why it is not one. */
export function parseCidr(text: string): { cidr?: Cidr; reason?: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return { reason: 'has no prefix length' };
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return { reason: 'has no valid prefix length' };
  const prefix = Number(prefixText);
  const v4 = parseIPv4(addr);
  const v6 = v4 ? undefined : parseIPv6(addr);
  if (!v4 && !v6) return { reason: 'has no valid IP address' };
  const family: 4 | 6 = v4 ? 4 : 6;
  const width = family === 4 ? 32 : 128;
  if (prefix > width) return { reason: `has a prefix length above ${width}` };
  const value = v4 ? toBigInt(v4, 8) : toBigInt(v6 ?? [], 16);
  const hostBits = BigInt(width - prefix);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) return { reason: 'has host bits set' };
  return { cidr: { family, network, prefix, text } };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const width = outer.family === 4 ? 32 : 128;
  const shift = BigInt(width - outer.prefix);
  return inner.network >> shift === outer.network >> shift;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** The canonical network address text of a CIDR with host bits cleared (IPv4 only). */
export function networkOf(text: string): string | undefined {
  const slash = text.indexOf('/');
  const v4 = parseIPv4(text.slice(0, slash));
  const prefix = Number(text.slice(slash + 1));
  if (!v4 || slash < 0 || !Number.isInteger(prefix) || prefix > 32) return undefined;
  const value = toBigInt(v4, 8);
  const hostBits = BigInt(32 - prefix);
  const net = (value >> hostBits) << hostBits;
  const octets = [24n, 16n, 8n, 0n].map((s) => String((net >> s) & 255n));
  return `${octets.join('.')}/${prefix}`;
}

/** An IP address as its family and numeric value. */
export interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** Parses an IP address into its family and numeric value. */
export function parseAddress(ip: string): Address | undefined {
  const cidr = parseCidr(parseIPv4(ip) ? `${ip}/32` : `${ip}/128`).cidr;
  return cidr ? { family: cidr.family, value: cidr.network } : undefined;
}

/** Whether `ip` lies inside the CIDR block `subnet` (false for a different address family). */
export function ipInSubnet(ip: string, subnet: string): boolean {
  const net = parseCidr(subnet).cidr;
  const host = parseCidr(parseIPv4(ip) ? `${ip}/32` : `${ip}/128`).cidr;
  return net !== undefined && host !== undefined && cidrContains(net, host);
}

/** Orders two addresses of one family: negative, zero or positive; undefined across families. */
export function compareAddresses(a: string, b: string): number | undefined {
  const x = parseAddress(a);
  const y = parseAddress(b);
  if (!x || !y || x.family !== y.family) return undefined;
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}

/** The canonical text of an address, so "10.0.0.1" and "fd00::1" compare by value. */
export function addressKey(ip: string): string {
  const a = parseAddress(ip);
  return a ? `${a.family}:${a.value.toString(16)}` : ip;
}

/** True for a dotted IPv4 netmask with contiguous ones ("255.255.255.0"). */
export function isDottedNetmask(text: string): boolean {
  const octets = parseIPv4(text);
  if (!octets) return false;
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

export const MAC = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}$/;

/** A MAC address in one spelling: lowercase, colon-separated. */
export function macKey(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ':');
}

/** A GUID (UUID) such as "12345678-1234-1234-1234-123456789012". */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A Linux network interface or bridge name: at most 15 characters (IFNAMSIZ - 1). */
export const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/** An OpenSSH public key line: `<type> <base64 key> [comment]`. */
export const SSH_PUBLIC_KEY =
  /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-\S+@openssh\.com) \S+/;

/** Why `text` is not an http or https URL: `not a URL` at all, or `not http` (another scheme). */
export function checkHttpUrl(text: string): 'not a URL' | 'not http' | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'not http';
}

const BINARY_SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Kubernetes resource quantity (e.g. "4Gi", "500m", "1.5", "1e3"). */
export const QUANTITY =
  /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** The numeric value of a Kubernetes quantity, or undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const base = Number(m[1]);
  const suffix = m[3] ?? '';
  if (suffix in BINARY_SUFFIX) return base * (BINARY_SUFFIX[suffix] ?? 1);
  if (suffix in DECIMAL_SUFFIX) return base * (DECIMAL_SUFFIX[suffix] ?? 1);
  return base * 10 ** Number(suffix.slice(1));
}

/** Bandwidth like "100Mbps", "1Gbps", "10Gb/s". */
export const BANDWIDTH = /^[0-9]+(\.[0-9]+)?\s?([kKMGT]?(bps|b\/s|B\/s|Bps))$/;

/** Durations like "30s", "5m", "1h30m", "90d", "2w", "500ms". */
export const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h|d|w|y))+$/;

const DURATION_UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

/** Seconds in a duration string such as "1h30m", or undefined if it is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d|w|y)/g)) {
    total += Number(m[1]) * (DURATION_UNIT_SECONDS[m[2] ?? 's'] ?? 1);
  }
  return total;
}

/** Prices like "$0.05", "$0.0104/hour", "$12/month". */
export const PRICE = /^\$[0-9]+(\.[0-9]+)?(\/(hour|hr|day|month|year))?$/;

/** Decimal numbers written as strings: "10.0", "1.5", "2". */
export const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/** A port range "80-443" or a single port "22". */
export function checkPortRange(text: string): string | undefined {
  const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text);
  if (!m) return 'is not a port or port range';
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || from > 65535) return 'has a port outside 1 to 65535';
  if (from > to) return 'has a start port above its end port';
  return undefined;
}

/** Parses "80-443" or "22" into [from, to]; assumes checkPortRange passed. */
export function parsePortRange(text: string): [number, number] {
  const [a, b] = text.split('-');
  const from = Number(a);
  return [from, b === undefined ? from : Number(b)];
}

const CRON_FIELDS: readonly { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

/** Checks a 5-field cron schedule (or @daily-style macro); returns the reason it is invalid. */
export function checkCron(text: string): string | undefined {
  if (/^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/.test(text)) return undefined;
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return `has ${fields.length} fields, not 5`;
  for (let i = 0; i < 5; i++) {
    const spec = CRON_FIELDS[i];
    const field = fields[i];
    if (!spec || field === undefined) continue;
    for (const part of field.split(',')) {
      const m = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/([0-9]+))?$/.exec(part);
      if (!m) return `has an invalid ${spec.name} field "${field}"`;
      if (m[2] !== undefined && Number(m[2]) === 0) return `has a zero step in "${field}"`;
      if (m[1] === '*') continue;
      for (const v of (m[1] ?? '').split('-')) {
        const upper = v.toUpperCase();
        const named = spec.names?.indexOf(upper) ?? -1;
        const n = named >= 0 ? named + (spec.name === 'month' ? 1 : 0) : Number(v);
        if (!Number.isInteger(n) || n < spec.min || n > spec.max) {
          return `has ${spec.name} "${v}" outside ${spec.min}-${spec.max}`;
        }
      }
    }
  }
  return undefined;
}

/** RFC 3339 timestamp, as Kubernetes writes them. */
export const TIMESTAMP =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** Formats a byte or unit count back into a quantity for messages (binary suffixes). */
export function formatQuantity(value: number): string {
  for (const [suffix, factor] of Object.entries(BINARY_SUFFIX).reverse()) {
    if (value >= factor && value % factor === 0) return `${value / factor}${suffix}`;
  }
  return String(value);
}
