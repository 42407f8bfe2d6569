import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { ApplicationLoadBalancerArgs } from '../../../src/components/gcp/application-load-balancer';
import { LABELS, PROJECT, REGION, settle } from './helpers';

const T = {
  address: 'gcp:compute/globalAddress:GlobalAddress',
  hc: 'gcp:compute/healthCheck:HealthCheck',
  backend: 'gcp:compute/backendService:BackendService',
  urlMap: 'gcp:compute/uRLMap:URLMap',
  cert: 'gcp:compute/managedSslCertificate:ManagedSslCertificate',
  https: 'gcp:compute/targetHttpsProxy:TargetHttpsProxy',
  http: 'gcp:compute/targetHttpProxy:TargetHttpProxy',
  rule: 'gcp:compute/globalForwardingRule:GlobalForwardingRule',
} as const;

const CERT = `projects/${PROJECT}/global/sslCertificates/web-cert`;

function args(over: Partial<ApplicationLoadBalancerArgs> = {}): ApplicationLoadBalancerArgs {
  return { name: 'web', project: PROJECT, listeners: [], labels: LABELS, ...over };
}

describe('gcp ApplicationLoadBalancer', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/application-load-balancer');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/application-load-balancer.js');
  });

  describe('HTTPS 443 with a managed certificate and HTTP 80, backends on 8080', () => {
    let lb: InstanceType<typeof mod.ApplicationLoadBalancer>;
    before(async () => {
      lb = new mod.ApplicationLoadBalancer(
        'web',
        args({
          listeners: [
            { port: 443, protocol: 'HTTPS', targetPort: 8080 },
            { port: 80, protocol: 'HTTP', targetPort: 8080 },
          ],
          domains: ['web.prod.example.com'],
          healthCheck: { path: '/healthz' },
        }),
      );
      await settle();
    });

    it('serves HTTPS from the backend service with a Google-managed certificate for the domain', () => {
      const cert = mocks.one(T.cert, 'web-cert');
      assert.deepEqual(cert.inputs.managed, { domains: ['web.prod.example.com'] });
      const content = mocks.one(T.urlMap, 'web-urlmap');
      const backend = mocks.one(T.backend, 'web-backend');
      assert.equal(content.inputs.defaultService, backend.id);
      assert.equal(backend.inputs.loadBalancingScheme, 'EXTERNAL_MANAGED');
      assert.equal(backend.inputs.healthChecks, mocks.one(T.hc, 'web-hc').id);
      const proxy = mocks.one(T.https, 'web-https');
      assert.equal(proxy.inputs.urlMap, content.id);
      assert.deepEqual(proxy.inputs.sslCertificates, [cert.id]);
      const rule = mocks.one(T.rule, 'web-https-443');
      assert.equal(rule.inputs.target, proxy.id);
      assert.equal(rule.inputs.portRange, '443');
      assert.deepEqual(rule.inputs.labels, LABELS);
    });

    it('answers plain HTTP only with a permanent redirect to HTTPS', () => {
      const redirect = mocks.one(T.urlMap, 'web-redirect');
      assert.deepEqual(redirect.inputs.defaultUrlRedirect, {
        httpsRedirect: true,
        redirectResponseCode: 'MOVED_PERMANENTLY_DEFAULT',
        stripQuery: false,
      });
      assert.equal(redirect.inputs.defaultService, undefined);
      assert.equal(mocks.one(T.http, 'web-http').inputs.urlMap, redirect.id);
      assert.equal(
        mocks.one(T.rule, 'web-http-80').inputs.target,
        mocks.one(T.http, 'web-http').id,
      );
    });

    it('checks HTTP /healthz on the backend port, and both rules share the global address', async () => {
      assert.deepEqual(mocks.one(T.hc, 'web-hc').inputs.httpHealthCheck, {
        port: 8080,
        requestPath: '/healthz',
      });
      const ip = String(mocks.one(T.address, 'web-ip').state.address);
      assert.equal(mocks.one(T.rule, 'web-http-80').inputs.ipAddress, ip);
      assert.equal(mocks.one(T.rule, 'web-https-443').inputs.ipAddress, ip);
      assert.equal(await unwrap(lb.ipAddress), ip);
    });
  });

  it('uses a given certificate instead of a managed one', async () => {
    new mod.ApplicationLoadBalancer(
      'own',
      args({ listeners: [{ port: 443, protocol: 'HTTPS', certificate: CERT }] }),
    );
    await settle();
    assert.deepEqual(mocks.one(T.https, 'own-https').inputs.sslCertificates, [CERT]);
    assert.equal(mocks.byType(T.cert).filter((c) => c.name.startsWith('own-')).length, 0);
  });

  it('without HTTPS, HTTP serves the application (no redirect map)', async () => {
    new mod.ApplicationLoadBalancer('plain', args({ listeners: [{ port: 80, protocol: 'HTTP' }] }));
    await settle();
    assert.equal(
      mocks.one(T.http, 'plain-http').inputs.urlMap,
      mocks.one(T.urlMap, 'plain-urlmap').id,
    );
    assert.equal(mocks.byType(T.urlMap).filter((m) => m.name === 'plain-redirect').length, 0);
  });

  describe('validateApplicationLoadBalancerArgs', () => {
    const cases: { name: string; args: ApplicationLoadBalancerArgs; want: string[] }[] = [
      {
        name: 'no listeners',
        args: args(),
        want: [
          'listeners: is empty; an application load balancer needs an HTTP or HTTPS listener.',
        ],
      },
      {
        name: 'an HTTPS listener with neither a certificate nor domains',
        args: args({ listeners: [{ port: 443, protocol: 'HTTPS' }] }),
        want: [
          'listeners[0].certificate: is not set and domains is empty; give a certificate or the domains of a Google-managed one.',
        ],
      },
      {
        name: 'two listeners on one port',
        args: args({
          listeners: [
            { port: 80, protocol: 'HTTP' },
            { port: 80, protocol: 'HTTP' },
          ],
        }),
        want: [
          'listeners[1].port: 80 is used by another listener; one address takes each port once.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateApplicationLoadBalancerArgs(tc.args), tc.want);
      });
    }
  });
});
