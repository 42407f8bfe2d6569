import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import {
  parseBindAddress,
  planProbeServers,
  startProbeServer,
  type ProbeServer,
  type ProbeServerOptions,
} from '../../src/controller/http-server';
import { ControllerMetrics } from '../../src/controller/metrics';

interface Reply {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly allow: string | undefined;
  readonly body: string;
}

function request(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          allow: res.headers.allow,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startProbeServer', () => {
  const servers: ProbeServer[] = [];
  let healthy = true;
  let ready: boolean | { ready: boolean; reason: string } = true;

  async function start(opts: Partial<ProbeServerOptions> = {}): Promise<ProbeServer> {
    const server = await startProbeServer({
      host: '127.0.0.1',
      port: 0,
      healthy: () => healthy,
      ready: () => ready,
      ...opts,
    });
    servers.push(server);
    return server;
  }

  beforeEach(() => {
    healthy = true;
    ready = true;
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('answers /healthz 200 "ok" while healthy and 500 when not', async () => {
    const { port } = await start();
    const ok = await request(port, '/healthz');
    assert.equal(ok.status, 200);
    assert.equal(ok.body, 'ok\n');
    healthy = false;
    assert.equal((await request(port, '/healthz')).status, 500);
  });

  it('answers /healthz 500 when the check throws', async () => {
    const { port } = await start({
      healthy: () => {
        throw new Error('broken');
      },
    });
    assert.equal((await request(port, '/healthz')).status, 500);
  });

  it('answers /readyz 200 when ready and 503 with the reason when not', async () => {
    const { port } = await start();
    assert.equal((await request(port, '/readyz')).status, 200);

    ready = { ready: false, reason: 'waiting for the informer caches to sync' };
    const notReady = await request(port, '/readyz');
    assert.equal(notReady.status, 503);
    assert.equal(notReady.body, 'not ready: waiting for the informer caches to sync\n');

    ready = false;
    const plain = await request(port, '/readyz');
    assert.equal(plain.status, 503);
    assert.match(plain.body, /^not ready: /);

    ready = { ready: true, reason: '' };
    assert.equal((await request(port, '/readyz?verbose')).status, 200);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    metrics.setQueueDepth(3);
    const { port } = await start({ metrics });
    const reply = await request(port, '/metrics');
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, metrics.contentType);
    assert.match(reply.body, /^vitistack_queue_depth 3$/m);
  });

  it('answers /metrics 404 when it has no metrics', async () => {
    const { port } = await start();
    assert.equal((await request(port, '/metrics')).status, 404);
  });

  it('answers 404 for other paths and 405, with Allow, for other methods', async () => {
    const { port } = await start();
    assert.equal((await request(port, '/')).status, 404);
    assert.equal((await request(port, '/healthz/extra')).status, 404);
    const post = await request(port, '/healthz', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.allow, 'GET');
  });

  it('serves only the paths it is given, so metrics and probes can use two ports', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    const metricsServer = await start({ metrics, paths: ['/metrics'] });
    const probeServer = await start({ metrics, paths: ['/healthz', '/readyz'] });
    assert.notEqual(metricsServer.port, probeServer.port);

    assert.equal((await request(metricsServer.port, '/metrics')).status, 200);
    assert.equal((await request(metricsServer.port, '/healthz')).status, 404);
    assert.equal((await request(probeServer.port, '/healthz')).status, 200);
    assert.equal((await request(probeServer.port, '/readyz')).status, 200);
    assert.equal((await request(probeServer.port, '/metrics')).status, 404);
  });

  it('closes even while a client holds a keep-alive connection', async () => {
    const server = await startProbeServer({
      host: '127.0.0.1',
      port: 0,
      healthy: () => true,
      ready: () => true,
    });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    await server.close();
    agent.destroy();
    await assert.rejects(request(server.port, '/healthz'), { code: 'ECONNREFUSED' });
  });

  it('rejects with the address when the port is taken', async () => {
    const first = await start();
    await assert.rejects(start({ port: first.port, paths: ['/metrics'] }), {
      message: `Cannot listen on 127.0.0.1:${first.port} for /metrics: listen EADDRINUSE: address already in use 127.0.0.1:${first.port}`,
    });
  });
});

describe('parseBindAddress', () => {
  const cases: { value: string; want: { host: string; port: number } | undefined }[] = [
    { value: ':8080', want: { host: '', port: 8080 } },
    { value: '0.0.0.0:8080', want: { host: '0.0.0.0', port: 8080 } },
    { value: '127.0.0.1:0', want: { host: '127.0.0.1', port: 0 } },
    { value: 'localhost:9090', want: { host: 'localhost', port: 9090 } },
    { value: '[::1]:8081', want: { host: '::1', port: 8081 } },
    { value: '[::]:8081', want: { host: '::', port: 8081 } },
    { value: '0', want: undefined },
  ];
  for (const tc of cases) {
    it(`parses ${JSON.stringify(tc.value)}`, () => {
      assert.deepEqual(parseBindAddress(tc.value, '--metrics-bind-address'), tc.want);
    });
  }

  const bad = ['abc', '', '8080', ':', 'host:port', ':-1', '::1:8080', 'a b:80'];
  for (const value of bad) {
    it(`rejects ${JSON.stringify(value)}, naming the flag and the value`, () => {
      assert.throws(() => parseBindAddress(value, '--health-probe-bind-address'), {
        message: `--health-probe-bind-address ${JSON.stringify(value)}: expected [host]:port such as ":8080", or "0" to disable.`,
      });
    });
  }

  it('rejects a port above 65535', () => {
    assert.throws(() => parseBindAddress(':65536', '--metrics-bind-address'), {
      message:
        '--metrics-bind-address ":65536": port 65536 is out of range; use 0 to 65535 (expected [host]:port such as ":8080", or "0" to disable).',
    });
  });
});

describe('planProbeServers', () => {
  it('plans a metrics server and a probe server for two addresses', () => {
    assert.deepEqual(planProbeServers({ host: '', port: 8080 }, { host: '', port: 8081 }), [
      { address: { host: '', port: 8080 }, paths: ['/metrics'] },
      { address: { host: '', port: 8081 }, paths: ['/healthz', '/readyz'] },
    ]);
  });

  it('plans one server with every path when both flags name the same address', () => {
    assert.deepEqual(planProbeServers({ host: '', port: 8080 }, { host: '', port: 8080 }), [
      { address: { host: '', port: 8080 }, paths: ['/healthz', '/readyz', '/metrics'] },
    ]);
  });

  it('leaves out a disabled server', () => {
    assert.deepEqual(planProbeServers(undefined, { host: '', port: 8081 }), [
      { address: { host: '', port: 8081 }, paths: ['/healthz', '/readyz'] },
    ]);
    assert.deepEqual(planProbeServers(undefined, undefined), []);
  });

  it('plans two servers when both ask for a free port', () => {
    assert.equal(planProbeServers({ host: '', port: 0 }, { host: '', port: 0 }).length, 2);
  });
});
