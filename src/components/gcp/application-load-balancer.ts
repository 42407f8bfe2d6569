// A global external application load balancer (HTTP(S), Envoy-based EXTERNAL_MANAGED): a global
// address, a health check, a backend service, a URL map to it and, per protocol, a target proxy
// with forwarding rules. With an HTTPS listener every HTTP listener answers with a redirect to
// HTTPS (a URL map of its own with defaultUrlRedirect), never with content. The backend service
// starts without backends (instance groups or GKE NEGs are attached later).
import * as compute from '@pulumi/gcp/compute';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  healthCheckBlock,
  validateHealthCheck,
  type LoadBalancerHealthCheckArgs,
} from './load-balancing';
import { assertValid, gcpName, missing, problem, validateLabels } from './util';

export interface ApplicationListenerArgs {
  /** Port the load balancer accepts traffic on (1 to 65535). */
  readonly port: number;
  /** HTTP or HTTPS. */
  readonly protocol: 'HTTP' | 'HTTPS';
  /**
   * SSL certificate (id or self link) of an HTTPS listener. Defaults to a Google-managed
   * certificate for `domains`.
   */
  readonly certificate?: pulumi.Input<string>;
  /** Port of the backends. Defaults to `port`; all listeners share one backend port. */
  readonly targetPort?: number;
}

export interface ApplicationLoadBalancerArgs {
  /** Load balancer name from the Vitistack; used in messages and descriptions. */
  readonly name: string;
  /** Project of every resource. Required. */
  readonly project: string;
  /** Listeners; at least one. */
  readonly listeners: readonly ApplicationListenerArgs[];
  /**
   * Domains of the Google-managed certificate for HTTPS listeners without `certificate` (their
   * DNS must point at `ipAddress` before Google issues it). Defaults to none.
   */
  readonly domains?: readonly string[];
  /** Health check of the backends. Defaults to HTTP on the backend port. */
  readonly healthCheck?: LoadBalancerHealthCheckArgs;
  /** Labels of the address and the forwarding rules (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateApplicationLoadBalancerArgs(args: ApplicationLoadBalancerArgs): string[] {
  const out: string[] = [];
  if (args.listeners.length === 0) {
    out.push(
      missing(
        'listeners',
        'is empty; an application load balancer needs an HTTP or HTTPS listener.',
      ),
    );
  }
  const ports = new Set<number>();
  args.listeners.forEach((l, i) => {
    if (!(['HTTP', 'HTTPS'] as readonly string[]).includes(l.protocol)) {
      out.push(
        problem(
          `listeners[${i}].protocol`,
          l.protocol,
          'is not served by an application load balancer (allowed: HTTP, HTTPS); use a network load balancer for TCP and UDP.',
        ),
      );
    }
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) {
      out.push(problem(`listeners[${i}].port`, l.port, 'is not a port from 1 to 65535.'));
    } else if (ports.has(l.port)) {
      out.push(
        problem(
          `listeners[${i}].port`,
          l.port,
          'is used by another listener; one address takes each port once.',
        ),
      );
    }
    ports.add(l.port);
    if (l.certificate !== undefined && l.protocol !== 'HTTPS') {
      out.push(
        missing(
          `listeners[${i}].certificate`,
          'is set on an HTTP listener; only HTTPS listeners use a certificate.',
        ),
      );
    }
    if (
      l.protocol === 'HTTPS' &&
      l.certificate === undefined &&
      (args.domains ?? []).length === 0
    ) {
      out.push(
        missing(
          `listeners[${i}].certificate`,
          'is not set and domains is empty; give a certificate or the domains of a Google-managed one.',
        ),
      );
    }
  });
  out.push(...validateHealthCheck(args.healthCheck));
  out.push(...validateLabels(args.labels));
  return out;
}

export class ApplicationLoadBalancer extends pulumi.ComponentResource {
  /** Ids of the global forwarding rules, in listener order. */
  public readonly forwardingRuleIds: pulumi.Output<string>[];
  /** Self links of the global forwarding rules, in listener order. */
  public readonly forwardingRuleSelfLinks: pulumi.Output<string>[];
  /** The load balancer's IP address. */
  public readonly ipAddress: pulumi.Output<string>;

