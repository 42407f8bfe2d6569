// no-open-admin-ingress: no SSH, RDP or all-ports ingress from 0.0.0.0/0 or ::/0 on AWS security
// groups and rules, Azure network security groups and rules, and GCP firewalls.
import {
  configValue,
  elements,
  isWorldCidr,
  label,
  read,
  strings,
  UNKNOWN,
  type Unknown,
  lower,
} from './checks';
import {
  isOneOf,
  type ReportViolation,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
} from './types';

/** Where a firewall rule's source comes from in the manifests (AWS today; the same fields later). */
const FIREWALL_SOURCE_FIELD =
  'spec.networking.firewallRules[].source of the Vitistack, or securityGroups[].rules[].source of the MachineProvider';

/** Ports of remote administration: SSH and RDP. */
export const DEFAULT_ADMIN_PORTS: readonly number[] = [22, 3389];

type PortRange = readonly [number, number];
const EVERY_PORT: PortRange = [0, 65535];

/** How a rule's protocol treats ports: every protocol and port, a port range, or no ports. */
function protocolClass(protocol: string): 'all' | 'ports' | 'none' {
  const p = protocol.trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  // '*' is Azure's "any protocol": the rule's port ranges still apply.
  if (['*', 'tcp', 'udp', 'sctp', '6', '17', '132'].includes(p)) return 'ports';
  return 'none';
}

/** What a set of port ranges opens among the admin ports ("port 22", "all ports"), or nothing. */
export function adminExposure(
  ranges: readonly PortRange[],
  adminPorts: readonly number[],
): string | undefined {
  if (ranges.some(([from, to]) => from <= 1 && to >= 65535)) return 'all ports';
  const hits = adminPorts.filter((p) => ranges.some(([from, to]) => from <= p && p <= to));
  if (hits.length === 0) return undefined;
  const only = ranges.length === 1 ? ranges[0] : undefined;
  if (only !== undefined && only[0] === only[1]) return `port ${only[0]}`;
  const text = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
  return `ports ${text} (including ${hits.join(' and ')})`;
}

/** A port range in text: "22", "1000-2000" or "*" (Azure, GCP); undefined when unreadable. */
function parsePorts(text: string): PortRange | undefined {
  const t = text.trim();
  if (t === '*') return EVERY_PORT;
  const m = /^(\d+)(?:-(\d+))?$/.exec(t);
  if (m === null) return undefined;
  const from = Number(m[1]);
  return [from, m[2] !== undefined ? Number(m[2]) : from];
}

interface OpenSource {
  readonly path: string;
  readonly value: string;
}

/** The sources among the values at `paths` that are the whole internet. */
function worldSources(
  rule: unknown,
  at: string,
  single: readonly string[],
  lists: readonly string[],
  azureTags = false,
): OpenSource[] {
  const out: OpenSource[] = [];
  const check = (path: string, v: unknown): void => {
    if (typeof v !== 'string') return;
    const open =
      isWorldCidr(v) || (azureTags && ['*', 'internet', 'any'].includes(v.trim().toLowerCase()));
    if (open) out.push({ path, value: v });
  };
  for (const key of single) check(`${at}${key}`, read(rule, [key]));
  for (const key of lists) {
    elements(read(rule, [key])).forEach((v, i) => {
      check(`${at}${key}[${i}]`, v);
    });
  }
  return out;
}

const isPortList = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((p) => Number.isInteger(p));

/** Exposure of an AWS rule (inline, SecurityGroupRule or vpc ingress rule); UNKNOWN to skip. */
function awsExposure(
  rule: unknown,
  protocolKey: 'protocol' | 'ipProtocol',
  adminPorts: readonly number[],
): string | undefined | Unknown {
  const protocol = read(rule, [protocolKey]);
  if (protocol === UNKNOWN) return UNKNOWN;
  if (typeof protocol !== 'string' && typeof protocol !== 'number') return undefined;
  const cls = protocolClass(String(protocol));
  if (cls === 'none') return undefined;
  if (cls === 'all') return `all ports and protocols (${protocolKey} "${String(protocol)}")`;
  const from = read(rule, ['fromPort']);
  const to = read(rule, ['toPort']);
  if (from === UNKNOWN || to === UNKNOWN) return UNKNOWN;
  const range: PortRange = [
    typeof from === 'number' ? from : EVERY_PORT[0],
    typeof to === 'number' ? to : EVERY_PORT[1],
  ];
  return adminExposure([range], adminPorts);
}

