// What every part of a reconcile shares: the controller's settings and collaborators (injected,
// so tests control the engine, the clock and the API server), and the one Vitistack being
// reconciled with the status draft that is written at the end.
import type { Engine } from '../engine/engine';
import type { StatusDraft } from '../status/vitistack-draft';
import type { Mode } from './annotations';
import type { ObjectCache, RawObject } from './cache';
import type { ClusterWriter, ObjectRef } from './kube-client';
import type { Logger } from './log';
import type { OwnerIndex } from './owners';
import type { EventRecorder } from './recorder';
import type { Semaphore } from './semaphore';

/** The finalizer that keeps a Vitistack until its stack is destroyed or released. */
export const FINALIZER = 'vitistack.io/stack';

export interface ControllerSettings {
  /** Default mode (`--mode`); annotation `vitistack.io/mode` overrides it per Vitistack. */
  readonly mode: Mode;
  /** Namespaces besides a Vitistack's own that its references may reach. */
  readonly allowedNamespaces: readonly string[];
  /** Time between drift checks of an applied stack; 0 disables them. */
  readonly driftIntervalMs: number;
  /** An engine operation is cancelled after this long. */
  readonly operationTimeoutMs: number;
  /** Failed operations in a row with the same inputs before the Vitistack is Stalled. */
  readonly stallAfter: number;
  /** Where mode approve keeps the plans it saved (on the state volume). */
  readonly planDir: string;
  readonly policyPacks: readonly string[];
  readonly policyPackConfigs: readonly string[];
  /** This instance, e.g. the pod name; recorded with every operation. */
  readonly identity: string;
}

/** Observers of engine operations (metrics). */
export interface OperationObserver {
  operationStarted(): void;
  operationFinished(operation: string, result: string, seconds: number): void;
}

export interface ReconcilerDeps {
  readonly cache: ObjectCache;
  readonly writer: ClusterWriter;
  readonly engine: Engine;
  readonly recorder: EventRecorder;
  readonly log: Logger;
  readonly index: OwnerIndex;
  readonly operations: Semaphore;
  readonly settings: ControllerSettings;
  /** Milliseconds since the epoch; the queue's clock. */
  readonly now: () => number;
  /** Replaces every known secret value in a text (status, Events and logs pass through it). */
  readonly redact: (text: string) => string;
  /** Aborted when the controller stops: in-flight operations are cancelled. */
  readonly signal: AbortSignal;
  readonly observer?: OperationObserver;
}

/** One reconcile of one Vitistack. */
export interface ReconcileContext {
  readonly key: string;
  readonly ref: ObjectRef;
  raw: RawObject;
  readonly draft: StatusDraft;
  readonly log: Logger;
}

/** What the queue does after a reconcile that did not throw. */
export interface ReconcileResult {
  /** Run again after this long (a drift check falls due). */
  readonly requeueAfterMs?: number;
}

/**
 * Thrown to have the queue retry the key with backoff (a failed operation below the stall limit,
 * a held lock, a write conflict). The status was written first.
 */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}
