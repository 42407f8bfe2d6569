// Failure classification, lock parsing, redaction and the lock retry's backoff.
import { strict as assert } from 'node:assert';
import { ConcurrentUpdateError, StackNotFoundError } from '@pulumi/pulumi/automation';
import { classify, EngineError, lockHolders, redact } from '../../src/engine/errors';
import { backoffMs, retryOnLock } from '../../src/engine/retry';

/** What the SDK's CLI runner hands its errors: its CommandResult. */
function commandResult(stderr: string): never {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cmd = require('@pulumi/pulumi/automation/cmd') as {
    CommandResult: new (stdout: string, stderr: string, code: number) => unknown;
  };
  return new cmd.CommandResult('', stderr, 255) as never;
}

const CTX = {
  diagnostics: [],
  failedResources: [],
  mandatoryViolations: 0,
  aborted: undefined,
  secrets: [],
} as const;

describe('engine errors', () => {
  it('reads every holder of a lock from the CLI message', () => {
    const text =
      'error: the stack is currently locked by 2 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n' +
      '  s3://state?region=eu-north-1/.pulumi/locks/organization/vitistack/a.b/1.json: created by root@ctl-0 (pid 7) at 2026-11-22T09:00:00Z\n' +
      '  s3://state?region=eu-north-1/.pulumi/locks/organization/vitistack/a.b/2.json: created by ci@runner (pid 1234) at 2026-11-22T09:05:00Z\n';
    assert.deepEqual(
      lockHolders(text).map((l) => [l.user, l.host, l.pid, l.createdAt]),
      [
        ['root', 'ctl-0', 7, '2026-11-22T09:00:00Z'],
        ['ci', 'runner', 1234, '2026-11-22T09:05:00Z'],
      ],
    );
  });

  it("Pulumi Cloud's 409 is a lock error too", () => {
    const err = new ConcurrentUpdateError(
      commandResult('[409] Conflict: Another update is currently in progress.\n'),
    );
    assert.equal(classify(err, CTX).kind, 'locked');
  });

  it('a missing stack says to create it', () => {
    const err = new StackNotFoundError(
      commandResult("error: no stack named 'production.web' found\n"),
    );
    assert.deepEqual(classify(err, CTX).failure, {
      kind: 'stack-not-found',
      message: "error: no stack named 'production.web' found; run preview or up first to create it",
      resources: [],
    });
  });

  it('redacts secret values, longest first, and leaves short values alone', () => {
    assert.equal(
      redact('token abcdef and abcdefgh and ab', ['abcdef', 'abcdefgh', 'ab']),
      'token [secret] and [secret] and ab',
    );
  });

  it('an unknown failure keeps the last error lines of the CLI', () => {
    const err = new Error(
      'code: 255\n stdout: \n stderr: warning: x\nerror: first\nerror: program failed\n err?: Error',
    );
    assert.deepEqual(classify(err, CTX).failure, {
      kind: 'failed',
      message: 'error: first error: program failed',
      resources: [],
    });
  });
});

describe('lock retry', () => {
  it('doubles the delay per retry up to the cap, with jitter in [50%, 100%]', () => {
    const opts = { baseMs: 1000, maxMs: 5000 };
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffMs(n, opts, () => 1)),
      [1000, 2000, 4000, 5000, 5000],
    );
    assert.equal(
      backoffMs(3, opts, () => 0),
      2000,
    );
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    const failed = new EngineError({ kind: 'failed', message: 'boom', resources: [] });
    await assert.rejects(
      retryOnLock(
        () => {
          calls++;
          return Promise.reject(failed);
        },
        { attempts: 5 },
        { sleep: () => Promise.resolve() },
      ),
      failed,
    );
    assert.equal(calls, 1);
  });
});
