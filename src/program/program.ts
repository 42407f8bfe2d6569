// The stack program: a StackModel (plus credential values) -> Pulumi resources, picking the
// components by provider type. Runs inside a Pulumi program (Automation API inline program, the
// root Pulumi.yaml, or the offline render under mocks).
import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { awsProvider, credentialsFromSecret } from '../components/aws/provider';
import {
  BUILT_DISTRIBUTIONS,
  BUILT_MACHINE_PROVIDER_TYPES,
  type ResolvedCluster,
  type ResolvedMachine,
  type ResolvedMachineProvider,
  type ResolvedSecretRef,
  type StackModel,
} from '../model';
import { buildEksCluster } from './aws/clusters';
import { awsMachineProblems, buildAwsMachine } from './aws/machines';
import { buildAwsFoundation, type AwsFoundation } from './aws/foundation';
import type { ProgramInputs } from './inputs';
import { notBuiltWarnings } from './not-built';
import type {
  ClusterOutput,
  MachineOutput,
  SecretOutput,
  StackOutputMap,
  StackOutputs,
} from './outputs';
import { kindKey } from './units';
import { VitistackStack } from './vitistack-stack';

/** The stack cannot be built from these manifests; nothing was created. */
export class ProgramInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the stack cannot be built:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ProgramInputError';
  }
}

function secretValues(
  inputs: ProgramInputs,
  ref: ResolvedSecretRef | undefined,
): Readonly<Record<string, string>> | undefined {
  if (!ref) return undefined;
  const all = inputs.secrets[`${ref.namespace}/${ref.name}`];
  if (!all || ref.key === undefined) return all;
  const v = all[ref.key];
  return v === undefined ? undefined : { [ref.key]: v };
}

