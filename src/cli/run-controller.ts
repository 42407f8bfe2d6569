// Runs the controller until SIGTERM/SIGINT (or the injected stop signal), or until it loses its
// lease: the Kubernetes client from the kubeconfig, the engine from the backend flags, the probe
// and metrics servers, JSON logs on stderr. Exit codes: 0 stopped, 1 lost leadership or failed,
// 2 bad flags.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Controller } from '../controller/controller';
import {
  parseBindAddress,
  planProbeServers,
  startProbeServer,
  type ProbeServer,
} from '../controller/http-server';
import { createLogger, type Logger } from '../controller/log';
import { ControllerMetrics } from '../controller/metrics';
import type { ControllerFlags } from './controller-command';
import type { CliDeps } from './main';
import { createEngine } from './operate';
import { ExitCode, type Io } from './output';

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Flags that cannot be checked by their parser alone; throws with the fix. */
function leaseNamespace(flags: ControllerFlags, env: NodeJS.ProcessEnv): string {
  if (flags.leaderElectionNamespace !== undefined) return flags.leaderElectionNamespace;
  if (env.POD_NAMESPACE) return env.POD_NAMESPACE;
  if (existsSync(SERVICE_ACCOUNT_NAMESPACE)) {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim();
  }
  throw new Error(
    'leader election needs a namespace for its Lease: pass --leader-election-namespace, set POD_NAMESPACE, or run with --no-leader-elect (one replica only)',
  );
}

function kubeConfigOf(flags: ControllerFlags): KubeConfig {
  const kc = new KubeConfig();
  if (flags.kubeconfig !== undefined) kc.loadFromFile(flags.kubeconfig);
  else kc.loadFromDefault();
  return kc;
}

/** Resolves when SIGTERM or SIGINT arrives (or `signal` aborts). */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((done) => {
    if (signal) {
      if (signal.aborted) done('stop requested');
      signal.addEventListener(
        'abort',
        () => {
          done('stop requested');
        },
        { once: true },
      );
      return;
    }
    const on = (name: NodeJS.Signals) => () => {
      done(name);
    };
    process.once('SIGTERM', on('SIGTERM'));
    process.once('SIGINT', on('SIGINT'));
  });
}

export async function runController(
  flags: ControllerFlags,
  io: Io,
  deps: CliDeps,
): Promise<ExitCode> {
  let controller: Controller | undefined;
  const log: Logger = createLogger({
    level: flags.logLevel,
    ...(deps.logStream ? { stream: deps.logStream } : {}),
    redact: () => controller?.secretValues() ?? [],
  });
  const servers: ProbeServer[] = [];
  let lost: (reason: string) => void = () => undefined;
  const leadershipLost = new Promise<string>((done) => (lost = done));
  try {
    const metricsAt = parseBindAddress(flags.metricsBindAddress, '--metrics-bind-address');
    const probesAt = parseBindAddress(flags.healthProbeBindAddress, '--health-probe-bind-address');
    const kubeConfig = kubeConfigOf(flags);
    const engine = createEngine(flags, deps);
    const identity = deps.env.POD_NAME ?? hostname();
    const metrics = new ControllerMetrics();
    const stateDir = resolve(flags.stateDir);
    // Neither the engine nor Pulumi's file backend creates it.
    mkdirSync(stateDir, { recursive: true });
    controller = new Controller({
      kubeConfig,
      engine,
      settings: {
        mode: flags.mode,
        allowedNamespaces: flags.allowNamespace,
        driftIntervalMs: flags.driftInterval,
        operationTimeoutMs: flags.operationTimeout,
        stallAfter: flags.stallAfter,
        planDir: join(stateDir, 'plans'),
        policyPacks: flags.policyPack,
        policyPackConfigs: flags.policyPackConfig,
        identity,
      },
      namespaces: flags.namespace,
      ...(flags.labelSelector !== undefined ? { labelSelector: flags.labelSelector } : {}),
      maxConcurrentReconciles: flags.maxConcurrentReconciles,
      maxConcurrentOperations: flags.maxConcurrentOperations,
      resyncIntervalMs: flags.resyncInterval,
      ...(flags.leaderElect
        ? {
            leaderElection: {
              namespace: leaseNamespace(flags, deps.env),
              name: flags.leaderElectionId,
              leaseDurationMs: flags.leaseDuration,
              renewDeadlineMs: flags.renewDeadline,
              retryPeriodMs: flags.retryPeriod,
            },
          }
        : {}),
      log,
      metrics,
      onStopped: (reason) => {
        lost(reason);
      },
    });
    const running = controller;
    for (const plan of planProbeServers(metricsAt, probesAt)) {
      const server = await startProbeServer({
        ...plan.address,
        paths: plan.paths,
        metrics,
        healthy: () => true,
        ready: () =>
          running.synced()
            ? { ready: true, reason: 'watches synced' }
            : { ready: false, reason: 'watches have not listed every kind yet' },
      });
      servers.push(server);
      log.info({ port: server.port, paths: plan.paths }, 'serving probes');
    }
    running.start();
    log.info({ identity, mode: flags.mode, namespaces: flags.namespace }, 'controller started');
  } catch (err) {
    io.err(`controller: ${err instanceof Error ? err.message : String(err)}\n`);
    await Promise.all(servers.map((s) => s.close()));
    await controller?.stop();
    return ExitCode.BadInput;
  }
  const why = await Promise.race([
    stopRequested(deps.stop).then((r) => ({ lost: false, reason: r })),
    leadershipLost.then((r) => ({ lost: true, reason: r })),
  ]);
  log.info({ reason: why.reason }, 'controller stopping');
  await controller.stop();
  await Promise.all(servers.map((s) => s.close()));
  log.info({}, 'controller stopped');
  return why.lost ? ExitCode.Failed : ExitCode.Ok;
}
