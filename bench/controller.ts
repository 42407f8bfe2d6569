// Controller benchmark: N Vitistacks (default 1,000; each with its own aws MachineProvider and 2
// Machines, 20 Vitistacks per namespace) in the in-process fake API server, reconciled by the real
// controller and client-node with the fake engine. The engine's render is synthetic (a few
// resources per machine, no Pulumi program): this measures the controller, not the program.
// Reports:
//   - time from start to every Vitistack Ready (each: preview + up, statuses written);
//   - a full resync with nothing changed: engine calls (target 0) and time (target < 2 s);
//   - API requests made and peak RSS.
//   npm run bench:controller            (1,000 Vitistacks)
//   npm run bench:controller -- 200     (another count)
import type { StackTarget } from '../src/engine/engine';
import { Controller } from '../src/controller/controller';
import { createLogger } from '../src/controller/log';
import type { StackOutputs } from '../src/program/outputs';
import { FakeApiServer } from '../test/controller/fake-apiserver';
import { FakeEngine, type Desired } from '../test/controller/fake-engine';

const PER_NAMESPACE = 20;

function objectsOf(i: number): Record<string, unknown>[] {
  const namespace = `team-${String(Math.floor(i / PER_NAMESPACE))}`;
  const meta = (name: string) => ({ name, namespace });
  const machine = (n: number) => ({
    apiVersion: 'vitistack.io/v1alpha1',
    kind: 'Machine',
    metadata: meta(`vm-${String(i)}-${String(n)}`),
    spec: {
      machineProvider: { name: `aws-${String(i)}` },
      instanceType: 'm5.large',
      machineImage: 'ubuntu',
      networking: { subnet: 'private-a' },
    },
  });
  return [
    {
      apiVersion: 'vitistack.io/v1alpha1',
      kind: 'MachineProvider',
      metadata: meta(`aws-${String(i)}`),
      spec: {
        type: 'aws',
        region: 'us-west-2',
        aws: {
          instanceTypes: [{ name: 'm5.large', vcpus: 2, memory: '8Gi' }],
          machineImages: [{ name: 'ubuntu', imageId: 'ami-0c55b159cbfafe1d0' }],
        },
      },
    },
    machine(0),
    machine(1),
    {
      apiVersion: 'vitistack.io/v1alpha1',
      kind: 'Vitistack',
      metadata: meta(`stack-${String(i)}`),
      spec: {
        region: 'us-west-2',
        networking: {
          vpcs: [
            {
              name: 'main',
              cidr: '10.0.0.0/16',
              subnets: [{ name: 'private-a', cidr: '10.0.16.0/20', type: 'private' }],
            },
          ],
        },
        machineProviders: [{ name: `aws-${String(i)}` }],
      },
    },
  ];
}

/** Outputs of the shape the program returns, without running it. */
function synthetic(target: StackTarget): Promise<Desired> {
  const { model } = target;
  const machines: Record<string, StackOutputs['machines'][string]> = {};
  const resources: Desired['resources'][number][] = [];
  model.machines.forEach((m, n) => {
    machines[`Machine/${m.key}`] = {
      id: `i-${String(n)}`,
      state: 'running',
      privateIP: `10.0.16.${String(n + 10)}`,
      additionalVolumes: [],
    };
    resources.push({
      urn: `urn:pulumi:${model.stackName}::vitistack::aws:ec2/instance:Instance::${m.key}`,
      type: 'aws:ec2/instance:Instance',
      inputs: model.inputsHash,
    });
  });
  resources.push({
    urn: `urn:pulumi:${model.stackName}::vitistack::aws:ec2/vpc:Vpc::main`,
    type: 'aws:ec2/vpc:Vpc',
    inputs: '{}',
  });
  return Promise.resolve({
    resources,
    outputs: {
      stack: model.stackName,
      vitistack: {
        vpcs: [{ name: 'main', id: 'vpc-1', cidr: '10.0.0.0/16', state: 'available' }],
        loadBalancers: [],
        firewalls: [],
        encryption: { atRest: true, inTransit: false },
      },
      machines,
      clusters: {},
      secrets: [],
      warnings: [],
    },
  });
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const server = new FakeApiServer({ historyLimit: 200_000 });
  await server.start();
  for (let i = 0; i < count; i++) for (const o of objectsOf(i)) server.seed(o as never);
  const engine = new FakeEngine(synthetic);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const controller = new Controller({
    kubeConfig: server.kubeConfig(),
    engine,
    settings: {
      mode: 'apply',
      allowedNamespaces: [],
      driftIntervalMs: 0,
      operationTimeoutMs: 600_000,
      stallAfter: 3,
      planDir: '/tmp/vitistack-bench-plans',
      policyPacks: [],
      policyPackConfigs: [],
      identity: 'bench',
    },
    namespaces: [],
    maxConcurrentReconciles: 8,
    maxConcurrentOperations: 4,
    resyncIntervalMs: 0,
    log: createLogger({ level: 'warn' }),
  });
  // From the controller's own cache (what the watches delivered): no copies of every object.
  const ready = () =>
    controller.cache
      .list('Vitistack')
      .filter((v) => (v.status as { phase?: string } | undefined)?.phase === 'Ready').length;

  const t0 = Date.now();
  controller.start();
  await until(() => ready() === count, 600_000);
  const toReady = Date.now() - t0;
  const requests = server.requests.length;

  const calls = engine.calls.length;
  server.resetRequests();
  const t1 = Date.now();
  controller.resync();
  await until(() => controller.idle(), 600_000);
  const resyncMs = Date.now() - t1;
  const resyncCalls = engine.calls.length - calls;
  const resyncWrites = server.requests.filter(
    (r) => r.verb !== 'watch' && r.verb !== 'list' && r.verb !== 'get',
  ).length;

  clearInterval(sampler);
  await controller.stop();
  await server.stop();
  const line = (k: string, v: string) => {
    console.log(`${k.padEnd(34)} ${v}`);
  };
  line('Vitistacks', `${String(count)} (${String(count * 3)} member objects)`);
  line(
    'start -> all Ready',
    `${String(toReady)} ms (${(toReady / count).toFixed(1)} ms per Vitistack)`,
  );
  line('engine calls to get there', String(calls));
  line('API requests to get there', String(requests));
  line('full resync, nothing changed', `${String(resyncMs)} ms (target < 2,000 ms)`);
  line('engine calls during that resync', `${String(resyncCalls)} (target 0)`);
  line('API writes during that resync', String(resyncWrites));
  line('peak RSS', `${String(Math.round(peakRss / 2 ** 20))} MB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