function priorityOf(model: StackModel, key: string): number {
  const [ns, name] = key.split('/');
  const ref = model.vitistack.spec.providerRefs.machine.find(
    (r) => r.name === name && (r.namespace ?? model.vitistack.metadata.namespace) === ns,
  );
  return ref?.priority ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Machines built per turn of the event loop. Between batches the program yields, so the
 * registrations already sent can complete and release their bookkeeping (a few hundred promises
 * and closures per resource), and a process running the program inline (the controller) keeps
 * serving its watches and leader lease. At 1,000 machines this halves peak memory and the time
 * spent collecting it (see bench/render.ts).
 */
export const MACHINE_BATCH = 10;

/** Yields to the event loop: pending I/O and timers run before the program goes on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Builds the whole stack; returns its outputs (Outputs inside). Every input problem is found
 * before the first machine or cluster is built, and reported together as a ProgramInputError.
 */
export async function stackProgram(inputs: ProgramInputs): Promise<StackOutputMap> {
  const { model } = inputs;
  const warnings: string[] = notBuiltWarnings(model);
  const warn = (message: string) => {
    warnings.push(message);
  };
  const problems: string[] = [];
  const root = new VitistackStack(model.vitistack.metadata.name);

  const providerFor = (
    kind: string,
    key: string,
    region: string | undefined,
    credentials: ResolvedSecretRef | undefined,
    ambient: boolean,
  ): aws.Provider | undefined => {
    const where = `${kind} ${key}`;
    if (region === undefined) {
      problems.push(`${where}: no region (set spec.region on the provider or the Vitistack)`);
      return undefined;
    }
    const values = secretValues(inputs, credentials);
    if (credentials && !values && inputs.mode === 'deploy') {
      problems.push(
        `${where}: credentials Secret ${credentials.namespace}/${credentials.name} was not supplied`,
      );
      return undefined;
    }
    if (credentials && !values) {
      warn(
        `${where}: credentials Secret ${credentials.namespace}/${credentials.name} not supplied; the offline render builds the provider without credentials`,
      );
    }
    try {
      return awsProvider(
        key.replace('/', '-'),
        {
          region,
          ...(values
            ? {
                credentials: credentialsFromSecret(
                  values,
                  `Secret ${credentials?.namespace ?? ''}/${credentials?.name ?? ''}`,
                ),
              }
            : {}),
          allowAmbientCredentials: ambient || (values === undefined && inputs.mode === 'render'),
          defaultTags: { ...model.tags },
        },
        { parent: root },
      );
    } catch (err) {
      problems.push(`${where}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  // Vitistack-level resources go on the highest-priority AWS MachineProvider.
  const awsProviders = model.machineProviders
    .filter((p) => p.type === 'aws')
    .sort((a, b) => priorityOf(model, a.key) - priorityOf(model, b.key));
  for (const p of model.machineProviders.filter(
    (x) => !BUILT_MACHINE_PROVIDER_TYPES.includes(x.type),
  )) {
    warn(`MachineProvider ${p.key}: type "${p.type}" is not built yet (ProviderNotSupported)`);
  }
  const providers = new Map<string, aws.Provider>();
  for (const p of awsProviders) {
    const built = providerFor(
      'MachineProvider',
      p.key,
      p.region,
      p.credentialsSecret,
      p.usesAmbientIdentity,
    );
    if (built) providers.set(p.key, built);
  }
  const primary: ResolvedMachineProvider | undefined = awsProviders[0];
  const primaryProvider = primary ? providers.get(primary.key) : undefined;
  let foundation: AwsFoundation | undefined;
  if (primary?.region !== undefined && primaryProvider) {
    foundation = buildAwsFoundation(
      model,
      awsProviders,
      root,
      primaryProvider,
      primary.region,
      warn,
    );
  }

  // Check every machine and cluster before building any of them: bad input fails the program
  // before a single machine or cluster is registered.
  const buildable: { m: ResolvedMachine; provider: ResolvedMachineProvider; awsP: aws.Provider }[] =
    [];
  for (const m of model.machines) {
    if (!BUILT_MACHINE_PROVIDER_TYPES.includes(m.providerType)) {
      warn(
        `Machine ${m.key}: provider type "${m.providerType}" is not built yet (ProviderNotSupported)`,
      );
      continue;
    }
    const provider = model.machineProviders.find((p) => p.key === m.providerKey);
    const awsP = providers.get(m.providerKey);
    if (!provider || !awsP || !foundation) continue;
    const found = awsMachineProblems(m, foundation);
    if (found.length > 0) problems.push(...found);
    else buildable.push({ m, provider, awsP });
  }
  const clusterPlans: { c: ResolvedCluster; provider: aws.Provider }[] = [];
  for (const c of model.clusters) {
    if (!BUILT_DISTRIBUTIONS.includes(c.distribution)) {
      warn(
        `cluster ${c.name}: distribution "${c.distribution}" is not built yet (ProviderNotSupported)`,
      );
      continue;
    }
    const kp = model.kubernetesProviders.find(
      (p) => p.key === c.providerKey.split('/').slice(-2).join('/'),
    );
    const provider =
      providerFor(
        'KubernetesProvider',
        kp?.key ?? c.providerKey,
        c.region,
        c.credentialsSecret,
        false,
      ) ?? primaryProvider;
    if (!provider || !foundation) {
      // Without an AWS MachineProvider there is no network; with one, its problem is listed.
      if (awsProviders.length === 0) {
        problems.push(
          `cluster ${c.name}: needs an AWS MachineProvider in the Vitistack for its network`,
        );
      }
      continue;
    }
    clusterPlans.push({ c, provider });
  }
  if (problems.length > 0) throw new ProgramInputError(problems);

  const machines: Record<string, pulumi.Output<MachineOutput>> = {};
  for (const [i, { m, provider, awsP }] of buildable.entries()) {
    // foundation is set for every buildable machine (checked above).
    if (!foundation) break;
    if (i > 0 && i % MACHINE_BATCH === 0) await nextTurn();
    machines[kindKey('Machine', m.key)] = buildAwsMachine(
      m,
      provider,
      foundation,
      root,
      awsP,
    ).output;
  }

  const clusters: Record<string, pulumi.Output<ClusterOutput>> = {};
  const secrets: pulumi.Output<SecretOutput>[] = [];
  for (const { c, provider } of clusterPlans) {
    if (!foundation) break;
    const built = buildEksCluster(c, foundation, root, provider, c.key, warn);
    clusters[c.key] = built.output;
    secrets.push(built.secret);
  }

  const atRest = model.vitistack.spec.security?.encryption?.atRest === true;
  const inTransit = model.vitistack.spec.security?.encryption?.inTransit === true;
  const f = foundation?.outputs;
  // One Output per stack output: secrecy and unknowns stay per key, so the kubeconfigs in
  // `secrets` do not make machines, clusters or the Vitistack's outputs secret too.
  const outputs: StackOutputMap = {
    stack: pulumi.output(model.stackName),
    vitistack: pulumi.output({
      vpcs: f?.vpcs ?? [],
      loadBalancers: f?.loadBalancers ?? [],
      firewalls: f?.firewalls ?? [],
      ...(f?.dns ? { dns: f.dns } : {}),
      encryption: {
        atRest,
        inTransit,
        ...(foundation?.kmsKeyArn ? { kmsKeyArn: foundation.kmsKeyArn } : {}),
      },
      ...(f?.backup ? { backup: f.backup } : {}),
      ...(f?.auditTrailArn ? { auditTrailArn: f.auditTrailArn } : {}),
    }),
    machines: pulumi.output(machines),
    clusters: pulumi.output(clusters),
    secrets: pulumi.output(secrets) as pulumi.Output<StackOutputs['secrets']>,
    warnings: pulumi.output([...warnings]),
  };
  root.finish({ stack: model.stackName });
  return outputs;
}
