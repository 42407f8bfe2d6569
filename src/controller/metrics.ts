// Prometheus metrics of the controller. Each instance has its own registry, never prom-client's
// global one, so tests and several controllers in one process do not clash over metric names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationKind, OperationResult } from '../engine/result';

/** Prefix of every metric name. */
export const METRIC_PREFIX = 'vitistack_';

/** How a reconcile ended; the `result` label of `vitistack_reconciles_total`. */
export const RECONCILE_RESULTS = [
  'success',
  'error',
  'skipped',
  'requeue',
  'stalled',
  'paused',
  'deleted',
] as const;
export type ReconcileResult = (typeof RECONCILE_RESULTS)[number];

/** How a stack operation ended: the engine's own words. */
export type OperationOutcome = OperationResult['result'];

const OPERATIONS: readonly OperationKind[] = ['preview', 'up', 'destroy', 'refresh'];
const OUTCOMES: readonly OperationOutcome[] = ['succeeded', 'failed'];

// A reconcile that only reads takes milliseconds; one that runs `up` can take half an hour.
const RECONCILE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
const OPERATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600];

export interface ControllerMetricsOptions {
  /**
   * Also register prom-client's process metrics (CPU, memory, event loop lag, GC), named with the
   * `vitistack_` prefix. Defaults to true.
   */
  readonly processMetrics?: boolean;
}

/** The controller's metrics and the registry `/metrics` renders. */
export class ControllerMetrics {
  readonly registry = new Registry();

  private readonly reconciles: Counter<'result'>;
  private readonly reconcileDuration: Histogram;
  private readonly operationDuration: Histogram<'operation' | 'result'>;
  private readonly queueDepth: Gauge;
  private readonly stacks: Gauge<'phase'>;
  private readonly drifted: Gauge;
  private readonly inFlight: Gauge;
  private readonly leader: Gauge;
  private readonly phases = new Set<string>();

  constructor(opts: ControllerMetricsOptions = {}) {
    const registers = [this.registry];
    this.reconciles = new Counter({
      name: `${METRIC_PREFIX}reconciles_total`,
      help: 'Reconciles of Vitistack objects, by how they ended.',
      labelNames: ['result'],
      registers,
    });
    this.reconcileDuration = new Histogram({
      name: `${METRIC_PREFIX}reconcile_duration_seconds`,
      help: 'Time one reconcile of a Vitistack took, stack operations included.',
      buckets: RECONCILE_BUCKETS,
      registers,
    });
    this.operationDuration = new Histogram({
      name: `${METRIC_PREFIX}operation_duration_seconds`,
      help: 'Time one Pulumi stack operation took, by operation and result.',
      labelNames: ['operation', 'result'],
      buckets: OPERATION_BUCKETS,
      registers,
    });
    this.queueDepth = new Gauge({
      name: `${METRIC_PREFIX}queue_depth`,
      help: 'Vitistack keys waiting in the work queue.',
      registers,
    });
    this.stacks = new Gauge({
      name: `${METRIC_PREFIX}stacks`,
      help: 'Vitistack objects this controller manages, by phase.',
      labelNames: ['phase'],
      registers,
    });
    this.drifted = new Gauge({
      name: `${METRIC_PREFIX}stacks_drifted`,
      help: 'Stacks whose last refresh found drift from the cloud.',
      registers,
    });
    this.inFlight = new Gauge({
      name: `${METRIC_PREFIX}engine_operations_in_flight`,
      help: 'Pulumi stack operations running now.',
      registers,
    });
    this.leader = new Gauge({
      name: `${METRIC_PREFIX}leader`,
      help: '1 when this instance holds the leader Lease, else 0.',
      registers,
    });

    // Series that exist from the start, at zero, so rate() and absent() work before the first event.
    for (const result of RECONCILE_RESULTS) this.reconciles.inc({ result }, 0);
    for (const operation of OPERATIONS) {
      for (const result of OUTCOMES) this.operationDuration.zero({ operation, result });
    }
    this.leader.set(0);
    this.inFlight.set(0);
    this.queueDepth.set(0);
    this.drifted.set(0);

    if (opts.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    }
  }

  /** The `Content-Type` of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counts one reconcile and its duration. */
  observeReconcile(result: ReconcileResult, seconds: number): void {
    this.reconciles.inc({ result });
    this.reconcileDuration.observe(seconds);
  }

  /** Records one finished stack operation. */
  observeOperation(operation: OperationKind, result: OperationOutcome, seconds: number): void {
    this.operationDuration.observe({ operation, result }, seconds);
  }

  /** Call as an engine operation starts; pair with `operationFinished` in a `finally`. */
  operationStarted(): void {
    this.inFlight.inc();
  }

  operationFinished(): void {
    this.inFlight.dec();
  }

  setQueueDepth(n: number): void {
    this.queueDepth.set(n);
  }

  /** Sets the count of objects in each phase; phases set before and missing now go to zero. */
  setStacksByPhase(counts: Readonly<Record<string, number>>): void {
    for (const phase of this.phases) {
      if (!(phase in counts)) this.stacks.set({ phase }, 0);
    }
    for (const [phase, n] of Object.entries(counts)) {
      this.phases.add(phase);
      this.stacks.set({ phase }, n);
    }
  }

  setDrifted(n: number): void {
    this.drifted.set(n);
  }

  setLeader(leading: boolean): void {
    this.leader.set(leading ? 1 : 0);
  }

  private readonly collectors: (() => void)[] = [];

  /**
   * Runs `fn` before every render, for gauges that are cheaper to compute when scraped than to
   * keep current (stacks by phase, drifted stacks).
   */
  onCollect(fn: () => void): void {
    this.collectors.push(fn);
  }

  /** The Prometheus text exposition of every metric in the registry. */
  render(): Promise<string> {
    for (const fn of this.collectors) fn();
    return this.registry.metrics();
  }
}
