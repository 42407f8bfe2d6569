// `vitistack controller` as a user runs it: flags, kubeconfig, probes and metrics over HTTP, a
// stack reconciled, a clean stop; bad flags exit 2 with the fix.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { FakeApiServer } from '../controller/fake-apiserver';
import { FakeEngine } from '../controller/fake-engine';
import { awsSecrets, LogCapture, stackManifests, type Obj } from '../controller/harness';

async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

describe('vitistack controller', function () {
  this.timeout(60_000);
  let server: FakeApiServer;
  let kubeconfig: string;
  let dir: string;
  beforeEach(async () => {
    server = new FakeApiServer();
    await server.start();
    dir = mkdtempSync(join(tmpdir(), 'vitistack-cli-controller-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeConfig().exportConfig());
  });
  afterEach(async () => {
    await server.stop();
  });

  function start(args: string[], engine: FakeEngine) {
    const stop = new AbortController();
    const logs = new LogCapture();
    let err = '';
    const done = main(
      [
        'node',
        'vitistack',
        'controller',
        '--kubeconfig',
        kubeconfig,
        '--state-dir',
        join(dir, 'state'),
        ...args,
      ],
      { out: () => undefined, err: (t) => (err += t) },
      {
        env: {
          PULUMI_CONFIG_PASSPHRASE: 'correct horse battery staple',
          POD_NAME: 'controller-cli-0',
        },
        isTTY: false,
        confirm: () => Promise.resolve(false),
        engine: () => engine,
        stop: stop.signal,
        logStream: logs,
      },
    );
    return { stop, logs, done, err: () => err };
  }

  it('serves probes and metrics, reconciles a stack, and stops cleanly', async () => {
    const engine = new FakeEngine();
    const c = start(
      [
        '--no-leader-elect',
        '--metrics-bind-address',
        '127.0.0.1:0',
        '--health-probe-bind-address',
        '127.0.0.1:0',
        '--namespace',
        'production',
      ],
      engine,
    );
    const ports = await waitFor(() => {
      const served = c.logs.lines
        .map((l) => JSON.parse(l) as { msg: string; port?: number; paths?: string[] })
        .filter((l) => l.msg === 'serving probes');
      return served.length === 2 ? served : undefined;
    }, 'both servers to listen');
    const metricsPort = ports.find((p) => p.paths?.includes('/metrics'))?.port;
    const probePort = ports.find((p) => p.paths?.includes('/healthz'))?.port;
    assert.ok(metricsPort && probePort);

    assert.deepEqual(await get(`http://127.0.0.1:${String(probePort)}/healthz`), {
      status: 200,
      text: 'ok\n',
    });
    await waitFor(
      async () =>
        (await get(`http://127.0.0.1:${String(probePort)}/readyz`)).status === 200 || undefined,
      'readiness',
    );

    const kc = server.kubeConfig();
    const { CustomObjectsApi, CoreV1Api } = await import('@kubernetes/client-node');
    const custom = kc.makeApiClient(CustomObjectsApi);
    const core = kc.makeApiClient(CoreV1Api);
    const objs: Obj[] = stackManifests('aws-production');
    for (const s of awsSecrets())
      await core.createNamespacedSecret({ namespace: 'production', body: s });
    for (const o of [
      ...objs.filter((x) => x.kind !== 'Vitistack'),
      ...objs.filter((x) => x.kind === 'Vitistack'),
    ]) {
      const plural = `${o.kind.toLowerCase()}s`;
      await custom.createNamespacedCustomObject({
        group: 'vitistack.io',
        version: 'v1alpha1',
        namespace: 'production',
        plural,
        body: o,
      });
    }
    await waitFor(() => {
      const v = server.object('vitistacks', 'production', 'aws-production');
      return (v?.status as { phase?: string } | undefined)?.phase === 'Ready' || undefined;
    }, 'the Vitistack to be Ready');

    const metrics = await get(`http://127.0.0.1:${String(metricsPort)}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /^vitistack_stacks\{phase="Ready"\} 1$/m);
    assert.match(
      metrics.text,
      /^vitistack_operation_duration_seconds_count\{operation="up",result="succeeded"\} 1$/m,
    );

    c.stop.abort();
    assert.equal(await c.done, 0);
    assert.ok(c.logs.lines.some((l) => l.includes('"msg":"controller stopped"')));
    for (const line of c.logs.lines) {
      const entry = JSON.parse(line) as { level?: string; time?: string; msg?: string };
      assert.ok(
        entry.level && entry.time && entry.msg,
        `a JSON log line with level, time and msg: ${line}`,
      );
    }
  });

  it('bad flags exit 2 naming the flag and the fix', async () => {
    const engine = new FakeEngine();
    const cases: [string[], RegExp][] = [
      [
        ['--drift-interval', 'soon'],
        /--drift-interval "soon" is not a duration; use a form like "90s", "10m", "1h30m", or "0"/,
      ],
      [
        ['--max-concurrent-operations', '0'],
        /--max-concurrent-operations "0" is not a whole number of at least 1/,
      ],
      [
        ['--metrics-bind-address', 'localhost'],
        /--metrics-bind-address "localhost": expected \[host\]:port such as ":8080"/,
      ],
    ];
    for (const [args, message] of cases) {
      const c = start(['--no-leader-elect', '--health-probe-bind-address', '0', ...args], engine);
      assert.equal(await c.done, 2, args.join(' '));
      assert.match(c.err(), message);
    }
    const noNamespace = start(
      ['--metrics-bind-address', '0', '--health-probe-bind-address', '0'],
      engine,
    );
    assert.equal(await noNamespace.done, 2);
    assert.match(
      noNamespace.err(),
      /leader election needs a namespace for its Lease: pass --leader-election-namespace, set POD_NAMESPACE/,
    );
  });
});
