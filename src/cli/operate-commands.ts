// The engine commands on the command line: preview, up, destroy, refresh and unlock, with their
// shared options (manifests, backend, secrets provider, policy packs, output).
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { OperationKind } from '../engine/result';
import type { CliDeps } from './main';
import { DEFAULT_OPTIONS, runOperation, type OperateOptions } from './operate';
import type { Io } from './output';
import { runUnlock } from './unlock';

const collect = (v: string, prev: string[]) => [...prev, v];

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a whole number of seconds greater than 0.`);
  }
  return n;
}

/** Options every engine command takes. */
function withStackOptions(cmd: Command): Command {
  return cmd
    .argument('<paths...>', 'manifest files or directories of the stack')
    .option('-n, --namespace <ns>', 'namespace for objects that name none', 'default')
    .option('--vitistack <namespace/name>', 'the Vitistack, when the paths hold several')
    .option(
      '--allow-namespace <ns>',
      'namespace references may point into (repeatable)',
      collect,
      [],
    )
    .option(
      '--secrets-file <file>',
      'YAML file with the credential Secrets (v1 Secret manifests; repeatable)',
      collect,
      [],
    )
    .option(
      '--backend <url>',
      'state backend: file:///dir, s3://bucket, azblob://container, gs://bucket or https://api.pulumi.com (default: file backend in --state-dir)',
    )
    .option('--state-dir <dir>', 'directory of the default file backend', DEFAULT_OPTIONS.stateDir)
    .option(
      '--secrets-provider <url>',
      'passphrase (default; PULUMI_CONFIG_PASSPHRASE[_FILE]), awskms://, azurekeyvault://, gcpkms:// or hashivault://',
    );
}

function addOperation(
  program: Command,
  kind: OperationKind,
  description: string,
  io: Io,
  result: { code: number },
  deps: CliDeps,
): Command {
  const cmd = withStackOptions(program.command(kind).description(description))
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .option('--policy-pack <dir>', 'CrossGuard policy pack to run (repeatable)', collect, [])
    .option(
      '--policy-pack-config <file>',
      'JSON config for the policy packs, one per pack in order (repeatable)',
      collect,
      [],
    )
    .option('--timeout <seconds>', 'cancel the operation after this long', seconds);
  if (kind === 'up' || kind === 'destroy') {
    cmd.option('-y, --yes', 'do not ask for confirmation', false);
  }
  if (kind === 'preview' || kind === 'up') {
    cmd.option('--refresh', 'refresh the state from the clouds first', false);
  }
  if (kind === 'preview') cmd.option('--save-plan <file>', 'save the plan for `up --plan`');
  if (kind === 'up') cmd.option('--plan <file>', 'run exactly this saved plan');
  if (kind === 'destroy') cmd.option('--remove', 'remove the stack after destroying it', false);
  if (kind === 'refresh') {
    cmd.option(
      '--clear-pending-creates',
      'drop pending creates a crashed operation left (check the cloud for orphans)',
      false,
    );
  }
  return cmd.action(async (paths: string[], raw: Partial<OperateOptions>) => {
    const controller = new AbortController();
    const onSigint = () => {
      io.err(`\n${kind}: interrupted; stopping after the steps in flight\n`);
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    try {
      result.code = await runOperation(kind, paths, { ...DEFAULT_OPTIONS, ...raw }, io, {
        ...deps,
        signal: controller.signal,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  });
}

export function addOperationCommands(
  program: Command,
  io: Io,
  result: { code: number },
  deps: CliDeps,
): void {
  addOperation(
    program,
    'preview',
    'show what an update would change (no changes made)',
    io,
    result,
    deps,
  );
  addOperation(program, 'up', "create or update the stack's resources", io, result, deps);
  addOperation(program, 'destroy', 'delete every resource of the stack', io, result, deps);
  addOperation(program, 'refresh', 'update the stack state from the clouds', io, result, deps);
  withStackOptions(
    program
      .command('unlock')
      .description('remove the lock a crashed operation left on the stack (pulumi cancel)'),
  ).action(async (paths: string[], raw: Partial<OperateOptions>) => {
    result.code = await runUnlock(paths, { ...DEFAULT_OPTIONS, ...raw }, io, deps);
  });
}
