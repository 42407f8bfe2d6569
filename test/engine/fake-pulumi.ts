// A stand-in for the `pulumi` CLI, injected as LocalWorkspaceOptions.pulumiCommand. It records
// every invocation (args, env, cwd) and answers like the CLI: stack select/init against an
// in-memory set of stacks, `stack output --json` with secrets masked as the CLI masks them, and
// for preview/up/destroy/refresh the events and output a test scripts. Events reach the
// Automation API the way the CLI sends them: through the gRPC events service (`--event-log
// tcp://...`, CLI > 3.205) or appended to the event log file (older CLIs).
import { appendFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { PulumiCommand } from '@pulumi/pulumi/automation';
import { SemVer } from 'semver';

export interface Invocation {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** What the fake CLI does for one invocation. */
export interface Answer {
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
  /** Engine events (sequence and timestamp are filled in). */
  readonly events?: readonly Record<string, unknown>[];
  /** Runs until interrupted (the signal aborts): exits 255 with "update canceled". */
  readonly hang?: boolean;
  /** Stack outputs this operation leaves (up/refresh). */
  readonly outputs?: Readonly<
    Record<string, { readonly value: unknown; readonly secret: boolean }>
  >;
}

/** Scripted answers: return undefined to fall back to the built-in behaviour. */
export type Script = (inv: Invocation, fake: FakePulumi) => Answer | undefined;

interface CommandResultCtor {
  new (stdout: string, stderr: string, code: number, err?: Error): unknown;
}
interface CmdModule {
  CommandResult: CommandResultCtor;
}
interface ErrorsModule {
  createCommandError: (result: unknown) => Error;
}
// The SDK's own result and error constructors (internal, so untyped), so that errors are the
// very classes (ConcurrentUpdateError, StackNotFoundError, ...) the real CLI path produces.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cmd = require('@pulumi/pulumi/automation/cmd') as CmdModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const errors = require('@pulumi/pulumi/automation/errors') as ErrorsModule;

interface EventsClient {
  streamEvents(cb: (err: Error | null) => void): {
    write(req: unknown): void;
    end(): void;
  };
  close(): void;
}
interface EventsGrpcModule {
  EventsClient: new (address: string, creds: grpc.ChannelCredentials) => EventsClient;
}
interface EventsPbModule {
  EventRequest: new () => { setEvent(event: string): void };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eventsGrpc = require('@pulumi/pulumi/proto/events_grpc_pb') as EventsGrpcModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const eventsPb = require('@pulumi/pulumi/proto/events_pb') as EventsPbModule;

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

async function sendEvents(target: string, events: readonly Record<string, unknown>[]) {
  const lines = events.map((e, i) =>
    JSON.stringify({ sequence: i + 1, timestamp: 1_700_000_000 + i, ...e }),
  );
  if (!target.startsWith('tcp://')) {
    for (const line of lines) appendFileSync(target, `${line}\n`);
    return;
  }
  const client = new eventsGrpc.EventsClient(
    target.slice('tcp://'.length),
    grpc.credentials.createInsecure(),
  );
  await new Promise<void>((resolve, reject) => {
    const call = client.streamEvents((err) => {
      if (err) reject(err);
      else resolve();
    });
    for (const line of lines) {
      const req = new eventsPb.EventRequest();
      req.setEvent(line);
      call.write(req);
    }
    call.end();
  });
  client.close();
}

export class FakePulumi {
  readonly command = 'pulumi';
  readonly version: SemVer;
  readonly invocations: Invocation[] = [];
  /** Stacks that exist, with their outputs. */
  readonly stacks = new Map<string, NonNullable<Answer['outputs']>>();

  constructor(
    private readonly script: Script = () => undefined,
    version = '3.210.0',
  ) {
    this.version = new SemVer(version);
  }

  /** This fake, typed as the SDK's command class (whose constructor is private). */
  asCommand(): PulumiCommand {
    // The Automation API only calls `run` and reads `command` and `version`, which this has.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    return this;
  }

  /** Invocations whose first argument is `verb`. */
  calls(verb: string): Invocation[] {
    return this.invocations.filter((i) => i.args[0] === verb);
  }

  async run(
    args: string[],
    cwd: string,
    env: Record<string, string>,
    onOutput?: (data: string) => void,
    _onError?: (data: string) => void,
    signal?: AbortSignal,
  ): Promise<unknown> {
    // As the SDK's own PulumiCommand.run does.
    if (!args.includes('--non-interactive')) args.push('--non-interactive');
    const inv: Invocation = { args: [...args], cwd, env: { ...env } };
    this.invocations.push(inv);
    const answer = this.script(inv, this) ?? this.builtIn(inv);
    const log = argAfter(args, '--event-log');
    if (log !== undefined && answer.events) await sendEvents(log, answer.events);
    if (answer.stdout) onOutput?.(answer.stdout);
    if (answer.hang === true) {
      await new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
      });
      return this.finish(answer.stdout ?? '', 'error: update canceled\n', 255);
    }
    const stack = argAfter(args, '--stack');
    if (answer.outputs && stack !== undefined) this.stacks.set(stack, answer.outputs);
    return this.finish(answer.stdout ?? '', answer.stderr ?? '', answer.code ?? 0);
  }

  private finish(stdout: string, stderr: string, code: number): unknown {
    const result = new cmd.CommandResult(stdout, stderr, code);
    if (code !== 0) throw errors.createCommandError(result);
    return result;
  }

  private builtIn(inv: Invocation): Answer {
    const [verb, sub] = inv.args;
    const stack = argAfter(inv.args, '--stack');
    if (verb === 'stack' && sub === 'select') {
      return stack !== undefined && this.stacks.has(stack)
        ? {}
        : { code: 255, stderr: `error: no stack named '${stack ?? ''}' found\n` };
    }
    if (verb === 'stack' && sub === 'init') {
      const name = inv.args[2] ?? '';
      if (this.stacks.has(name)) {
        return { code: 255, stderr: `error: stack '${name}' already exists\n` };
      }
      this.stacks.set(name, {});
      return {};
    }
    if (verb === 'stack' && sub === 'output') {
      const outputs = this.stacks.get(stack ?? '') ?? {};
      const plain = inv.args.includes('--show-secrets');
      const json: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(outputs))
        json[k] = v.secret && !plain ? '[secret]' : v.value;
      return { stdout: JSON.stringify(json) };
    }
    if (verb === 'stack' && sub === 'history') return { stdout: '[]' };
    if (verb === 'cancel') return {};
    return { events: [{ summaryEvent: { resourceChanges: {} } }] };
  }
}
