// List+watch of every vitistack.io kind and of Secrets, with @kubernetes/client-node's ListWatch
// (its informer): it lists, then watches from the list's resourceVersion, relists on 410 Gone and
// restarts a watch the server ended. Any other error stops a ListWatch; we restart it after a
// capped exponential backoff with jitter (reset once it connects again).
import {
  CoreV1Api,
  CustomObjectsApi,
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { KINDS } from '../api/v1alpha1';
import { GROUP, VERSION } from '../api/v1alpha1/common';
import { backoffMs } from '../engine/retry';
import { asRawObject, type CachedKind, type RawObject } from './cache';
import type { Logger } from './log';
import { systemClock, type QueueClock, type TimerHandle } from './queue';

export type WatchEventType = 'add' | 'update' | 'delete';

export type WatchHandler = (kind: CachedKind, type: WatchEventType, object: RawObject) => void;

export interface WatchOptions {
  /** Namespaces to watch; empty or absent: all namespaces. */
  readonly namespaces?: readonly string[];
  /**
   * Label selector for Vitistacks (sharding controllers). Their members and Secrets are watched
   * whatever their labels: a Machine need not carry its Vitistack's shard label.
   */
  readonly labelSelector?: string;
  readonly clock?: QueueClock;
  readonly random?: () => number;
  /** Backoff before restarting a failed watch. Defaults to 1 s doubling to 60 s. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly log: Logger;
}

interface Source {
  readonly kind: CachedKind;
  readonly namespace: string | undefined;
  readonly informer: ListWatch<KubernetesObject>;
  failures: number;
  /** The restart waiting on the clock, if any. */
  timer: { readonly handle: TimerHandle } | undefined;
  synced: boolean;
}

type ListFn = () => Promise<KubernetesListObject<KubernetesObject>>;

/** Runs the watches and hands every event to one handler. */
export class Watches {
  private readonly sources: Source[] = [];
  private readonly clock: QueueClock;
  private readonly random: () => number;
  private stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly handler: WatchHandler,
    private readonly opts: WatchOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
  }

  private listFn(kind: CachedKind, namespace: string | undefined): ListFn {
    const labelSelector = kind === 'Vitistack' ? this.opts.labelSelector : undefined;
    if (kind === 'Secret') {
      const core = this.kc.makeApiClient(CoreV1Api);
      return () =>
        namespace === undefined
          ? core.listSecretForAllNamespaces()
          : core.listNamespacedSecret({ namespace });
    }
    const custom = this.kc.makeApiClient(CustomObjectsApi);
    const plural = KINDS.find((k) => k.kind === kind)?.plural ?? '';
    const sel = labelSelector !== undefined ? { labelSelector } : {};
    return () =>
      (namespace === undefined
        ? custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural, ...sel })
        : custom.listNamespacedCustomObject({
            group: GROUP,
            version: VERSION,
            namespace,
            plural,
            ...sel,
          })) as Promise<KubernetesListObject<KubernetesObject>>;
  }

  private pathOf(kind: CachedKind, namespace: string | undefined): string {
    const ns = namespace === undefined ? '' : `/namespaces/${namespace}`;
    if (kind === 'Secret') return `/api/v1${ns}/secrets`;
    const plural = KINDS.find((k) => k.kind === kind)?.plural ?? '';
    return `/apis/${GROUP}/${VERSION}${ns}/${plural}`;
  }

  /** Starts one ListWatch per kind and namespace. */
  start(): void {
    const kinds: CachedKind[] = [...KINDS.map((k) => k.kind as CachedKind), 'Secret'];
    const namespaces =
      this.opts.namespaces && this.opts.namespaces.length > 0 ? this.opts.namespaces : [undefined];
    for (const kind of kinds) {
      for (const namespace of namespaces) this.add(kind, namespace);
    }
  }

  private add(kind: CachedKind, namespace: string | undefined): void {
    const labelSelector = kind === 'Vitistack' ? this.opts.labelSelector : undefined;
    const informer = new ListWatch<KubernetesObject>(
      this.pathOf(kind, namespace),
      new Watch(this.kc),
      this.listFn(kind, namespace),
      false,
      labelSelector,
    );
    const source: Source = {
      kind,
      namespace,
      informer,
      failures: 0,
      timer: undefined,
      synced: false,
    };
    const deliver = (type: WatchEventType) => (obj: KubernetesObject) => {
      const raw = asRawObject(obj);
      if (raw === undefined) return;
      // The list does not name the kind of Secrets; the source does.
      this.handler(kind, type, raw.kind === undefined ? { ...raw, kind } : raw);
    };
    informer.on('add', deliver('add'));
    informer.on('update', deliver('update'));
    informer.on('delete', deliver('delete'));
    informer.on('connect', () => {
      source.failures = 0;
    });
    informer.on('error', (err: unknown) => {
      this.restartLater(source, err);
    });
    this.sources.push(source);
    this.begin(source);
  }

  private begin(source: Source): void {
    if (this.stopped) return;
    source.informer.start().then(
      () => {
        // A failed list reports through 'error' and still resolves: only a clean start counts.
        if (source.timer === undefined) source.synced = true;
      },
      (err: unknown) => {
        this.restartLater(source, err);
      },
    );
  }

  private restartLater(source: Source, err: unknown): void {
    if (this.stopped || source.timer !== undefined) return;
    source.failures += 1;
    const delay = backoffMs(
      source.failures,
      { baseMs: this.opts.baseDelayMs ?? 1000, maxMs: this.opts.maxDelayMs ?? 60_000 },
      this.random,
    );
    this.opts.log.warn(
      {
        kind: source.kind,
        namespace: source.namespace ?? '(all)',
        attempt: source.failures,
        retryInMs: delay,
        error: err instanceof Error ? err.message : String(err),
      },
      'watch failed; restarting after backoff',
    );
    source.timer = {
      handle: this.clock.setTimeout(() => {
        source.timer = undefined;
        this.begin(source);
      }, delay),
    };
  }

  /** True once every source has listed at least once (the cache is complete). */
  synced(): boolean {
    return this.sources.length > 0 && this.sources.every((s) => s.synced);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.sources) {
      if (s.timer !== undefined) this.clock.clearTimeout(s.timer.handle);
      await s.informer.stop();
    }
  }
}
