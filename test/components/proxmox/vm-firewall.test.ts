import { strict as assert } from 'node:assert';
import { validateVmFirewallArgs } from '../../../src/components/proxmox/vm-firewall';
import { RecordingMocks } from '../../../src/engine/mocks';
import { settle } from './settle';

const RULES = 'proxmoxve:firewall/rulesLegacy:RulesLegacy';
const OPTIONS = 'proxmoxve:firewall/optionsLegacy:OptionsLegacy';

describe('proxmox VmFirewall', () => {
  const mocks = new RecordingMocks();
  before(async () => {
    await mocks.install('vitistack', 'test');
    const { VmFirewall } = await import('../../../src/components/proxmox/vm-firewall.js');
    new VmFirewall('db', {
      nodeName: 'pve3',
      vmId: 12345,
      rules: [
        {
          direction: 'in',
          action: 'ACCEPT',
          protocol: 'tcp',
          destinationPort: '5432',
          source: '10.10.0.0/16',
          iface: 'net0',
          comment: 'Vitistack rule postgres',
        },
        { direction: 'out', action: 'REJECT', destination: '0.0.0.0/0' },
        { securityGroup: 'monitoring', comment: 'security group monitoring' },
      ],
      outputPolicy: 'DROP',
    });
    await settle();
  });

  it('keeps the rules in order, as Proxmox rule blocks', () => {
    const rules = mocks.one(RULES, 'db-rules');
    assert.equal(rules.inputs.nodeName, 'pve3');
    assert.equal(rules.inputs.vmId, 12345);
    assert.deepEqual(rules.inputs.rules, [
      {
        type: 'in',
        action: 'ACCEPT',
        proto: 'tcp',
        dport: '5432',
        source: '10.10.0.0/16',
        iface: 'net0',
        comment: 'Vitistack rule postgres',
        enabled: true,
      },
      { type: 'out', action: 'REJECT', dest: '0.0.0.0/0', enabled: true },
      { securityGroup: 'monitoring', comment: 'security group monitoring' },
    ]);
  });

  it('switches the firewall on with the given policies, DROP inbound by default', () => {
    const options = mocks.one(OPTIONS, 'db-options');
    assert.equal(options.inputs.enabled, true);
    assert.equal(options.inputs.inputPolicy, 'DROP');
    assert.equal(options.inputs.outputPolicy, 'DROP');
    assert.equal(options.inputs.dhcp, false);
    assert.ok(options.dependencies.includes(mocks.one(RULES, 'db-rules').urn));
  });

  const cases: { name: string; rule: object; message: string }[] = [
    {
      name: 'a port range with a dash',
      rule: { direction: 'in', action: 'ACCEPT', protocol: 'tcp', destinationPort: '80-443' },
      message:
        'rules[0].destinationPort: "80-443" is not a port or range from 1 to 65535; use "22" or "8000:8080".',
    },
    {
      name: 'a port without tcp or udp',
      rule: { direction: 'in', action: 'ACCEPT', destinationPort: '22' },
      message:
        'rules[0].destinationPort: "22" needs protocol tcp or udp (protocol is any); set the protocol or drop the port.',
    },
    {
      name: 'a device key that is not netN',
      rule: { direction: 'in', action: 'DROP', iface: 'eth0' },
      message: 'rules[0].iface: "eth0" is not a network device key; use net0, net1, ...',
    },
    {
      name: 'a security group name with a dot',
      rule: { securityGroup: 'web.servers' },
      message:
        'rules[0].securityGroup: "web.servers" is not a Proxmox security group name (a letter, then 1 to 17 letters, digits, "-" or "_").',
    },
  ];
  for (const tc of cases) {
    it(`refuses ${tc.name}`, () => {
      assert.deepEqual(
        validateVmFirewallArgs({
          nodeName: 'pve1',
          vmId: 100,
          rules: [tc.rule as never],
        }),
        [tc.message],
      );
    });
  }
});