/** Exposure of an Azure security rule (inline in an NSG or standalone); UNKNOWN to skip. */
function azureExposure(rule: unknown, adminPorts: readonly number[]): string | undefined | Unknown {
  const direction = read(rule, ['direction']);
  const access = read(rule, ['access']);
  const protocol = read(rule, ['protocol']);
  if (direction === UNKNOWN || access === UNKNOWN || protocol === UNKNOWN) return UNKNOWN;
  if (lower(direction) !== 'inbound' || lower(access) !== 'allow') return undefined;
  if (typeof protocol !== 'string' || protocolClass(protocol) === 'none') return undefined;
  const single = read(rule, ['destinationPortRange']);
  const many = strings(read(rule, ['destinationPortRanges']));
  if (single === UNKNOWN || many === UNKNOWN || many.includes(UNKNOWN)) return UNKNOWN;
  const texts = [...(typeof single === 'string' ? [single] : []), ...many] as string[];
  const ranges = texts.map(parsePorts).filter((r): r is PortRange => r !== undefined);
  return adminExposure(ranges, adminPorts);
}

/** Exposure of one GCP `allows` entry; UNKNOWN to skip. */
function gcpExposure(allow: unknown, adminPorts: readonly number[]): string | undefined | Unknown {
  const protocol = read(allow, ['protocol']);
  if (protocol === UNKNOWN) return UNKNOWN;
  if (typeof protocol !== 'string') return undefined;
  const cls = protocolClass(protocol);
  if (cls === 'none') return undefined;
  if (cls === 'all') return `all ports and protocols (protocol "${protocol}")`;
  const ports = strings(read(allow, ['ports']));
  if (ports === UNKNOWN || ports.includes(UNKNOWN)) return UNKNOWN;
  // No ports listed: every port of the protocol.
  const ranges =
    ports.length === 0
      ? [EVERY_PORT]
      : (ports as string[]).map(parsePorts).filter((r): r is PortRange => r !== undefined);
  return adminExposure(ranges, adminPorts);
}

function reportOpen(
  report: ReportViolation,
  args: ResourceValidationArgs,
  what: string,
  source: OpenSource,
): void {
  report(
    `${label(args)}: ingress to ${what} must not be open to ${source.value} (${source.path} is "${source.value}"); restrict the rule's source (${FIREWALL_SOURCE_FIELD}) to your admin network.`,
  );
}

const AWS_SECURITY_GROUP = 'aws:ec2/securityGroup:SecurityGroup';
const AWS_SECURITY_GROUP_RULE = 'aws:ec2/securityGroupRule:SecurityGroupRule';
const AWS_INGRESS_RULE = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const AZURE_NSG = 'azure-native:network:NetworkSecurityGroup';
const AZURE_SECURITY_RULE = 'azure-native:network:SecurityRule';
const GCP_FIREWALL = 'gcp:compute/firewall:Firewall';

