// What the quotas count, and the quantity helpers their messages use.
import { strict as assert } from 'node:assert';
import { quotaUsage } from '../../src/model/quotas';
import { bytesOf, coresOf, formatBytes, formatCores } from '../../src/model/sizes';
import {
  docs,
  header,
  machine,
  objectsOf,
  problemsOf,
  resolve,
  stackObjects,
  vitistack,
} from './helpers';

const GiB = 2 ** 30;

describe('quotaUsage', () => {
  it('counts machines plus cluster nodes at their maximum size (proxmox-talos)', () => {
    const model = resolve(stackObjects('proxmox-talos'), 'platform/oslo-dc1');
    const use = quotaUsage({
      vitistack: model.vitistack,
      machineProviders: model.machineProviders,
      kubernetesProviderCount: model.kubernetesProviders.length,
      machines: model.machines,
      clusters: model.clusters,
    });
    // 2 Machines, 3 control-plane nodes, up to 6 workers (the provider's capacity comment).
    assert.equal(use.machines, 11);
    assert.equal(use.nodes, 9);
    assert.equal(use.perProvider.get('platform/proxmox-provider'), 11);
    // 40 + 240 (Machines) + 3 x 50 + 6 x 100 (nodes), within quotas.storage.total 2Ti.
    assert.equal(use.storageBytes, 1030 * GiB);
    assert.equal(use.cpu, 2 + 4 + 3 * 4 + 6 * 8);
    assert.equal(use.memoryBytes, (4 + 8 + 3 * 8 + 6 * 16) * GiB);
    assert.equal(use.providers, 2);
    assert.equal(use.clusters, 1);
  });

  it('counts a machine without size information as 0 and still checks the others', () => {
    const objects = objectsOf(
      docs(
        vitistack('web', '[{name: bare}]', "  resourceQuotas: {maxCPU: '1', maxMemory: 1Gi}"),
        `${header('MachineProvider', 'bare')}
spec:
  type: aws
  region: us-west-2
  aws:
    credentials: {secretRef: {name: aws-credentials}}`,
        machine('unsized', 'bare', '  labels: {role: app}'),
        machine('sized', 'bare', '  resources: {memory: {size: 2Gi}}'),
      ),
    );
    assert.deepEqual(
      problemsOf(objects, 'production/web').map((p) => p.message),
      [
        'Vitistack production/web allows at most 1Gi of memory (spec.resourceQuotas.maxMemory) but 2Gi are requested: remove machines or raise the quota',
      ],
    );
  });
});

describe('sizes', () => {
  const cases: { input: string; bytes: number | undefined }[] = [
    { input: '8Gi', bytes: 8 * GiB },
    { input: '1Ti', bytes: 2 ** 40 },
    { input: '500M', bytes: 500e6 },
    { input: 'lots', bytes: undefined },
  ];
  for (const tc of cases) {
    it(`reads ${tc.input}`, () => {
      assert.equal(bytesOf(tc.input), tc.bytes);
    });
  }

  it('reads CPU as cores', () => {
    assert.equal(coresOf('500m'), 0.5);
    assert.equal(coresOf(4), 4);
    assert.equal(coresOf(undefined), undefined);
  });

  it('formats bytes in the largest binary unit', () => {
    assert.equal(formatBytes(260 * GiB), '260Gi');
    assert.equal(formatBytes(1.5 * 2 ** 40), '1.5Ti');
    assert.equal(formatBytes(1536 * 2 ** 20), '1.5Gi');
    assert.equal(formatBytes(512), '512');
    assert.equal(formatCores(0.5), '0.5');
    assert.equal(formatCores(12), '12');
  });
});
