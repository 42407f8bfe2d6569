// Formats for host-level fields that the shared builders do not cover (interface names, file
// paths, modes, URLs, netmasks, SSH keys, percentages), plus IP arithmetic for subnet rules.
// Used by Machine, NetworkConfiguration and ProxmoxConfig; kept here rather than in
// schema/builders.ts, which this change does not own.
import { formats, s, type Reporter } from '../schema';

/** A Linux network interface or bridge name: at most 15 characters (IFNAMSIZ - 1). */
const IFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

export function ifaceName(description: string) {
  return s.string(description, {
    crdPattern: IFACE_NAME.source,
    expected: 'an interface name like "vmbr0" or "eth0"',
    check: (v) =>
      IFACE_NAME.test(v)
        ? undefined
        : 'is not a valid interface name (use at most 15 letters, digits, ".", "-" and "_", starting with a letter or digit, like "vmbr0")',
  });
}

/** An absolute file system path: `/var/lib/data`. */
export function absolutePath(description: string) {
  return s.string(description, {
    crdPattern: '^/',
    expected: 'an absolute path like "/data"',
    check: (v) =>
      v.startsWith('/') && !/\s$/.test(v)
        ? undefined
        : 'is not an absolute path (start it with "/", like "/data")',
  });
}

/** A Unix file mode written as an octal string: "0644", "600". */
export function fileMode(description: string) {
  return s.string(description, {
    crdPattern: '^0?[0-7]{3,4}$',
    expected: 'an octal file mode like "0644"',
    check: (v) =>
      /^0?[0-7]{3,4}$/.test(v)
        ? undefined
        : 'is not an octal file mode (expected a form like "0644" or "0600")',
  });
}

/** An http or https URL: API endpoints. */
export function httpUrl(description: string) {
  return s.string(description, {
    crdPattern: '^https?://',
    expected: 'a URL like "https://pve.example.com:8006/api2/json"',
    check: (v) => {
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        return 'is not a valid URL (expected a form like "https://pve.example.com:8006/api2/json")';
      }
      return url.protocol === 'https:' || url.protocol === 'http:'
        ? undefined
        : 'is not an http or https URL (expected a form like "https://pve.example.com:8006/api2/json")';
    },
  });
}

/** True for a dotted IPv4 netmask with contiguous ones ("255.255.255.0"). */
function isDottedNetmask(v: string): boolean {
  const octets = formats.parseIPv4(v);
  if (!octets) return false;
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits);
}

/** A network mask: dotted ("255.255.255.0") or a prefix length ("24" or "/24"). */
export function netmask(description: string) {
  return s.string(description, {
    expected: 'a netmask like "255.255.255.0" or a prefix length like "24"',
    check: (v) => {
      const prefix = /^\/?([0-9]{1,3})$/.exec(v);
      if (prefix && Number(prefix[1]) <= 128) return undefined;
      return isDottedNetmask(v)
        ? undefined
        : 'is not a valid netmask (expected a form like "255.255.255.0" or a prefix length like "24")';
    },
  });
}

const SSH_KEY = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-\S+@openssh\.com) \S+/;

/** An OpenSSH public key line: `ssh-ed25519 AAAA... comment`. */
export function sshPublicKey(description: string) {
  return s.string(description, {
    expected: 'an OpenSSH public key like "ssh-ed25519 AAAAC3Nza... user@host"',
    check: (v) =>
      SSH_KEY.test(v)
        ? undefined
        : 'is not an OpenSSH public key (expected "<type> <base64 key> [comment]" with a type such as ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)',
  });
}

/** A percentage: "45%" or "45.5". */
export function percent(description: string) {
  return s.string(description, {
    expected: 'a percentage like "45%"',
    check: (v) =>
      /^[0-9]+(\.[0-9]+)?%?$/.test(v)
        ? undefined
        : 'is not a percentage (expected a form like "45%" or "45.5")',
  });
}

// ------------------------------------------------------------------ IP arithmetic

interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** Parses an IP address into its family and numeric value. */
export function parseAddress(ip: string): Address | undefined {
  const host = formats.parseIPv4(ip) ? `${ip}/32` : `${ip}/128`;
  const cidr = formats.parseCidr(host).cidr;
  return cidr ? { family: cidr.family, value: cidr.network } : undefined;
}

/** Whether `ip` lies inside the CIDR block `subnet` (false for a different address family). */
export function ipInSubnet(ip: string, subnet: string): boolean {
  const net = formats.parseCidr(subnet).cidr;
  const host = formats.parseCidr(formats.parseIPv4(ip) ? `${ip}/32` : `${ip}/128`).cidr;
  return net !== undefined && host !== undefined && formats.cidrContains(net, host);
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

/** A MAC address in one spelling: lowercase, colon-separated. */
export function macKey(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ':');
}

// ------------------------------------------------------------------ canonical objects

/** Drops keys whose value is undefined, so canonical objects hold only what was written. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Whether a field is set: the validator treats a null field like an absent one. */
export function present<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/** A deep copy without null fields, so normalisers see absent fields as undefined only. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutNulls(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
  return out as T;
}

/** Wraps a refinement so that it sees null fields as absent, as the field checks do. */
export function nullSafe<V>(fn: (value: V, r: Reporter) => void): (value: V, r: Reporter) => void {
  return (value, r) => {
    fn(withoutNulls(value), r);
  };
}
