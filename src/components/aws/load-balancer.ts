// An application or network load balancer (aws.lb, ELBv2) with listeners, target groups and
// instance targets. Classic ELBs are not built: they are a previous-generation product.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  checkInt,
  listAllowed,
  mergeTags,
  missing,
  problem,
  validateTags,
} from './util';

export const LoadBalancerType = { Application: 'application', Network: 'network' } as const;
export type LoadBalancerType = (typeof LoadBalancerType)[keyof typeof LoadBalancerType];

export const ListenerProtocol = {
  Http: 'HTTP',
  Https: 'HTTPS',
  Tcp: 'TCP',
  Udp: 'UDP',
  Tls: 'TLS',
} as const;
export type ListenerProtocol = (typeof ListenerProtocol)[keyof typeof ListenerProtocol];

export const HealthCheckProtocol = { Http: 'HTTP', Https: 'HTTPS', Tcp: 'TCP' } as const;
export type HealthCheckProtocol = (typeof HealthCheckProtocol)[keyof typeof HealthCheckProtocol];
const HEALTH_CHECK_PROTOCOLS: readonly string[] = Object.values(HealthCheckProtocol);

/** Listener protocols each type serves: layer 7 for application, layer 4 (and TLS) for network. */
export const PROTOCOLS_BY_TYPE: Readonly<Record<LoadBalancerType, readonly ListenerProtocol[]>> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'UDP', 'TLS'],
};

/** TLS listeners terminate at the load balancer; targets are spoken to in the clear. */
const TARGET_PROTOCOL: Readonly<Record<ListenerProtocol, string>> = {
  HTTP: 'HTTP',
  HTTPS: 'HTTP',
  TCP: 'TCP',
  UDP: 'UDP',
  TLS: 'TCP',
};

/** AWS's current recommended TLS 1.3/1.2 policy for HTTPS and TLS listeners. */
export const SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

export interface LoadBalancerListenerArgs {
  /** Port the listener accepts traffic on (1 to 65535), unique per load balancer. */
  readonly port: number;
  /** HTTP or HTTPS for application, TCP, UDP or TLS for network load balancers. */
  readonly protocol: ListenerProtocol;
  /** ACM certificate ARN; required for HTTPS and TLS, not allowed otherwise. */
  readonly certificateArn?: pulumi.Input<string>;
  /** Port on the targets. Defaults to `port`. */
  readonly targetPort?: number;
}

export interface LoadBalancerHealthCheckArgs {
  /** HTTP path, e.g. "/healthz" (HTTP and HTTPS checks only). Defaults to AWS's "/". */
  readonly path?: string;
  /** Port to check. Defaults to the traffic port of each target group. */
  readonly port?: number;
  /** HTTP, HTTPS or TCP. Defaults to HTTP for application and TCP for network load balancers. */
  readonly protocol?: HealthCheckProtocol;
  /** Seconds between checks, 5 to 300. Defaults to AWS's 30. */
  readonly intervalSeconds?: number;
  /** Seconds to wait for an answer, 2 to 120, shorter than the interval. Defaults to AWS's. */
  readonly timeoutSeconds?: number;
  /** Successes before a target is healthy, 2 to 10. Defaults to AWS's 5 (ALB) or 3 (NLB). */
  readonly healthyThreshold?: number;
  /** Failures before a target is unhealthy, 2 to 10. Defaults to AWS's 2 (ALB) or 3 (NLB). */
  readonly unhealthyThreshold?: number;
}

