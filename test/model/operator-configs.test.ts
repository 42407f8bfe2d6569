// Which ProxmoxConfig / KubevirtConfig serves an on-premises MachineProvider: the one whose
// endpoint is the provider's, else the only one in its namespace; several and no match is a
// warning, never a guess. The config is a member of the stack: its Secrets and hash count.
import { strict as assert } from 'node:assert';
import { docs, header, objectsOf, resolve, stackObjects } from '../model/helpers';

const PROXMOX = (endpoint: string) => `${header('MachineProvider', 'pve', 'platform')}
spec:
  type: proxmox
  endpoint: {url: ${endpoint}}
  config: {proxmox: {node: pve1, storage: local-lvm, networkBridge: vmbr0}}
  templates: [{name: small, resources: {cpu: 2, memory: 4Gi, storage: 40Gi}}]`;

const CONFIG = (name: string, endpoint: string) => `${header('ProxmoxConfig', name, 'platform')}
spec:
  cluster: {nodes: [pve1], endpoint: ${endpoint}}
  limits: {maxVMsPerNode: 5}`;

const VITISTACK = `${header('Vitistack', 'dc1', 'platform')}
spec:
  region: oslo
  machineProviders: [{name: pve}]`;

describe('operator configs', () => {
  it('the proxmox-talos example: its provider gets the ProxmoxConfig pve-cluster', () => {
    const model = resolve(stackObjects('proxmox-talos'), 'platform/oslo-dc1');
    const [key] = Object.keys(model.operatorConfigs);
    assert.equal(key, 'platform/proxmox-provider');
    assert.equal(
      model.operatorConfigs['platform/proxmox-provider']?.proxmox?.metadata.name,
      'pve-cluster',
    );
  });

  it('picks the config whose endpoint is the provider endpoint (trailing slash and case aside)', () => {
    const model = resolve(
      objectsOf(
        docs(
          VITISTACK,
          PROXMOX('https://pve-b.example.internal:8006/api2/json'),
          CONFIG('a', 'https://pve-a.example.internal:8006/api2/json'),
          CONFIG('b', 'https://PVE-B.example.internal:8006/api2/json/'),
        ),
      ),
      'platform/dc1',
    );
    assert.equal(model.operatorConfigs['platform/pve']?.proxmox?.metadata.name, 'b');
  });

  it('takes none and warns when several configs could serve and none matches', () => {
    const model = resolve(
      objectsOf(
        docs(
          VITISTACK,
          PROXMOX('https://pve-c.example.internal:8006/api2/json'),
          CONFIG('a', 'https://pve-a.example.internal:8006/api2/json'),
          CONFIG('b', 'https://pve-b.example.internal:8006/api2/json'),
        ),
      ),
      'platform/dc1',
    );
    assert.deepEqual(model.operatorConfigs, {});
    assert.deepEqual(
      model.warnings.filter((w) => w.code === 'AmbiguousOperatorConfig').map((w) => w.message),
      [
        'MachineProvider platform/pve has 2 ProxmoxConfigs in namespace platform (a, b) and none whose spec.cluster.endpoint is its endpoint; none is used: keep one per namespace or make one endpoint match',
      ],
    );
  });

  it('a change of the config changes the inputs hash', () => {
    const of = (limit: string) =>
      resolve(
        objectsOf(
          docs(
            VITISTACK,
            PROXMOX('https://pve.example.internal:8006/api2/json'),
            CONFIG('a', 'https://pve.example.internal:8006/api2/json').replace(
              'maxVMsPerNode: 5',
              `maxVMsPerNode: ${limit}`,
            ),
          ),
        ),
        'platform/dc1',
      ).inputsHash;
    assert.notEqual(of('5'), of('6'));
  });
});
