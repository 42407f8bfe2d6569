import { strict as assert } from 'node:assert';
import {
  CHARTS,
  chartVersion,
  looksLikeAppVersion,
  mergeValues,
  resolveAddon,
  withoutSecretRefs,
} from '../../../src/components/addons/charts';

function entry(key: string): (typeof CHARTS)[string] {
  const e = CHARTS[key];
  assert.ok(e, key);
  return e;
}

describe('add-on chart catalogue', () => {
  const versions: { addon: string; given: string; want: string }[] = [
    { addon: 'cert-manager', given: 'v1.9.1', want: 'v1.9.1' },
    { addon: 'cert-manager', given: '1.9.1', want: 'v1.9.1' },
    { addon: 'external-dns', given: 'v1.14.5', want: '1.14.5' },
    { addon: 'aws-load-balancer-controller', given: '1.8.1', want: '1.8.1' },
    { addon: 'kube-prometheus-stack', given: ' 58.2.1 ', want: '58.2.1' },
  ];
  for (const tc of versions) {
    it(`normalises ${tc.addon} version "${tc.given}" to "${tc.want}"`, () => {
      assert.equal(chartVersion(entry(tc.addon), tc.given), tc.want);
    });
  }

  it('spots application versions given where chart versions belong', () => {
    assert.equal(looksLikeAppVersion(entry('external-dns'), '0.12.2'), true);
    assert.equal(looksLikeAppVersion(entry('external-dns'), '1.11.0'), false);
    assert.equal(looksLikeAppVersion(entry('aws-load-balancer-controller'), '2.4.4'), true);
    assert.equal(looksLikeAppVersion(entry('cluster-autoscaler'), '1.24.0'), true);
    assert.equal(looksLikeAppVersion(entry('cluster-autoscaler'), '9.37.0'), false);
    assert.equal(looksLikeAppVersion(entry('cert-manager'), 'v1.9.1'), false);
  });

  it('resolves aliases, built-in parts and unknown names', () => {
    const prom = resolveAddon('prometheus-operator');
    assert.equal(prom.kind === 'chart' ? prom.key : prom.kind, 'kube-prometheus-stack');
    assert.equal(resolveAddon('coredns').kind, 'builtin');
    assert.equal(resolveAddon('istio').kind, 'unknown');
  });

  it('merges values deeply, replacing arrays and scalars', () => {
    assert.deepEqual(
      mergeValues(
        { a: { b: 1, c: [1, 2] }, d: 'x', crds: { enabled: true } },
        { a: { c: [3], e: true }, d: { f: 1 } },
      ),
      { a: { b: 1, c: [3], e: true }, d: { f: 1 }, crds: { enabled: true } },
    );
  });

  it('removes Vitistack Secret references but keeps Kubernetes ones', () => {
    const { values, refs } = withoutSecretRefs({
      grafana: {
        enabled: true,
        adminPassword: { secretRef: { name: 'grafana-admin', key: 'password' } },
        envFrom: [{ secretRef: { name: 'grafana-env' } }],
      },
      extraSecrets: [{ secretRef: { name: 's', key: 'k' } }, 'plain'],
    });
    assert.deepEqual(values, {
      grafana: { enabled: true, envFrom: [{ secretRef: { name: 'grafana-env' } }] },
      extraSecrets: ['plain'],
    });
    assert.deepEqual(refs, [
      { path: 'grafana.adminPassword', name: 'grafana-admin', key: 'password' },
      { path: 'extraSecrets[0]', name: 's', key: 'k' },
    ]);
  });
});
