import { strict as assert } from 'node:assert';
import { register as globalRegistry } from 'prom-client';
import { ControllerMetrics } from '../../src/controller/metrics';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the Prometheus text format: samples, and the `# TYPE` of each family. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

/** The value of the one sample named `name` whose labels include `labels`. */
function value(
  samples: readonly Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

async function scrape(m: ControllerMetrics) {
  return parse(await m.render());
}

describe('ControllerMetrics', () => {
  it('declares each metric with its type', async () => {
    const { types } = await scrape(new ControllerMetrics({ processMetrics: false }));
    assert.deepEqual(Object.fromEntries(types), {
      vitistack_reconciles_total: 'counter',
      vitistack_reconcile_duration_seconds: 'histogram',
      vitistack_operation_duration_seconds: 'histogram',
      vitistack_queue_depth: 'gauge',
      vitistack_stacks: 'gauge',
      vitistack_stacks_drifted: 'gauge',
      vitistack_engine_operations_in_flight: 'gauge',
      vitistack_leader: 'gauge',
    });
  });

  it('starts every reconcile result at zero, so rates work before the first reconcile', async () => {
    const { samples } = await scrape(new ControllerMetrics({ processMetrics: false }));
    for (const result of ['success', 'error', 'skipped', 'requeue', 'stalled']) {
      assert.equal(value(samples, 'vitistack_reconciles_total', { result }), 0, result);
    }
    assert.equal(value(samples, 'vitistack_leader'), 0);
  });

  it('counts reconciles by result and observes their durations', async () => {
    const m = new ControllerMetrics({ processMetrics: false });
    m.observeReconcile('success', 0.2);
    m.observeReconcile('success', 3);
    m.observeReconcile('error', 0.04);
    const { samples } = await scrape(m);
    assert.equal(value(samples, 'vitistack_reconciles_total', { result: 'success' }), 2);
    assert.equal(value(samples, 'vitistack_reconciles_total', { result: 'error' }), 1);
    assert.equal(value(samples, 'vitistack_reconcile_duration_seconds_count'), 3);
    assert.equal(value(samples, 'vitistack_reconcile_duration_seconds_sum'), 3.24);
    assert.equal(value(samples, 'vitistack_reconcile_duration_seconds_bucket', { le: '0.05' }), 1);
    assert.equal(value(samples, 'vitistack_reconcile_duration_seconds_bucket', { le: '0.25' }), 2);
    assert.equal(value(samples, 'vitistack_reconcile_duration_seconds_bucket', { le: '+Inf' }), 3);
  });

  it('observes operation durations by operation and result, with buckets up to an hour', async () => {
    const m = new ControllerMetrics({ processMetrics: false });
    m.observeOperation('up', 'succeeded', 700);
    m.observeOperation('up', 'failed', 12);
    m.observeOperation('preview', 'succeeded', 4);
    const { samples } = await scrape(m);
    const count = (operation: string, result: string) =>
      value(samples, 'vitistack_operation_duration_seconds_count', { operation, result });
    assert.equal(count('up', 'succeeded'), 1);
    assert.equal(count('up', 'failed'), 1);
    assert.equal(count('preview', 'succeeded'), 1);
    assert.equal(count('destroy', 'succeeded'), 0);
    const bucket = (le: string) =>
      value(samples, 'vitistack_operation_duration_seconds_bucket', {
        operation: 'up',
        result: 'succeeded',
        le,
      });
    assert.equal(bucket('600'), 0);
    assert.equal(bucket('900'), 1);
    assert.equal(bucket('3600'), 1);
  });

  it('tracks operations in flight, the queue depth, drift and leadership', async () => {
    const m = new ControllerMetrics({ processMetrics: false });
    m.operationStarted();
    m.operationStarted();
    m.operationFinished();
    m.setQueueDepth(7);
    m.setDrifted(2);
    m.setLeader(true);
    let { samples } = await scrape(m);
    assert.equal(value(samples, 'vitistack_engine_operations_in_flight'), 1);
    assert.equal(value(samples, 'vitistack_queue_depth'), 7);
    assert.equal(value(samples, 'vitistack_stacks_drifted'), 2);
    assert.equal(value(samples, 'vitistack_leader'), 1);

    m.setLeader(false);
    ({ samples } = await scrape(m));
    assert.equal(value(samples, 'vitistack_leader'), 0);
  });

  it('sets stacks by phase, and zeroes phases no longer present', async () => {
    const m = new ControllerMetrics({ processMetrics: false });
    m.setStacksByPhase({ Ready: 3, Failed: 1 });
    let { samples } = await scrape(m);
    assert.equal(value(samples, 'vitistack_stacks', { phase: 'Ready' }), 3);
    assert.equal(value(samples, 'vitistack_stacks', { phase: 'Failed' }), 1);

    m.setStacksByPhase({ Ready: 4, Provisioning: 1 });
    ({ samples } = await scrape(m));
    assert.equal(value(samples, 'vitistack_stacks', { phase: 'Ready' }), 4);
    assert.equal(value(samples, 'vitistack_stacks', { phase: 'Provisioning' }), 1);
    assert.equal(value(samples, 'vitistack_stacks', { phase: 'Failed' }), 0);
  });

  it('registers process metrics with the vitistack_ prefix', async () => {
    const { samples } = await scrape(new ControllerMetrics());
    assert.ok(
      samples.some((s) => s.name === 'vitistack_process_cpu_user_seconds_total'),
      'process CPU metric',
    );
    assert.ok(
      samples.some((s) => s.name === 'vitistack_nodejs_heap_size_used_bytes'),
      'heap metric',
    );
    assert.ok(
      samples.every((s) => s.name.startsWith('vitistack_')),
      'every name has the prefix',
    );
  });

  it('keeps instances apart and stays off the global registry', async () => {
    const a = new ControllerMetrics();
    const b = new ControllerMetrics();
    a.setQueueDepth(5);
    b.setQueueDepth(9);
    assert.equal(value((await scrape(a)).samples, 'vitistack_queue_depth'), 5);
    assert.equal(value((await scrape(b)).samples, 'vitistack_queue_depth'), 9);
    assert.ok(!(await globalRegistry.metrics()).includes('vitistack_'));
  });

  it('renders in the Prometheus text format', () => {
    const m = new ControllerMetrics({ processMetrics: false });
    assert.match(m.contentType, /^text\/plain; version=0\.0\.4/);
  });
});
