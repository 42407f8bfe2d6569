// Vitistack networking (spec 000 "Datacenter"): VPCs with subnets, load balancers, firewall
// rules and DNS. The load balancer pieces are shared with the standalone LoadBalancer kind.
import { formats, listAllowed, s, type Infer, type ObjectOf, type Reporter } from '../schema';
import { compact, toSeconds } from './common';

// ---------------------------------------------------------------- VPCs and subnets

export const SUBNET_TYPES = ['public', 'private', 'database'] as const;
export type SubnetType = (typeof SUBNET_TYPES)[number];

export const subnet = s.object('A subnet of the VPC.', {
  name: s.name('Subnet name, unique within its VPC.').req(),
  cidr: s.cidr('Subnet CIDR block; it must lie within the VPC CIDR, e.g. "10.0.1.0/24".').req(),
  type: s.enum(
    'Subnet type: public (routed to the internet), private (outbound through NAT) or database (no internet route).',
    SUBNET_TYPES,
  ),
  availabilityZone: s.text('Availability zone of the subnet, e.g. "us-west-2a".'),
  tags: s.stringMap('Additional tags for the subnet.'),
});

/** Subnets must lie inside their VPC and must not overlap each other. */
function checkSubnets(v: Infer<typeof vpcSchema>, r: Reporter): void {
  const vpcCidr = formats.parseCidr(v.cidr).cidr;
  if (vpcCidr === undefined) return;
  const placed: { name: string; text: string; cidr: formats.Cidr }[] = [];
  (v.subnets ?? []).forEach((sn, j) => {
    const cidr = formats.parseCidr(sn.cidr).cidr;
    if (cidr === undefined) return;
    if (!formats.cidrContains(vpcCidr, cidr)) {
      r.add(
        ['subnets', j, 'cidr'],
        `is not inside the VPC CIDR "${v.cidr}" (every subnet of VPC "${v.name}" must lie within its CIDR block)`,
        sn.cidr,
      );
      return;
    }
    const other = placed.find((p) => formats.cidrsOverlap(p.cidr, cidr));
    if (other !== undefined) {
      r.add(
        ['subnets', j, 'cidr'],
        `of subnet "${sn.name}" overlaps subnet "${other.name}" ("${other.text}") in the same VPC; give each subnet its own address range`,
        sn.cidr,
      );
      return;
    }
    placed.push({ name: sn.name, text: sn.cidr, cidr });
  });
}

const vpcSchema = s.object('A virtual network (an AWS VPC, Azure VNet or GCP network).', {
  name: s.name('VPC name, unique within the Vitistack.').req(),
  cidr: s.cidr('CIDR block of the VPC, e.g. "10.0.0.0/16".').req(),
  region: s.text('Region of this VPC, when it differs from the Vitistack region.'),
  subnets: s.array('Subnets of the VPC.', subnet, { uniqueBy: 'name' }),
  tags: s.stringMap('Tags for the VPC.'),
});
export const vpc = vpcSchema.refine(checkSubnets);

// ---------------------------------------------------------------- load balancers

export const LOAD_BALANCER_TYPES = ['application', 'network', 'classic'] as const;
export const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'UDP'] as const;
export const HEALTH_CHECK_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP'] as const;
export type LoadBalancerType = (typeof LOAD_BALANCER_TYPES)[number];
export type ListenerProtocol = (typeof LISTENER_PROTOCOLS)[number];
export type HealthCheckProtocol = (typeof HEALTH_CHECK_PROTOCOLS)[number];

/** Listener protocols each load balancer type can serve (layer 7, layer 4, classic). */
const PROTOCOLS_BY_TYPE: Readonly<Record<LoadBalancerType, readonly ListenerProtocol[]>> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'UDP'],
  classic: ['HTTP', 'HTTPS', 'TCP'],
};

