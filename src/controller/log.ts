// Structured JSON logs for the controller: one JSON object a line, object first and message second
// (as pino and logr). Every string that goes out passes redaction first, so a secret value the
// controller has read never reaches a log line even when an error message quotes it.
import { inspect } from 'node:util';

/** Log levels, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Fields of one entry. Usual ones: `key` (`namespace/name` of the Vitistack), `operation`,
 * `error` (an `Error` or anything thrown). `time`, `level` and `msg` are the logger's own; a field
 * with one of those names is dropped.
 */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(fields: LogFields, msg: string): void;
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
  /** A logger that adds `fields` to every entry; fields given to a call win over them. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Where lines go. Defaults to stderr: nothing but the CLI writes to stdout. */
  readonly stream?: NodeJS.WritableStream;
  /** Entries below this level are dropped. Defaults to `info`. */
  readonly level?: LogLevel;
  /** Time of an entry. Defaults to the system clock. */
  readonly clock?: () => Date;
  /**
   * The secret values known right now; asked on every entry, so secrets read after the logger was
   * made are covered. Each occurrence in a string is replaced by `[redacted]`. Values shorter than
   * 4 characters are ignored: replacing them would shred ordinary text and hide nothing.
   */
  readonly redact?: () => readonly string[];
}

/** What a secret value is replaced by. */
export const REDACTED = '[redacted]';

const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 8;
const RESERVED = new Set(['time', 'level', 'msg']);

/** Parses a `--log-level` value. */
export function parseLogLevel(value: string, flag = '--log-level'): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value);
  if (level === undefined) {
    throw new Error(
      `${flag} ${JSON.stringify(value)} is not a log level; use one of ${LOG_LEVELS.join(', ')}.`,
    );
  }
  return level;
}

/** Creates a logger writing one JSON object a line. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const sink: Sink = {
    stream: opts.stream ?? process.stderr,
    threshold: LOG_LEVELS.indexOf(opts.level ?? 'info'),
    clock: opts.clock ?? (() => new Date()),
    redact: opts.redact ?? (() => []),
  };
  return new JsonLogger(sink, {});
}

/** A logger that drops everything; for tests. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

interface Sink {
  readonly stream: NodeJS.WritableStream;
  readonly threshold: number;
  readonly clock: () => Date;
  readonly redact: () => readonly string[];
}

class JsonLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly bound: LogFields,
  ) {}

  debug(fields: LogFields, msg: string): void {
    this.write('debug', fields, msg);
  }

  info(fields: LogFields, msg: string): void {
    this.write('info', fields, msg);
  }

  warn(fields: LogFields, msg: string): void {
    this.write('warn', fields, msg);
  }

  error(fields: LogFields, msg: string): void {
    this.write('error', fields, msg);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.sink, { ...this.bound, ...fields });
  }

  private write(level: LogLevel, fields: LogFields, msg: string): void {
    if (LOG_LEVELS.indexOf(level) < this.sink.threshold) return;
    let line: string;
    try {
      line = this.format(level, fields, msg);
    } catch {
      // Without the redaction list (or with fields that cannot be read) nothing in the entry is
      // safe to print; say that an entry was lost rather than throw into the caller.
      line = JSON.stringify({
        time: this.time(),
        level: 'error',
        msg: 'A log entry was dropped: its fields or the list of secrets to redact could not be read.',
      });
    }
    this.sink.stream.write(line + '\n');
  }

  private format(level: LogLevel, fields: LogFields, msg: string): string {
    const ctx: Ctx = {
      secrets: secretList(this.sink.redact()),
      stacks: this.sink.threshold === LOG_LEVELS.indexOf('debug'),
      seen: new WeakSet(),
    };
    const entry: Record<string, unknown> = {
      time: this.time(),
      level,
      msg: redactString(msg, ctx.secrets),
    };
    for (const [k, v] of Object.entries({ ...this.bound, ...fields })) {
      if (RESERVED.has(k)) continue;
      const value = toJson(v, ctx, 0);
      if (value !== undefined) entry[redactString(k, ctx.secrets)] = value;
    }
    return JSON.stringify(entry);
  }

  private time(): string {
    try {
      return this.sink.clock().toISOString();
    } catch {
      return new Date().toISOString();
    }
  }
}

interface Ctx {
  readonly secrets: readonly string[];
  /** Errors keep their stack only when the logger runs at `debug`. */
  readonly stacks: boolean;
  readonly seen: WeakSet<object>;
}

/** Longest first, so a secret that contains another is replaced whole. */
function secretList(values: readonly string[]): string[] {
  const set = new Set(values.filter((v) => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH));
  return [...set].sort((a, b) => b.length - a.length);
}

function redactString(s: string, secrets: readonly string[]): string {
  let out = s;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A JSON-safe, redacted copy of `v`; undefined for what JSON leaves out. */
function toJson(v: unknown, ctx: Ctx, depth: number): unknown {
  switch (typeof v) {
    case 'string':
      return redactString(v, ctx.secrets);
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (typeof v !== 'object' || v === null) return null;
  if (v instanceof Error) return redactString(describeError(v, ctx.stacks), ctx.secrets);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (ctx.seen.has(v)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  ctx.seen.add(v);
  try {
    if (Array.isArray(v) || v instanceof Set) {
      return [...(v as Iterable<unknown>)].map((item) => toJson(item, ctx, depth + 1) ?? null);
    }
    const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
    const out: Record<string, unknown> = {};
    for (const [k, item] of entries) {
      const value = toJson(item, ctx, depth + 1);
      if (value !== undefined) out[redactString(String(k), ctx.secrets)] = value;
    }
    return out;
  } finally {
    ctx.seen.delete(v);
  }
}

/** The message, followed by the messages of its causes; the stack instead when asked. */
function describeError(err: Error, withStack: boolean): string {
  let text = withStack && err.stack !== undefined ? err.stack : err.message;
  let cause: unknown = err.cause;
  for (let i = 0; i < 5 && cause !== undefined; i++) {
    const causeText =
      cause instanceof Error
        ? cause.message
        : typeof cause === 'string'
          ? cause
          : inspect(cause, { breakLength: Infinity });
    text += `: caused by: ${causeText}`;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return text;
}
