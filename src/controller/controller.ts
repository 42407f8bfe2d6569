// The controller: watches feed the cache; every event enqueues the Vitistacks it concerns; the
// leader's workers reconcile them one key at a time. Only the leader reconciles (and so runs
// engine operations); a standby keeps its cache warm and takes over when the lease frees up.
// Losing the lease cancels in-flight operations and stops the controller, as client-go users do:
// the process exits and restarts as a standby.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Engine } from '../engine/engine';
import { canonicalJson } from '../model';
import { CONDITION_TYPES as T, isTrue, readConditions } from '../status/conditions';
import { keyOf, ObjectCache, type CachedKind, type RawObject } from './cache';
import type { ControllerSettings, ReconcilerDeps } from './context';
import { RetryLater } from './context';
import { KubeClusterWriter, type ClusterWriter } from './kube-client';
import { clientNodeLeaseApi, LeaderElector, type LeaseApi } from './leader';
import type { Logger } from './log';
import type { ControllerMetrics } from './metrics';
import { affectedVitistacks, memberKey, OwnerIndex } from './owners';
import { systemClock, WorkQueue, type QueueClock, type TimerHandle } from './queue';
import { Reconciler } from './reconciler';
import { EventRecorder } from './recorder';
import { Semaphore } from './semaphore';
import { Watches, type WatchEventType } from './watches';

export interface LeaderElectionOptions {
  readonly namespace: string;
  readonly name: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Defaults to the Lease API of the KubeConfig. */
  readonly leases?: LeaseApi;
}

export interface ControllerOptions {
  readonly kubeConfig: KubeConfig;
  readonly engine: Engine;
  readonly settings: ControllerSettings;
  /** Namespaces to watch; empty: all. */
  readonly namespaces: readonly string[];
  readonly labelSelector?: string;
  readonly maxConcurrentReconciles: number;
  readonly maxConcurrentOperations: number;
  /** Every Vitistack is reconciled at least this often; 0 disables. */
  readonly resyncIntervalMs: number;
  /** Undefined: this instance leads from the start (`--leader-elect=false`). */
  readonly leaderElection?: LeaderElectionOptions;
  readonly log: Logger;
  readonly metrics?: ControllerMetrics;
  readonly clock?: QueueClock;
  readonly random?: () => number;
  /** Backoff of failed reconciles: base and cap. Default 5 s to 5 min. */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  /** Defaults to the API server of the KubeConfig. */
  readonly writer?: ClusterWriter;
  /** Called when the controller stops on its own (lost leadership). */
  readonly onStopped?: (reason: string) => void;
}

/** True when an update changed nothing a reconcile reads: only status or resourceVersion. */
function onlyStatusChanged(kind: CachedKind, before: RawObject, after: RawObject): boolean {
  if (kind === 'Secret') return false;
  const m = (o: RawObject) =>
    canonicalJson({
      generation: o.metadata.generation,
      labels: o.metadata.labels,
      annotations: o.metadata.annotations,
      finalizers: o.metadata.finalizers,
      deletionTimestamp: o.metadata.deletionTimestamp,
      spec: o.metadata.generation === undefined ? o.spec : undefined,
    });
  return m(before) === m(after);
}

export class Controller {
  readonly cache = new ObjectCache();
  private readonly index = new OwnerIndex();
  private readonly queue: WorkQueue;
  private readonly watches: Watches;
  private readonly reconciler: Reconciler;
  private readonly abort = new AbortController();
  private readonly clock: QueueClock;
  private readonly elector: LeaderElector | undefined;
  private resyncTimer: { readonly handle: TimerHandle } | undefined;
  private leading = false;
  private stopped = false;
  private workersStarted = false;