export const noOpenAdminIngress: ResourceValidationPolicy = {
  name: 'no-open-admin-ingress',
  description:
    'Checks that no firewall rule opens SSH (22), RDP (3389) or every port to the whole internet (0.0.0.0/0 or ::/0): AWS security groups and rules, Azure network security groups and rules, GCP firewall rules.',
  enforcementLevel: 'advisory',
  tags: ['SOC2', 'PCI-DSS', 'ISO27001', 'HIPAA'],
  remediationSteps:
    'Limit the rule to the networks administrators connect from (a VPN or office range), or reach machines through a bastion host or a session manager instead of an open port. In a Vitistack, set the source of the rule (spec.networking.firewallRules[].source, or the MachineProvider securityGroups[].rules[].source) to that range.',
  configSchema: {
    properties: {
      adminPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 0, maximum: 65535 },
        default: [...DEFAULT_ADMIN_PORTS],
        description: 'Ports that must not be open to the internet. Defaults to [22, 3389].',
      },
    },
  },
  validateResource: (args, report) => {
    const adminPorts = configValue(args, 'adminPorts', DEFAULT_ADMIN_PORTS, isPortList);
    const props = args.props;
    if (isOneOf(args, [AWS_SECURITY_GROUP])) {
      elements(read(props, ['ingress'])).forEach((rule, i) => {
        if (rule === UNKNOWN) return;
        const what = awsExposure(rule, 'protocol', adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        const at = `ingress[${i}].`;
        for (const s of worldSources(rule, at, [], ['cidrBlocks', 'ipv6CidrBlocks'])) {
          reportOpen(report, args, what, s);
        }
      });
    } else if (isOneOf(args, [AWS_SECURITY_GROUP_RULE])) {
      if (lower(read(props, ['type'])) !== 'ingress') return;
      const what = awsExposure(props, 'protocol', adminPorts);
      if (what === UNKNOWN || what === undefined) return;
      for (const s of worldSources(props, '', [], ['cidrBlocks', 'ipv6CidrBlocks'])) {
        reportOpen(report, args, what, s);
      }
    } else if (isOneOf(args, [AWS_INGRESS_RULE])) {
      const what = awsExposure(props, 'ipProtocol', adminPorts);
      if (what === UNKNOWN || what === undefined) return;
      for (const s of worldSources(props, '', ['cidrIpv4', 'cidrIpv6'], [])) {
        reportOpen(report, args, what, s);
      }
    } else if (isOneOf(args, [AZURE_NSG, AZURE_SECURITY_RULE])) {
      const nsg = args.type === AZURE_NSG;
      const rules = nsg ? elements(read(props, ['securityRules'])) : [props];
      rules.forEach((rule, i) => {
        if (rule === UNKNOWN) return;
        const what = azureExposure(rule, adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        const at = nsg ? `securityRules[${i}].` : '';
        const single = ['sourceAddressPrefix'];
        const lists = ['sourceAddressPrefixes'];
        for (const s of worldSources(rule, at, single, lists, true)) {
          reportOpen(report, args, what, s);
        }
      });
    } else if (isOneOf(args, [GCP_FIREWALL])) {
      const direction = read(props, ['direction']);
      const disabled = read(props, ['disabled']);
      if (direction === UNKNOWN || disabled === UNKNOWN || disabled === true) return;
      if (direction !== undefined && lower(direction) !== 'ingress') return;
      const ranges = strings(read(props, ['sourceRanges']));
      const otherSources = ['sourceTags', 'sourceServiceAccounts'].map((k) =>
        strings(read(props, [k])),
      );
      if (ranges === UNKNOWN || otherSources.includes(UNKNOWN)) return;
      // With no source at all, GCP applies an ingress rule to every address.
      const sources: OpenSource[] =
        ranges.length === 0 && otherSources.every((s) => s !== UNKNOWN && s.length === 0)
          ? [{ path: 'sourceRanges', value: '0.0.0.0/0' }]
          : worldSources(props, '', [], ['sourceRanges']);
      elements(read(props, ['allows'])).forEach((allow, i) => {
        if (allow === UNKNOWN) return;
        const what = gcpExposure(allow, adminPorts);
        if (what === UNKNOWN || what === undefined) return;
        for (const s of sources) {
          const shown =
            s.path === 'sourceRanges'
              ? `sourceRanges is unset, which GCP reads as "0.0.0.0/0"`
              : `${s.path} is "${s.value}"`;
          report(
            `${label(args)}: ingress to ${what} (allows[${i}]) must not be open to ${s.value} (${shown}); restrict the rule's source (${FIREWALL_SOURCE_FIELD}) to your admin network.`,
          );
        }
      });
    }
  },
};
