import { strict as assert } from 'node:assert';
import { RecordingMocks } from '../../../src/engine/mocks';
import type { FirewallArgs } from '../../../src/components/gcp/firewall';
import { PROJECT, REGION, settle } from './helpers';

const FW = 'gcp:compute/firewall:Firewall';
const NETWORK = `projects/${PROJECT}/global/networks/prod`;

describe('gcp Firewall', () => {
  const mocks = new RecordingMocks(REGION);
  let mod: typeof import('../../../src/components/gcp/firewall');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/gcp/firewall.js');
  });

  describe('allow, deny and egress rules with targets and priorities', () => {
    before(async () => {
      new mod.Firewall('fw', {
        network: NETWORK,
        project: PROJECT,
        logging: true,
        rules: [
          {
            name: 'ssh',
            direction: 'ingress',
            protocol: 'tcp',
            ports: ['22'],
            sourceRanges: ['203.0.113.0/24'],
            targetTags: ['bastion-sg'],
          },
          {
            name: 'deny-telnet',
            direction: 'ingress',
            action: 'deny',
            protocol: 'tcp',
            ports: ['23'],
            priority: 100,
            sourceRanges: ['0.0.0.0/0'],
          },
          { name: 'from-nodes', direction: 'ingress', protocol: 'all', sourceTags: ['k8s-nodes'] },
          {
            name: 'to-db',
            direction: 'egress',
            protocol: 'tcp',
            ports: ['5432-5433'],
            destinationRanges: ['10.1.0.0/16'],
          },
        ],
      });
      await settle();
    });

    it('allows SSH from the admin range to instances tagged bastion-sg only', () => {
      const r = mocks.one(FW, 'fw-ssh');
      assert.equal(r.inputs.network, NETWORK);
      assert.equal(r.inputs.direction, 'INGRESS');
      assert.deepEqual(r.inputs.allows, [{ protocol: 'tcp', ports: ['22'] }]);
      assert.equal(r.inputs.denies, undefined);
      assert.deepEqual(r.inputs.sourceRanges, ['203.0.113.0/24']);
      assert.deepEqual(r.inputs.targetTags, ['bastion-sg']);
      assert.equal(r.inputs.priority, 1000);
      assert.deepEqual(r.inputs.logConfig, { metadata: 'INCLUDE_ALL_METADATA' });
    });

    it('denies telnet ahead of the allow rules (priority 100) on every instance', () => {
      const r = mocks.one(FW, 'fw-deny-telnet');
      assert.deepEqual(r.inputs.denies, [{ protocol: 'tcp', ports: ['23'] }]);
      assert.equal(r.inputs.allows, undefined);
      assert.equal(r.inputs.priority, 100);
      assert.equal(r.inputs.targetTags, undefined);
    });

    it('admits a group by source tag, and sends egress to destination ranges', () => {
      const from = mocks.one(FW, 'fw-from-nodes');
      assert.deepEqual(from.inputs.sourceTags, ['k8s-nodes']);
      assert.deepEqual(from.inputs.allows, [{ protocol: 'all' }]);
      const to = mocks.one(FW, 'fw-to-db');
      assert.equal(to.inputs.direction, 'EGRESS');
      assert.deepEqual(to.inputs.destinationRanges, ['10.1.0.0/16']);
      assert.deepEqual(to.inputs.allows, [{ protocol: 'tcp', ports: ['5432-5433'] }]);
      assert.equal(to.inputs.sourceRanges, undefined);
    });
  });

  describe('validateFirewallArgs', () => {
    const base: Omit<FirewallArgs, 'rules'> = { network: NETWORK, project: PROJECT };
    const cases: { name: string; rules: FirewallArgs['rules']; want: string[] }[] = [
      {
        name: 'an ingress rule without any source (GCP would admit everyone)',
        rules: [{ name: 'open', direction: 'ingress', protocol: 'tcp', ports: ['80'] }],
        want: [
          'rules[0].sourceRanges: is empty and so are sourceTags and sourceServiceAccounts; GCP would admit every address, so write "0.0.0.0/0" if that is meant.',
        ],
      },
      {
        name: 'ports on icmp and a port beyond 65535',
        rules: [
          {
            name: 'ping',
            direction: 'ingress',
            protocol: 'icmp',
            ports: ['8'],
            sourceRanges: ['10.0.0.0/8'],
          },
          {
            name: 'big',
            direction: 'ingress',
            protocol: 'udp',
            ports: ['70000'],
            sourceRanges: ['10.0.0.0/8'],
          },
        ],
        want: [
          'rules[0].ports: "8" cannot be set for protocol icmp; ports apply to tcp and udp only.',
          'rules[1].ports[0]: "70000" is not a port or port range from 1 to 65535; use a form like "22" or "30000-32767".',
        ],
      },
      {
        name: 'an egress rule with a source tag',
        rules: [
          {
            name: 'out',
            direction: 'egress',
            protocol: 'all',
            sourceTags: ['web'],
            destinationRanges: ['0.0.0.0/0'],
          },
        ],
        want: [
          'rules[0].sourceTags: "web" cannot be set on an egress rule; GCP egress rules match destinationRanges only.',
        ],
      },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        assert.deepEqual(mod.validateFirewallArgs({ ...base, rules: tc.rules }), tc.want);
      });
    }
  });
});
