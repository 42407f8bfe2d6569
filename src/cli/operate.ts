// `vitistack preview|up|destroy|refresh <paths>`: one Vitistack's stack through the engine.
// Input is checked offline first (validation, references, an offline render in deploy mode), so
// bad input exits 2 before the engine touches anything. Progress streams as the engine reports
// it; the result prints as text, JSON or a pull-request comment (markdown).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PulumiCommand } from '@pulumi/pulumi/automation';
import { AutomationEngine, type AutomationEngineOptions } from '../engine/automation-engine';
import {
  engineEnv,
  parseBackend,
  parseSecretsProvider,
  passphraseFromEnv,
  DEFAULT_STATE_DIR,
} from '../engine/backend';
import type { Engine, OperationOptions, StackTarget } from '../engine/engine';
import type { ProgressEvent } from '../engine/events';
import { policyPackArgs } from '../engine/policy-config';
import { renderStack } from '../engine/render-stack';
import { hasMandatoryViolation, type OperationKind, type OperationResult } from '../engine/result';
import { ProgramInputError } from '../program/program';
import { ExitCode, type Io } from './output';
import { markdownReport } from './report-markdown';
import { progressLine, textReport } from './report-text';
import { loadTarget, TargetError, type TargetOptions } from './target';

export interface OperateOptions extends TargetOptions {
  readonly output: 'text' | 'json' | 'markdown';
  readonly backend?: string;
  readonly stateDir: string;
  readonly secretsProvider?: string;
  readonly policyPack: readonly string[];
  readonly policyPackConfig: readonly string[];
  readonly yes: boolean;
  readonly refresh: boolean;
  readonly savePlan?: string;
  readonly plan?: string;
  /** Seconds. */
  readonly timeout?: number;
  readonly remove: boolean;
  readonly clearPendingCreates: boolean;
}

export interface OperateDeps {
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdin/stderr are a terminal: confirmation prompts and the live progress line. */
  readonly isTTY: boolean;
  readonly confirm: (question: string) => Promise<boolean>;
  /** Cancels the operation (the CLI wires it to Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Injected by tests: the CLI to run instead of `pulumi` on PATH. */
  readonly pulumiCommand?: PulumiCommand;
  readonly engine?: (opts: AutomationEngineOptions) => Engine;
}

export const DEFAULT_OPTIONS = {
  stateDir: DEFAULT_STATE_DIR,
  policyPack: [],
  policyPackConfig: [],
  yes: false,
  refresh: false,
  remove: false,
  clearPendingCreates: false,
  allowNamespace: [],
  secretsFiles: [],
  namespace: 'default',
  output: 'text',
} as const satisfies Partial<OperateOptions>;

/** Exit code of a finished operation. */
export function exitCodeOf(r: OperationResult): ExitCode {
  if (r.failure?.kind === 'policy' || hasMandatoryViolation(r)) return ExitCode.PolicyViolation;
  return r.result === 'succeeded' ? ExitCode.Ok : ExitCode.Failed;
}

/** Streams progress: a line per event, or one live line on a terminal. */
function progressWriter(io: Io, opts: OperateOptions, deps: OperateDeps) {
  // Machine-readable output owns stdout: progress goes to stderr.
  const toStdout = opts.output === 'text' && !deps.isTTY;
  const write = (text: string) => {
    if (toStdout) io.out(text);
    else io.err(text);
  };
  let live = false;
  return {
    onProgress: (e: ProgressEvent) => {
      const line = progressLine(e);
      if (line === undefined) return;
      if (deps.isTTY && e.kind === 'step') {
        io.err(`\r\u001b[K${line}`);
        live = true;
        return;
      }
      if (live) io.err('\r\u001b[K');
      live = false;
      write(`${line}\n`);
    },
    end: () => {
      if (live) io.err('\r\u001b[K');
    },
  };
}

function report(io: Io, opts: OperateOptions, r: OperationResult): void {
  if (opts.output === 'json') io.out(`${JSON.stringify(r, null, 2)}\n`);
  else if (opts.output === 'markdown') io.out(markdownReport(r));
  else io.out(textReport(r));
}

async function preflight(target: StackTarget): Promise<readonly string[]> {
  const rendered = await renderStack(target.model, { secrets: target.secrets, mode: 'deploy' });
  return rendered.warnings;
}