export const listener = s
  .object('A listener: a port and protocol the load balancer accepts traffic on.', {
    port: s.port('Port the listener accepts traffic on.').req(),
    protocol: s.enum('Listener protocol: HTTP, HTTPS, TCP, or UDP.', LISTENER_PROTOCOLS).req(),
    certificateArn: s.text(
      'TLS certificate of an HTTPS listener: an ACM certificate ARN on AWS, or the certificate ID of the cloud. Optional: without it the certificate comes from the provider.',
    ),
    targetPort: s.port('Port on the targets that traffic is forwarded to, when it differs.'),
  })
  .refine((l, r) => {
    // A plain HTTP, TCP or UDP listener has no use for a certificate: most likely a typo.
    if (l.certificateArn !== undefined && l.protocol !== 'HTTPS') {
      r.add(
        ['certificateArn'],
        `cannot be set on a ${l.protocol} listener (a certificate is used only by HTTPS listeners)`,
        l.certificateArn,
      );
    }
  });

export const healthCheck = s
  .object('Health check of the load balancer targets.', {
    path: s.string('HTTP path to check, e.g. "/healthz" (HTTP and HTTPS checks only).', {
      minLength: 1,
      expected: 'a path like "/healthz"',
      check: (v) =>
        v.startsWith('/') ? undefined : 'does not start with "/" (expected a path like "/healthz")',
    }),
    port: s.port('Port to check, when it differs from the traffic port.'),
    protocol: s.enum('Health check protocol: HTTP, HTTPS, or TCP.', HEALTH_CHECK_PROTOCOLS),
    interval: s.durationOrSeconds('Time between checks: seconds (30) or a duration ("30s").'),
    timeout: s.durationOrSeconds(
      'Time to wait for an answer: seconds (5) or a duration ("5s"); shorter than the interval.',
    ),
    healthyThreshold: s.int('Consecutive successes before a target counts as healthy.', {
      min: 1,
    }),
    unhealthyThreshold: s.int('Consecutive failures before a target counts as unhealthy.', {
      min: 1,
    }),
  })
  .refine((h, r) => {
    if (h.path !== undefined && h.protocol === 'TCP') {
      r.add(
        ['path'],
        'cannot be set when protocol is TCP (a path applies only to HTTP and HTTPS health checks)',
        h.path,
      );
    }
    const interval = toSeconds(h.interval);
    const timeout = toSeconds(h.timeout);
    if (interval !== undefined && interval <= 0) {
      r.add(
        ['interval'],
        'is not above zero (checks need a time between them, like 30)',
        h.interval,
      );
    }
    if (interval !== undefined && timeout !== undefined && timeout >= interval) {
      r.add(
        ['timeout'],
        `is not shorter than the interval (${interval}s); a check must time out before the next one starts`,
        h.timeout,
      );
    }
  });

/** The fields a Vitistack load balancer entry and the LoadBalancer kind share. */
export const loadBalancerProps = {
  type: s.enum(
    'Load balancer type: application (HTTP/HTTPS, layer 7), network (TCP/UDP, layer 4) or classic.',
    LOAD_BALANCER_TYPES,
  ),
  scheme: s.enum('Whether the load balancer faces the internet: internet-facing or internal.', [
    'internet-facing',
    'internal',
  ]),
  internal: s.bool('Whether the load balancer is internal; the same as scheme: internal.'),
  listeners: s.array('Listeners of the load balancer.', listener),
  healthCheck,
};

type LoadBalancerCore = ObjectOf<typeof loadBalancerProps>;

/** scheme and internal must agree; listeners must suit the type and not repeat. */
export function checkLoadBalancer(lb: LoadBalancerCore, r: Reporter): void {
  if (lb.internal !== undefined && lb.scheme !== undefined) {
    if (lb.internal !== (lb.scheme === 'internal')) {
      r.add(
        ['internal'],
        `contradicts scheme "${lb.scheme}" (set only one of them, or make them agree: internal: true goes with scheme: internal)`,
        lb.internal,
      );
    }
  }
  const seen = new Map<string, number>();
  (lb.listeners ?? []).forEach((l, i) => {
    if (lb.type !== undefined && !PROTOCOLS_BY_TYPE[lb.type].includes(l.protocol)) {
      const allowed = listAllowed(PROTOCOLS_BY_TYPE[lb.type]);
      const hint =
        l.protocol === 'TCP' || l.protocol === 'UDP'
          ? 'use type: network for TCP or UDP'
          : 'use type: application for HTTP or HTTPS';
      const article = lb.type === 'application' ? 'an' : 'a';
      r.add(
        ['listeners', i, 'protocol'],
        `is not supported by ${article} ${lb.type} load balancer (allowed: ${allowed}; ${hint})`,
        l.protocol,
      );
    }
    const key = `${l.port}/${l.protocol}`;
    const first = seen.get(key);
    if (first !== undefined) {
      r.add(
        ['listeners', i, 'port'],
        `is a duplicate of listener ${first} with protocol ${l.protocol} (each port and protocol may have one listener)`,
        l.port,
      );
    } else {
      seen.set(key, i);
    }
  });
}

