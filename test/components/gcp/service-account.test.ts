import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { accountIdOf, NODE_ROLES } from '../../../src/components/gcp/service-account';
import { PROJECT, REGION, settle } from './helpers';

describe('gcp ServiceAccount', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/service-account');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/service-account.js');
  });

  for (const [text, want] of [
    ['gcp-production-nodes', 'gcp-production-nodes'],
    ['A.Very.Long.Vitistack.Name-With-Parts-nodes', 'a-very-long-vitistack-name-wit'],
    ['9lab', 'lab-nodes'],
  ] as const) {
    it(`accountIdOf(${JSON.stringify(text)}) is ${want}`, () => {
      assert.equal(accountIdOf(text), want);
    });
  }

  it('gives the account only the node roles, on the project', async () => {
    const sa = new mod.ServiceAccount('prod-nodes', {
      accountId: 'gcp-production-nodes',
      project: PROJECT,
    });
    await settle();
    const email = `gcp-production-nodes@${PROJECT}.iam.gserviceaccount.com`;
    assert.equal(await unwrap(sa.email), email);
    const grants = mocks
      .byType('gcp:projects/iAMMember:IAMMember')
      .map((m) => [m.inputs.project, m.inputs.role, m.inputs.member]);
    assert.deepEqual(
      grants,
      NODE_ROLES.map((r) => [PROJECT, r, `serviceAccount:${email}`]),
    );
    assert.ok(!NODE_ROLES.some((r) => /editor|owner|admin/i.test(r)));
  });

  it('refuses an account id GCP does not take', () => {
    assert.deepEqual(mod.validateServiceAccountArgs({ accountId: 'Nodes', project: PROJECT }), [
      'accountId: "Nodes" is not a service account id (6 to 30 lowercase letters, digits and "-", starting with a letter).',
    ]);
  });
});
