// A controller under test: the real Controller and the real @kubernetes/client-node against the
// in-process fake API server, with the fake engine and a fake clock. Tests act through the API
// (create, patch, delete as kubectl would) and assert on what the API server holds (status,
// conditions, Events, Secrets) and on the engine's calls.
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { findKind } from '../../src/api/v1alpha1';
import type { Mode } from '../../src/controller/annotations';
import { Controller, type LeaderElectionOptions } from '../../src/controller/controller';
import { createLogger } from '../../src/controller/log';
import { ControllerMetrics } from '../../src/controller/metrics';
import { repoRoot } from '../model/helpers';
import { FakeApiServer } from './fake-apiserver';
import { FakeClock, flush } from './fake-clock';
import { FakeEngine } from './fake-engine';

export const KEY_ID = 'AKIAFAKEKEYID0000003';
export const SECRET_KEY = 'fakeSecretAccessKeyValue/controller-0123456789';
export const GRAFANA_PASSWORD = 'fake-grafana-password-42';
/** Every secret value the fixtures hold: none may appear in status, logs or Events. */
export const SECRET_VALUES = [KEY_ID, SECRET_KEY, GRAFANA_PASSWORD];

export type Obj = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string } & Record<string, unknown>;
};

/** The manifests of stacks/<name> as objects. */
export function stackManifests(name: string): Obj[] {
  const dir = join(repoRoot(), 'stacks', name);
  const files = [
    'vitistack.yaml',
    'machine-provider.yaml',
    'kubernetes-provider.yaml',
    'machines.yaml',
  ];
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), 'utf8'))
      .map((d) => d.toJSON() as Obj | null)
      .filter((o): o is Obj => o !== null),
  );
}

/** The Secrets stacks/aws-production references. */
export function awsSecrets(namespace = 'production'): Obj[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'aws-credentials', namespace },
      stringData: { aws_access_key_id: KEY_ID, aws_secret_access_key: SECRET_KEY },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'grafana-admin', namespace },
      stringData: { password: GRAFANA_PASSWORD },
    },
  ];
}

export interface HarnessOptions {
  readonly mode?: Mode;
  readonly driftIntervalMs?: number;
  readonly resyncIntervalMs?: number;
  readonly stallAfter?: number;
  readonly maxConcurrentOperations?: number;
  readonly identity?: string;
  /** Share with another harness (leader election, restart). */
  readonly server?: FakeApiServer;
  readonly engine?: FakeEngine;
  readonly clock?: FakeClock;
  readonly stateDir?: string;
  readonly leaderElection?: boolean;
  readonly namespaces?: readonly string[];
  readonly labelSelector?: string;
  readonly onStopped?: (reason: string) => void;
  readonly policyPacks?: readonly string[];
}

