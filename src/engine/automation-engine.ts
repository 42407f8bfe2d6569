// The engine on the Pulumi Automation API: a LocalWorkspace per operation with the stack program
// inline, project `vitistack`, stack `<namespace>.<name>`, createOrSelectStack. Results are built
// from the engine events; failures are classified; a held lock is retried.
import {
  LocalWorkspace,
  PulumiCommand,
  type EngineEvent,
  type OutputMap,
  type Stack,
} from '@pulumi/pulumi/automation';
import { stackOutputs } from '../program/entry';
import type { SecretOutput } from '../program/outputs';
import { engineEnv, type Backend, type PassphraseSource, type SecretsProvider } from './backend';
import type {
  DestroyOptions,
  Engine,
  OperationOptions,
  PreviewOptions,
  RefreshOptions,
  StackTarget,
  UpOptions,
} from './engine';
import { classify, EngineError, INSTALL_CLI, redact } from './errors';
import { EventCollector } from './events';
import { planIdOf } from './plan-id';
import { MASKED, type OperationKind, type OperationResult } from './result';
import { retryOnLock, type LockRetryOptions, type RetryHooks } from './retry';

export const PROJECT = 'vitistack';

export interface AutomationEngineOptions {
  readonly backend: Backend;
  readonly secretsProvider: SecretsProvider;
  /** Required with the passphrase secrets provider. */
  readonly passphrase?: PassphraseSource;
  /** The CLI to run. Defaults to `pulumi` on PATH. Tests inject a recording fake. */
  readonly pulumiCommand?: PulumiCommand;
  /** More environment for the CLI (e.g. PULUMI_HOME). Never put secret values here. */
  readonly env?: Readonly<Record<string, string>>;
  readonly lockRetry?: LockRetryOptions;
  readonly retryHooks?: RetryHooks;
  /** Clock for start/end times. Injected by tests. */
  readonly now?: () => Date;
}

/** Stack outputs with secret ones replaced by `[secret]`. */
export function maskOutputs(outputs: OutputMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(outputs)) out[k] = v.secret ? MASKED : (v.value as unknown);
  return out;
}

/** Every secret value an operation knows of: none may appear in a message. */
function secretValuesOf(target: StackTarget, passphrase: PassphraseSource | undefined): string[] {
  const values = Object.values(target.secrets).flatMap((s) => Object.values(s));
  if (passphrase?.kind === 'value') values.push(passphrase.value);
  return values;
}

interface RunContext {
  readonly stack: Stack;
  readonly onEvent: (e: EngineEvent) => void;
  readonly signal: AbortSignal;
}

export class AutomationEngine implements Engine {
  private command: Promise<PulumiCommand> | undefined;

  constructor(private readonly opts: AutomationEngineOptions) {}

  private pulumi(): Promise<PulumiCommand> {
    this.command ??= this.opts.pulumiCommand
      ? Promise.resolve(this.opts.pulumiCommand)
      : PulumiCommand.get().catch((err: unknown) => {
          this.command = undefined;
          const text = err instanceof Error ? err.message : String(err);
          if (/ENOENT|not found/i.test(text)) {
            throw new EngineError({
              kind: 'cli-missing',
              message: `the pulumi CLI was not found: ${INSTALL_CLI}`,
              resources: [],
            });
          }
          throw err;
        });
    return this.command;
  }

  /** The stack with the program inline; created on first use. */
  private async open(target: StackTarget): Promise<Stack> {
    const pulumiCommand = await this.pulumi();
    const { model, secrets } = target;
    return LocalWorkspace.createOrSelectStack(
      {
        stackName: model.stackName,
        projectName: PROJECT,
        // Secret values reach the program in memory and become secret provider inputs there;
        // they are never in config, arguments or the environment.
        program: () => stackOutputs({ model, secrets, mode: 'deploy' }),
      },
      {
        projectSettings: {
          name: PROJECT,
          runtime: 'nodejs',
          backend: { url: this.opts.backend.url },
        },
        envVars: {
          ...engineEnv(this.opts.backend, this.opts.secretsProvider, this.opts.passphrase),
          PULUMI_SKIP_UPDATE_CHECK: 'true',
          ...(this.opts.env ?? {}),
        },
        secretsProvider: this.opts.secretsProvider.url,
        pulumiCommand,
      },
    );
  }

