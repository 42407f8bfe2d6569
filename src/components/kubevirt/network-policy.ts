// The firewall of a set of KubeVirt VMs: one Kubernetes NetworkPolicy (networking.k8s.io/v1) that
// selects the VMs' launcher pods by label. NetworkPolicy only allows: a direction that is listed
// denies everything its rules do not allow, a direction left out is not restricted. It filters the
// pod network only; traffic on Multus (bridge) interfaces passes it untouched.
import * as kubernetes from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { assertValid } from '../aws/util';
import { TOKENS } from '../tokens';
import { isDnsLabel, isDnsSubdomain, validateLabels } from './names';

export const POLICY_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type PolicyProtocol = (typeof POLICY_PROTOCOLS)[number];

/** Who a rule admits (ingress) or reaches (egress). */
export type PolicyPeer =
  /** Addresses outside the cluster's pods, e.g. `10.0.0.0/8`. */
  | { readonly cidr: string }
  /** Every pod of a namespace, by name. */
  | { readonly namespace: string }
  /** Every pod of the policy's own namespace. */
  | { readonly sameNamespace: true };

export interface PolicyPort {
  readonly protocol: PolicyProtocol;
  /** First port; absent: every port of the protocol. */
  readonly port?: number;
  /** Last port of a range (>= port). Defaults to `port` alone. */
  readonly endPort?: number;
}

export interface PolicyRule {
  /** Peers; empty: from or to anywhere. */
  readonly peers: readonly PolicyPeer[];
  /** Ports; empty: every port and protocol. */
  readonly ports: readonly PolicyPort[];
}

export interface VmNetworkPolicyArgs {
  /** Name of the NetworkPolicy (a DNS-1123 subdomain). Required. */
  readonly name: string;
  /** Namespace of the VMs. Required. */
  readonly namespace: string;
  /** Labels that select the VMs' pods (all must match). Required, not empty. */
  readonly podSelector: Readonly<Record<string, string>>;
  /** Allowed inbound traffic; `[]` denies all. Defaults to unrestricted (no Ingress policy). */
  readonly ingress?: readonly PolicyRule[];
  /** Allowed outbound traffic; `[]` denies all. Defaults to unrestricted (no Egress policy). */
  readonly egress?: readonly PolicyRule[];
  /** Labels of the object. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
}

function validateRules(
  rules: readonly PolicyRule[] | undefined,
  path: string,
  out: string[],
): void {
  (rules ?? []).forEach((rule, i) => {
    rule.peers.forEach((p, j) => {
      const at = `${path}[${i}].peers[${j}]`;
      if ('cidr' in p && formats.parseCidr(p.cidr).cidr === undefined) {
        out.push(`${at}.cidr: "${p.cidr}" is not a CIDR block; use a form like "10.0.0.0/16".`);
      }
      if ('namespace' in p && !isDnsLabel(p.namespace)) {
        out.push(`${at}.namespace: "${p.namespace}" is not a namespace name.`);
      }
    });
    rule.ports.forEach((p, j) => {
      const at = `${path}[${i}].ports[${j}]`;
      if (!POLICY_PROTOCOLS.includes(p.protocol)) {
        out.push(
          `${at}.protocol: "${p.protocol}" is not allowed; use ${POLICY_PROTOCOLS.join(', ')}.`,
        );
      }
      const bad = (v: number | undefined) =>
        v !== undefined && (!Number.isInteger(v) || v < 1 || v > 65535);
      if (bad(p.port) || bad(p.endPort)) out.push(`${at}: ports must lie in 1-65535.`);
      if (p.endPort !== undefined && (p.port === undefined || p.endPort < p.port)) {
        out.push(`${at}.endPort: ${p.endPort} needs a port at or below it.`);
      }
    });
  });
}

/** Problems with the args (field paths relative to the args). */
export function validateVmNetworkPolicyArgs(args: VmNetworkPolicyArgs): string[] {
  const out: string[] = [];
  if (!isDnsSubdomain(args.name)) out.push(`name: "${args.name}" is not a DNS-1123 subdomain.`);
  if (!isDnsLabel(args.namespace))
    out.push(`namespace: "${args.namespace}" is not a namespace name.`);
  if (Object.keys(args.podSelector).length === 0) {
    out.push(
      'podSelector: is empty; it would select every pod of the namespace, not only the VMs.',
    );
  }
  if (args.ingress === undefined && args.egress === undefined) {
    out.push('ingress, egress: neither is set; a policy that restricts nothing is not needed.');
  }
  validateRules(args.ingress, 'ingress', out);
  validateRules(args.egress, 'egress', out);
  out.push(...validateLabels(args.podSelector, 'podSelector'), ...validateLabels(args.labels));
  return out;
}

type Peer = kubernetes.types.input.networking.v1.NetworkPolicyPeer;
type Port = kubernetes.types.input.networking.v1.NetworkPolicyPort;

function peer(p: PolicyPeer): Peer {
  if ('cidr' in p) return { ipBlock: { cidr: p.cidr } };
  if ('namespace' in p) {
    return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': p.namespace } } };
  }
  return { podSelector: {} };
}

function ports(r: PolicyRule): { ports?: Port[] } {
  if (r.ports.length === 0) return {};
  return {
    ports: r.ports.map((p) => ({
      protocol: p.protocol,
      ...(p.port !== undefined ? { port: p.port } : {}),
      ...(p.endPort !== undefined && p.endPort !== p.port ? { endPort: p.endPort } : {}),
    })),
  };
}

/** The NetworkPolicy's `spec`. */
export function networkPolicySpec(
  args: VmNetworkPolicyArgs,
): kubernetes.types.input.networking.v1.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { ...args.podSelector } },
    policyTypes: [
      ...(args.ingress !== undefined ? ['Ingress'] : []),
      ...(args.egress !== undefined ? ['Egress'] : []),
    ],
    ...(args.ingress !== undefined
      ? {
          ingress: args.ingress.map((r) => ({
            ...(r.peers.length > 0 ? { from: r.peers.map(peer) } : {}),
            ...ports(r),
          })),
        }
      : {}),
    ...(args.egress !== undefined
      ? {
          egress: args.egress.map((r) => ({
            ...(r.peers.length > 0 ? { to: r.peers.map(peer) } : {}),
            ...ports(r),
          })),
        }
      : {}),
  };
}

export class VmNetworkPolicy extends pulumi.ComponentResource {
  /** `namespace/name` of the NetworkPolicy. */
  public readonly policyId: pulumi.Output<string>;

  constructor(name: string, args: VmNetworkPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('VmNetworkPolicy', args.name, validateVmNetworkPolicyArgs(args));
    super(TOKENS.kubevirt.NetworkPolicy, name, {}, opts);
    const policy = new kubernetes.networking.v1.NetworkPolicy(
      `${name}-policy`,
      {
        metadata: { name: args.name, namespace: args.namespace, labels: { ...args.labels } },
        spec: networkPolicySpec(args),
      },
      { parent: this },
    );
    this.policyId = pulumi.interpolate`${policy.metadata.namespace}/${policy.metadata.name}`;
    this.registerOutputs({ policyId: this.policyId });
  }
}
