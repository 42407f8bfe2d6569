// `vitistack controller`: its flags (documented in the README, mirrored in deploy/). Parsing only;
// run-controller.ts wires the running controller.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MODES, type Mode } from '../controller/annotations';
import {
  DEFAULT_HEALTH_PROBE_BIND_ADDRESS,
  DEFAULT_METRICS_BIND_ADDRESS,
} from '../controller/http-server';
import { LOG_LEVELS, type LogLevel } from '../controller/log';
import { parseDuration } from './duration';
import type { CliDeps } from './main';
import type { Io } from './output';
import { runController } from './run-controller';

const collect = (v: string, prev: string[]) => [...prev, v];

function positive(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag} "${value}" is not a whole number of at least 1.`);
    }
    return n;
  };
}

const duration = (flag: string) => (value: string) => parseDuration(value, flag);

/** Every flag of `vitistack controller`, parsed. Durations are in milliseconds. */
export interface ControllerFlags {
  readonly namespace: string[];
  readonly labelSelector?: string;
  readonly mode: Mode;
  readonly maxConcurrentOperations: number;
  readonly maxConcurrentReconciles: number;
  readonly resyncInterval: number;
  readonly driftInterval: number;
  readonly operationTimeout: number;
  readonly stallAfter: number;
  readonly backend?: string;
  readonly stateDir: string;
  readonly secretsProvider?: string;
  readonly policyPack: string[];
  readonly policyPackConfig: string[];
  readonly allowNamespace: string[];
  readonly leaderElect: boolean;
  readonly leaderElectionNamespace?: string;
  readonly leaderElectionId: string;
  readonly leaseDuration: number;
  readonly renewDeadline: number;
  readonly retryPeriod: number;
  readonly metricsBindAddress: string;
  readonly healthProbeBindAddress: string;
  readonly kubeconfig?: string;
  readonly logLevel: LogLevel;
}

export const DEFAULT_CONTROLLER_STATE_DIR = '/var/lib/vitistack/state';

export function addControllerCommand(
  program: Command,
  io: Io,
  result: { code: number },
  deps: CliDeps,
): void {
  program
    .command('controller')
    .description('run the in-cluster controller: keep every Vitistack stack matching its objects')
    .option(
      '--namespace <ns>',
      'watch this namespace (repeatable; default: all namespaces)',
      collect,
      [],
    )
    .option(
      '--label-selector <selector>',
      'only Vitistacks matching this label selector (sharding); their members are watched regardless',
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'default mode; annotation vitistack.io/mode overrides it per Vitistack',
      )
        .choices(MODES)
        .default('apply'),
    )
    .option(
      '--max-concurrent-operations <n>',
      'engine operations at once',
      positive('--max-concurrent-operations'),
      4,
    )
    .option(
      '--max-concurrent-reconciles <n>',
      'reconciles at once',
      positive('--max-concurrent-reconciles'),
      8,
    )
    .option(
      '--resync-interval <duration>',
      'reconcile every Vitistack at least this often (0: never)',
      duration('--resync-interval'),
      600_000,
    )
    .option(
      '--drift-interval <duration>',
      'refresh-preview applied stacks this often to detect drift (0: never)',
      duration('--drift-interval'),
      3_600_000,
    )
    .option(
      '--operation-timeout <duration>',
      'cancel an engine operation after this long',
      duration('--operation-timeout'),
      3_600_000,
    )
    .option(
      '--stall-after <n>',
      'failed operations in a row (same inputs) before Stalled',
      positive('--stall-after'),
      3,
    )
    .option(
      '--backend <url>',
      'state backend: file:///dir, s3://bucket, azblob://container, gs://bucket or https://api.pulumi.com (default: file backend in --state-dir)',
    )
    .option(
      '--state-dir <dir>',
      'directory of the default file backend and of saved plans',
      DEFAULT_CONTROLLER_STATE_DIR,
    )
    .option(
      '--secrets-provider <url>',
      'passphrase (default; PULUMI_CONFIG_PASSPHRASE[_FILE]), awskms://, azurekeyvault://, gcpkms:// or hashivault://',
    )
    .option(
      '--policy-pack <dir>',
      'CrossGuard policy pack run on every preview and up (repeatable)',
      collect,
      [],
    )
    .option(
      '--policy-pack-config <file>',
      'JSON config of the policy pack at the same position (repeatable)',
      collect,
      [],
    )
    .option(
      '--allow-namespace <ns>',
      'namespace references may point into (repeatable)',
      collect,
      [],
    )
    .option('--leader-elect', 'lead through a Lease, so replicas can stand by (default)', true)
    .option('--no-leader-elect', 'lead without a Lease (one replica only)')
    .option(
      '--leader-election-namespace <ns>',
      'namespace of the Lease (default: POD_NAMESPACE or the service account namespace)',
    )
    .option('--leader-election-id <name>', 'name of the Lease', 'vitistack-controller')
    .option(
      '--lease-duration <duration>',
      'how long standbys wait before taking an unrenewed lease',
      duration('--lease-duration'),
      15_000,
    )
    .option(
      '--renew-deadline <duration>',
      'how long the leader tries to renew before giving up',
      duration('--renew-deadline'),
      10_000,
    )
    .option(
      '--retry-period <duration>',
      'time between lease attempts',
      duration('--retry-period'),
      2_000,
    )
    .option(
      '--metrics-bind-address <addr>',
      'address of /metrics ("0" disables)',
      DEFAULT_METRICS_BIND_ADDRESS,
    )
    .option(
      '--health-probe-bind-address <addr>',
      'address of /healthz and /readyz ("0" disables)',
      DEFAULT_HEALTH_PROBE_BIND_ADDRESS,
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig to use (default: in-cluster config, then KUBECONFIG)',
    )
    .addOption(
      new Option('--log-level <level>', 'least level logged (JSON lines on stderr)')
        .choices(LOG_LEVELS)
        .default('info'),
    )
    .action(async (flags: ControllerFlags) => {
      result.code = await runController(flags, io, deps);
    });
}