  private async run(
    operation: OperationKind,
    target: StackTarget,
    opts: OperationOptions,
    body: (ctx: RunContext) => Promise<Readonly<Record<string, unknown>> | undefined>,
  ): Promise<OperationResult> {
    const now = this.opts.now ?? (() => new Date());
    const startedAt = now().toISOString();
    const secrets = secretValuesOf(target, this.opts.passphrase);
    const timeout = opts.timeoutMs !== undefined ? AbortSignal.timeout(opts.timeoutMs) : undefined;
    const signals = [opts.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = AbortSignal.any(signals);
    const hide = (text: string) => redact(text, secrets);
    let collector = new EventCollector(opts.onProgress, hide);
    let lockRetries = 0;
    let outputs: Readonly<Record<string, unknown>> = {};
    let failure: OperationResult['failure'];
    try {
      outputs =
        (await retryOnLock(
          async (attempt) => {
            lockRetries = attempt - 1;
            // A fresh collector per attempt: a locked attempt's events are not this result's.
            collector = new EventCollector(opts.onProgress, hide);
            if (signal.aborted) throw new Error('aborted before start');
            try {
              const stack = await this.open(target);
              return await body({ stack, onEvent: collector.onEvent, signal });
            } catch (err) {
              if (err instanceof EngineError) throw err;
              throw classify(err, {
                diagnostics: collector.diagnostics,
                failedResources: collector.failedResources,
                mandatoryViolations: collector.policyViolations.filter(
                  (v) => v.level === 'mandatory',
                ).length,
                aborted: timeout?.aborted
                  ? 'timeout'
                  : opts.signal?.aborted
                    ? 'cancelled'
                    : undefined,
                ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
                secrets,
              });
            }
          },
          this.opts.lockRetry ?? {},
          this.opts.retryHooks ?? {},
          signal,
        )) ?? {};
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      failure = err.failure;
    }
    const steps = collector.steps;
    return {
      operation,
      stack: target.model.stackName,
      startedAt,
      endedAt: now().toISOString(),
      result: failure ? 'failed' : 'succeeded',
      changeSummary: collector.summary ?? {},
      steps,
      unchanged: collector.unchanged,
      policyViolations: collector.policyViolations,
      diagnostics: collector.diagnostics,
      outputs,
      ...(operation === 'preview' && !failure
        ? { planId: planIdOf(target.model.inputsHash, steps) }
        : {}),
      lockRetries,
      ...(failure ? { failure } : {}),
    };
  }

  preview(target: StackTarget, opts: PreviewOptions = {}): Promise<OperationResult> {
    return this.run('preview', target, opts, async ({ stack, onEvent, signal }) => {
      await stack.preview({
        diff: true,
        color: 'never',
        onEvent,
        signal,
        ...(opts.refresh === true ? { refresh: true } : {}),
        ...(opts.savePlan !== undefined ? { plan: opts.savePlan } : {}),
        ...(opts.policyPacks ? { policyPacks: [...opts.policyPacks] } : {}),
        ...(opts.policyPackConfigs ? { policyPackConfigs: [...opts.policyPackConfigs] } : {}),
      });
      return undefined;
    }).then((r) =>
      opts.savePlan !== undefined && r.result === 'succeeded'
        ? { ...r, planFile: opts.savePlan }
        : r,
    );
  }

  up(target: StackTarget, opts: UpOptions = {}): Promise<OperationResult> {
    return this.run('up', target, opts, async ({ stack, onEvent, signal }) => {
      const r = await stack.up({
        color: 'never',
        onEvent,
        signal,
        ...(opts.refresh === true ? { refresh: true } : {}),
        ...(opts.plan !== undefined ? { plan: opts.plan } : {}),
        ...(opts.policyPacks ? { policyPacks: [...opts.policyPacks] } : {}),
        ...(opts.policyPackConfigs ? { policyPackConfigs: [...opts.policyPackConfigs] } : {}),
      });
      return maskOutputs(r.outputs);
    });
  }

  destroy(target: StackTarget, opts: DestroyOptions = {}): Promise<OperationResult> {
    return this.run('destroy', target, opts, async ({ stack, onEvent, signal }) => {
      await stack.destroy({
        color: 'never',
        onEvent,
        signal,
        ...(opts.remove === true ? { remove: true } : {}),
      });
      return undefined;
    });
  }

  refresh(target: StackTarget, opts: RefreshOptions = {}): Promise<OperationResult> {
    return this.run('refresh', target, opts, async ({ stack, onEvent, signal }) => {
      await stack.refresh({
        color: 'never',
        onEvent,
        signal,
        ...(opts.clearPendingCreates === true ? { clearPendingCreates: true } : {}),
      });
      return maskOutputs(await stack.outputs());
    });
  }

  /** Runs a short command on the stack; errors are classified (no retry, no events). */
  private async simple<T>(target: StackTarget, op: (stack: Stack) => Promise<T>): Promise<T> {
    try {
      return await op(await this.open(target));
    } catch (err) {
      if (err instanceof EngineError) throw err;
      throw classify(err, {
        diagnostics: [],
        failedResources: [],
        mandatoryViolations: 0,
        aborted: undefined,
        secrets: secretValuesOf(target, this.opts.passphrase),
      });
    }
  }

  outputs(target: StackTarget): Promise<Readonly<Record<string, unknown>>> {
    return this.simple(target, async (stack) => maskOutputs(await stack.outputs()));
  }

  secretOutputs(target: StackTarget): Promise<readonly SecretOutput[]> {
    return this.simple(target, async (stack) => {
      const value: unknown = (await stack.outputs()).secrets?.value;
      return Array.isArray(value) ? (value as SecretOutput[]) : [];
    });
  }

  unlock(target: StackTarget): Promise<void> {
    return this.simple(target, (stack) => stack.cancel());
  }
}
