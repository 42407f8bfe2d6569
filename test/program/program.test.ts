// The stack program as a whole: machines built in batches across event-loop turns, and bad input
// found before anything is registered.
import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import { loadDocuments } from '../../src/api/documents';
import type { Vitistack } from '../../src/api/v1alpha1';
import { parseYaml } from '../../src/api/yaml-source';
import { RecordingMocks } from '../../src/engine/mocks';
import { waitForRegistrations } from '../../src/engine/render';
import { renderStack } from '../../src/engine/render-stack';
import { resolveStack, type StackModel } from '../../src/model';
import { MACHINE_BATCH, ProgramInputError, stackProgram } from '../../src/program/program';
import { generateAwsStack } from '../../bench/generate';
import { targetOf } from '../engine/targets';

function modelOf(yaml: string): StackModel {
  const loaded = loadDocuments(parseYaml(yaml, 'generated.yaml').documents);
  assert.deepEqual(
    loaded.errors.map((e) => e.message),
    [],
  );
  const objects = loaded.objects.map((o) => o.object);
  const vitistack = objects.find((o): o is Vitistack => o.kind === 'Vitistack');
  assert.ok(vitistack);
  return resolveStack(vitistack, objects, {});
}

describe('stack program', () => {
  const count = MACHINE_BATCH * 2 + 3;

  it(`builds all ${count} machines across several batches, each with its outputs`, async () => {
    const r = await renderStack(modelOf(generateAwsStack(count)));
    assert.equal(r.counts['vitistack:aws:Machine'], count);
    assert.equal(r.counts['aws:ec2/instance:Instance'], count);
    assert.equal(r.counts['aws:ebs/volume:Volume'], count);
    const keys = Object.keys(r.outputs.machines).sort();
    assert.equal(keys.length, count);
    assert.ok(keys.includes(`Machine/bench/vm-${count - 1}`), keys.join(', '));
    for (const [key, m] of Object.entries(r.outputs.machines)) {
      assert.match(m.id, /^i-[0-9a-f]+$/, key);
      assert.equal(m.additionalVolumes.length, 1, key);
    }
  });

  it('a problem in the last machine stops the program before any machine is registered', async () => {
    const yaml = generateAwsStack(count);
    const last = `name: vm-${count - 1}\n`;
    const at = yaml.indexOf(last);
    assert.ok(at > 0);
    const bad =
      yaml.slice(0, at) +
      yaml.slice(at).replace('networking: { subnet: private-', 'networking: { subnet: nowhere-');
    const model = modelOf(bad);
    const mocks = new RecordingMocks();
    await mocks.install('vitistack', model.stackName);
    await assert.rejects(stackProgram({ model, secrets: {}, mode: 'render' }), (err: unknown) => {
      assert.ok(err instanceof ProgramInputError);
      assert.deepEqual(err.problems, [
        `Machine bench/vm-${count - 1}: subnet "nowhere-${count % 2 === 0 ? 'b' : 'a'}" is neither a subnet of the Vitistack nor a "subnet-..." ID`,
      ]);
      return true;
    });
    await waitForRegistrations();
    assert.deepEqual(mocks.byType('vitistack:aws:Machine'), []);
    assert.deepEqual(mocks.byType('aws:ec2/instance:Instance'), []);
  });

  it('only the secrets output is secret: kubeconfigs do not make the other outputs secret', async () => {
    const { model, secrets } = targetOf('aws-production', 'production.aws-production', {
      aws_access_key_id: 'AKIAFAKEKEYID0000003',
      aws_secret_access_key: 'fake-secret-access-key-0003',
      password: 'fake-grafana-password',
    });
    const mocks = new RecordingMocks();
    await mocks.install('vitistack', model.stackName);
    const out = await stackProgram({ model, secrets, mode: 'deploy' });
    const secrecy = Object.fromEntries(
      await Promise.all(
        Object.entries(out).map(
          async ([k, v]) => [k, await pulumi.isSecret(v as pulumi.Output<unknown>)] as const,
        ),
      ),
    );
    assert.deepEqual(secrecy, {
      stack: false,
      vitistack: false,
      machines: false,
      clusters: false,
      secrets: true,
      warnings: false,
    });
    await waitForRegistrations();
  });

  it('a render that failed part-way does not break the next one', async () => {
    const good = modelOf(generateAwsStack(3));
    const bad = modelOf(
      generateAwsStack(3).replace('networking: { subnet: private-a }', 'networking: { subnet: x }'),
    );
    await assert.rejects(renderStack(bad), ProgramInputError);
    const r = await renderStack(good);
    assert.equal(r.counts['vitistack:aws:Machine'], 3);
  });
});