  constructor(
    name: string,
    args: ApplicationLoadBalancerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    assertValid('ApplicationLoadBalancer', args.name, validateApplicationLoadBalancerArgs(args));
    super(TOKENS.gcp.ApplicationLoadBalancer, name, {}, opts);
    const project = args.project;
    const labels = { ...args.labels };
    const scheme = 'EXTERNAL_MANAGED';
    const backendPort = args.listeners[0]?.targetPort ?? args.listeners[0]?.port ?? 80;
    const address = new compute.GlobalAddress(
      `${name}-ip`,
      {
        project,
        name: gcpName(`${name}-ip`),
        description: `Address of load balancer ${args.name} (vitistack)`,
        labels,
      },
      { parent: this },
    );
    const health = new compute.HealthCheck(
      `${name}-hc`,
      {
        project,
        name: gcpName(`${name}-hc`),
        description: `Health check of load balancer ${args.name} (vitistack)`,
        ...healthCheckBlock(args.healthCheck, 'HTTP', backendPort),
      },
      { parent: this },
    );
    const backend = new compute.BackendService(
      `${name}-backend`,
      {
        project,
        name: gcpName(`${name}-backend`),
        loadBalancingScheme: scheme,
        protocol: 'HTTP',
        portName: 'http',
        healthChecks: health.id,
        // Request logs for the audit trail of who reached the application.
        logConfig: { enable: true, sampleRate: 1 },
        description: `Backends of load balancer ${args.name} (vitistack)`,
      },
      { parent: this },
    );
    const content = new compute.URLMap(
      `${name}-urlmap`,
      {
        project,
        name: gcpName(`${name}-urlmap`),
        defaultService: backend.id,
        description: `Routes of load balancer ${args.name} (vitistack)`,
      },
      { parent: this },
    );
    const https = args.listeners.filter((l) => l.protocol === 'HTTPS');
    const http = args.listeners.filter((l) => l.protocol === 'HTTP');
    const needsManaged = https.some((l) => l.certificate === undefined);
    const managed = needsManaged
      ? new compute.ManagedSslCertificate(
          `${name}-cert`,
          {
            project,
            name: gcpName(`${name}-cert`),
            managed: { domains: [...(args.domains ?? [])] },
            description: `Google-managed certificate of load balancer ${args.name} (vitistack)`,
          },
          { parent: this },
        )
      : undefined;
    const certificates = [
      ...new Set(https.map((l) => l.certificate).filter((c) => c !== undefined)),
      ...(managed ? [managed.id] : []),
    ];
    const httpsProxy =
      https.length > 0
        ? new compute.TargetHttpsProxy(
            `${name}-https`,
            {
              project,
              name: gcpName(`${name}-https`),
              urlMap: content.id,
              sslCertificates: certificates,
              description: `HTTPS proxy of load balancer ${args.name} (vitistack)`,
            },
            { parent: this },
          )
        : undefined;
    // With HTTPS there, plain HTTP only redirects (policy https-redirect).
    const redirect =
      httpsProxy !== undefined && http.length > 0
        ? new compute.URLMap(
            `${name}-redirect`,
            {
              project,
              name: gcpName(`${name}-redirect`),
              defaultUrlRedirect: {
                httpsRedirect: true,
                redirectResponseCode: 'MOVED_PERMANENTLY_DEFAULT',
                stripQuery: false,
              },
              description: `HTTP to HTTPS redirect of load balancer ${args.name} (vitistack)`,
            },
            { parent: this },
          )
        : undefined;
    const httpProxy =
      http.length > 0
        ? new compute.TargetHttpProxy(
            `${name}-http`,
            {
              project,
              name: gcpName(`${name}-http`),
              urlMap: (redirect ?? content).id,
              description: `HTTP proxy of load balancer ${args.name} (vitistack)`,
            },
            { parent: this },
          )
        : undefined;
    this.forwardingRuleIds = [];
    this.forwardingRuleSelfLinks = [];
    for (const l of args.listeners) {
      const target = l.protocol === 'HTTPS' ? httpsProxy : httpProxy;
      if (target === undefined) continue;
      const suffix = `${l.protocol.toLowerCase()}-${l.port}`;
      const rule = new compute.GlobalForwardingRule(
        `${name}-${suffix}`,
        {
          project,
          name: gcpName(`${name}-${suffix}`),
          loadBalancingScheme: scheme,
          ipProtocol: 'TCP',
          ipAddress: address.address,
          portRange: String(l.port),
          target: target.id,
          description: `${l.protocol} ${l.port} of load balancer ${args.name} (vitistack)`,
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
