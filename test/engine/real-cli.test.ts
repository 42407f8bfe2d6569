// Integration: the engine with the real `pulumi` CLI and a file backend, on a stack that needs no
// cloud (a Vitistack without providers: only its own component). Runs only where `pulumi` is on
// PATH; elsewhere the tests are reported as pending with the reason printed.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Vitistack } from '../../src/api/v1alpha1';
import { AutomationEngine } from '../../src/engine/automation-engine';
import { parseBackend, parseSecretsProvider } from '../../src/engine/backend';
import type { StackTarget } from '../../src/engine/engine';
import { renderStack } from '../../src/engine/render-stack';
import { resolveStack } from '../../src/model';
import { errorLines, loadText } from '../helpers/load';

const MANIFEST = `apiVersion: vitistack.io/v1alpha1
kind: Vitistack
metadata:
  name: empty
  namespace: ci
spec:
  description: Integration test stack (no providers, so no cloud resources)
  region: local
`;

function target(): StackTarget {
  const loaded = loadText(MANIFEST);
  assert.deepEqual(errorLines(loaded), []);
  const objects = loaded.objects.map((o) => o.object);
  const v = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(v);
  return { model: resolveStack(v, objects, {}), secrets: {} };
}

function pulumiOnPath(): string | undefined {
  const r = spawnSync('pulumi', ['version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('engine with the real pulumi CLI (file backend)', function () {
  this.timeout(300_000);
  const version = pulumiOnPath();
  let state = '';

  it('the integration stack needs no cloud: it renders to its own component only', async () => {
    const r = await renderStack(target().model);
    assert.deepEqual(r.counts, { 'vitistack:index:Vitistack': 1 });
  });

  describe('preview, up, outputs, refresh, destroy', () => {
    before(function () {
      if (version === undefined) {
        console.log(
          '      skipped: `pulumi` is not on PATH on this machine (the CLI cannot be installed here); these tests run wherever it is',
        );
        this.skip();
      }
      state = mkdtempSync(join(tmpdir(), 'vitistack-it-'));
    });
    after(() => {
      if (state !== '') rmSync(state, { recursive: true, force: true });
    });

    it('runs the whole lifecycle and sees no changes on a second preview', async () => {
      const engine = new AutomationEngine({
        backend: parseBackend(undefined, state),
        secretsProvider: parseSecretsProvider(undefined),
        passphrase: { kind: 'value', value: 'integration-test-passphrase' },
      });
      const t = target();
      const first = await engine.preview(t);
      assert.equal(first.result, 'succeeded', JSON.stringify(first.failure));
      assert.equal(first.changeSummary.create, 2); // the Stack and the Vitistack component
      const up = await engine.up(t);
      assert.equal(up.result, 'succeeded', JSON.stringify(up.failure));
      assert.equal(up.outputs.stack, 'ci.empty');
      assert.deepEqual(up.outputs.warnings, []);
      const again = await engine.preview(t);
      assert.deepEqual(again.steps, []);
      const refresh = await engine.refresh(t);
      assert.equal(refresh.result, 'succeeded', JSON.stringify(refresh.failure));
      const destroy = await engine.destroy(t, { remove: true });
      assert.equal(destroy.result, 'succeeded', JSON.stringify(destroy.failure));
    });
  });
});