/** The engine for these options; throws (bad input) on a bad backend, provider or passphrase. */
export function createEngine(
  opts: Pick<OperateOptions, 'backend' | 'stateDir' | 'secretsProvider'>,
  deps: Pick<OperateDeps, 'env' | 'pulumiCommand' | 'engine'>,
): Engine {
  const backend = parseBackend(opts.backend, opts.stateDir);
  const secretsProvider = parseSecretsProvider(opts.secretsProvider);
  const passphrase = passphraseFromEnv(deps.env);
  engineEnv(backend, secretsProvider, passphrase); // throws when the passphrase is missing
  const engineOpts: AutomationEngineOptions = {
    backend,
    secretsProvider,
    ...(passphrase ? { passphrase } : {}),
    ...(deps.pulumiCommand ? { pulumiCommand: deps.pulumiCommand } : {}),
  };
  return deps.engine ? deps.engine(engineOpts) : new AutomationEngine(engineOpts);
}

/** Pack directories exist, and there is at most one config per pack. */
function checkPolicyPacks(opts: OperateOptions): void {
  for (const dir of opts.policyPack) {
    if (!existsSync(dir)) {
      throw new TargetError(
        `--policy-pack ${dir}: no such directory (give a CrossGuard pack's directory)`,
      );
    }
  }
  if (opts.policyPackConfig.length > opts.policyPack.length) {
    throw new TargetError(
      `${String(opts.policyPackConfig.length)} --policy-pack-config files for ${String(opts.policyPack.length)} --policy-pack directories; give at most one config per pack, in the same order`,
    );
  }
}

export async function runOperation(
  kind: OperationKind,
  paths: readonly string[],
  opts: OperateOptions,
  io: Io,
  deps: OperateDeps,
): Promise<ExitCode> {
  let target: StackTarget;
  let engine: Engine;
  try {
    target = loadTarget(paths, opts, deps.env);
    engine = createEngine(opts, deps);
    checkPolicyPacks(opts);
    if ((kind === 'up' || kind === 'destroy') && !opts.yes && !deps.isTTY) {
      throw new TargetError(
        `${kind} changes infrastructure and there is no terminal to confirm on; pass --yes`,
      );
    }
    for (const w of await preflight(target)) io.err(`warning: ${w}\n`);
  } catch (err) {
    if (err instanceof TargetError || err instanceof ProgramInputError || err instanceof Error) {
      io.err(`${kind}: ${err.message}\n`);
      return ExitCode.BadInput;
    }
    throw err;
  }

  const progress = progressWriter(io, opts, deps);
  const stack = target.model.stackName;
  let result: OperationResult;
  const planDir = mkdtempSync(join(tmpdir(), 'vitistack-plan-'));
  try {
    const packs = policyPackArgs(target.model, opts.policyPack, opts.policyPackConfig, planDir);
    const common: OperationOptions = {
      onProgress: progress.onProgress,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout * 1000 } : {}),
      ...(packs.policyPacks.length > 0 ? packs : {}),
    };
    switch (kind) {
      case 'preview':
        result = await engine.preview(target, {
          ...common,
          refresh: opts.refresh,
          ...(opts.savePlan !== undefined ? { savePlan: opts.savePlan } : {}),
        });
        break;
      case 'up': {
        let plan = opts.plan;
        if (!opts.yes) {
          // As `pulumi up` does: show the preview, ask, then run exactly the plan shown.
          const planned = await engine.preview(target, {
            ...common,
            refresh: opts.refresh,
            ...(plan === undefined ? { savePlan: join(planDir, 'plan.json') } : {}),
          });
          progress.end();
          io.err(textReport(planned));
          if (planned.result !== 'succeeded') return exitCodeOf(planned);
          if (!(await deps.confirm(`Perform this update on stack ${stack}?`))) {
            io.err('up: not confirmed; nothing changed\n');
            return ExitCode.Ok;
          }
          plan ??= planned.planFile;
        }
        result = await engine.up(target, {
          ...common,
          refresh: opts.refresh,
          ...(plan !== undefined ? { plan } : {}),
        });
        break;
      }
      case 'destroy':
        if (!opts.yes && !(await deps.confirm(`Destroy every resource of stack ${stack}?`))) {
          io.err('destroy: not confirmed; nothing changed\n');
          return ExitCode.Ok;
        }
        result = await engine.destroy(target, { ...common, remove: opts.remove });
        break;
      case 'refresh':
        result = await engine.refresh(target, {
          ...common,
          clearPendingCreates: opts.clearPendingCreates,
        });
        break;
    }
  } finally {
    progress.end();
    rmSync(planDir, { recursive: true, force: true });
  }
  report(io, opts, result);
  // The text report ends with the failure already; the other formats own stdout, so the log
  // (stderr) gets it too.
  if (result.failure && opts.output !== 'text') io.err(`${kind}: ${result.failure.message}\n`);
  return exitCodeOf(result);
}
