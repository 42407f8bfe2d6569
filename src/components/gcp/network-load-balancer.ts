// A regional passthrough network load balancer: a reserved address, a regional health check, a
// regional backend service per protocol and a forwarding rule per protocol, external or internal.
// Passthrough means no port translation and no proxy: packets reach the backends as sent. The
// backend service starts without backends (instance groups or GKE NEGs are attached later).
import * as compute from '@pulumi/gcp/compute';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  healthCheckBlock,
  validateHealthCheck,
  type LoadBalancerHealthCheckArgs,
} from './load-balancing';
import { assertValid, gcpName, missing, problem, validateLabels } from './util';

export interface NetworkListenerArgs {
  /** Port the load balancer accepts traffic on (1 to 65535). */
  readonly port: number;
  /** TCP or UDP. */
  readonly protocol: 'TCP' | 'UDP';
}

export interface NetworkLoadBalancerArgs {
  /** Load balancer name from the Vitistack; used in messages and descriptions. */
  readonly name: string;
  /** Project of every resource. Required. */
  readonly project: string;
  /** Region of the load balancer. Required. */
  readonly region: string;
  /** Internal (addresses of the subnetwork only) rather than external. Defaults to `false`. */
  readonly internal?: boolean;
  /** Network (id or self link); required when internal. */
  readonly network?: pulumi.Input<string>;
  /** Subnetwork of the internal address; required when internal. */
  readonly subnetwork?: pulumi.Input<string>;
  /**
   * Listeners; each protocol gets its own backend service and forwarding rule (up to five ports
   * each). Defaults to none: one TCP forwarding rule for all ports.
   */
  readonly listeners?: readonly NetworkListenerArgs[];
  /** Health check of the backends. Defaults to TCP on the first listener's port (else 80). */
  readonly healthCheck?: LoadBalancerHealthCheckArgs;
  /** Labels of the address and the forwarding rules (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** A GCP forwarding rule takes at most five single ports. */
const MAX_PORTS = 5;

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateNetworkLoadBalancerArgs(args: NetworkLoadBalancerArgs): string[] {
  const out: string[] = [];
  if (args.internal === true && (args.network === undefined || args.subnetwork === undefined)) {
    out.push(
      missing(
        'subnetwork',
        'is not set; an internal load balancer needs its network and subnetwork.',
      ),
    );
  }
  const listeners = args.listeners ?? [];
  listeners.forEach((l, i) => {
    if (!(['TCP', 'UDP'] as readonly string[]).includes(l.protocol)) {
      out.push(
        problem(
          `listeners[${i}].protocol`,
          l.protocol,
          'is not served by a network load balancer (allowed: TCP, UDP); use an application load balancer for HTTP and HTTPS.',
        ),
      );
    }
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) {
      out.push(problem(`listeners[${i}].port`, l.port, 'is not a port from 1 to 65535.'));
    }
  });
  for (const protocol of ['TCP', 'UDP'] as const) {
    const n = listeners.filter((l) => l.protocol === protocol).length;
    if (n > MAX_PORTS) {
      out.push(
        problem(
          'listeners',
          n,
          `${protocol} listeners are more than the ${MAX_PORTS} ports a GCP forwarding rule takes; use fewer ports or a port range outside Vitistack.`,
        ),
      );
    }
  }
  out.push(...validateHealthCheck(args.healthCheck));
  out.push(...validateLabels(args.labels));
  return out;
}

export class NetworkLoadBalancer extends pulumi.ComponentResource {
  /** Ids of the forwarding rules, one per protocol (TCP first). */
  public readonly forwardingRuleIds: pulumi.Output<string>[];
  /** Self links of the forwarding rules, in the same order. */
  public readonly forwardingRuleSelfLinks: pulumi.Output<string>[];
  /** The load balancer's IP address. */
  public readonly ipAddress: pulumi.Output<string>;

  constructor(name: string, args: NetworkLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('NetworkLoadBalancer', args.name, validateNetworkLoadBalancerArgs(args));
    super(TOKENS.gcp.NetworkLoadBalancer, name, {}, opts);
    const internal = args.internal === true;
    const scheme = internal ? 'INTERNAL' : 'EXTERNAL';
    const labels = { ...args.labels };
    const common = { project: args.project, region: args.region };
    const address = new compute.Address(
      `${name}-ip`,
      {
        ...common,
        name: gcpName(`${name}-ip`),
        addressType: scheme,
        ...(internal ? { subnetwork: args.subnetwork } : { networkTier: 'PREMIUM' }),
        description: `Address of load balancer ${args.name} (vitistack)`,
        labels,
      },
      { parent: this },
    );
    const listeners = args.listeners ?? [];
    const health = new compute.RegionHealthCheck(
      `${name}-hc`,
      {
        ...common,
        name: gcpName(`${name}-hc`),
        description: `Health check of load balancer ${args.name} (vitistack)`,
        ...healthCheckBlock(args.healthCheck, 'TCP', listeners[0]?.port ?? 80),
      },
      { parent: this },
    );
    const protocols = listeners.length === 0 ? (['TCP'] as const) : (['TCP', 'UDP'] as const);
    this.forwardingRuleIds = [];
    this.forwardingRuleSelfLinks = [];
    for (const protocol of protocols) {
      const ports = listeners.filter((l) => l.protocol === protocol).map((l) => String(l.port));
      if (listeners.length > 0 && ports.length === 0) continue;
      const suffix = protocol.toLowerCase();
      const backend = new compute.RegionBackendService(
        `${name}-${suffix}`,
        {
          ...common,
          name: gcpName(`${name}-${suffix}`),
          loadBalancingScheme: scheme,
          protocol,
          healthChecks: health.id,
          // Keep draining connections short: nodes and VMs come and go with scaling.
          connectionDrainingTimeoutSec: 30,
          ...(internal ? { network: args.network } : {}),
          description: `${protocol} backends of load balancer ${args.name} (vitistack)`,
        },
        { parent: this },
      );
      const rule = new compute.ForwardingRule(
        `${name}-${suffix}-rule`,
        {
          ...common,
          name: gcpName(`${name}-${suffix}`),
          loadBalancingScheme: scheme,
          ipProtocol: protocol,
          ipAddress: address.address,
          backendService: backend.id,
          ...(ports.length > 0 ? { ports } : { allPorts: true }),
          ...(internal
            ? { network: args.network, subnetwork: args.subnetwork }
            : { networkTier: 'PREMIUM' }),
          description: `${protocol} ${ports.length > 0 ? ports.join(', ') : 'all ports'} of load balancer ${args.name} (vitistack)`,
          labels,
        },
        { parent: this },
      );
      this.forwardingRuleIds.push(rule.id);
      this.forwardingRuleSelfLinks.push(rule.selfLink);
    }
    this.ipAddress = address.address;
    this.registerOutputs({
      forwardingRuleIds: this.forwardingRuleIds,
      forwardingRuleSelfLinks: this.forwardingRuleSelfLinks,
      ipAddress: this.ipAddress,
    });
  }
}
