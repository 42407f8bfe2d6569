import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import {
  createLogger,
  parseLogLevel,
  silentLogger,
  type LoggerOptions,
  type LogLevel,
} from '../../src/controller/log';

/** A stream that keeps what is written, one entry per line. */
class Capture extends Writable {
  readonly chunks: string[] = [];

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString('utf8'));
    done();
  }

  get lines(): string[] {
    return this.chunks.join('').split('\n').slice(0, -1);
  }

  get entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

const FIXED = new Date('2025-03-04T05:06:07.089Z');

function setup(opts: Omit<LoggerOptions, 'stream'> = {}) {
  const out = new Capture();
  const log = createLogger({ clock: () => FIXED, ...opts, stream: out });
  return { out, log };
}

describe('createLogger', () => {
  it('writes one JSON object a line: time, level and msg first, then the fields', () => {
    const { out, log } = setup();
    log.info({ key: 'prod/web', operation: 'up' }, 'Stack updated.');
    log.warn({ count: 2 }, 'Second line.');

    assert.equal(out.lines.length, 2);
    assert.equal(
      out.lines[0],
      '{"time":"2025-03-04T05:06:07.089Z","level":"info","msg":"Stack updated.","key":"prod/web","operation":"up"}',
    );
    assert.deepEqual(out.entries[1], {
      time: FIXED.toISOString(),
      level: 'warn',
      msg: 'Second line.',
      count: 2,
    });
  });

  const levelCases: { threshold: LogLevel; written: LogLevel[] }[] = [
    { threshold: 'debug', written: ['debug', 'info', 'warn', 'error'] },
    { threshold: 'info', written: ['info', 'warn', 'error'] },
    { threshold: 'warn', written: ['warn', 'error'] },
    { threshold: 'error', written: ['error'] },
  ];
  for (const tc of levelCases) {
    it(`at level ${tc.threshold} writes only ${tc.written.join(', ')}`, () => {
      const { out, log } = setup({ level: tc.threshold });
      log.debug({}, 'd');
      log.info({}, 'i');
      log.warn({}, 'w');
      log.error({}, 'e');
      assert.deepEqual(
        out.entries.map((e) => e.level),
        tc.written,
      );
    });
  }

  it('defaults to level info', () => {
    const { out, log } = setup();
    log.debug({}, 'hidden');
    log.info({}, 'shown');
    assert.deepEqual(
      out.entries.map((e) => e.msg),
      ['shown'],
    );
  });

  it('adds child fields to every entry, and a call’s own fields win over them', () => {
    const { out, log } = setup();
    const child = log.child({ key: 'prod/web', controller: 'vitistack' });
    const grandchild = child.child({ operation: 'preview' });
    grandchild.info({ key: 'prod/api' }, 'Overridden key.');
    child.info({}, 'Plain child.');
    log.info({}, 'Parent is unchanged.');

    assert.deepEqual(out.entries[0], {
      time: FIXED.toISOString(),
      level: 'info',
      msg: 'Overridden key.',
      key: 'prod/api',
      controller: 'vitistack',
      operation: 'preview',
    });
    const [, second, third] = out.entries;
    assert.ok(second && third);
    assert.equal(second.key, 'prod/web');
    assert.equal(second.operation, undefined);
    assert.equal(third.key, undefined);
  });

  it('does not let fields overwrite time, level or msg', () => {
    const { out, log } = setup();
    log.info({ time: 'x', level: 'error', msg: 'forged', key: 'a/b' }, 'Real message.');
    assert.deepEqual(out.entries[0], {
      time: FIXED.toISOString(),
      level: 'info',
      msg: 'Real message.',
      key: 'a/b',
    });
  });

  it('writes an Error as its message, with its causes, and without a stack', () => {
    const { out, log } = setup();
    const err = new Error('pulumi up failed', { cause: new Error('connection reset') });
    log.error({ error: err, key: 'prod/web' }, 'Reconcile failed.');
    const entry = out.entries[0]!;
    assert.equal(entry.error, 'pulumi up failed: caused by: connection reset');
    assert.ok(!out.lines[0]!.includes('    at '), 'no stack frames');
  });

  it('writes an Error with its stack when the logger runs at debug', () => {
    const { out, log } = setup({ level: 'debug' });
    log.error({ error: new Error('boom') }, 'Failed.');
    const text = out.entries[0]!.error as string;
    assert.match(text, /^Error: boom\n\s+at /);
  });

  it('writes dates as ISO strings, bigints as strings, and drops undefined and functions', () => {
    const { out, log } = setup();
    log.info(
      {
        at: new Date('2024-01-01T00:00:00Z'),
        big: 12n,
        none: undefined,
        fn: () => 1,
        list: [1, undefined, 'x'],
      },
      'Values.',
    );
    const e = out.entries[0]!;
    assert.equal(e.at, '2024-01-01T00:00:00.000Z');
    assert.equal(e.big, '12');
    assert.ok(!('none' in e) && !('fn' in e));
    assert.deepEqual(e.list, [1, null, 'x']);
  });

  it('writes a circular structure once instead of throwing', () => {
    const { out, log } = setup();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    log.info({ a }, 'Circular.');
    assert.deepEqual(out.entries[0]!.a, { name: 'a', self: '[circular]' });
  });

  describe('redaction', () => {
    const secrets = ['hunter2-password', 'AKIAEXAMPLEKEY'];

    it('replaces each secret in the message', () => {
      const { out, log } = setup({ redact: () => secrets });
      log.info({}, 'login with hunter2-password failed; key AKIAEXAMPLEKEY rejected');
      assert.equal(out.entries[0]!.msg, 'login with [redacted] failed; key [redacted] rejected');
    });

    it('replaces secrets in fields, nested objects, arrays and child fields', () => {
      const { out, log } = setup({ redact: () => secrets });
      log
        .child({ bound: 'x-AKIAEXAMPLEKEY' })
        .warn(
          { token: 'hunter2-password', nested: { deep: ['ok', 'pw=hunter2-password'] } },
          'Fields.',
        );
      assert.ok(!out.lines[0]!.includes('hunter2'), out.lines[0]);
      assert.ok(!out.lines[0]!.includes('AKIA'), out.lines[0]);
      const e = out.entries[0]!;
      assert.equal(e.bound, 'x-[redacted]');
      assert.equal(e.token, '[redacted]');
      assert.deepEqual(e.nested, { deep: ['ok', 'pw=[redacted]'] });
    });

    it('replaces secrets in error messages, causes and stacks', () => {
      const err = new Error('auth failed for hunter2-password', {
        cause: new Error('bad key AKIAEXAMPLEKEY'),
      });
      for (const level of ['info', 'debug'] as const) {
        const { out, log } = setup({ redact: () => secrets, level });
        log.error({ error: err, wrapped: { inner: err } }, 'Failed.');
        assert.ok(!out.lines[0]!.includes('hunter2'), `${level}: ${out.lines[0]}`);
        assert.ok(!out.lines[0]!.includes('AKIA'), `${level}: ${out.lines[0]}`);
        assert.match(out.entries[0]!.error as string, /auth failed for \[redacted\]/);
      }
    });

    it('asks for the secrets on every entry, so secrets learnt later are redacted', () => {
      const known: string[] = [];
      const { out, log } = setup({ redact: () => known });
      log.info({ v: 's3cr3t-value' }, 'Before.');
      known.push('s3cr3t-value');
      log.info({ v: 's3cr3t-value' }, 'After.');
      assert.deepEqual(
        out.entries.map((e) => e.v),
        ['s3cr3t-value', '[redacted]'],
      );
    });

    it('ignores empty and short values, which would shred ordinary text', () => {
      const { out, log } = setup({ redact: () => ['', 'a', 'ok', 'abc'] });
      log.info({ word: 'cabbage' }, 'A bad abc ok.');
      assert.equal(out.entries[0]!.msg, 'A bad abc ok.');
      assert.equal(out.entries[0]!.word, 'cabbage');
    });

    it('replaces the longer of two overlapping secrets whole', () => {
      const { out, log } = setup({ redact: () => ['pass', 'password-1234'] });
      log.info({}, 'value password-1234');
      assert.equal(out.entries[0]!.msg, 'value [redacted]');
    });

    it('drops an entry, saying so, when the list of secrets cannot be read', () => {
      const { out, log } = setup({
        redact: () => {
          throw new Error('store not ready');
        },
      });
      log.info({ v: 'maybe-secret' }, 'Maybe secret.');
      assert.equal(out.lines.length, 1);
      assert.ok(!out.lines[0]!.includes('maybe-secret'));
      assert.match(out.entries[0]!.msg as string, /log entry was dropped/);
    });
  });

  it('writes to stderr by default, never stdout', () => {
    const written: string[] = [];
    const stderrWrite = Object.getOwnPropertyDescriptor(process.stderr, 'write');
    const stdoutWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write');
    const fake = (target: string[]) => (chunk: string | Uint8Array) => {
      target.push(String(chunk));
      return true;
    };
    const toStdout: string[] = [];
    process.stderr.write = fake(written);
    process.stdout.write = fake(toStdout);
    try {
      createLogger({ clock: () => FIXED }).info({}, 'to stderr');
    } finally {
      if (stderrWrite) Object.defineProperty(process.stderr, 'write', stderrWrite);
      else Reflect.deleteProperty(process.stderr, 'write');
      if (stdoutWrite) Object.defineProperty(process.stdout, 'write', stdoutWrite);
      else Reflect.deleteProperty(process.stdout, 'write');
    }
    assert.equal(toStdout.length, 0);
    assert.equal(written.length, 1);
    assert.match(written[0]!, /"msg":"to stderr"/);
  });
});

describe('silentLogger', () => {
  it('accepts every call, children included', () => {
    silentLogger.child({ a: 1 }).error({ error: new Error('x') }, 'ignored');
    assert.equal(silentLogger.child({}), silentLogger);
  });
});

describe('parseLogLevel', () => {
  it('accepts each level', () => {
    assert.equal(parseLogLevel('debug'), 'debug');
    assert.equal(parseLogLevel('error'), 'error');
  });

  it('names the flag, the bad value and the choices', () => {
    assert.throws(() => parseLogLevel('verbose'), {
      message: '--log-level "verbose" is not a log level; use one of debug, info, warn, error.',
    });
  });
});
