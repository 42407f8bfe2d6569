// Kubernetes Events for what the controller does to a Vitistack: every operation's start, finish
// and failure, drift, recovered crashes, stalls. Messages pass the same redaction as the logs, so
// a secret value never reaches an Event. A failed write is logged, never fails a reconcile.
// client-node's models are data-only classes (no methods, no private state); its own examples
// pass object literals for them, as we do.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
import { randomBytes } from 'node:crypto';
import type { CoreV1Event } from '@kubernetes/client-node';
import { API_VERSION } from '../api/v1alpha1/common';
import type { ConditionReason } from '../status/conditions';
import type { RawObject } from './cache';
import type { ClusterWriter } from './kube-client';
import type { Logger } from './log';

/** Event reasons, one per thing that happened. */
export const EVENT_REASONS = {
  OperationStarted: 'OperationStarted',
  OperationSucceeded: 'OperationSucceeded',
  OperationFailed: 'OperationFailed',
  PlanReady: 'PlanReady',
  DriftDetected: 'DriftDetected',
  StackLocked: 'StackLocked',
  LockCleared: 'LockCleared',
  PendingOperationsCleared: 'PendingOperationsCleared',
  Stalled: 'Stalled',
  ValidationFailed: 'ValidationFailed',
  StackRetained: 'StackRetained',
  FinalizerRemoved: 'FinalizerRemoved',
} as const;

/** An event reason: one of the above, or a condition reason (ProviderNotFound, ...). */
export type EventReason = (typeof EVENT_REASONS)[keyof typeof EVENT_REASONS] | ConditionReason;

export const COMPONENT = 'vitistack-controller';

/** Events the API server keeps messages to; longer ones are cut. */
const MAX_MESSAGE = 1024;

export class EventRecorder {
  constructor(
    private readonly writer: ClusterWriter,
    private readonly log: Logger,
    private readonly redact: (text: string) => string,
    private readonly identity: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(
    object: RawObject,
    type: 'Normal' | 'Warning',
    reason: EventReason,
    message: string,
  ): Promise<void> {
    const namespace = object.metadata.namespace ?? 'default';
    const at = this.now();
    const text = this.redact(message);
    const event: CoreV1Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`,
        namespace,
      },
      involvedObject: {
        apiVersion: API_VERSION,
        kind: object.kind ?? 'Vitistack',
        name: object.metadata.name,
        namespace,
        ...(object.metadata.uid !== undefined ? { uid: object.metadata.uid } : {}),
        ...(object.metadata.resourceVersion !== undefined
          ? { resourceVersion: object.metadata.resourceVersion }
          : {}),
      },
      type,
      reason,
      message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 3)}...` : text,
      source: { component: COMPONENT, host: this.identity },
      reportingComponent: COMPONENT,
      reportingInstance: this.identity,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
    };
    try {
      await this.writer.createEvent(event);
    } catch (err) {
      this.log.warn(
        { key: `${namespace}/${object.metadata.name}`, reason, error: err },
        'could not record event',
      );
    }
  }
}
