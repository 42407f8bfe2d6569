// Leader election on a coordination.k8s.io/v1 Lease, after client-go's leaderelection. Only the
// leader reconciles; the others wait to take over. Expiry is judged by the local clock from the
// moment this instance last saw the lease change, never from the times written in it, so clock
// skew between nodes cannot make two instances lead at once. Writes are optimistic: a replace
// carries the resourceVersion that was read, and a 409 means another instance wrote first.
import {
  CoordinationV1Api,
  V1Lease,
  V1LeaseSpec,
  V1MicroTime,
  V1ObjectMeta,
  type KubeConfig,
} from '@kubernetes/client-node';
import { silentLogger, type Logger } from './log';
import { systemClock, type QueueClock, type TimerHandle } from './queue';

/** The few Lease calls the elector makes. */
export interface LeaseApi {
  /** The lease, or undefined when there is none. */
  get(namespace: string, name: string): Promise<V1Lease | undefined>;
  /** Rejects with `code: 409` (`LeaseConflictError`) when the lease already exists. */
  create(lease: V1Lease): Promise<V1Lease>;
  /** Rejects with `code: 409` when `metadata.resourceVersion` is not the current one. */
  replace(lease: V1Lease): Promise<V1Lease>;
}

/** Another writer changed the lease first (HTTP 409). */
export class LeaseConflictError extends Error {
  readonly code = 409;

  constructor(message: string) {
    super(message);
    this.name = 'LeaseConflictError';
  }
}

/** True for a 409 from a `LeaseApi`, client-node's `ApiException` included. */
export function isConflict(err: unknown): boolean {
  return errorCode(err) === 409;
}

export interface LeaderElectorOptions {
  readonly leases: LeaseApi;
  readonly namespace: string;
  readonly name: string;
  /** Unique to this instance, e.g. the pod name. */
  readonly identity: string;
  /** How long others wait, after last seeing the lease change, before taking it. Defaults to 15 s. */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps leading without a successful renewal. Defaults to 10 s. */
  readonly renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. Defaults to 2 s. */
  readonly retryPeriodMs?: number;
  /** Defaults to the system clock. Injected by tests. */
  readonly clock?: QueueClock;
  readonly log?: Logger;
  /** Called when this instance becomes leader. */
  readonly onStartedLeading: () => void;
  /** Called when it stops leading: renewal failed, another holder was seen, or `stop()`. */
  readonly onStoppedLeading: () => void;
}

export interface StopOptions {
  /**
   * When this instance holds the lease, write it back free (no holder, 1 s duration) so another
   * instance takes over on its next attempt instead of waiting for expiry. Stop the work the
   * lease guards before, or two instances may briefly work at once.
   */
  readonly release?: boolean;
}

type Outcome =
  | { readonly kind: 'acquired' }
  | { readonly kind: 'held'; readonly holder: string }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'failed'; readonly error: unknown };

interface Observed {
  readonly lease: V1Lease;
  readonly fingerprint: string;
  /** Local time at which the lease was last seen to change. */
  readonly atMs: number;
}

/**
 * Campaigns for a Lease and calls back when leadership starts and stops. After losing it, the
 * elector keeps campaigning (and calls `onStartedLeading` again on winning); a process that must
 * not lead twice calls `stop()` from `onStoppedLeading`, as client-go users exit.
 */
export class LeaderElector {
  private readonly leases: LeaseApi;
  private readonly clock: QueueClock;
  private readonly log: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;

  private running = false;
  private stopped = false;
  private leading = false;
  private observed: Observed | undefined;
  private retryTimer: TimerHandle;
  private deadlineTimer: TimerHandle;
  private attempt: Promise<void> | undefined;

  constructor(private readonly opts: LeaderElectorOptions) {
    this.leases = opts.leases;
    this.clock = opts.clock ?? systemClock;
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    validateTimings(this.leaseDurationMs, this.renewDeadlineMs, this.retryPeriodMs);
    if (opts.identity === '') {
      throw new Error('identity: must not be empty; use a name unique to this instance.');
    }
    this.log = (opts.log ?? silentLogger).child({
      lease: `${opts.namespace}/${opts.name}`,
      identity: opts.identity,
    });
  }

  /** True while this instance leads. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder of the lease as last read, for logs and `/readyz` reasons. */
  observedHolder(): string | undefined {
    const holder = this.observed?.lease.spec?.holderIdentity;
    return holder === '' ? undefined : holder;
  }

  /** Starts campaigning: a first attempt now, then one every retry period. */
  run(): void {
    if (this.stopped) throw new Error('This leader elector was stopped; make a new one.');
    if (this.running) return;
    this.running = true;
    this.startAttempt();
  }

  /**
   * Stops campaigning and waits for an attempt in flight. If leading, calls `onStoppedLeading`
   * and, with `release`, frees the lease. Never rejects: a failed release is logged.
   */
  async stop(opts: StopOptions = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.running = false;
    this.clearTimer('retryTimer');
    await this.attempt;
    this.loseLeadership('the elector was stopped', 'info');
    if (opts.release === true) await this.release();
  }

