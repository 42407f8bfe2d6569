// Every manifest under stacks/ validates, and every stack config names manifests that exist.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { errorLines, loadPaths } from '../helpers/load';

const ROOT = join(__dirname, '..', '..', '..');
const STACKS = join(ROOT, 'stacks');
const dirs = readdirSync(STACKS).filter((d) => statSync(join(STACKS, d)).isDirectory());

describe('example stacks', () => {
  it('include the scenarios of the spec', () => {
    for (const d of [
      'aws-production',
      'multi-cloud-dr',
      'edge',
      'hierarchical',
      'vsphere-hybrid',
      'proxmox-talos',
    ]) {
      assert.ok(dirs.includes(d), `stacks/${d} is missing`);
    }
  });

  for (const dir of dirs) {
    it(`stacks/${dir} validates`, () => {
      const result = loadPaths([join(STACKS, dir)]);
      assert.deepEqual(errorLines(result), []);
      assert.ok(
        result.objects.some((o) => o.object.kind === 'Vitistack'),
        'has a Vitistack',
      );
    });
  }

  const configs = readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
  for (const file of configs) {
    it(`${file} names a manifest directory and a Vitistack in it`, () => {
      const doc = parse(readFileSync(join(STACKS, file), 'utf8')) as {
        config?: Record<string, unknown>;
      };
      const manifests = doc.config?.['vitistack:manifests'];
      const target = doc.config?.['vitistack:vitistack'];
      assert.equal(typeof manifests, 'string');
      assert.ok(existsSync(join(ROOT, String(manifests))), `${String(manifests)} does not exist`);
      const [ns, name] = String(target).split('/');
      const result = loadPaths([join(ROOT, String(manifests))]);
      const found = result.objects.find(
        (o) =>
          o.object.kind === 'Vitistack' &&
          o.object.metadata.namespace === ns &&
          o.object.metadata.name === name,
      );
      assert.ok(found, `Vitistack ${String(target)} not found in ${String(manifests)}`);
    });
  }
});