export interface LoadBalancerArgs {
  /** Load balancer name from the Vitistack; used in messages and the `vitistack.io/load-balancer` tag. */
  readonly name: string;
  /** application or network. `classic` is refused: use one of the other two. */
  readonly type: LoadBalancerType | 'classic';
  /** Internal (private addresses only) rather than internet-facing. Defaults to false. */
  readonly internal?: boolean;
  /** Subnets to place the load balancer in; an application load balancer needs two or more. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Security groups (application; network ones accept them too, only when created). Defaults to none. */
  readonly securityGroupIds?: readonly pulumi.Input<string>[];
  /** VPC of the target groups. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Listeners. Each forwards to the target group of its target port and protocol; on an
   * application load balancer that also has an HTTPS listener, an HTTP listener instead redirects
   * to HTTPS (301). Defaults to none.
   */
  readonly listeners?: readonly LoadBalancerListenerArgs[];
  /** Health check of every target group. Defaults to AWS's for the protocol. */
  readonly healthCheck?: LoadBalancerHealthCheckArgs;
  /** EC2 instances registered in every target group. Defaults to none. */
  readonly targetInstanceIds?: readonly pulumi.Input<string>[];
  /** Refuse deletion through the AWS API. Defaults to false. */
  readonly deletionProtection?: boolean;
  /** S3 bucket for access logs. Defaults to none (no access logs). */
  readonly accessLogsBucket?: pulumi.Input<string>;
  /** Tags for every resource, merged with a `Name` tag. */
  readonly tags: Readonly<Record<string, string>>;
}

/** A target group: one per distinct target port and protocol. */
export interface PlannedTargetGroup {
  /** `HTTP-8080`: the key of `targetGroupArns`. */
  readonly key: string;
  readonly protocol: string;
  readonly port: number;
}

/** What a listener does: forward to a target group, or redirect HTTP to HTTPS. */
export type PlannedListener =
  | { readonly port: number; readonly protocol: ListenerProtocol; readonly forward: string }
  | { readonly port: number; readonly protocol: ListenerProtocol; readonly redirectPort: number };