  private startAttempt(): void {
    this.attempt = this.runAttempt().finally(() => {
      this.attempt = undefined;
      if (this.running) {
        this.retryTimer = this.clock.setTimeout(() => {
          this.retryTimer = undefined;
          this.startAttempt();
        }, this.retryPeriodMs);
      }
    });
  }

  private async runAttempt(): Promise<void> {
    const startedAt = this.clock.now();
    // A hung API call must not stall the campaign, nor keep a leader that cannot renew.
    const outcome = await this.withTimeout(this.tryAcquireOrRenew(), 'acquire or renew the lease');
    if (!this.running) return;
    switch (outcome.kind) {
      case 'acquired':
        this.armDeadline(startedAt);
        if (!this.leading) {
          this.leading = true;
          this.log.info({}, 'Became leader.');
          this.callback(this.opts.onStartedLeading, 'onStartedLeading');
        }
        return;
      case 'held':
        this.loseLeadership(`the lease is now held by ${outcome.holder}`, 'warn');
        this.log.debug({ holder: outcome.holder }, 'The lease is held by another instance.');
        return;
      case 'conflict':
        this.log.debug({}, 'Another instance wrote the lease first.');
        return;
      case 'failed':
        this.log.warn({ error: outcome.error }, 'Could not acquire or renew the lease.');
        return;
    }
  }

  private async tryAcquireOrRenew(): Promise<Outcome> {
    const { namespace, name, identity } = this.opts;
    const current = await this.leases.get(namespace, name);
    if (current === undefined) {
      const now = this.clock.now();
      return this.write(() => this.leases.create(this.newLease(now)));
    }
    this.observe(current);
    const holder = current.spec?.holderIdentity ?? '';
    if (holder !== '' && holder !== identity && !this.expired(current)) {
      return { kind: 'held', holder };
    }
    return this.write(() => this.leases.replace(this.takeOver(current, holder)));
  }

  private async write(call: () => Promise<V1Lease>): Promise<Outcome> {
    try {
      this.observe(await call());
      return { kind: 'acquired' };
    } catch (err) {
      if (isConflict(err)) return { kind: 'conflict' };
      throw err;
    }
  }

  private expired(lease: V1Lease): boolean {
    const seconds = lease.spec?.leaseDurationSeconds ?? this.leaseDurationMs / 1000;
    const since = this.observed?.atMs ?? this.clock.now();
    return this.clock.now() >= since + seconds * 1000;
  }

  private newLease(now: number): V1Lease {
    const metadata = { name: this.opts.name, namespace: this.opts.namespace };
    return makeLease(metadata, {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: new V1MicroTime(now),
      renewTime: new V1MicroTime(now),
      leaseTransitions: 0,
    });
  }

  /** The lease as this instance writes it to acquire or renew; `holder` is the one it replaces. */
  private takeOver(current: V1Lease, holder: string): V1Lease {
    const now = this.clock.now();
    const spec: Partial<V1LeaseSpec> = current.spec ?? {};
    const renewing = holder === this.opts.identity && this.leading;
    return makeLease(current.metadata ?? {}, spec, {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: renewing ? spec.acquireTime : new V1MicroTime(now),
      renewTime: new V1MicroTime(now),
      leaseTransitions: (spec.leaseTransitions ?? 0) + (holder === this.opts.identity ? 0 : 1),
    });
  }

  private async release(): Promise<void> {
    const lease = this.observed?.lease;
    if (lease === undefined || lease.spec?.holderIdentity !== this.opts.identity) return;
    const now = this.clock.now();
    const freed = makeLease(lease.metadata ?? {}, lease.spec, {
      holderIdentity: undefined,
      leaseDurationSeconds: 1,
      acquireTime: new V1MicroTime(now),
      renewTime: new V1MicroTime(now),
    });
    const outcome = await this.withTimeout(
      this.write(() => this.leases.replace(freed)),
      'release',
    );
    switch (outcome.kind) {
      case 'acquired':
        this.log.info({}, 'Released the lease.');
        return;
      case 'conflict':
        this.log.info({}, 'Did not release the lease: another instance wrote it since.');
        return;
      case 'failed':
        this.log.warn({ error: outcome.error }, 'Could not release the lease.');
        return;
      case 'held':
        return;
    }
  }

  /** Remembers `lease`, restarting its expiry countdown when its record changed. */
  private observe(lease: V1Lease): void {
    const spec: Partial<V1LeaseSpec> = lease.spec ?? {};
    const fingerprint = JSON.stringify([
      spec.holderIdentity ?? '',
      timeMs(spec.renewTime),
      timeMs(spec.acquireTime),
      spec.leaseDurationSeconds,
      spec.leaseTransitions,
    ]);
    const changed = this.observed?.fingerprint !== fingerprint;
    const atMs = changed || this.observed === undefined ? this.clock.now() : this.observed.atMs;
    this.observed = { lease, fingerprint, atMs };
  }

