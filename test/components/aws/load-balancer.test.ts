import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import type { LoadBalancerArgs } from '../../../src/components/aws/load-balancer';
import { settle } from './settle';

const T = {
  component: 'vitistack:aws:LoadBalancer',
  lb: 'aws:lb/loadBalancer:LoadBalancer',
  tg: 'aws:lb/targetGroup:TargetGroup',
  listener: 'aws:lb/listener:Listener',
  attachment: 'aws:lb/targetGroupAttachment:TargetGroupAttachment',
} as const;

const CERT = 'arn:aws:acm:us-west-2:123456789012:certificate/abc';

describe('LoadBalancer', () => {
  const mocks = new RecordingMocks('us-west-2');
  let mod: typeof import('../../../src/components/aws/load-balancer');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/aws/load-balancer.js');
  });

  describe('an internet-facing ALB with HTTPS, HTTP and two instances', () => {
    let lb: InstanceType<typeof mod.LoadBalancer>;
    before(async () => {
      lb = new mod.LoadBalancer('web', {
        name: 'web-lb',
        type: 'application',
        subnetIds: ['subnet-a', 'subnet-b'],
        securityGroupIds: ['sg-web'],
        vpcId: 'vpc-1',
        listeners: [
          { port: 80, protocol: 'HTTP', targetPort: 8080 },
          { port: 443, protocol: 'HTTPS', certificateArn: CERT, targetPort: 8080 },
        ],
        healthCheck: {
          path: '/healthz',
          intervalSeconds: 15,
          timeoutSeconds: 5,
          healthyThreshold: 2,
        },
        targetInstanceIds: ['i-1', 'i-2'],
        accessLogsBucket: 'logs-bucket',
        tags: { env: 'prod' },
      });
      await settle();
    });

    it('creates the load balancer with its subnets, groups and access logs', () => {
      const r = mocks.one(T.lb, 'web');
      assert.equal(r.inputs.loadBalancerType, 'application');
      assert.equal(r.inputs.internal, false);
      assert.deepEqual(r.inputs.subnets, ['subnet-a', 'subnet-b']);
      assert.deepEqual(r.inputs.securityGroups, ['sg-web']);
      assert.equal(r.inputs.enableDeletionProtection, false);
      assert.equal(r.inputs.dropInvalidHeaderFields, true);
      assert.deepEqual(r.inputs.accessLogs, { bucket: 'logs-bucket', enabled: true });
      assert.deepEqual(r.inputs.tags, {
        env: 'prod',
        'vitistack.io/load-balancer': 'web-lb',
        Name: 'web',
      });
      assert.equal(r.parent, mocks.one(T.component, 'web').urn);
    });

    it('makes one HTTP target group on port 8080 with the health check', () => {
      const tgs = mocks.byType(T.tg).filter((t) => t.name.startsWith('web-'));
      assert.deepEqual(
        tgs.map((t) => t.name),
        ['web-tg-http-8080'],
      );
      const tg = mocks.one(T.tg, 'web-tg-http-8080');
      assert.equal(tg.inputs.protocol, 'HTTP');
      assert.equal(tg.inputs.port, 8080);
      assert.equal(tg.inputs.vpcId, 'vpc-1');
      assert.deepEqual(tg.inputs.healthCheck, {
        enabled: true,
        protocol: 'HTTP',
        port: 'traffic-port',
        path: '/healthz',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
      });
      assert.equal(tg.parent, mocks.one(T.lb, 'web').urn);
    });

    it('terminates TLS on the HTTPS listener and forwards to the target group', () => {
      const l = mocks.one(T.listener, 'web-https-443');
      const tg = mocks.one(T.tg, 'web-tg-http-8080');
      assert.equal(l.inputs.loadBalancerArn, mocks.one(T.lb, 'web').state.arn);
      assert.equal(l.inputs.protocol, 'HTTPS');
      assert.equal(l.inputs.certificateArn, CERT);
      assert.equal(l.inputs.sslPolicy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
      assert.deepEqual(l.inputs.defaultActions, [
        { type: 'forward', targetGroupArn: tg.state.arn },
      ]);
    });

    it('turns the HTTP listener into a redirect to HTTPS', () => {
      const l = mocks.one(T.listener, 'web-http-80');
      assert.equal(l.inputs.certificateArn, undefined);
      assert.deepEqual(l.inputs.defaultActions, [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
      ]);
    });

    it('registers every instance on the target port', () => {
      const tg = mocks.one(T.tg, 'web-tg-http-8080');
      for (const [i, id] of ['i-1', 'i-2'].entries()) {
        const a = mocks.one(T.attachment, `web-tg-http-8080-target-${i}`);
        assert.deepEqual(a.inputs, { targetGroupArn: tg.state.arn, targetId: id, port: 8080 });
        assert.equal(a.parent, tg.urn);
      }
    });

    it('outputs the ARN, DNS name, zone and target group ARNs', async () => {
      const r = mocks.one(T.lb, 'web');
      assert.equal(await unwrap(lb.arn), r.state.arn);
      assert.equal(await unwrap(lb.dnsName), r.state.dnsName);
      assert.equal(await unwrap(lb.zoneId), 'Z1H1FL5HABSF5');
      assert.deepEqual(await unwrap(lb.targetGroupArns), {
        'HTTP-8080': mocks.one(T.tg, 'web-tg-http-8080').state.arn,
      });
    });
  });

  describe('an internal NLB for the Kubernetes API (spec 003 k8s-api-lb)', () => {
    before(async () => {
      new mod.LoadBalancer('api', {
        name: 'k8s-api-lb',
        type: 'network',
        internal: true,
        subnetIds: ['subnet-a'],
        vpcId: 'vpc-1',
        listeners: [
          { port: 6443, protocol: 'TCP' },
          { port: 443, protocol: 'TLS', certificateArn: CERT, targetPort: 6443 },
          { port: 53, protocol: 'UDP' },
        ],
        deletionProtection: true,
        tags: {},
      });
      await settle();
    });

    it('is internal, protected from deletion and has no ALB-only settings', () => {
      const r = mocks.one(T.lb, 'api');
      assert.equal(r.inputs.loadBalancerType, 'network');
      assert.equal(r.inputs.internal, true);
      assert.equal(r.inputs.enableDeletionProtection, true);
      assert.equal(r.inputs.dropInvalidHeaderFields, undefined);
      assert.equal(r.inputs.securityGroups, undefined);
    });

    it('shares one TCP target group between the TCP and TLS listeners', () => {
      const names = mocks
        .byType(T.tg)
        .filter((t) => t.name.startsWith('api-'))
        .map((t) => t.name);
      assert.deepEqual(names, ['api-tg-tcp-6443', 'api-tg-udp-53']);
      const tcp = mocks.one(T.tg, 'api-tg-tcp-6443');
      assert.equal((tcp.inputs.healthCheck as Record<string, unknown>).protocol, 'TCP');
      for (const l of ['api-tcp-6443', 'api-tls-443']) {
        assert.deepEqual(mocks.one(T.listener, l).inputs.defaultActions, [
          { type: 'forward', targetGroupArn: tcp.state.arn },
        ]);
      }
      assert.equal(
        mocks.one(T.listener, 'api-tls-443').inputs.sslPolicy,
        'ELBSecurityPolicy-TLS13-1-2-2021-06',
      );
      assert.equal(mocks.one(T.listener, 'api-tcp-6443').inputs.sslPolicy, undefined);
      assert.equal(mocks.one(T.tg, 'api-tg-udp-53').inputs.protocol, 'UDP');
      assert.equal(mocks.byType(T.attachment).filter((a) => a.name.startsWith('api-')).length, 0);
    });
  });

  describe('validateLoadBalancerArgs', () => {
    const base = (over: Partial<LoadBalancerArgs>): LoadBalancerArgs => ({
      name: 'lb',
      type: 'application',
      subnetIds: ['a', 'b'],
      vpcId: 'vpc-1',
      tags: {},
      ...over,
    });
    const cases: { name: string; args: LoadBalancerArgs; errors: string[] }[] = [
      {
        name: 'classic',
        args: base({ type: 'classic' }),
        errors: [
          'type: "classic" is not built: classic load balancers are a previous generation; use "application" for HTTP/HTTPS or "network" for TCP/UDP/TLS.',
        ],
      },
      {
        name: 'HTTPS without a certificate',
        args: base({ listeners: [{ port: 443, protocol: 'HTTPS' }] }),
        errors: [
          'listeners[0].certificateArn: is required for the HTTPS listener on port 443; give the ARN of an ACM certificate.',
        ],
      },
      {
        name: 'a certificate on HTTP',
        args: base({ listeners: [{ port: 80, protocol: 'HTTP', certificateArn: CERT }] }),
        errors: [
          'listeners[0].certificateArn: cannot be set on the HTTP listener on port 80 (only HTTPS and TLS listeners use a certificate); remove it.',
        ],
      },
      {
        name: 'TCP on an ALB and a repeated port',
        args: base({
          listeners: [
            { port: 80, protocol: 'HTTP' },
            { port: 80, protocol: 'TCP' },
          ],
        }),
        errors: [
          'listeners[1].protocol: "TCP" is not served by an application load balancer (allowed: HTTP or HTTPS); use type "network" for TCP, UDP or TLS.',
          'listeners[1].port: 80 is also the port of listeners[0]; a load balancer has one listener per port.',
        ],
      },
      {
        name: 'an ALB in one subnet',
        args: base({ subnetIds: ['a'] }),
        errors: [
          'subnetIds: has 1 subnet; an application load balancer needs subnets in at least two availability zones.',
        ],
      },
      {
        name: 'bad ports',
        args: base({
          type: 'network',
          listeners: [{ port: 0, protocol: 'TCP', targetPort: 70000 }],
        }),
        errors: [
          'listeners[0].port: 0 is not a whole number from 1 to 65535; use a port like 443.',
          'listeners[0].targetPort: 70000 is not a whole number from 1 to 65535; use a port like 8080.',
        ],
      },
      {
        name: 'health check contradictions',
        args: base({
          type: 'network',
          healthCheck: { path: '/', intervalSeconds: 10, timeoutSeconds: 10, healthyThreshold: 1 },
        }),
        errors: [
          'healthCheck.path: "/" cannot be used with a TCP health check; set protocol to HTTP or HTTPS, or remove the path.',
          'healthCheck.healthyThreshold: 1 is not a whole number from 2 to 10; use a value like 3.',
          'healthCheck.timeoutSeconds: 10 is not shorter than intervalSeconds (10); a check must time out before the next starts.',
        ],
      },
      {
        name: 'TCP health checks on an ALB',
        args: base({ healthCheck: { protocol: 'TCP' } }),
        errors: [
          'healthCheck.protocol: "TCP" is not available on an application load balancer; use HTTP or HTTPS.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateLoadBalancerArgs(tc.args), tc.errors);
      });
    }

    it('keeps HTTP forwarding when there is no HTTPS listener', () => {
      const plan = mod.planLoadBalancer(base({ listeners: [{ port: 80, protocol: 'HTTP' }] }));
      assert.deepEqual(plan.listeners, [{ port: 80, protocol: 'HTTP', forward: 'HTTP-80' }]);
    });

    it('throws, naming the listener, before making resources', () => {
      assert.throws(
        () =>
          new mod.LoadBalancer('badlb', base({ listeners: [{ port: 8443, protocol: 'HTTPS' }] })),
        /LoadBalancer "badlb" has invalid arguments:\n {2}- listeners\[0\]\.certificateArn: is required for the HTTPS listener on port 8443/,
      );
      assert.equal(mocks.resources.filter((r) => r.name.startsWith('badlb')).length, 0);
    });
  });
});