export interface LoadBalancerPlan {
  readonly targetGroups: readonly PlannedTargetGroup[];
  readonly listeners: readonly PlannedListener[];
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateLoadBalancerArgs(args: LoadBalancerArgs): string[] {
  const out: string[] = [];
  const types = Object.values(LoadBalancerType);
  if (args.type === 'classic') {
    return [
      problem(
        'type',
        args.type,
        'is not built: classic load balancers are a previous generation; use "application" for HTTP/HTTPS or "network" for TCP/UDP/TLS.',
      ),
    ];
  }
  if (!types.includes(args.type)) {
    return [
      problem('type', args.type, `is not a load balancer type (allowed: ${listAllowed(types)}).`),
    ];
  }
  const type = args.type;
  if (args.subnetIds.length === 0) {
    out.push(missing('subnetIds', 'is empty; give the subnets to place the load balancer in.'));
  } else if (type === LoadBalancerType.Application && args.subnetIds.length < 2) {
    out.push(
      missing(
        'subnetIds',
        `has 1 subnet; an application load balancer needs subnets in at least two availability zones.`,
      ),
    );
  }
  const allowed = PROTOCOLS_BY_TYPE[type];
  const ports = new Map<number, number>();
  (args.listeners ?? []).forEach((l, i) => {
    const at = `listeners[${i}]`;
    const portProblem = checkInt(`${at}.port`, l.port, 1, 65535, 'use a port like 443');
    if (portProblem !== undefined) out.push(portProblem);
    const tp = checkInt(`${at}.targetPort`, l.targetPort, 1, 65535, 'use a port like 8080');
    if (tp !== undefined) out.push(tp);
    if (!allowed.includes(l.protocol)) {
      const hint =
        type === LoadBalancerType.Application
          ? 'use type "network" for TCP, UDP or TLS'
          : 'use type "application" for HTTP or HTTPS';
      out.push(
        problem(
          `${at}.protocol`,
          l.protocol,
          `is not served by ${type === LoadBalancerType.Application ? 'an' : 'a'} ${type} load balancer (allowed: ${listAllowed(allowed)}); ${hint}.`,
        ),
      );
    }
    const tls = l.protocol === ListenerProtocol.Https || l.protocol === ListenerProtocol.Tls;
    if (tls && l.certificateArn === undefined) {
      out.push(
        missing(
          `${at}.certificateArn`,
          `is required for the ${l.protocol} listener on port ${l.port}; give the ARN of an ACM certificate.`,
        ),
      );
    } else if (!tls && l.certificateArn !== undefined) {
      out.push(
        missing(
          `${at}.certificateArn`,
          `cannot be set on the ${l.protocol} listener on port ${l.port} (only HTTPS and TLS listeners use a certificate); remove it.`,
        ),
      );
    }
    const first = ports.get(l.port);
    if (first !== undefined) {
      out.push(
        problem(
          `${at}.port`,
          l.port,
          `is also the port of listeners[${first}]; a load balancer has one listener per port.`,
        ),
      );
    } else {
      ports.set(l.port, i);
    }
  });
  const hc = args.healthCheck;
  if (hc !== undefined) {
    const proto = hc.protocol;
    if (proto !== undefined && !HEALTH_CHECK_PROTOCOLS.includes(proto)) {
      out.push(
        problem(
          'healthCheck.protocol',
          proto,
          `is not a health check protocol (allowed: ${listAllowed(HEALTH_CHECK_PROTOCOLS)}).`,
        ),
      );
    } else if (proto === HealthCheckProtocol.Tcp && type === LoadBalancerType.Application) {
      out.push(
        problem(
          'healthCheck.protocol',
          proto,
          'is not available on an application load balancer; use HTTP or HTTPS.',
        ),
      );
    }
    const effective = proto ?? (type === LoadBalancerType.Application ? 'HTTP' : 'TCP');
    if (hc.path !== undefined && effective === HealthCheckProtocol.Tcp) {
      out.push(
        problem(
          'healthCheck.path',
          hc.path,
          'cannot be used with a TCP health check; set protocol to HTTP or HTTPS, or remove the path.',
        ),
      );
    } else if (hc.path !== undefined && !hc.path.startsWith('/')) {
      out.push(
        problem(
          'healthCheck.path',
          hc.path,
          'does not start with "/"; use a path like "/healthz".',
        ),
      );
    }
    const checks = [
      checkInt('healthCheck.port', hc.port, 1, 65535, 'use a port like 8080'),
      checkInt('healthCheck.intervalSeconds', hc.intervalSeconds, 5, 300, 'use a value like 30'),
      checkInt('healthCheck.timeoutSeconds', hc.timeoutSeconds, 2, 120, 'use a value like 5'),
      checkInt('healthCheck.healthyThreshold', hc.healthyThreshold, 2, 10, 'use a value like 3'),
      checkInt(
        'healthCheck.unhealthyThreshold',
        hc.unhealthyThreshold,
        2,
        10,
        'use a value like 3',
      ),
    ];
    for (const c of checks) if (c !== undefined) out.push(c);
    if (
      hc.intervalSeconds !== undefined &&
      hc.timeoutSeconds !== undefined &&
      hc.timeoutSeconds >= hc.intervalSeconds
    ) {
      out.push(
        problem(
          'healthCheck.timeoutSeconds',
          hc.timeoutSeconds,
          `is not shorter than intervalSeconds (${hc.intervalSeconds}); a check must time out before the next starts.`,
        ),
      );
    }
  }
  out.push(...validateTags(args.tags));
  return out;
}

/** Decides target groups and listener actions from valid args. */
export function planLoadBalancer(args: LoadBalancerArgs): LoadBalancerPlan {
  const listeners = args.listeners ?? [];
  // On an ALB with HTTPS, plain HTTP only redirects: no traffic reaches targets unencrypted.
  const https =
    args.type === LoadBalancerType.Application
      ? listeners.find((l) => l.protocol === ListenerProtocol.Https)
      : undefined;
  const groups = new Map<string, PlannedTargetGroup>();
  const planned = listeners.map((l): PlannedListener => {
    if (https !== undefined && l.protocol === ListenerProtocol.Http) {
      return { port: l.port, protocol: l.protocol, redirectPort: https.port };
    }
    const protocol = TARGET_PROTOCOL[l.protocol];
    const port = l.targetPort ?? l.port;
    const key = `${protocol}-${port}`;
    if (!groups.has(key)) groups.set(key, { key, protocol, port });
    return { port: l.port, protocol: l.protocol, forward: key };
  });
  return { targetGroups: [...groups.values()], listeners: planned };
}

export class LoadBalancer extends pulumi.ComponentResource {
  public readonly arn: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  /** Hosted zone of the load balancer, for Route 53 alias records. */
  public readonly zoneId: pulumi.Output<string>;
  /** Target group ARN by key (`HTTP-8080`, `TCP-6443`). */
  public readonly targetGroupArns: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('LoadBalancer', name, validateLoadBalancerArgs(args));
    super(TOKENS.aws.LoadBalancer, name, {}, opts);
    const plan = planLoadBalancer(args);
    const alb = args.type === LoadBalancerType.Application;
    const tags = (n: string): Record<string, string> =>
      mergeTags(args.tags, n, { 'vitistack.io/load-balancer': args.name });

