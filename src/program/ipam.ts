// Addresses of the interfaces that attach to NetworkConfigurations, for one stack. Deterministic:
// requests are served in the order of their owners' names, so the same manifests always give the
// same addresses; within a stack no address is handed out twice; an exhausted range is a clear
// error naming the network, its subnet and how to make room.
//
// Where an address comes from, in order: the address the manifest writes (checked: inside the
// subnet, not the network, broadcast or gateway address, not taken by another interface); the
// network's DHCP reservation for the interface's MAC address or host name; allocation from the
// subnet when the network's IPAM is `static`, or when the requester needs a known address on a
// DHCP network (cluster nodes: the Talos endpoint must not move). Everything else gets DHCP.
// Allocation takes the lowest free address, skipping the network and broadcast addresses, the
// gateway, the DNS servers, the DHCP pool and every reserved or written address.
import { formats } from '../api/schema';
import type { NetworkConfiguration } from '../api/v1alpha1';

export interface AddressRequest {
  /** Who asks, unique in the stack: e.g. `Machine platform/ops-jumphost eth0`. */
  readonly owner: string;
  readonly network: NetworkConfiguration;
  /** The address the manifest writes, and where (for messages). */
  readonly fixed?: { readonly address: string; readonly field: string };
  readonly macAddress?: string;
  readonly hostname?: string;
  /** Needs a known address even where DHCP serves the network (cluster nodes). */
  readonly stable?: boolean;
}

export interface InterfaceAddress {
  /** `namespace/name` of the NetworkConfiguration. */
  readonly network: string;
  /** The address, unless DHCP assigns it. */
  readonly address?: string;
  /** Prefix length of the subnet, when known. */
  readonly prefix?: number;
  readonly gateway?: string;
  readonly dnsServers: readonly string[];
  readonly searchDomains: readonly string[];
  readonly source: 'fixed' | 'reservation' | 'allocated' | 'dhcp';
  readonly vlan?: number;
  readonly bridge?: string;
  readonly mtu?: number;
}

export interface AddressPlan {
  /** By request owner. */
  readonly addresses: ReadonlyMap<string, InterfaceAddress>;
  /** Bad or impossible requests, one sentence each; empty when every request was served. */
  readonly problems: readonly string[];
}

function keyOf(n: NetworkConfiguration): string {
  return `${n.metadata.namespace}/${n.metadata.name}`;
}