export const loadBalancerEntry = s
  .object('A load balancer of the Vitistack.', {
    name: s.name('Load balancer name, unique within the Vitistack.').req(),
    ...loadBalancerProps,
  })
  .refine(checkLoadBalancer);

// ---------------------------------------------------------------- firewall rules

export const FIREWALL_PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'] as const;
export type FirewallProtocol = (typeof FIREWALL_PROTOCOLS)[number];

export const firewallRule = s
  .object('A firewall rule. Leaving out both port and ports means every port.', {
    name: s.name('Rule name, unique within the Vitistack.').req(),
    direction: s.enum('Traffic direction: inbound or outbound.', ['inbound', 'outbound']),
    protocol: s.enum('Protocol: tcp, udp, icmp, or all.', FIREWALL_PROTOCOLS),
    port: s.port('A single port. Use ports for a range; leave both out for every port.'),
    ports: s.portRange('A port range like "80-443"; cannot be combined with port.'),
    source: s.cidrIpOrGroup('Source: a CIDR block, an IP address or a security group.'),
    destination: s.cidrIpOrGroup('Destination: a CIDR block, an IP address or a security group.'),
    action: s.enum('What the rule does with matching traffic: allow or deny.', ['allow', 'deny']),
    priority: s.int('Rule priority; lower numbers are evaluated first.', { min: 0, max: 65535 }),
  })
  .refine((f, r) => {
    if (f.port !== undefined && f.ports !== undefined) {
      r.add(
        ['ports'],
        'cannot be set together with port (use port for one port or ports for a range)',
        f.ports,
      );
      return;
    }
    const field = f.port !== undefined ? 'port' : f.ports !== undefined ? 'ports' : undefined;
    if (field === undefined) return;
    if (f.protocol === 'icmp') {
      r.add(
        [field],
        'cannot be set when protocol is "icmp" (ICMP has no ports; leave it out)',
        f[field],
      );
    } else if (f.protocol === 'all') {
      r.add(
        [field],
        'cannot be set when protocol is "all" (it covers every port; use protocol tcp or udp to limit ports)',
        f[field],
      );
    }
  });

// ---------------------------------------------------------------- DNS

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

function isHostName(v: string): boolean {
  const name = (v.endsWith('.') ? v.slice(0, -1) : v).toLowerCase();
  return name.length <= 253 && formats.RFC1123_SUBDOMAIN.test(name);
}

export const dnsRecord = s
  .object('A DNS record in the zone.', {
    name: s
      .text(
        'Record name relative to the zone ("api", "@" for the apex, "*.apps" for a wildcard) or a full name.',
      )
      .req(),
    type: s.enum('Record type: A, AAAA, CNAME, MX, TXT, and so on.', DNS_RECORD_TYPES).req(),
    value: s
      .text(
        'Record value: an address for A and AAAA, a host name for CNAME, "10 mail.example.com" for MX.',
      )
      .req(),
    ttl: s.int('Time to live in seconds.', { min: 0, max: 2147483647 }),
  })
  .refine((rec, r) => {
    if (rec.type === 'A' && formats.parseIPv4(rec.value) === undefined) {
      r.add(
        ['value'],
        'is not an IPv4 address (an A record needs one, like "203.0.113.10")',
        rec.value,
      );
    } else if (rec.type === 'AAAA' && formats.parseIPv6(rec.value) === undefined) {
      r.add(
        ['value'],
        'is not an IPv6 address (an AAAA record needs one, like "2001:db8::10")',
        rec.value,
      );
    } else if (rec.type === 'CNAME' && !isHostName(rec.value)) {
      r.add(
        ['value'],
        'is not a host name (a CNAME record points at a name like "lb.example.com")',
        rec.value,
      );
    }
  });

