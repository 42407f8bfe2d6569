// What the two GCP load balancer components share: listener and health check arguments, their
// validation, and the health check block both compute.HealthCheck and RegionHealthCheck take.
import { listAllowed, problem } from './util';

export const HEALTH_CHECK_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP'] as const;
export type HealthCheckProtocol = (typeof HEALTH_CHECK_PROTOCOLS)[number];

export interface LoadBalancerHealthCheckArgs {
  /** HTTP or HTTPS request path, e.g. `/healthz`. Defaults to GCP's `/`. */
  readonly path?: string;
  /** Port to check. Defaults to the first listener's target port, else 80. */
  readonly port?: number;
  /** HTTP, HTTPS or TCP. Defaults to TCP (network) or HTTP (application). */
  readonly protocol?: HealthCheckProtocol;
  /** Seconds between checks, 1 to 300. Defaults to GCP's 5. */
  readonly intervalSeconds?: number;
  /** Seconds to wait, 1 to 300, at most the interval. Defaults to GCP's 5. */
  readonly timeoutSeconds?: number;
  /** Successes before healthy, 1 to 10. Defaults to GCP's 2. */
  readonly healthyThreshold?: number;
  /** Failures before unhealthy, 1 to 10. Defaults to GCP's 2. */
  readonly unhealthyThreshold?: number;
}

/** The part of a HealthCheck / RegionHealthCheck both take. */
export interface HealthCheckBlock {
  readonly checkIntervalSec?: number;
  readonly timeoutSec?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly tcpHealthCheck?: { readonly port: number };
  readonly httpHealthCheck?: { readonly port: number; readonly requestPath?: string };
  readonly httpsHealthCheck?: { readonly port: number; readonly requestPath?: string };
}

function inRange(v: number | undefined, min: number, max: number): boolean {
  return v === undefined || (Number.isInteger(v) && v >= min && v <= max);
}

/** Problems with a health check; `at` prefixes the field paths. */
export function validateHealthCheck(
  hc: LoadBalancerHealthCheckArgs | undefined,
  at = 'healthCheck',
): string[] {
  if (hc === undefined) return [];
  const out: string[] = [];
  if (
    hc.protocol !== undefined &&
    !(HEALTH_CHECK_PROTOCOLS as readonly string[]).includes(hc.protocol)
  ) {
    out.push(
      problem(
        `${at}.protocol`,
        hc.protocol,
        `is not a health check protocol (allowed: ${listAllowed(HEALTH_CHECK_PROTOCOLS)}).`,
      ),
    );
  }
  if (hc.path !== undefined && hc.protocol === 'TCP') {
    out.push(
      problem(`${at}.path`, hc.path, 'cannot be set for a TCP health check; use HTTP or HTTPS.'),
    );
  }
  if (!inRange(hc.port, 1, 65535))
    out.push(problem(`${at}.port`, hc.port, 'is not a port from 1 to 65535.'));
  if (!inRange(hc.intervalSeconds, 1, 300)) {
    out.push(
      problem(
        `${at}.intervalSeconds`,
        hc.intervalSeconds,
        'is not a whole number of seconds from 1 to 300.',
      ),
    );
  }
  if (!inRange(hc.timeoutSeconds, 1, 300)) {
    out.push(
      problem(
        `${at}.timeoutSeconds`,
        hc.timeoutSeconds,
        'is not a whole number of seconds from 1 to 300.',
      ),
    );
  }
  if ((hc.timeoutSeconds ?? 5) > (hc.intervalSeconds ?? 5)) {
    out.push(
      problem(
        `${at}.timeoutSeconds`,
        hc.timeoutSeconds ?? 5,
        `is longer than the interval (${hc.intervalSeconds ?? 5}s); GCP needs the timeout at most the interval.`,
      ),
    );
  }
  for (const f of ['healthyThreshold', 'unhealthyThreshold'] as const) {
    if (!inRange(hc[f], 1, 10))
      out.push(problem(`${at}.${f}`, hc[f], 'is not a whole number from 1 to 10.'));
  }
  return out;
}

/** The health check fields of compute.HealthCheck / RegionHealthCheck. */
export function healthCheckBlock(
  hc: LoadBalancerHealthCheckArgs | undefined,
  defaultProtocol: HealthCheckProtocol,
  defaultPort: number,
): HealthCheckBlock {
  const port = hc?.port ?? defaultPort;
  const protocol = hc?.protocol ?? defaultProtocol;
  const path = hc?.path !== undefined ? { requestPath: hc.path } : {};
  return {
    ...(hc?.intervalSeconds !== undefined ? { checkIntervalSec: hc.intervalSeconds } : {}),
    ...(hc?.timeoutSeconds !== undefined ? { timeoutSec: hc.timeoutSeconds } : {}),
    ...(hc?.healthyThreshold !== undefined ? { healthyThreshold: hc.healthyThreshold } : {}),
    ...(hc?.unhealthyThreshold !== undefined ? { unhealthyThreshold: hc.unhealthyThreshold } : {}),
    ...(protocol === 'TCP'
      ? { tcpHealthCheck: { port } }
      : protocol === 'HTTPS'
        ? { httpsHealthCheck: { port, ...path } }
        : { httpHealthCheck: { port, ...path } }),
  };
}
