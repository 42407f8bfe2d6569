// The controller's HTTP endpoints: `/healthz` (liveness), `/readyz` (readiness) and `/metrics`
// (Prometheus). Like controller-runtime, metrics and probes may listen on two addresses (flags
// `--metrics-bind-address` and `--health-probe-bind-address`), so each server serves a subset.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ControllerMetrics } from './metrics';

export const PROBE_PATHS = ['/healthz', '/readyz', '/metrics'] as const;
export type ProbePath = (typeof PROBE_PATHS)[number];

/** Default of `--metrics-bind-address`. */
export const DEFAULT_METRICS_BIND_ADDRESS = ':8080';
/** Default of `--health-probe-bind-address`. */
export const DEFAULT_HEALTH_PROBE_BIND_ADDRESS = ':8081';

/** Readiness with the reason `/readyz` shows when not ready. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

export interface BindAddress {
  /** Empty for every interface (`:8080`). */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

export interface ProbeServerOptions extends BindAddress {
  /** Served at `/metrics`; without it `/metrics` answers 404. */
  readonly metrics?: ControllerMetrics;
  /** Liveness: false makes `/healthz` answer 500 and the kubelet restart the pod. */
  readonly healthy: () => boolean;
  /** Readiness: not ready makes `/readyz` answer 503 with the reason. */
  readonly ready: () => boolean | Readiness;
  /** Paths this server answers; others get 404. Defaults to all of `PROBE_PATHS`. */
  readonly paths?: readonly ProbePath[];
}

export interface ProbeServer {
  /** The port listened on; the chosen one when asked for port 0. */
  readonly port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** A listening server plus the paths it serves, as `planProbeServers` returns them. */
export interface ProbeServerPlan {
  readonly address: BindAddress;
  readonly paths: readonly ProbePath[];
}

/**
 * Parses a bind-address flag: `:8080` (every interface), `0.0.0.0:8080`, `127.0.0.1:0`,
 * `[::1]:8080`, or `0` to disable (returns undefined). `flag` names the flag in errors.
 */
export function parseBindAddress(value: string, flag: string): BindAddress | undefined {
  const text = value.trim();
  if (text === '0') return undefined;
  const usage = `expected [host]:port such as ":8080", or "0" to disable`;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):([0-9]+)$/.exec(text);
  const portText = m?.[3];
  if (m === null || portText === undefined) {
    throw new Error(`${flag} ${JSON.stringify(value)}: ${usage}.`);
  }
  const port = Number(portText);
  if (port > 65535) {
    throw new Error(
      `${flag} ${JSON.stringify(value)}: port ${portText} is out of range; use 0 to 65535 (${usage}).`,
    );
  }
  return { host: m[1] ?? m[2] ?? '', port };
}

/**
 * The servers to start for the two flags: none for a disabled flag, and one serving every path
 * when both name the same fixed address (two servers could not both listen there).
 */
export function planProbeServers(
  metrics: BindAddress | undefined,
  probes: BindAddress | undefined,
): ProbeServerPlan[] {
  if (metrics !== undefined && probes !== undefined && sameAddress(metrics, probes)) {
    return [{ address: metrics, paths: [...PROBE_PATHS] }];
  }
  const plans: ProbeServerPlan[] = [];
  if (metrics !== undefined) plans.push({ address: metrics, paths: ['/metrics'] });
  if (probes !== undefined) plans.push({ address: probes, paths: ['/healthz', '/readyz'] });
  return plans;
}

function sameAddress(a: BindAddress, b: BindAddress): boolean {
  return a.port !== 0 && a.port === b.port && a.host === b.host;
}

/** Starts an HTTP server for the probe and metrics paths; resolves once it listens. */
export async function startProbeServer(opts: ProbeServerOptions): Promise<ProbeServer> {
  const paths = new Set<string>(opts.paths ?? PROBE_PATHS);
  const server = http.createServer((req, res) => {
    handle(opts, paths, req, res).catch((err: unknown) => {
      send(res, 500, `internal error: ${errorMessage(err)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      reject(
        new Error(
          `Cannot listen on ${formatAddress(opts)} for ${[...paths].join(', ')}: ${err.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(opts.port, opts.host === '' ? undefined : opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err === undefined) resolve();
          else reject(err);
        });
        // Prometheus keeps its connection open between scrapes; close() alone would wait for it.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  opts: ProbeServerOptions,
  paths: ReadonlySet<string>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!paths.has(path) || (path === '/metrics' && opts.metrics === undefined)) {
    send(res, 404, 'not found\n');
    return;
  }
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET');
    send(res, 405, 'method not allowed\n');
    return;
  }
  switch (path) {
    case '/healthz': {
      const healthy = check(opts.healthy);
      send(res, healthy ? 200 : 500, healthy ? 'ok\n' : 'unhealthy\n');
      return;
    }
    case '/readyz': {
      const r = readiness(opts.ready);
      send(res, r.ready ? 200 : 503, r.ready ? 'ok\n' : `not ready: ${r.reason}\n`);
      return;
    }
    case '/metrics': {
      const metrics = opts.metrics;
      if (metrics === undefined) return;
      const body = await metrics.render();
      send(res, 200, body, metrics.contentType);
      return;
    }
  }
}

function check(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}

function readiness(fn: () => boolean | Readiness): Readiness {
  try {
    const r = fn();
    if (typeof r === 'boolean') return { ready: r, reason: 'the controller is not ready' };
    return r;
  } catch (err) {
    return { ready: false, reason: `the readiness check failed: ${errorMessage(err)}` };
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}

function formatAddress(a: BindAddress): string {
  const host = a.host === '' ? '' : a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${host}:${a.port}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