export const dns = s
  .object('DNS zone and records managed by the Vitistack.', {
    enabled: s.bool('Whether the Vitistack manages DNS.'),
    zone: s.string('DNS zone name, e.g. "example.com".', {
      maxLength: 254,
      expected: 'a DNS zone name like "example.com"',
      check: (v) =>
        isHostName(v)
          ? undefined
          : 'is not a valid DNS zone name (expected a form like "example.com")',
    }),
    records: s.array('DNS records in the zone.', dnsRecord),
  })
  .refine((d, r) => {
    const records = d.records ?? [];
    if (records.length > 0 && d.zone === undefined) {
      r.missing(
        ['zone'],
        'is required when records are given (the zone they belong to, like "example.com")',
      );
    }
    // DNS rules: a name with a CNAME has no other records; one record per name, type and value.
    const seen = new Map<string, number>();
    const byName = new Map<string, { index: number; cname: boolean }>();
    records.forEach((rec, i) => {
      const key = `${rec.name}\u0000${rec.type}\u0000${rec.value}`;
      const dup = seen.get(key);
      if (dup !== undefined) {
        r.add(
          ['records', i, 'name'],
          `is a duplicate of item ${dup} (same name, type and value)`,
          rec.name,
        );
        return;
      }
      seen.set(key, i);
      const prior = byName.get(rec.name);
      if (prior !== undefined && (prior.cname || rec.type === 'CNAME')) {
        r.add(
          ['records', i, 'name'],
          `already has a record at item ${prior.index}; a name with a CNAME record can have no other records`,
          rec.name,
        );
        return;
      }
      if (prior === undefined) byName.set(rec.name, { index: i, cname: rec.type === 'CNAME' });
    });
  });

// ---------------------------------------------------------------- networking

export const networking = s
  .object('Networking: VPCs with subnets, load balancers, firewall rules and DNS.', {
    vpcs: s.array('Virtual networks and their subnets.', vpc, { uniqueBy: 'name' }),
    loadBalancers: s.array('Load balancers.', loadBalancerEntry, { uniqueBy: 'name' }),
    firewallRules: s.array('Firewall rules.', firewallRule, { uniqueBy: 'name' }),
    dns,
  })
  .refine((n, r) => {
    const placed: { name: string; text: string; cidr: formats.Cidr }[] = [];
    (n.vpcs ?? []).forEach((v, i) => {
      const cidr = formats.parseCidr(v.cidr).cidr;
      if (cidr === undefined) return;
      const other = placed.find((p) => formats.cidrsOverlap(p.cidr, cidr));
      if (other !== undefined) {
        r.add(
          ['vpcs', i, 'cidr'],
          `of VPC "${v.name}" overlaps VPC "${other.name}" ("${other.text}"); give each VPC its own address range so they can be connected`,
          v.cidr,
        );
        return;
      }
      placed.push({ name: v.name, text: v.cidr, cidr });
    });
  });

export type RawNetworking = Infer<typeof networking>;

// ---------------------------------------------------------------- canonical