    // Physical names are left to Pulumi's auto-naming (AWS caps them at 32 characters and a
    // fixed name would block create-before-delete replacements).
    const lb = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: args.type,
        internal: args.internal ?? false,
        subnets: [...args.subnetIds],
        ...(args.securityGroupIds !== undefined
          ? { securityGroups: [...args.securityGroupIds] }
          : {}),
        enableDeletionProtection: args.deletionProtection ?? false,
        // Drop malformed HTTP headers instead of passing them to targets (request smuggling).
        ...(alb ? { dropInvalidHeaderFields: true } : {}),
        ...(args.accessLogsBucket !== undefined
          ? { accessLogs: { bucket: args.accessLogsBucket, enabled: true } }
          : {}),
        tags: tags(name),
      },
      { parent: this },
    );

    const hc = args.healthCheck;
    const targetGroups = new Map<string, aws.lb.TargetGroup>();
    for (const tg of plan.targetGroups) {
      const tgName = `${name}-tg-${tg.key.toLowerCase()}`;
      const group = new aws.lb.TargetGroup(
        tgName,
        {
          vpcId: args.vpcId,
          port: tg.port,
          protocol: tg.protocol,
          targetType: 'instance',
          healthCheck: {
            enabled: true,
            protocol: hc?.protocol ?? (alb ? 'HTTP' : 'TCP'),
            port: hc?.port !== undefined ? String(hc.port) : 'traffic-port',
            ...(hc?.path !== undefined ? { path: hc.path } : {}),
            ...(hc?.intervalSeconds !== undefined ? { interval: hc.intervalSeconds } : {}),
            ...(hc?.timeoutSeconds !== undefined ? { timeout: hc.timeoutSeconds } : {}),
            ...(hc?.healthyThreshold !== undefined
              ? { healthyThreshold: hc.healthyThreshold }
              : {}),
            ...(hc?.unhealthyThreshold !== undefined
              ? { unhealthyThreshold: hc.unhealthyThreshold }
              : {}),
          },
          tags: tags(tgName),
        },
        { parent: lb },
      );
      targetGroups.set(tg.key, group);
      (args.targetInstanceIds ?? []).forEach((targetId, i) => {
        new aws.lb.TargetGroupAttachment(
          `${tgName}-target-${i}`,
          { targetGroupArn: group.arn, targetId, port: tg.port },
          { parent: group },
        );
      });
    }

    (args.listeners ?? []).forEach((l, i) => {
      const p = plan.listeners[i];
      if (p === undefined) return;
      const listenerName = `${name}-${l.protocol.toLowerCase()}-${l.port}`;
      const tls = l.protocol === ListenerProtocol.Https || l.protocol === ListenerProtocol.Tls;
      const action =
        'forward' in p
          ? { type: 'forward', targetGroupArn: targetGroups.get(p.forward)?.arn }
          : {
              type: 'redirect',
              redirect: { protocol: 'HTTPS', port: String(p.redirectPort), statusCode: 'HTTP_301' },
            };
      new aws.lb.Listener(
        listenerName,
        {
          loadBalancerArn: lb.arn,
          port: l.port,
          protocol: l.protocol,
          ...(tls ? { certificateArn: l.certificateArn, sslPolicy: SSL_POLICY } : {}),
          defaultActions: [action],
          tags: tags(listenerName),
        },
        { parent: lb },
      );
    });

    this.arn = lb.arn;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;
    this.targetGroupArns = Object.fromEntries([...targetGroups].map(([k, v]) => [k, v.arn]));
    this.registerOutputs({
      arn: this.arn,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      targetGroupArns: this.targetGroupArns,
    });
  }
}
