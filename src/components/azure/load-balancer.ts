// A Standard Azure Load Balancer: a public IP (or a private frontend in a subnet), one backend
// pool, health probes and one load-balancing rule per listener. Azure Load Balancer works at layer
// 4: HTTP and HTTPS listeners are forwarded as TCP (TLS is not terminated, certificates are not
// used); `warnings` says so, for the program to pass on. Layer 7 would be an Application Gateway.
import * as network from '@pulumi/azure-native/network';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  childId,
  listAllowed,
  locationProblem,
  missing,
  problem,
  validateAzureTags,
} from './util';

export const ListenerProtocol = { Http: 'HTTP', Https: 'HTTPS', Tcp: 'TCP', Udp: 'UDP' } as const;
export type ListenerProtocol = (typeof ListenerProtocol)[keyof typeof ListenerProtocol];
const LISTENER_PROTOCOLS: readonly string[] = Object.values(ListenerProtocol);
export const HealthCheckProtocol = { Http: 'HTTP', Https: 'HTTPS', Tcp: 'TCP' } as const;
export type HealthCheckProtocol = (typeof HealthCheckProtocol)[keyof typeof HealthCheckProtocol];
const HEALTH_CHECK_PROTOCOLS: readonly string[] = Object.values(HealthCheckProtocol);

/** Azure probes run at most every 5 seconds. */
export const MIN_PROBE_INTERVAL = 5;
const FRONTEND = 'frontend';
const BACKEND = 'backend';

export interface LoadBalancerListenerArgs {
  /** Port the frontend accepts traffic on, unique per load balancer and protocol. */
  readonly port: number;
  /** TCP or UDP; HTTP and HTTPS are forwarded as TCP (see `warnings`). */
  readonly protocol: ListenerProtocol;
  /** Port on the backends. Defaults to `port`. */
  readonly targetPort?: number;
  /** Not used: Azure Load Balancer does not terminate TLS. Its presence adds a warning. */
  readonly certificateArn?: string;
}

export interface LoadBalancerHealthCheckArgs {
  /** HTTP path of HTTP and HTTPS probes. Defaults to "/". */
  readonly path?: string;
  /** Port to probe. Defaults to the backend port of the first TCP listener. */
  readonly port?: number;
  /** HTTP, HTTPS or TCP. Defaults to TCP. */
  readonly protocol?: HealthCheckProtocol;
  /** Seconds between probes, at least 5. Defaults to Azure's 15. */
  readonly intervalSeconds?: number;
  /** Not used by Azure (a probe times out at the interval); its presence adds a warning. */
  readonly timeoutSeconds?: number;
  /** Not used by Azure, which has one threshold for both; a different value adds a warning. */
  readonly healthyThreshold?: number;
  /** Failed probes before a backend is taken out (`probeThreshold`). Defaults to Azure's 1. */
  readonly unhealthyThreshold?: number;
}

