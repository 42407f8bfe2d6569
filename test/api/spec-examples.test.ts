// Every concrete example manifest in ../shared/spec/ is copied under test/fixtures/spec-examples/
// (each file's first line names the document and section it comes from) and must validate.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, loadPaths } from '../helpers/load';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'spec-examples');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('spec examples', () => {
  for (const file of files) {
    it(`${file} validates`, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      assert.match(text.split('\n')[0] ?? '', /^# Source: /, 'first line must name the source');
      const result = loadPaths([join(DIR, file)]);
      assert.deepEqual(errorLines(result), []);
      assert.ok(result.objects.length >= 1, 'the file holds at least one object');
    });
  }

  it('covers every concrete example of the documents', () => {
    const result = loadPaths([DIR]);
    const names = new Set(result.objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`));
    const expected = [
      // 000 API reference
      'MachineProvider/aws-provider',
      'KubernetesProvider/eks-provider',
      // 002 architecture: deployment models
      'Vitistack/aws-production',
      'Vitistack/multi-cloud-production',
      'Vitistack/hybrid-datacenter',
      'Vitistack/edge-location-west',
      // 003 integration guide
      'MachineProvider/aws-ec2-provider',
      'KubernetesProvider/aws-eks-provider',
      'Machine/bastion-host',
      'Vitistack/primary-vitistack',
      'Vitistack/secondary-vitistack',
      'Vitistack/central-management',
      'Vitistack/edge-west',
      'MachineProvider/primary-provider',
      'MachineProvider/secondary-provider',
      'MachineProvider/shared-storage-provider',
      'Vitistack/global-vitistack',
      'Vitistack/us-vitistack',
      // 004 MachineProvider
      'MachineProvider/aws-us-west-2',
      'MachineProvider/vsphere-datacenter1',
    ];
    for (const name of expected) assert.ok(names.has(name), `missing spec example ${name}`);
  });
});