function toText(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** One network's subnet and what allocation must skip in it. */
class Range {
  readonly taken = new Map<bigint, string>();
  private next: bigint;
  private readonly last: bigint;
  private readonly pool?: readonly [bigint, bigint];

  constructor(
    readonly cidr: formats.Cidr,
    readonly network: NetworkConfiguration,
  ) {
    const width = cidr.family === 4 ? 32 : 128;
    const size = 1n << BigInt(width - cidr.prefix);
    // IPv4 subnets lose their network and broadcast addresses (not /31 and /32, RFC 3021).
    const edges = cidr.family === 4 && cidr.prefix < 31;
    this.next = cidr.network + (edges || cidr.family === 6 ? 1n : 0n);
    this.last = cidr.network + size - (edges ? 2n : 1n);
    const ipam = network.spec.ipam;
    const dhcp = network.spec.dhcp;
    const reserve = (ip: string | undefined, why: string) => {
      const a = ip === undefined ? undefined : formats.parseAddress(ip);
      if (a && a.family === cidr.family) this.taken.set(a.value, why);
    };
    reserve(ipam?.gateway, 'the gateway');
    for (const d of ipam?.dnsServers ?? []) reserve(d, 'a DNS server');
    for (const r of dhcp?.reservations ?? []) reserve(r.ipAddress, `reserved for ${r.macAddress}`);
    const start = dhcp?.poolStart === undefined ? undefined : formats.parseAddress(dhcp.poolStart);
    const end = dhcp?.poolEnd === undefined ? undefined : formats.parseAddress(dhcp.poolEnd);
    if (dhcp?.enabled !== false && start && end) this.pool = [start.value, end.value];
  }

  /** Why `value` cannot be handed out ("the gateway", "given to <owner>"), or undefined. */
  unusable(value: bigint): string | undefined {
    const width = this.cidr.family === 4 ? 32 : 128;
    const size = 1n << BigInt(width - this.cidr.prefix);
    if (value < this.cidr.network || value >= this.cidr.network + size) return 'outside the subnet';
    if (this.cidr.family === 4 && this.cidr.prefix < 31) {
      if (value === this.cidr.network) return 'the network address';
      if (value === this.cidr.network + size - 1n) return 'the broadcast address';
    }
    return this.taken.get(value);
  }

  inPool(value: bigint): boolean {
    return this.pool !== undefined && value >= this.pool[0] && value <= this.pool[1];
  }

  /** The lowest free address, marked taken by `owner`; undefined when the range is exhausted. */
  allocate(owner: string): bigint | undefined {
    for (let v = this.next; v <= this.last; v++) {
      if (this.taken.has(v) || this.inPool(v)) continue;
      this.taken.set(v, `given to ${owner}`);
      this.next = v + 1n;
      return v;
    }
    return undefined;
  }

  describePool(): string {
    return this.pool === undefined
      ? ''
      : `, the DHCP pool ${toText(this.cidr.family, this.pool[0])}-${toText(this.cidr.family, this.pool[1])}`;
  }
}

function base(n: NetworkConfiguration): Omit<InterfaceAddress, 'address' | 'source'> {
  const ipam = n.spec.ipam;
  const cidr = ipam?.subnet === undefined ? undefined : formats.parseCidr(ipam.subnet).cidr;
  return {
    network: keyOf(n),
    ...(cidr ? { prefix: cidr.prefix } : {}),
    ...(ipam?.gateway !== undefined ? { gateway: ipam.gateway } : {}),
    dnsServers: ipam?.dnsServers ?? [],
    searchDomains: ipam?.searchDomains ?? [],
    ...(n.spec.vlan !== undefined ? { vlan: n.spec.vlan } : {}),
    ...(n.spec.bridge !== undefined ? { bridge: n.spec.bridge } : {}),
    ...(n.spec.mtu !== undefined ? { mtu: n.spec.mtu } : {}),
  };
}

function reservationFor(r: AddressRequest): string | undefined {
  const mac = r.macAddress === undefined ? undefined : formats.macKey(r.macAddress);
  return r.network.spec.dhcp?.reservations.find(
    (x) =>
      (mac !== undefined && formats.macKey(x.macAddress) === mac) ||
      (r.hostname !== undefined && x.hostname === r.hostname),
  )?.ipAddress;
}

/** Serves every request (see the file comment); problems instead of throwing. */
export function planAddresses(requests: readonly AddressRequest[]): AddressPlan {
  const sorted = [...requests].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
  const ranges = new Map<string, Range | undefined>();
  const rangeOf = (n: NetworkConfiguration): Range | undefined => {
    const key = keyOf(n);
    if (!ranges.has(key)) {
      const subnet = n.spec.ipam?.subnet;
      const cidr = subnet === undefined ? undefined : formats.parseCidr(subnet).cidr;
      ranges.set(key, cidr ? new Range(cidr, n) : undefined);
    }
    return ranges.get(key);
  };
  const addresses = new Map<string, InterfaceAddress>();
  const problems: string[] = [];
  const where = (n: NetworkConfiguration) => `NetworkConfiguration ${keyOf(n)}`;

  // Written addresses and reservations first: allocation must not hand them out.
  const pending: AddressRequest[] = [];
  for (const r of sorted) {
    const range = rangeOf(r.network);
    const written = r.fixed?.address ?? reservationFor(r);
    if (written === undefined) {
      pending.push(r);
      continue;
    }
    const source = r.fixed ? 'fixed' : 'reservation';
    const field = r.fixed ? r.fixed.field : `the DHCP reservation of ${where(r.network)}`;
    const value = formats.parseAddress(written)?.value;
    if (range && value !== undefined) {
      const why = range.unusable(value);
      // A reservation's address is taken by the reservation itself: there it may go.
      const ownReservation = source === 'reservation' && why?.startsWith('reserved for ') === true;
      if (why !== undefined && !ownReservation) {
        problems.push(
          `${r.owner}: ${field} ${written} is ${why} in ${where(r.network)} (subnet ${range.cidr.text}); choose a free address of the subnet or leave it out to have one allocated`,
        );
        continue;
      }
      range.taken.set(value, `given to ${r.owner}`);
    }
    addresses.set(r.owner, { ...base(r.network), address: written, source });
  }

  for (const r of pending) {
    const range = rangeOf(r.network);
    const type = r.network.spec.ipam?.type;
    const allocate = range !== undefined && (type === 'static' || r.stable === true);
    if (!allocate) {
      addresses.set(r.owner, { ...base(r.network), source: 'dhcp' });
      continue;
    }
    const value = range.allocate(r.owner);
    if (value === undefined) {
      const used = [...range.taken.values()].filter((o) => o.startsWith('given to ')).length;
      problems.push(
        `${r.owner}: ${where(r.network)} has no free address left in ${range.cidr.text} (${String(used)} given out in this stack, plus the gateway, DNS servers and reservations${range.describePool()}); widen spec.ipam.subnet, shrink the DHCP pool, or write an address for the interface`,
      );
      continue;
    }
    addresses.set(r.owner, {
      ...base(r.network),
      address: toText(range.cidr.family, value),
      source: 'allocated',
    });
  }
  return { addresses, problems };
}