export interface LoadBalancerArgs {
  /** Load balancer name from the Vitistack; also its Azure name. */
  readonly name: string;
  readonly resourceGroupName: pulumi.Input<string>;
  /** Id of the resource group, for the ids of the load balancer's own parts. */
  readonly resourceGroupId: pulumi.Input<string>;
  readonly location: string;
  /** Private frontend in `subnetId` rather than a public IP. Defaults to false. */
  readonly internal?: boolean;
  /** Subnet of an internal load balancer's frontend. Required when `internal`. */
  readonly subnetId?: pulumi.Input<string>;
  /** DNS label of the public IP (`<label>.<location>.cloudapp.azure.com`). Defaults to none. */
  readonly dnsLabel?: string;
  /** Listeners. Defaults to none. */
  readonly listeners?: readonly LoadBalancerListenerArgs[];
  /** Health probe of every rule. Defaults to a TCP probe on each backend port. */
  readonly healthCheck?: LoadBalancerHealthCheckArgs;
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface PlannedProbe {
  readonly name: string;
  readonly protocol: 'Tcp' | 'Http' | 'Https';
  readonly port: number;
  readonly requestPath?: string;
  readonly intervalInSeconds?: number;
  readonly probeThreshold?: number;
}

export interface PlannedRule {
  readonly name: string;
  readonly protocol: 'Tcp' | 'Udp';
  readonly frontendPort: number;
  readonly backendPort: number;
  /** Name of its probe; none for UDP rules without a health check (Azure cannot probe UDP). */
  readonly probe?: string;
}

export interface LoadBalancerPlan {
  readonly probes: readonly PlannedProbe[];
  readonly rules: readonly PlannedRule[];
  /** What the listeners and health check ask for that Azure Load Balancer does not do. */
  readonly warnings: readonly string[];
}

const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateLoadBalancerArgs(args: LoadBalancerArgs): string[] {
  const out: string[] = [];
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/.test(args.name)) {
    out.push(
      problem(
        'name',
        args.name,
        'is not an Azure load balancer name (1 to 80 letters, digits, ".", "-" and "_").',
      ),
    );
  }
  if (args.internal === true && args.subnetId === undefined) {
    out.push(
      missing(
        'subnetId',
        'is required for an internal load balancer; give the subnet of its frontend.',
      ),
    );
  }
  if (args.dnsLabel !== undefined && (args.internal === true || !DNS_LABEL.test(args.dnsLabel))) {
    out.push(
      problem(
        'dnsLabel',
        args.dnsLabel,
        args.internal === true
          ? 'cannot be set on an internal load balancer (it has no public IP).'
          : 'is not a DNS label (3 to 63 lowercase letters, digits and "-", starting with a letter).',
      ),
    );
  }
  const seen = new Map<string, number>();
  (args.listeners ?? []).forEach((l, i) => {
    const at = `listeners[${i}]`;
    if (!LISTENER_PROTOCOLS.includes(l.protocol)) {
      out.push(
        problem(
          `${at}.protocol`,
          l.protocol,
          `is not a listener protocol (allowed: ${listAllowed(LISTENER_PROTOCOLS)}).`,
        ),
      );
    }
    for (const field of ['port', 'targetPort'] as const) {
      const v = l[field];
      if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 65535)) {
        out.push(problem(`${at}.${field}`, v, 'is not a port (1 to 65535).'));
      }
    }
    const key = `${l.protocol === 'UDP' ? 'Udp' : 'Tcp'}/${l.port}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.push(
        problem(
          `${at}.port`,
          l.port,
          `is also the port of listeners[${first}]; Azure forwards each port and transport protocol once.`,
        ),
      );
    } else {
      seen.set(key, i);
    }
  });
  const hc = args.healthCheck;
  if (hc !== undefined) {
    if (hc.protocol !== undefined && !HEALTH_CHECK_PROTOCOLS.includes(hc.protocol)) {
      out.push(
        problem(
          'healthCheck.protocol',
          hc.protocol,
          `is not a probe protocol (allowed: ${listAllowed(HEALTH_CHECK_PROTOCOLS)}).`,
        ),
      );
    }
    if (hc.path !== undefined && (hc.protocol ?? 'TCP') === 'TCP') {
      out.push(
        problem(
          'healthCheck.path',
          hc.path,
          'cannot be used with a TCP probe; set protocol to HTTP or HTTPS.',
        ),
      );
    }
    if (hc.intervalSeconds !== undefined && hc.intervalSeconds < MIN_PROBE_INTERVAL) {
      out.push(
        problem(
          'healthCheck.intervalSeconds',
          hc.intervalSeconds,
          `is below ${MIN_PROBE_INTERVAL}, the shortest interval Azure probes allow.`,
        ),
      );
    }
    if (hc.port !== undefined && (!Number.isInteger(hc.port) || hc.port < 1 || hc.port > 65535)) {
      out.push(problem('healthCheck.port', hc.port, 'is not a port (1 to 65535).'));
    }
  }
  out.push(...validateAzureTags(args.tags));
  return out;
}

/** Decides probes and rules from valid args, and what cannot be built as asked. */
export function planLoadBalancer(args: LoadBalancerArgs): LoadBalancerPlan {
  const warnings: string[] = [];
  const listeners = args.listeners ?? [];
  for (const l of listeners) {
    if (l.protocol === 'HTTPS') {
      warnings.push(
        `the HTTPS listener on port ${l.port} is forwarded as TCP: Azure Load Balancer does not terminate TLS${l.certificateArn !== undefined ? ' (its certificate is not used)' : ''}, so the backends must serve TLS themselves (use an Application Gateway to terminate it)`,
      );
    } else if (l.protocol === 'HTTP') {
      warnings.push(
        `the HTTP listener on port ${l.port} is forwarded as TCP: Azure Load Balancer works at layer 4 (no HTTP routing or redirects)`,
      );
    }
  }
  const hc = args.healthCheck;
  if (hc?.timeoutSeconds !== undefined) {
    warnings.push('healthCheck.timeout is not used: an Azure probe times out at its interval');
  }
  if (hc?.healthyThreshold !== undefined && hc.healthyThreshold !== hc.unhealthyThreshold) {
    warnings.push(
      'healthCheck.healthyThreshold is not used: Azure has one threshold for both directions (unhealthyThreshold)',
    );
  }
  const backendPort = (l: LoadBalancerListenerArgs) => l.targetPort ?? l.port;
  const tcpListeners = listeners.filter((l) => l.protocol !== 'UDP');
  const probes: PlannedProbe[] = [];
  if (hc !== undefined) {
    const protocol = hc.protocol === 'HTTP' ? 'Http' : hc.protocol === 'HTTPS' ? 'Https' : 'Tcp';
    const first = tcpListeners[0] ?? listeners[0];
    const port = hc.port ?? (first !== undefined ? backendPort(first) : undefined);
    if (port !== undefined) {
      probes.push({
        name: 'health',
        protocol,
        port,
        ...(protocol !== 'Tcp' ? { requestPath: hc.path ?? '/' } : {}),
        ...(hc.intervalSeconds !== undefined ? { intervalInSeconds: hc.intervalSeconds } : {}),
        ...(hc.unhealthyThreshold !== undefined ? { probeThreshold: hc.unhealthyThreshold } : {}),
      });
    }
  } else {
    for (const port of new Set(tcpListeners.map(backendPort))) {
      probes.push({ name: `tcp-${port}`, protocol: 'Tcp', port });
    }
  }
  const rules = listeners.map((l): PlannedRule => {
    const protocol = l.protocol === 'UDP' ? 'Udp' : 'Tcp';
    const probe =
      hc !== undefined ? probes[0]?.name : protocol === 'Tcp' ? `tcp-${backendPort(l)}` : undefined;
    return {
      name: `${protocol.toLowerCase()}-${l.port}`,
      protocol,
      frontendPort: l.port,
      backendPort: backendPort(l),
      ...(probe !== undefined ? { probe } : {}),
    };
  });
  return { probes, rules, warnings };
}

export class LoadBalancer extends pulumi.ComponentResource {
  public readonly id: pulumi.Output<string>;
  /** Public: the DNS name of its public IP (or the IP without a label); internal: the private IP. */
  public readonly dnsName: pulumi.Output<string>;
  /** The frontend address: the public IP, or the private one of an internal load balancer. */
  public readonly address: pulumi.Output<string>;
  public readonly backendPoolId: pulumi.Output<string>;
  /** What was asked for and not built as asked, one clause each. */
  public readonly warnings: readonly string[];

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('LoadBalancer', name, validateLoadBalancerArgs(args));
    const plan = planLoadBalancer(args);
    super(TOKENS.azure.LoadBalancer, name, {}, opts);
    const tags = azureTags(args.tags, { 'vitistack.io/load-balancer': args.name });
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const internal = args.internal === true;

    const ip = internal
      ? undefined
      : new network.PublicIPAddress(
          `${name}-ip`,
          {
            ...base,
            publicIpAddressName: `${args.name}-ip`,
            sku: { name: 'Standard', tier: 'Regional' },
            publicIPAllocationMethod: 'Static',
            publicIPAddressVersion: 'IPv4',
            ...(args.dnsLabel !== undefined
              ? { dnsSettings: { domainNameLabel: args.dnsLabel } }
              : {}),
            tags,
          },
          { parent: this },
        );

    // A load balancer's parts refer to each other by id, which is known before it exists.
    const lbId = pulumi.interpolate`${args.resourceGroupId}/providers/Microsoft.Network/loadBalancers/${args.name}`;
    const part = (kind: string, partName: string) => ({ id: childId(lbId, kind, partName) });
    const lb = new network.LoadBalancer(
      name,
      {
        ...base,
        loadBalancerName: args.name,
        sku: { name: 'Standard', tier: 'Regional' },
        frontendIPConfigurations: [
          ip !== undefined
            ? { name: FRONTEND, publicIPAddress: { id: ip.id } }
            : {
                name: FRONTEND,
                subnet: { id: args.subnetId },
                privateIPAllocationMethod: 'Dynamic',
              },
        ],
        backendAddressPools: [{ name: BACKEND }],
        probes: plan.probes.map((p) => ({ ...p })),
        loadBalancingRules: plan.rules.map((r) => ({
          name: r.name,
          protocol: r.protocol,
          frontendPort: r.frontendPort,
          backendPort: r.backendPort,
          frontendIPConfiguration: part('frontendIPConfigurations', FRONTEND),
          backendAddressPool: part('backendAddressPools', BACKEND),
          ...(r.probe !== undefined ? { probe: part('probes', r.probe) } : {}),
          // Outbound traffic of the backends goes through the subnet's NAT gateway, not the LB.
          disableOutboundSnat: true,
          enableTcpReset: r.protocol === 'Tcp',
          idleTimeoutInMinutes: 4,
        })),
        tags,
      },
      { parent: this },
    );

    const privateIp = lb.frontendIPConfigurations.apply((fs) => fs?.[0]?.privateIPAddress ?? '');
    this.id = lb.id;
    this.address = ip !== undefined ? ip.ipAddress.apply((a) => a ?? '') : privateIp;
    this.dnsName =
      ip !== undefined
        ? pulumi
            .all([ip.dnsSettings, ip.ipAddress])
            .apply(([dns, address]) => dns?.fqdn ?? address ?? '')
        : privateIp;
    this.backendPoolId = childId(lb.id, 'backendAddressPools', BACKEND);
    this.warnings = plan.warnings;
    this.registerOutputs({
      id: this.id,
      dnsName: this.dnsName,
      address: this.address,
      backendPoolId: this.backendPoolId,
      warnings: this.warnings,
    });
  }
}