export const LEASE: Omit<LeaderElectionOptions, 'leases'> = {
  namespace: 'vitistack-system',
  name: 'vitistack-controller',
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** Collects the controller's JSON log lines. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  }
}

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export class Harness {
  readonly custom: CustomObjectsApi;
  readonly core: CoreV1Api;
  readonly logs = new LogCapture();
  readonly metrics = new ControllerMetrics({ processMetrics: false });
  controller: Controller;
  private readonly ownsServer: boolean;

  private constructor(
    readonly server: FakeApiServer,
    readonly engine: FakeEngine,
    readonly clock: FakeClock,
    readonly stateDir: string,
    private readonly opts: HarnessOptions,
  ) {
    this.ownsServer = opts.server === undefined;
    const kc = server.kubeConfig();
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
    this.controller = this.makeController();
  }

  static async start(opts: HarnessOptions = {}): Promise<Harness> {
    const server = opts.server ?? new FakeApiServer();
    if (opts.server === undefined) await server.start();
    const h = new Harness(
      server,
      opts.engine ?? new FakeEngine(),
      opts.clock ?? new FakeClock(Date.parse('2026-11-22T08:00:00Z')),
      opts.stateDir ?? mkdtempSync(join(tmpdir(), 'vitistack-controller-')),
      opts,
    );
    h.controller.start();
    await h.waitFor(() => h.controller.synced() || undefined, 'the watches to sync');
    return h;
  }

  private makeController(): Controller {
    const o = this.opts;
    return new Controller({
      kubeConfig: this.server.kubeConfig(),
      engine: this.engine,
      settings: {
        mode: o.mode ?? 'apply',
        allowedNamespaces: [],
        driftIntervalMs: o.driftIntervalMs ?? 0,
        operationTimeoutMs: 600_000,
        stallAfter: o.stallAfter ?? 3,
        planDir: join(this.stateDir, 'plans'),
        policyPacks: o.policyPacks ?? [],
        policyPackConfigs: [],
        identity: o.identity ?? 'controller-0',
      },
      namespaces: o.namespaces ?? [],
      ...(o.labelSelector !== undefined ? { labelSelector: o.labelSelector } : {}),
      ...(o.onStopped !== undefined ? { onStopped: o.onStopped } : {}),
      maxConcurrentReconciles: 4,
      maxConcurrentOperations: o.maxConcurrentOperations ?? 4,
      resyncIntervalMs: o.resyncIntervalMs ?? 600_000,
      ...(o.leaderElection === true ? { leaderElection: LEASE } : {}),
      log: createLogger({
        stream: this.logs,
        level: 'debug',
        clock: () => new Date(this.clock.now()),
        redact: () => this.controller.secretValues(),
      }),
      metrics: this.metrics,
      clock: this.clock,
      random: () => 0.5,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 60_000,
    });
  }

  /** Polls `check` (real time, bounded) until it gives a value; fails naming `what`. */
  async waitFor<T>(
    check: () => T | undefined | Promise<T | undefined>,
    what: string,
    timeoutMs = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline)
        throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits until the controller has nothing queued or running. */
  async idle(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await this.waitFor(() => this.controller.idle() || undefined, 'the controller to be idle');
      await flush();
    }
  }

  /**
   * Once the controller is idle (so the timers it means to set are set), moves the fake clock
   * (delays, backoff, resync, drift, leases) and lets the timers run.
   */
  async advance(ms: number): Promise<void> {
    await this.idle();
    await this.clock.advance(ms);
  }

  async create(obj: Obj): Promise<void> {
    const ns = obj.metadata.namespace ?? 'default';
    if (obj.kind === 'Secret') {
      await this.core.createNamespacedSecret({ namespace: ns, body: obj });
      return;
    }
    const def = findKind(obj.kind);
    if (def === undefined) throw new Error(`unknown kind ${obj.kind}`);
    await this.custom.createNamespacedCustomObject({
      group: 'vitistack.io',
      version: 'v1alpha1',
      namespace: ns,
      plural: def.plural,
      body: obj,
    });
  }

  async createAll(objs: readonly Obj[]): Promise<void> {
    for (const o of objs) await this.create(o);
  }

  async patch(kind: string, ns: string, name: string, body: object): Promise<void> {
    await this.custom.patchNamespacedCustomObject(
      {
        group: 'vitistack.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: plural(kind),
        name,
        body,
      },
      MERGE,
    );
  }

  async annotate(
    ns: string,
    name: string,
    annotations: Record<string, string | null>,
  ): Promise<void> {
    await this.patch('Vitistack', ns, name, { metadata: { annotations } });
  }

  async remove(kind: string, ns: string, name: string): Promise<void> {
    await this.custom.deleteNamespacedCustomObject({
      group: 'vitistack.io',
      version: 'v1alpha1',
      namespace: ns,
      plural: plural(kind),
      name,
    });
  }

  /** The object as the API server holds it, or undefined when gone. */
  async get(kind: string, ns: string, name: string): Promise<Obj | undefined> {
    try {
      return (await this.custom.getNamespacedCustomObject({
        group: 'vitistack.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: plural(kind),
        name,
      })) as Obj;
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  }

  async status(kind: string, ns: string, name: string): Promise<Record<string, unknown>> {
    return ((await this.get(kind, ns, name))?.status ?? {}) as Record<string, unknown>;
  }

  /** Conditions by type. */
  async conditions(
    kind: string,
    ns: string,
    name: string,
  ): Promise<Record<string, { status: string; reason: string; message: string }>> {
    const list = ((await this.status(kind, ns, name)).conditions ?? []) as {
      type: string;
      status: string;
      reason: string;
      message: string;
    }[];
    return Object.fromEntries(list.map((c) => [c.type, c]));
  }

  /** Waits for a condition of a Vitistack to have this status (and reason, when given). */
  async waitForCondition(
    ns: string,
    name: string,
    type: string,
    status: string,
    reason?: string,
  ): Promise<{ status: string; reason: string; message: string }> {
    return this.waitFor(
      async () => {
        const c = (await this.conditions('Vitistack', ns, name))[type];
        return c && c.status === status && (reason === undefined || c.reason === reason)
          ? c
          : undefined;
      },
      `Vitistack ${ns}/${name} ${type}=${status}${reason ? ` (${reason})` : ''}`,
    );
  }

  async events(ns: string): Promise<CoreV1Event[]> {
    return (await this.core.listNamespacedEvent({ namespace: ns })).items;
  }

  async eventReasons(ns: string): Promise<string[]> {
    return (await this.events(ns)).map((e) => e.reason ?? '');
  }

  /** Stops the controller (cancelling its operations) and, when it owns it, the server. */
  async stop(): Promise<void> {
    await this.controller.stop();
    if (this.ownsServer) await this.server.stop();
  }
}

function plural(kind: string): string {
  const def = findKind(kind);
  if (def === undefined) throw new Error(`unknown kind ${kind}`);
  return def.plural;
}
