// The Vitistack's load balancers on GCP: type network as a regional passthrough load balancer
// (external, or internal in the first private subnetwork), type application as a global external
// HTTP(S) load balancer whose HTTP listeners redirect to HTTPS when there is an HTTPS listener.
// What GCP builds differently or not at all is said with a warning.
import type * as pulumi from '@pulumi/pulumi';
import type { Provider } from '@pulumi/gcp/provider';
import type { VitistackLoadBalancer } from '../../api/v1alpha1/vitistack-networking';
import {
  ApplicationLoadBalancer,
  type ApplicationListenerArgs,
} from '../../components/gcp/application-load-balancer';
import type { LoadBalancerHealthCheckArgs } from '../../components/gcp/load-balancing';
import { NetworkLoadBalancer } from '../../components/gcp/network-load-balancer';

/** A load balancer built: its forwarding rule (the first) and address. */
export interface BuiltLoadBalancer {
  readonly name: string;
  readonly forwardingRuleId: pulumi.Output<string>;
  readonly ipAddress: pulumi.Output<string>;
}

export interface LoadBalancerContext {
  readonly prefix: string;
  readonly project: string;
  readonly region: string;
  readonly network: pulumi.Input<string>;
  /** Subnetwork of internal load balancers (the first private one, else the first). */
  readonly internalSubnetwork?: pulumi.Input<string>;
  /** The DNS zone of the Vitistack, for Google-managed certificates of HTTPS listeners. */
  readonly zone?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly parent: pulumi.Resource;
  readonly provider: Provider;
  readonly warn: (message: string) => void;
}

/** The host name a managed certificate covers for `lb` in `zone`. */
export function lbHostName(lb: string, zone: string): string {
  return `${lb}.${zone.replace(/\.$/, '')}`;
}

function healthCheck(lb: VitistackLoadBalancer): LoadBalancerHealthCheckArgs | undefined {
  return lb.healthCheck;
}

function buildNetwork(
  lb: VitistackLoadBalancer,
  ctx: LoadBalancerContext,
): BuiltLoadBalancer | undefined {
  const internal = lb.internal === true;
  if (internal && ctx.internalSubnetwork === undefined) {
    ctx.warn(
      `load balancer "${lb.name}" is internal but the Vitistack has no subnet for its address, so it is not built (add a subnet to networking.vpcs)`,
    );
    return undefined;
  }
  for (const l of lb.listeners) {
    if (l.targetPort !== undefined && l.targetPort !== l.port) {
      ctx.warn(
        `load balancer "${lb.name}": listener ${l.protocol} ${l.port} has targetPort ${l.targetPort}, but a GCP passthrough load balancer does not translate ports, so backends receive port ${l.port}`,
      );
    }
  }
  const c = new NetworkLoadBalancer(
    `${ctx.prefix}-${lb.name}`,
    {
      name: lb.name,
      project: ctx.project,
      region: ctx.region,
      internal,
      ...(internal ? { network: ctx.network, subnetwork: ctx.internalSubnetwork } : {}),
      listeners: lb.listeners.map((l) => ({
        port: l.port,
        protocol: l.protocol === 'UDP' ? 'UDP' : 'TCP',
      })),
      ...(healthCheck(lb) !== undefined ? { healthCheck: healthCheck(lb) } : {}),
      labels: ctx.labels,
    },
    { parent: ctx.parent, provider: ctx.provider },
  );
  const first = c.forwardingRuleIds[0];
  return first === undefined
    ? undefined
    : { name: lb.name, forwardingRuleId: first, ipAddress: c.ipAddress };
}

function buildApplication(
  lb: VitistackLoadBalancer,
  ctx: LoadBalancerContext,
): BuiltLoadBalancer | undefined {
  if (lb.internal === true) {
    ctx.warn(
      `load balancer "${lb.name}" is an internal application load balancer, which is not built on GCP (it needs a proxy-only subnetwork); use type network with internal: true, or make it internet-facing`,
    );
    return undefined;
  }
  const listeners: ApplicationListenerArgs[] = [];
  for (const l of lb.listeners) {
    if (l.protocol === 'HTTPS' && l.certificateArn === undefined && ctx.zone === undefined) {
      ctx.warn(
        `load balancer "${lb.name}": HTTPS listener ${l.port} has no certificate and the Vitistack has no DNS zone for a Google-managed one, so it is not built (set certificateArn to an SSL certificate of the project, or add networking.dns.zone)`,
      );
      continue;
    }
    listeners.push({
      port: l.port,
      protocol: l.protocol === 'HTTPS' ? 'HTTPS' : 'HTTP',
      ...(l.certificateArn !== undefined ? { certificate: l.certificateArn } : {}),
      ...(l.targetPort !== undefined ? { targetPort: l.targetPort } : {}),
    });
  }
  if (listeners.length === 0) {
    ctx.warn(
      `load balancer "${lb.name}" of type application has no listener that can be built, so it is not built (add an HTTP or HTTPS listener)`,
    );
    return undefined;
  }
  const ports = new Set(listeners.map((l) => l.targetPort ?? l.port));
  if (ports.size > 1) {
    ctx.warn(
      `load balancer "${lb.name}": its listeners forward to different ports (${[...ports].join(', ')}), but one GCP backend service has one named port, so all traffic goes to port ${[...ports][0] ?? ''}`,
    );
  }
  const managed = listeners.some((l) => l.protocol === 'HTTPS' && l.certificate === undefined);
  const c = new ApplicationLoadBalancer(
    `${ctx.prefix}-${lb.name}`,
    {
      name: lb.name,
      project: ctx.project,
      listeners,
      ...(managed && ctx.zone !== undefined ? { domains: [lbHostName(lb.name, ctx.zone)] } : {}),
      ...(healthCheck(lb) !== undefined ? { healthCheck: healthCheck(lb) } : {}),
      labels: ctx.labels,
    },
    { parent: ctx.parent, provider: ctx.provider },
  );
  const first = c.forwardingRuleIds[0];
  return first === undefined
    ? undefined
    : { name: lb.name, forwardingRuleId: first, ipAddress: c.ipAddress };
}

/** Builds one load balancer of the Vitistack; undefined (with a warning) when it is not built. */
export function buildLoadBalancer(
  lb: VitistackLoadBalancer,
  ctx: LoadBalancerContext,
): BuiltLoadBalancer | undefined {
  if (lb.type === 'classic') {
    ctx.warn(
      `load balancer "${lb.name}" is of type classic, which is not built; use network or application`,
    );
    return undefined;
  }
  return lb.type === 'application' ? buildApplication(lb, ctx) : buildNetwork(lb, ctx);
}

/** Whether a load balancer gets a Google-managed certificate (and so a DNS record in the zone). */
export function needsManagedCertificate(
  lb: VitistackLoadBalancer,
  zone: string | undefined,
): boolean {
  return (
    zone !== undefined &&
    lb.type === 'application' &&
    lb.internal !== true &&
    lb.listeners.some((l) => l.protocol === 'HTTPS' && l.certificateArn === undefined)
  );
}