  constructor(private readonly opts: ControllerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.queue = new WorkQueue({
      clock: this.clock,
      ...(opts.random ? { random: opts.random } : {}),
      baseDelayMs: opts.retryBaseDelayMs ?? 5_000,
      maxDelayMs: opts.retryMaxDelayMs ?? 300_000,
    });
    const writer = opts.writer ?? new KubeClusterWriter(opts.kubeConfig);
    const secretValues = () => this.secretValues();
    const redact = (text: string) => {
      let out = text;
      for (const v of secretValues()) out = out.split(v).join('[redacted]');
      return out;
    };
    const metrics = opts.metrics;
    const deps: ReconcilerDeps = {
      cache: this.cache,
      writer,
      engine: opts.engine,
      recorder: new EventRecorder(
        writer,
        opts.log,
        redact,
        opts.settings.identity,
        () => new Date(this.clock.now()),
      ),
      log: opts.log,
      index: this.index,
      operations: new Semaphore(opts.maxConcurrentOperations),
      settings: opts.settings,
      now: () => this.clock.now(),
      redact,
      signal: this.abort.signal,
      ...(metrics
        ? {
            observer: {
              operationStarted: () => {
                metrics.operationStarted();
              },
              operationFinished: (op, result, seconds) => {
                metrics.operationFinished();
                metrics.observeOperation(
                  op as Parameters<ControllerMetrics['observeOperation']>[0],
                  result as Parameters<ControllerMetrics['observeOperation']>[1],
                  seconds,
                );
              },
            },
          }
        : {}),
    };
    this.reconciler = new Reconciler(deps);
    metrics?.onCollect(() => {
      this.updateGauges();
    });
    this.watches = new Watches(
      opts.kubeConfig,
      (k, t, o) => {
        this.onEvent(k, t, o);
      },
      {
        namespaces: opts.namespaces,
        ...(opts.labelSelector !== undefined ? { labelSelector: opts.labelSelector } : {}),
        clock: this.clock,
        ...(opts.random ? { random: opts.random } : {}),
        log: opts.log,
      },
    );
    const le = opts.leaderElection;
    this.elector =
      le === undefined
        ? undefined
        : new LeaderElector({
            leases: le.leases ?? clientNodeLeaseApi(opts.kubeConfig),
            namespace: le.namespace,
            name: le.name,
            identity: opts.settings.identity,
            ...(le.leaseDurationMs !== undefined ? { leaseDurationMs: le.leaseDurationMs } : {}),
            ...(le.renewDeadlineMs !== undefined ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
            ...(le.retryPeriodMs !== undefined ? { retryPeriodMs: le.retryPeriodMs } : {}),
            clock: this.clock,
            log: opts.log,
            onStartedLeading: () => {
              this.startLeading();
            },
            onStoppedLeading: () => {
              this.lostLeadership();
            },
          });
  }

  private secretValueList: string[] | undefined;

  /**
   * Every value of every watched Secret, longest first: none may appear in a status, a log line
   * or an Event. Kept until a Secret changes.
   */
  secretValues(): string[] {
    if (this.secretValueList === undefined) {
      const values = new Set<string>();
      for (const s of this.cache.list('Secret')) {
        for (const v of Object.values(this.cache.secretValues(keyOf(s.metadata)) ?? {})) {
          if (v.length >= 4) values.add(v);
        }
      }
      this.secretValueList = [...values].sort((a, b) => b.length - a.length);
    }
    return this.secretValueList;
  }

  private onEvent(kind: CachedKind, type: WatchEventType, raw: RawObject): void {
    const key = keyOf(raw.metadata);
    let previous: RawObject | undefined;
    if (type === 'delete') {
      previous = this.cache.get(kind, key);
      this.cache.delete(kind, raw);
    } else {
      previous = this.cache.upsert(kind, raw);
    }
    if (kind === 'Secret') this.secretValueList = undefined;
    if (kind === 'Vitistack') this.indexReferences(key, type === 'delete' ? undefined : raw);
    if (type === 'update' && previous !== undefined && onlyStatusChanged(kind, previous, raw)) {
      return;
    }
    for (const v of affectedVitistacks(kind, raw, previous, this.cache, this.index)) {
      this.queue.add(v);
    }
    this.opts.metrics?.setQueueDepth(this.queue.length);
  }

  /** Records which providers a Vitistack names, for mapping provider events to it. */
  private indexReferences(key: string, raw: RawObject | undefined): void {
    if (raw === undefined) {
      this.index.setReferences(key, []);
      return;
    }
    const parsed = this.cache.parsed('Vitistack', key);
    if (parsed?.ok !== true || parsed.object.kind !== 'Vitistack') return;
    const v = parsed.object;
    const ns = v.metadata.namespace;
    this.index.setReferences(key, [
      ...v.spec.providerRefs.machine.map((r) =>
        memberKey('MachineProvider', r.namespace ?? ns, r.name),
      ),
      ...v.spec.providerRefs.kubernetes.map((r) =>
        memberKey('KubernetesProvider', r.namespace ?? ns, r.name),
      ),
    ]);
  }

  /** Starts the watches and the campaign for the lease (or leads at once without election). */
  start(): void {
    this.watches.start();
    if (this.elector) this.elector.run();
    else this.startLeading();
  }

  private startLeading(): void {
    if (this.stopped || this.leading) return;
    this.leading = true;
    this.opts.metrics?.setLeader(true);
    this.opts.log.info({ identity: this.opts.settings.identity }, 'leading: reconciles start');
    if (!this.workersStarted) {
      this.workersStarted = true;
      this.queue.start((key) => this.handle(key), {
        concurrency: this.opts.maxConcurrentReconciles,
        onError: (key, err) => {
          const retry = err instanceof RetryLater;
          this.opts.log[retry ? 'info' : 'error'](
            { key, error: err },
            retry ? 'reconcile will be retried' : 'reconcile failed',
          );
        },
      });
    }
    this.resync();
  }

  private lostLeadership(): void {
    if (!this.leading) return;
    this.leading = false;
    this.opts.metrics?.setLeader(false);
    this.opts.log.warn({}, 'leadership lost: cancelling operations and stopping');
    void this.stop().then(() => this.opts.onStopped?.('leadership lost'));
  }

  private async handle(key: string): Promise<void> {
    const t0 = this.clock.now();
    let outcome = 'success';
    try {
      const r = await this.reconciler.reconcile(key);
      if (r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
    } catch (err) {
      outcome = err instanceof RetryLater ? 'requeue' : 'error';
      throw err;
    } finally {
      this.opts.metrics?.observeReconcile(
        outcome as Parameters<ControllerMetrics['observeReconcile']>[0],
        (this.clock.now() - t0) / 1000,
      );
      this.opts.metrics?.setQueueDepth(this.queue.length);
    }
  }

  /** Enqueues every Vitistack now, and again every resync interval. */
  resync(): void {
    if (this.stopped) return;
    for (const v of this.cache.list('Vitistack')) this.queue.add(keyOf(v.metadata));
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer.handle);
    if (this.opts.resyncIntervalMs > 0) {
      this.resyncTimer = {
        handle: this.clock.setTimeout(() => {
          this.resyncTimer = undefined;
          this.resync();
        }, this.opts.resyncIntervalMs),
      };
    }
  }

  /** Gauges computed from the cache when metrics are scraped. */
  private updateGauges(): void {
    const metrics = this.opts.metrics;
    if (!metrics) return;
    metrics.setQueueDepth(this.queue.length);
    const phases: Record<string, number> = {};
    let drifted = 0;
    for (const v of this.cache.list('Vitistack')) {
      const status = v.status as { phase?: unknown } | undefined;
      const phase = typeof status?.phase === 'string' ? status.phase : 'Unknown';
      phases[phase] = (phases[phase] ?? 0) + 1;
      if (isTrue(readConditions(v.status), T.Drifted)) drifted += 1;
    }
    metrics.setStacksByPhase(phases);
    metrics.setDrifted(drifted);
  }

  /** Whether the cache is complete (every watch listed once). */
  synced(): boolean {
    return this.watches.synced();
  }

  /** Nothing to do now: a standby, or a leader with nothing queued or running. */
  idle(): boolean {
    if (!this.leading) return true;
    const p = this.queue.pending();
    return p.ready.length === 0 && p.processing.length === 0;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Stops: cancels in-flight operations (they end as cancelled and are recorded so), waits for
   * running reconciles, stops the watches and releases the lease.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer.handle);
    this.abort.abort();
    await this.queue.shutdown();
    await this.watches.stop();
    if (this.elector) await this.elector.stop({ release: true });
    this.leading = false;
    this.opts.metrics?.setLeader(false);
  }
}
