// The stack program: a StackModel (plus credential values) -> Pulumi resources. The cloud-neutral
// part lives here (credentials, provider order, checking everything before building, outputs);
// each cloud's resources come from its CloudProgram (cloud.ts, clouds.ts). Runs inside a Pulumi
// program (Automation API inline program, the root Pulumi.yaml, or the offline render under
// mocks).
import * as pulumi from '@pulumi/pulumi';
import {
  BUILT_DISTRIBUTIONS,
  BUILT_MACHINE_PROVIDER_TYPES,
  type ResolvedCluster,
  type ResolvedMachine,
  type ResolvedMachineProvider,
  type StackModel,
} from '../model';
import type { CloudEnv, CloudProgram } from './cloud';
import { CLOUD_PROGRAMS } from './clouds';
import { credentialsLookup } from './credentials';
import type { ProgramInputs } from './inputs';
import { notBuiltWarnings } from './not-built';
import { buildOnPremises, isBackendType, planOnPremises } from './on-premises';
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

/** Which cloud builds a machine provider type or a distribution; undefined when none does. */
function programFor(type: string): CloudProgram | undefined {
  return CLOUD_PROGRAMS.find((c) => c.machineProviderType === type || c.distribution === type);
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
  const problem = (message: string) => {
    problems.push(message);
  };
  const root = new VitistackStack(model.vitistack.metadata.name);
  const env: CloudEnv = {
    model,
    root,
    mode: inputs.mode,
    credentials: credentialsLookup(inputs, problem, warn),
    warn,
    problem,
  };

  for (const p of model.machineProviders.filter(
    (x) => !BUILT_MACHINE_PROVIDER_TYPES.includes(x.type),
  )) {
    warn(`MachineProvider ${p.key}: type "${p.type}" is not built yet (ProviderNotSupported)`);
  }
  // The Vitistack-level resources (networks, firewall, load balancers, DNS, keys, audit logging,
  // backups) are built on one cloud: the cloud of the highest-priority cloud MachineProvider.
  const cloudProviders = model.machineProviders
    .filter((p) => BUILT_MACHINE_PROVIDER_TYPES.includes(p.type) && programFor(p.type))
    .sort((a, b) => priorityOf(model, a.key) - priorityOf(model, b.key));
  const cloud = cloudProviders[0] ? programFor(cloudProviders[0].type) : undefined;
  const others = cloudProviders.filter((p) => p.type !== cloud?.machineProviderType);
  if (cloud && others.length > 0) {
    problem(
      `Vitistack ${model.vitistack.metadata.namespace}/${model.vitistack.metadata.name} spec.machineProviders: ${others.map((p) => `${p.key} (${p.type})`).join(', ')} ${others.length === 1 ? 'is' : 'are'} not on ${cloud.title} like the highest-priority provider ${cloudProviders[0]?.key ?? ''}; a Vitistack's networks, load balancers and DNS are built on one cloud, so give each cloud its own Vitistack (as stacks/multi-cloud-dr does)`,
    );
  }
  const foundation = cloud
    ? cloud.foundation(
        env,
        cloudProviders.filter((p) => p.type === cloud.machineProviderType),
      )
    : undefined;

  // On-premises machines and machine-built clusters: addresses planned, everything checked.
  const onPremises = planOnPremises(env);

  // Check every machine and cluster before building any of them: bad input fails the program
  // before a single machine or cluster is registered.
  const buildable: { m: ResolvedMachine; provider: ResolvedMachineProvider }[] = [];
  for (const m of model.machines) {
    if (!BUILT_MACHINE_PROVIDER_TYPES.includes(m.providerType)) {
      warn(
        `Machine ${m.key}: provider type "${m.providerType}" is not built yet (ProviderNotSupported)`,
      );
      continue;
    }
    const provider = model.machineProviders.find((p) => p.key === m.providerKey);
    // isBackendType: planned by planOnPremises above.
    if (!provider || isBackendType(m.providerType)) continue;
    if (!foundation || m.providerType !== cloud?.machineProviderType) continue;
    const found = foundation.machineProblems(m);
    if (found.length > 0) problems.push(...found);
    else buildable.push({ m, provider });
  }
  const clusterPlans: ResolvedCluster[] = [];
  for (const c of model.clusters) {
    if (!BUILT_DISTRIBUTIONS.includes(c.distribution)) {
      warn(
        `cluster ${c.name}: distribution "${c.distribution}" is not built yet (ProviderNotSupported)`,
      );
      continue;
    }
    const wanted = programFor(c.distribution);
    // Not a cloud's managed cluster: a machine-built one (planOnPremises), or nothing to build.
    if (!wanted) continue;
    if (wanted !== cloud || !foundation) {
      // Without a MachineProvider of the cluster's cloud there is no network; with one, its
      // problem is listed already.
      if (wanted !== cloud) {
        problem(
          `cluster ${c.name} (${c.distribution}): needs ${/^[AEIOU]/.test(wanted.title) ? 'an' : 'a'} ${wanted.title} MachineProvider (type ${wanted.machineProviderType}) in the Vitistack for its network; add one to the Vitistack's spec.machineProviders`,
        );
      }
      continue;
    }
    const found = foundation.clusterProblems(c);
    if (found.length > 0) problems.push(...found);
    else clusterPlans.push(c);
  }
  if (problems.length > 0) throw new ProgramInputError(problems);

  const machines: Record<string, pulumi.Output<MachineOutput>> = {};
  for (const [i, { m, provider }] of buildable.entries()) {
    // foundation is set for every buildable machine (checked above).
    if (!foundation) break;
    if (i > 0 && i % MACHINE_BATCH === 0) await nextTurn();
    machines[kindKey('Machine', m.key)] = foundation.buildMachine(m, provider);
  }

  const onPremisesBuilt = buildOnPremises(env, onPremises);
  for (const [key, output] of Object.entries(onPremisesBuilt.machines)) {
    machines[kindKey('Machine', key)] = output;
  }

  const clusters: Record<string, pulumi.Output<ClusterOutput>> = {};
  const secrets: pulumi.Output<SecretOutput>[] = [];
  for (const { key, built } of onPremisesBuilt.clusters) {
    clusters[key] = built.output;
    secrets.push(built.secret);
  }
  for (const c of clusterPlans) {
    if (!foundation) break;
    const built = foundation.buildCluster(c);
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
        ...(f?.kmsKeyArn ? { kmsKeyArn: f.kmsKeyArn } : {}),
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
