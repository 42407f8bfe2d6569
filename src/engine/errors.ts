// Engine failures, classified so callers can act on them: a held lock is retried, a missing CLI
// or plugin says how to install it, rejected credentials point at the Secret, anything else names
// the failing resources. Every message goes through `redact` first.
import { ConcurrentUpdateError, StackNotFoundError } from '@pulumi/pulumi/automation';
import type { Diagnostic, FailureKind, OperationFailure } from './result';

export const INSTALL_CLI =
  'install the Pulumi CLI (curl -fsSL https://get.pulumi.com | sh, or see https://www.pulumi.com/docs/install/) and put it on PATH';

/** A classified engine failure. `failure` is what goes into results and status. */
export class EngineError extends Error {
  constructor(
    readonly failure: OperationFailure,
    readonly locks: readonly LockHolder[] = [],
  ) {
    super(failure.message);
    this.name = 'EngineError';
  }

  get kind(): FailureKind {
    return this.failure.kind;
  }
}

/** Who holds a stack lock, as the file/S3/GCS/Azure backends report it. */
export interface LockHolder {
  /** The lock file's URL. */
  readonly lock: string;
  readonly user: string;
  readonly host: string;
  readonly pid: number;
  readonly createdAt: string;
}

const LOCK_LINE = /^\s*(\S+\.json): created by (\S+)@(\S+) \(pid (\d+)\) at (\S+)\s*$/;

/** The lock holders named in the CLI's "the stack is currently locked by" message. */
export function lockHolders(text: string): LockHolder[] {
  const out: LockHolder[] = [];
  for (const line of text.split('\n')) {
    const m = LOCK_LINE.exec(line);
    if (m?.[1] && m[2] && m[3] && m[4] && m[5]) {
      out.push({ lock: m[1], user: m[2], host: m[3], pid: Number(m[4]), createdAt: m[5] });
    }
  }
  return out;
}

/** Replaces every occurrence of a secret value (4 characters or longer) with `[secret]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a value that contains another is masked whole.
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('[secret]');
  }
  return out;
}

const PLUGIN_MISSING = [
  /no resource plugin '(?:pulumi-resource-)?([\w-]+)' found(?:[^\n]*?at version v?([\w.-]+))?/,
  /failed to (?:download|install) plugin:? (?:resource-)?([\w-]+)[- ]v?([\d][\w.-]*)?/,
  /could not (?:find|load) plugin for ([\w-]+) provider/,
];

const CREDENTIALS = [
  /InvalidClientTokenId/,
  /SignatureDoesNotMatch/,
  /UnrecognizedClientException/,
  /ExpiredToken/,
  /AuthFailure/,
  /no valid credential sources/i,
  /AADSTS\d+/,
  /invalid_client/,
  /invalid_grant/,
  /could not find default credentials/i,
  /failed to refresh cached credentials/i,
];

/** Text of an Automation API error: its stderr (CommandError) or message. */
function textOf(err: unknown): string {
  if (err instanceof Error) {
    const m = /stderr: ([\s\S]*?)\n err\?:/.exec(err.message);
    return m?.[1] ?? err.message;
  }
  return String(err);
}

/** The last `error:` lines of the CLI's stderr, for a failure without diagnostics. */
function errorLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('error:'));
  return (lines.length > 0 ? lines.slice(-3) : text.trim().split('\n').slice(-1)).join(' ');
}

export interface ClassifyContext {
  /** Error diagnostics collected from the events so far. */
  readonly diagnostics: readonly Diagnostic[];
  readonly failedResources: readonly string[];
  readonly mandatoryViolations: number;
  readonly aborted: 'cancelled' | 'timeout' | undefined;
  readonly timeoutMs?: number;
  /** Secret values that must not appear in any message. */
  readonly secrets: readonly string[];
}

function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function failure(kind: FailureKind, message: string, resources: readonly string[] = []) {
  return { kind, message, resources };
}

/** Classifies an error thrown by an operation. */
export function classify(err: unknown, ctx: ClassifyContext): EngineError {
  const text = redact(textOf(err), ctx.secrets);
  const resources = ctx.failedResources;
  if (ctx.aborted === 'cancelled') {
    return new EngineError(failure('cancelled', 'the operation was cancelled', resources));
  }
  if (ctx.aborted === 'timeout') {
    return new EngineError(
      failure(
        'timeout',
        `the operation did not finish within ${durationText(ctx.timeoutMs ?? 0)} and was cancelled; raise the timeout or look for a resource stuck in creation`,
        resources,
      ),
    );
  }
  if (err instanceof ConcurrentUpdateError || text.includes('the stack is currently locked by')) {
    const locks = lockHolders(text);
    const who = locks.map((l) => `${l.user}@${l.host} (pid ${l.pid}) since ${l.createdAt}`);
    return new EngineError(
      failure(
        'locked',
        `the stack is locked by another operation${who.length > 0 ? `: ${who.join(', ')}` : ''}; wait for it, or if that process is gone run unlock (pulumi cancel)`,
      ),
      locks,
    );
  }
  if (err instanceof StackNotFoundError) {
    return new EngineError(
      failure('stack-not-found', `${errorLines(text)}; run preview or up first to create it`),
    );
  }
  if (/ENOENT/.test(text) && /pulumi/.test(text)) {
    return new EngineError(failure('cli-missing', `the pulumi CLI was not found: ${INSTALL_CLI}`));
  }
  for (const re of PLUGIN_MISSING) {
    const m = re.exec(text);
    if (m?.[1]) {
      const version = m[2] !== undefined ? ` v${m[2].replace(/^v/, '')}` : '';
      return new EngineError(
        failure(
          'plugin-missing',
          `the ${m[1]} provider plugin is not installed: run \`pulumi plugin install resource ${m[1]}${version}\` (the container image bundles the plugins)`,
        ),
      );
    }
  }
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const detail = errors.length > 0 ? errors.slice(-3).join(' ') : errorLines(text);
  if (CREDENTIALS.some((re) => re.test(text) || errors.some((e) => re.test(e)))) {
    return new EngineError(
      failure(
        'credentials',
        `the cloud rejected the credentials: ${detail}; check the Secret named by the provider's spec.credentials (or the ambient identity)`,
        resources,
      ),
    );
  }
  if (ctx.mandatoryViolations > 0) {
    return new EngineError(
      failure(
        'policy',
        `${ctx.mandatoryViolations} mandatory policy violation${ctx.mandatoryViolations === 1 ? '' : 's'}`,
        resources,
      ),
    );
  }
  const where =
    resources.length > 0
      ? ` (failed: ${resources.map((u) => u.split('::').pop()).join(', ')})`
      : '';
  return new EngineError(failure('failed', `${detail}${where}`, resources));
}