/** A subnet, as written. */
export interface Subnet {
  /** Subnet name, unique within its VPC. */
  readonly name: string;
  /** CIDR block inside the VPC CIDR. */
  readonly cidr: string;
  /** public, private or database; absent when not given. */
  readonly type?: SubnetType;
  readonly availabilityZone?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Vpc {
  readonly name: string;
  readonly cidr: string;
  /** Region of the VPC when it differs from the Vitistack region. */
  readonly region?: string;
  /** Always present; empty when the VPC lists no subnets. */
  readonly subnets: readonly Subnet[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface LoadBalancerListener {
  readonly port: number;
  readonly protocol: ListenerProtocol;
  readonly certificateArn?: string;
  /** Port on the targets, when it differs from `port`. */
  readonly targetPort?: number;
}

export interface LoadBalancerHealthCheck {
  readonly path?: string;
  readonly port?: number;
  readonly protocol?: HealthCheckProtocol;
  /** Seconds between checks (from an integer or a duration string). */
  readonly intervalSeconds?: number;
  /** Seconds to wait for an answer (from an integer or a duration string). */
  readonly timeoutSeconds?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
}

/** What every load balancer says, in a Vitistack or as a LoadBalancer object. */
export interface LoadBalancerSettings {
  readonly type?: LoadBalancerType;
  /**
   * Whether the load balancer is internal: from `internal`, or from `scheme` (`internal` means
   * true, `internet-facing` false). Absent when neither is given.
   */
  readonly internal?: boolean;
  /** Always present; empty when none are given. */
  readonly listeners: readonly LoadBalancerListener[];
  readonly healthCheck?: LoadBalancerHealthCheck;
}

export interface VitistackLoadBalancer extends LoadBalancerSettings {
  readonly name: string;
}

/** A firewall rule with its port or range turned into numbers. */
export interface FirewallRule {
  readonly name: string;
  readonly direction?: 'inbound' | 'outbound';
  readonly protocol?: FirewallProtocol;
  /**
   * First port, from `port` or `ports`. With `toPort` absent too, the rule covers every port
   * (the documents leave port and ports out for that).
   */
  readonly fromPort?: number;
  /** Last port (equal to `fromPort` for a single port). */
  readonly toPort?: number;
  /** A CIDR block, an IP address or a security group. */
  readonly source?: string;
  readonly destination?: string;
  /** allow or deny; absent when not given (no default here). */
  readonly action?: 'allow' | 'deny';
  readonly priority?: number;
}

export interface DnsRecord {
  readonly name: string;
  readonly type: DnsRecordType;
  readonly value: string;
  readonly ttl?: number;
}

export interface VitistackDns {
  readonly enabled?: boolean;
  readonly zone?: string;
  /** Always present; empty when none are given. */
  readonly records: readonly DnsRecord[];
}

export interface VitistackNetworking {
  /** Always present; empty when none are given. */
  readonly vpcs: readonly Vpc[];
  readonly loadBalancers: readonly VitistackLoadBalancer[];
  readonly firewallRules: readonly FirewallRule[];
  readonly dns?: VitistackDns;
}

export function normaliseLoadBalancerSettings(lb: LoadBalancerCore): LoadBalancerSettings {
  const internal = lb.internal ?? (lb.scheme === undefined ? undefined : lb.scheme === 'internal');
  const h = lb.healthCheck;
  return compact({
    type: lb.type,
    internal,
    listeners: (lb.listeners ?? []).map((l) =>
      compact({
        port: l.port,
        protocol: l.protocol,
        certificateArn: l.certificateArn,
        targetPort: l.targetPort,
      }),
    ),
    healthCheck:
      h === undefined
        ? undefined
        : compact({
            path: h.path,
            port: h.port,
            protocol: h.protocol,
            intervalSeconds: toSeconds(h.interval),
            timeoutSeconds: toSeconds(h.timeout),
            healthyThreshold: h.healthyThreshold,
            unhealthyThreshold: h.unhealthyThreshold,
          }),
  });
}

function normaliseFirewallRule(f: Infer<typeof firewallRule>): FirewallRule {
  const [fromPort, toPort] =
    f.port !== undefined
      ? [f.port, f.port]
      : f.ports !== undefined
        ? formats.parsePortRange(f.ports)
        : [undefined, undefined];
  return compact({
    name: f.name,
    direction: f.direction,
    protocol: f.protocol,
    fromPort,
    toPort,
    source: f.source,
    destination: f.destination,
    action: f.action,
    priority: f.priority,
  });
}

export function normaliseNetworking(n: RawNetworking | undefined): VitistackNetworking {
  return compact({
    vpcs: (n?.vpcs ?? []).map((v) =>
      compact({
        name: v.name,
        cidr: v.cidr,
        region: v.region,
        subnets: (v.subnets ?? []).map((sn) => compact({ ...sn })),
        tags: v.tags,
      }),
    ),
    loadBalancers: (n?.loadBalancers ?? []).map((lb): VitistackLoadBalancer => ({
      name: lb.name,
      ...normaliseLoadBalancerSettings(lb),
    })),
    firewallRules: (n?.firewallRules ?? []).map(normaliseFirewallRule),
    dns:
      n?.dns === undefined
        ? undefined
        : compact({
            enabled: n.dns.enabled,
            zone: n.dns.zone,
            records: (n.dns.records ?? []).map((rec) => compact({ ...rec })),
          }),
  });
}
