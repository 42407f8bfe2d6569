import { strict as assert } from 'node:assert';
import { loadBalancerKind, type LoadBalancer } from '../../../src/api/v1alpha1/loadbalancer';
import {
  itReports,
  manifest,
  schemaProblems,
  validatorFor,
  type Manifest,
} from '../../helpers/kind-cases';

const validator = validatorFor(loadBalancerKind);

const loadBalancer = (spec: unknown, status?: unknown): Manifest =>
  manifest(loadBalancerKind, spec, status, { name: 'web', namespace: 'production' });

const load = (spec: unknown, status?: unknown): LoadBalancer =>
  validator.valid(loadBalancer(spec, status));

const messages = (spec: unknown, status?: unknown): string[] =>
  validator.messages(loadBalancer(spec, status));

const ref = { vitistackRef: { name: 'aws-production' } };

describe('LoadBalancer', () => {
  describe('normalise', () => {
    it('a cloud application load balancer with a selector and a health check', () => {
      const lb = load(
        {
          vitistackRef: { name: 'aws-production', namespace: 'production' },
          type: 'application',
          scheme: 'internet-facing',
          listeners: [
            {
              port: 443,
              protocol: 'HTTPS',
              certificateArn: 'arn:aws:acm:us-west-2:1:cert/a',
              targetPort: 8443,
            },
            { port: 80, protocol: 'HTTP' },
          ],
          healthCheck: {
            path: '/healthz',
            protocol: 'HTTPS',
            port: 8443,
            interval: '30s',
            timeout: 5,
            healthyThreshold: 3,
            unhealthyThreshold: 2,
          },
          targets: { machineSelector: { matchLabels: { role: 'web' } } },
        },
        {
          phase: 'Ready',
          dnsName: 'web-1.elb.amazonaws.com',
          arn: 'arn:aws:elasticloadbalancing:us-west-2:1:loadbalancer/app/web/1',
          observedGeneration: 2,
        },
      );
      assert.equal(lb.kind, 'LoadBalancer');
      assert.deepEqual(lb.spec, {
        vitistackRef: { name: 'aws-production', namespace: 'production' },
        type: 'application',
        internal: false,
        listeners: [
          {
            port: 443,
            protocol: 'HTTPS',
            certificateArn: 'arn:aws:acm:us-west-2:1:cert/a',
            targetPort: 8443,
          },
          { port: 80, protocol: 'HTTP' },
        ],
        healthCheck: {
          path: '/healthz',
          port: 8443,
          protocol: 'HTTPS',
          intervalSeconds: 30,
          timeoutSeconds: 5,
          healthyThreshold: 3,
          unhealthyThreshold: 2,
        },
        targets: { matchLabels: { role: 'web' }, machines: [] },
      });
      assert.equal(lb.status?.dnsName, 'web-1.elb.amazonaws.com');
    });

    it('an on-premises internal load balancer with a VIP and named machines', () => {
      const lb = load({
        ...ref,
        type: 'network',
        scheme: 'internal',
        vip: '10.10.0.100',
        listeners: [{ port: 6443, protocol: 'TCP' }],
        targets: { machines: [{ name: 'cp-1' }, { name: 'cp-2', namespace: 'infra' }] },
      });
      assert.equal(lb.spec.internal, true, 'scheme internal means internal');
      assert.equal(lb.spec.vip, '10.10.0.100');
      assert.deepEqual(lb.spec.targets, {
        machines: [{ name: 'cp-1' }, { name: 'cp-2', namespace: 'infra' }],
      });
      assert.equal(lb.status, undefined);
    });

    it('the least a load balancer says: its Vitistack', () => {
      const lb = load(ref);
      assert.deepEqual(lb.spec, {
        vitistackRef: { name: 'aws-production' },
        listeners: [],
        targets: { machines: [] },
      });
    });
  });

  describe('rejects', () => {
    const cases: { name: string; spec: unknown; status?: unknown; want: string[] }[] = [
      {
        name: 'a missing vitistackRef',
        spec: { type: 'network' },
        want: ['spec.vitistackRef: is required (expected an object with field name)'],
      },
      {
        name: 'internal contradicting scheme',
        spec: { ...ref, scheme: 'internal', internal: false },
        want: [
          'spec.internal: false contradicts scheme "internal" (set only one of them, or make them agree: internal: true goes with scheme: internal)',
        ],
      },
      {
        name: 'an HTTP listener on a network load balancer',
        spec: { ...ref, type: 'network', listeners: [{ port: 80, protocol: 'HTTP' }] },
        want: [
          'spec.listeners[0].protocol: "HTTP" is not supported by a network load balancer (allowed: TCP or UDP; use type: application for HTTP or HTTPS)',
        ],
      },
      {
        name: 'a UDP listener on a classic load balancer',
        spec: { ...ref, type: 'classic', listeners: [{ port: 53, protocol: 'UDP' }] },
        want: [
          'spec.listeners[0].protocol: "UDP" is not supported by a classic load balancer (allowed: HTTP, HTTPS, or TCP; use type: network for TCP or UDP)',
        ],
      },
      {
        name: 'a certificate on a TCP listener',
        spec: { ...ref, listeners: [{ port: 443, protocol: 'TCP', certificateArn: 'arn:x' }] },
        want: [
          'spec.listeners[0].certificateArn: "arn:x" cannot be set on a TCP listener (a certificate is used only by HTTPS listeners)',
        ],
      },
      {
        name: 'two listeners on one port and protocol',
        spec: {
          ...ref,
          listeners: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
        want: [
          'spec.listeners[2].port: 53 is a duplicate of listener 0 with protocol UDP (each port and protocol may have one listener)',
        ],
      },
      {
        name: 'a listener port out of range and a lowercase protocol',
        spec: { ...ref, listeners: [{ port: 70000, protocol: 'https' }] },
        want: [
          'spec.listeners[0].port: 70000 is out of range (expected an integer from 1 to 65535)',
          'spec.listeners[0].protocol: "https" is not one of the allowed values (allowed: HTTP, HTTPS, TCP, or UDP); did you mean "HTTPS"?',
        ],
      },
      {
        name: 'a listener without a port',
        spec: { ...ref, listeners: [{ protocol: 'TCP' }] },
        want: ['spec.listeners[0].port: is required (expected an integer from 1 to 65535)'],
      },
      {
        name: 'a health check path with protocol TCP',
        spec: { ...ref, healthCheck: { protocol: 'TCP', path: '/healthz' } },
        want: [
          'spec.healthCheck.path: "/healthz" cannot be set when protocol is TCP (a path applies only to HTTP and HTTPS health checks)',
        ],
      },
      {
        name: 'a health check path without a leading slash',
        spec: { ...ref, healthCheck: { path: 'healthz' } },
        want: [
          'spec.healthCheck.path: "healthz" does not start with "/" (expected a path like "/healthz")',
        ],
      },
      {
        name: 'a health check timeout longer than its interval',
        spec: { ...ref, healthCheck: { interval: 5, timeout: '10s' } },
        want: [
          'spec.healthCheck.timeout: "10s" is not shorter than the interval (5s); a check must time out before the next one starts',
        ],
      },
      {
        name: 'a zero health check interval',
        spec: { ...ref, healthCheck: { interval: 0 } },
        want: [
          'spec.healthCheck.interval: 0 is not above zero (checks need a time between them, like 30)',
        ],
      },
      {
        name: 'a bad interval string',
        spec: { ...ref, healthCheck: { interval: 'often' } },
        want: [
          'spec.healthCheck.interval: "often" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
        ],
      },
      {
        name: 'a bad VIP',
        spec: { ...ref, vip: '10.10.0.300' },
        want: [
          'spec.vip: "10.10.0.300" is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
        ],
      },
      {
        name: 'empty targets',
        spec: { ...ref, targets: {} },
        want: [
          'spec.targets: needs machineSelector or machines (or leave targets out to add targets later)',
        ],
      },
      {
        name: 'an empty selector',
        spec: { ...ref, targets: { machineSelector: { matchLabels: {} } } },
        want: [
          'spec.targets.machineSelector.matchLabels: is empty (an empty selector would match every Machine; give at least one label)',
        ],
      },
      {
        name: 'the same machine twice',
        spec: { ...ref, targets: { machines: [{ name: 'cp-1' }, { name: 'cp-1' }] } },
        want: [
          'spec.targets.machines[1].name: "cp-1" is a duplicate of item 0 (each Machine may be listed once)',
        ],
      },
      {
        name: 'an unknown field',
        spec: { ...ref, listener: [] },
        want: [
          'spec.listener: is not a known field (allowed here: healthCheck, internal, listeners, scheme, targets, type, vip, or vitistackRef); did you mean "listeners"?',
        ],
      },
      {
        name: 'bad status fields',
        spec: ref,
        status: { phase: 'Active', addresses: ['10.0.0.1', 'lb.example.com'] },
        want: [
          'status.phase: "Active" is not one of the allowed values (allowed: Pending, Provisioning, Ready, Failed, or Deleting)',
          'status.addresses[1]: "lb.example.com" is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
        ],
      },
    ];
    itReports(cases, (tc) => messages(tc.spec, tc.status));
  });

  describe('CRD schema', () => {
    it('is structural, describes every field and requires vitistackRef', () => {
      const spec = loadBalancerKind.spec.openapi();
      const problems = [
        ...schemaProblems(spec, 'spec', false),
        ...schemaProblems(loadBalancerKind.status.openapi(), 'status', false),
      ];
      assert.deepEqual(problems, []);
      assert.deepEqual(spec.required, ['vitistackRef']);
      assert.equal(
        spec.properties?.healthCheck?.properties?.interval?.['x-kubernetes-int-or-string'],
        true,
      );
    });

    it('says it is the standalone form of a Vitistack load balancer', () => {
      assert.match(loadBalancerKind.description, /standalone form of an entry of a Vitistack/);
    });
  });
});