  /** Leadership ends `renewDeadline` after the start of the last attempt that renewed. */
  private armDeadline(attemptStartedAt: number): void {
    this.clearTimer('deadlineTimer');
    const remaining = attemptStartedAt + this.renewDeadlineMs - this.clock.now();
    this.deadlineTimer = this.clock.setTimeout(
      () => {
        this.deadlineTimer = undefined;
        this.loseLeadership(`the lease was not renewed for ${this.renewDeadlineMs} ms`, 'warn');
      },
      Math.max(0, remaining),
    );
  }

  private loseLeadership(reason: string, level: 'info' | 'warn'): void {
    this.clearTimer('deadlineTimer');
    if (!this.leading) return;
    this.leading = false;
    this.log[level]({ reason }, 'Stopped leading.');
    this.callback(this.opts.onStoppedLeading, 'onStoppedLeading');
  }

  private callback(fn: () => void, name: string): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ error: err, callback: name }, 'A leader election callback threw.');
    }
  }

  private withTimeout(p: Promise<Outcome>, what: string): Promise<Outcome> {
    let handle: TimerHandle;
    const timeout = new Promise<Outcome>((resolve) => {
      handle = this.clock.setTimeout(() => {
        const error = new Error(`Timed out after ${this.renewDeadlineMs} ms trying to ${what}.`);
        resolve({ kind: 'failed', error });
      }, this.renewDeadlineMs);
    });
    const settled = p.catch((error: unknown): Outcome => ({ kind: 'failed', error }));
    return Promise.race([settled, timeout]).finally(() => {
      this.clock.clearTimeout(handle);
    });
  }

  private clearTimer(which: 'retryTimer' | 'deadlineTimer'): void {
    const handle = this[which];
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this[which] = undefined;
  }
}

/**
 * A Lease built of client-node's model classes (which its serializer expects), `spec` being the
 * later specs laid over the earlier ones.
 */
function makeLease(
  metadata: Partial<V1ObjectMeta>,
  ...specs: (Partial<V1LeaseSpec> | undefined)[]
): V1Lease {
  const spec = new V1LeaseSpec();
  for (const s of specs) Object.assign(spec, s);
  return Object.assign(new V1Lease(), {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: Object.assign(new V1ObjectMeta(), metadata),
    spec,
  });
}

function validateTimings(leaseMs: number, renewMs: number, retryMs: number): void {
  const problems: string[] = [];
  if (!(retryMs > 0)) problems.push(`retryPeriodMs: ${retryMs} must be more than 0`);
  if (!(renewMs > retryMs)) {
    problems.push(`renewDeadlineMs: ${renewMs} must be more than retryPeriodMs (${retryMs})`);
  }
  if (!(leaseMs > renewMs)) {
    problems.push(`leaseDurationMs: ${leaseMs} must be more than renewDeadlineMs (${renewMs})`);
  }
  if (!(leaseMs >= 1000)) problems.push(`leaseDurationMs: ${leaseMs} must be at least 1000`);
  if (problems.length > 0) {
    throw new RangeError(
      `${problems.join('; ')}. Use leaseDurationMs > renewDeadlineMs > retryPeriodMs > 0, such as 15000, 10000 and 2000.`,
    );
  }
}

/**
 * A lease time in ms. client-node 1.x types MicroTime fields as `Date` but leaves them as the
 * API server's strings when it reads a lease, so both are accepted.
 */
function timeMs(t: Date | string | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

function errorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'number' ? err.code : undefined;
}

/** A `LeaseApi` on client-node's `CoordinationV1Api`. */
export function clientNodeLeaseApi(kc: KubeConfig): LeaseApi {
  const api = kc.makeApiClient(CoordinationV1Api);
  return {
    async get(namespace, name) {
      try {
        return await api.readNamespacedLease({ name, namespace });
      } catch (err) {
        if (errorCode(err) === 404) return undefined;
        throw apiError(`read Lease ${namespace}/${name}`, err);
      }
    },
    async create(lease) {
      const namespace = lease.metadata?.namespace ?? '';
      try {
        return await api.createNamespacedLease({ namespace, body: lease });
      } catch (err) {
        throw apiError(`create Lease ${namespace}/${lease.metadata?.name ?? ''}`, err);
      }
    },
    async replace(lease) {
      const namespace = lease.metadata?.namespace ?? '';
      const name = lease.metadata?.name ?? '';
      try {
        return await api.replaceNamespacedLease({ name, namespace, body: lease });
      } catch (err) {
        throw apiError(`replace Lease ${namespace}/${name}`, err);
      }
    },
  };
}

/**
 * A short error for a failed call: client-node's `ApiException` message carries the whole body
 * and response headers. Keeps `code`, and maps 409 to `LeaseConflictError`.
 */
function apiError(action: string, err: unknown): Error {
  const code = errorCode(err);
  if (code === undefined) return err instanceof Error ? err : new Error(String(err));
  const reason = statusMessage(err);
  const message = `Could not ${action}: the API server answered ${code}${reason === undefined ? '' : `: ${reason}`}.`;
  if (code === 409) return new LeaseConflictError(message);
  return Object.assign(new Error(message), { code });
}

/** The `message` of the `Status` body an API error carries, if any. */
function statusMessage(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('body' in err)) return undefined;
  let body: unknown = err.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null || !('message' in body)) return undefined;
  return typeof body.message === 'string' ? body.message : undefined;
}
