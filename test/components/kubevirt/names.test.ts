import { strict as assert } from 'node:assert';
import {
  labelKeyProblem,
  labelValueProblem,
  toDnsLabel,
  toLabelValue,
} from '../../../src/components/kubevirt/names';

describe('Kubernetes names', () => {
  const labels: { text: string; want: string }[] = [
    { text: 'platform.oslo-dc1', want: 'platform.oslo-dc1' },
    { text: 'Team A / ops', want: 'Team-A-ops' },
    { text: '-edge-', want: 'edge' },
  ];
  for (const tc of labels) {
    it(`label value of ${JSON.stringify(tc.text)} is ${tc.want}`, () => {
      assert.equal(toLabelValue(tc.text), tc.want);
      assert.equal(labelValueProblem(toLabelValue(tc.text)), undefined);
    });
  }

  it('fits long values into 63 characters, keeping two long names apart', () => {
    const a = toLabelValue(`${'x'.repeat(70)}-a`);
    const b = toLabelValue(`${'x'.repeat(70)}-b`);
    assert.ok(a.length <= 63 && b.length <= 63);
    assert.notEqual(a, b);
    assert.equal(labelValueProblem(a), undefined);
  });

  it('makes DNS labels of volume and interface names', () => {
    assert.equal(toDnsLabel('Data_Disk 1'), 'data-disk-1');
    assert.equal(toDnsLabel('***', 'disk'), 'disk');
  });

  it('explains bad label keys', () => {
    assert.equal(labelKeyProblem('app.kubernetes.io/name'), undefined);
    assert.match(
      labelKeyProblem('Example.COM/name') ?? '',
      /prefix "Example.COM", which is not a DNS subdomain/,
    );
    assert.match(labelKeyProblem('team name') ?? '', /name "team name", which is not a label name/);
  });
});
