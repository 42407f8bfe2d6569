import { strict as assert } from 'node:assert';
import { firewallRuleArgs, peerArgs } from '../../../src/program/aws/foundation';

describe('firewall peers', () => {
  const groups = ['vitistack', 'bastion-sg'];
  const cases: { peer: string | undefined; want: object }[] = [
    { peer: undefined, want: { cidr: '0.0.0.0/0' } },
    { peer: '10.0.0.0/16', want: { cidr: '10.0.0.0/16' } },
    { peer: '10.0.0.5', want: { cidr: '10.0.0.5/32' } },
    { peer: 'fd00::5', want: { cidr: 'fd00::5/128' } },
    { peer: 'bastion-sg', want: { sourceGroupName: 'bastion-sg' } },
    { peer: 'sg-0123abcd', want: { sourceGroupId: 'sg-0123abcd' } },
  ];
  for (const tc of cases) {
    it(`${tc.peer ?? '(none)'} -> ${JSON.stringify(tc.want)}`, () => {
      assert.deepEqual(peerArgs(tc.peer, groups), tc.want);
    });
  }

  it('an outbound Vitistack rule takes its destination as the peer', () => {
    assert.deepEqual(
      firewallRuleArgs(
        {
          name: 'to-db',
          direction: 'outbound',
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          source: '10.9.0.0/16',
          destination: '10.1.0.7',
        },
        groups,
      ),
      {
        direction: 'egress',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        description: 'to-db',
        cidr: '10.1.0.7/32',
      },
    );
  });
});
