// The `vitistack` command line.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { PulumiCommand } from '@pulumi/pulumi/automation';
import type { AutomationEngineOptions } from '../engine/automation-engine';
import type { Engine } from '../engine/engine';
import { addControllerCommand } from './controller-command';
import { runCrds } from './crds';
import { addOperationCommands } from './operate-commands';
import { runRender } from './render';
import { ExitCode, processIo, type Io } from './output';
import { processDeps } from './process-deps';
import { runValidate } from './validate';

function outputOption(choices: readonly string[]): Option {
  return new Option('-o, --output <format>', 'output format').choices(choices).default('text');
}

function namespaceArg(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new InvalidArgumentError(
      `"${value}" is not a valid namespace (use an RFC 1123 label like "production").`,
    );
  }
  return value;
}

/** What the engine commands need from the process; tests inject their own. */
export interface CliDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  readonly confirm: (question: string) => Promise<boolean>;
  readonly pulumiCommand?: PulumiCommand;
  /** Injected by tests: the engine to use instead of the Automation API one. */
  readonly engine?: (opts: AutomationEngineOptions) => Engine;
  /** Injected by tests: stops `vitistack controller` (else SIGTERM/SIGINT do). */
  readonly stop?: AbortSignal;
  /** Injected by tests: where the controller's JSON logs go (else stderr). */
  readonly logStream?: NodeJS.WritableStream;
}

/** Builds the program; each action stores its exit code in `result.code`. */
export function buildProgram(
  io: Io,
  result: { code: number },
  deps: CliDeps = processDeps(),
): Command {
  const program = new Command('vitistack')
    .description('Vitistack custom resources as Pulumi stacks: validate, render and run them.')
    .version('0.1.0')
    .configureOutput({
      writeOut: (s) => {
        io.out(s);
      },
      writeErr: (s) => {
        io.err(s);
      },
    })
    .exitOverride();

  program
    .command('validate')
    .description('validate Vitistack manifests (files or directories, multi-document YAML)')
    .argument('<paths...>', 'manifest files or directories')
    .addOption(outputOption(['text', 'json']))
    .option('-n, --namespace <ns>', 'namespace for objects that name none', namespaceArg, 'default')
    .action((paths: string[], opts: { output: 'text' | 'json'; namespace: string }) => {
      result.code = runValidate(paths, opts, io);
    });

  program
    .command('render')
    .description(
      'render the desired resources of each Vitistack offline (no credentials, no engine)',
    )
    .argument('<paths...>', 'manifest files or directories')
    .addOption(outputOption(['text', 'json']))
    .option('-n, --namespace <ns>', 'namespace for objects that name none', namespaceArg, 'default')
    .option('--vitistack <namespace/name>', 'render only this Vitistack')
    .option(
      '--allow-namespace <ns>',
      'namespace that references may point into (repeatable)',
      (v: string, prev: string[]) => [...prev, namespaceArg(v)],
      [] as string[],
    )
    .option(
      '--policy-pack <dir>',
      'CrossGuard policy pack to evaluate offline against each stack (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--policy-pack-config <file>',
      'JSON config for the policy packs, one per pack in order (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(
      async (
        paths: string[],
        opts: {
          output: 'text' | 'json';
          namespace: string;
          vitistack?: string;
          allowNamespace: string[];
          policyPack: string[];
          policyPackConfig: string[];
        },
      ) => {
        result.code = await runRender(paths, opts, io);
      },
    );

  addOperationCommands(program, io, result, deps);
  addControllerCommand(program, io, result, deps);

  program
    .command('crds')
    .description('print the CustomResourceDefinitions, or write one file per kind')
    .option('-w, --write <dir>', 'write crds/vitistack.io_<plural>.yaml files into this directory')
    .action((opts: { write?: string }) => {
      result.code = runCrds(opts, io);
    });

  return program;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  deps: CliDeps = processDeps(),
): Promise<number> {
  const result = { code: ExitCode.Ok as number };
  const program = buildProgram(io, result, deps);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; usage errors are bad input.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    }
    if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(
        `vitistack: ${(err as NodeJS.ErrnoException).path ?? 'file'}: no such file or directory\n`,
      );
      return ExitCode.BadInput;
    }
    throw err;
  }
  return result.code;
}
