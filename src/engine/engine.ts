// The engine interface the CLI and the controller share. `AutomationEngine` implements it with
// the Pulumi Automation API; controller tests use a fake.
import type { StackModel } from '../model';
import type { SecretOutput } from '../program/outputs';
import type { ProgressEvent } from './events';
import type { OperationResult } from './result';

/** Credential Secret values by `namespace/name`, then key. Never logged. */
export type SecretValues = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The stack to operate on: the model and the values of the Secrets it references. */
export interface StackTarget {
  readonly model: StackModel;
  readonly secrets: SecretValues;
}

export interface OperationOptions {
  /** Aborting sends the CLI an interrupt: it stops after the steps in flight. */
  readonly signal?: AbortSignal;
  /** Cancels the operation (as `signal` does) after this many ms. */
  readonly timeoutMs?: number;
  /** Steps, diagnostics and policy violations as they happen. */
  readonly onProgress?: (e: ProgressEvent) => void;
  /** CrossGuard pack directories to run. */
  readonly policyPacks?: readonly string[];
  /** JSON config files, one per pack, in the same order. */
  readonly policyPackConfigs?: readonly string[];
}

export interface PreviewOptions extends OperationOptions {
  /** Refresh the state from the clouds before diffing. */
  readonly refresh?: boolean;
  /** Save the plan to this file, for an `up` constrained to exactly these changes. */
  readonly savePlan?: string;
}

export interface UpOptions extends OperationOptions {
  readonly refresh?: boolean;
  /** Run this saved plan: the update fails if it would do anything the plan does not say. */
  readonly plan?: string;
}

export interface RefreshOptions extends OperationOptions {
  /** Drop pending creates a crashed operation left (their resources may exist unmanaged). */
  readonly clearPendingCreates?: boolean;
}

export interface DestroyOptions extends OperationOptions {
  /** Remove the stack and its configuration after destroying its resources. */
  readonly remove?: boolean;
}

export interface Engine {
  preview(target: StackTarget, opts?: PreviewOptions): Promise<OperationResult>;
  up(target: StackTarget, opts?: UpOptions): Promise<OperationResult>;
  destroy(target: StackTarget, opts?: DestroyOptions): Promise<OperationResult>;
  refresh(target: StackTarget, opts?: RefreshOptions): Promise<OperationResult>;
  /** The stack's outputs, secret ones masked. */
  outputs(target: StackTarget): Promise<Readonly<Record<string, unknown>>>;
  /**
   * The stack's secret outputs (kubeconfigs) with their values, for the controller to write into
   * Secrets. Nothing else may see them: they never go into a result, a log or a status.
   */
  secretOutputs(target: StackTarget): Promise<readonly SecretOutput[]>;
  /**
   * Removes the stack's lock (`pulumi cancel`): on the file and bucket backends it deletes a
   * lock a crashed operation left; on Pulumi Cloud it also stops an update in progress. Only for
   * locks whose holder is known to be gone.
   */
  unlock(target: StackTarget): Promise<void>;
}
