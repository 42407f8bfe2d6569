// What stops a Proxmox machine before anything is built: templates, nodes, datastores, bridges,
// endpoints and credentials. Messages name the field and the fix, never a credential value.
import { strict as assert } from 'node:assert';
import { renderStack } from '../../../src/engine/render-stack';
import {
  edit,
  exampleYaml,
  modelOf,
  one,
  problemsOf,
  SECRET_KEY,
  VM,
  withProvider,
} from './helpers';

describe('proxmox machine problems', () => {
  it('an image that names no template lists the templates there are', async () => {
    const yaml = edit(exampleYaml(), 'url: ubuntu-22.04-cloudinit', 'url: debian-12');
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/ops-jumphost: spec.operatingSystem.image.url "debian-12" names no template of MachineProvider platform/proxmox-provider (templates: ubuntu-22.04-cloudinit, talos-v1.7.4-nocloud); use one of them, or add it to ProxmoxConfig platform/pve-cluster spec.templates with its VM id',
    ]);
  });

  it('a template without its VM id', async () => {
    const yaml = edit(exampleYaml(), "    - id: '9000'\n      name: ubuntu", '    - name: ubuntu');
    const problem =
      'its template ProxmoxConfig platform/pve-cluster spec.templates[0] (ubuntu-22.04-cloudinit) has no id; set its id to the template\'s Proxmox VM id (100 or more), e.g. "9000"';
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      `Machine platform/monitoring-1: ${problem}`,
      `Machine platform/ops-jumphost: ${problem}`,
    ]);
  });

  it('a root disk smaller than the template disk (Proxmox cannot shrink)', async () => {
    const yaml = edit(exampleYaml(), 'size: 40Gi', 'size: 10Gi');
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/ops-jumphost: spec.storage.rootVolume.size 10Gi is smaller than the 20Gi disk of template ubuntu-22.04-cloudinit, and Proxmox cannot shrink a cloned disk; use at least 20Gi',
    ]);
  });

  it('no node: neither the provider nor the ProxmoxConfig names one', async () => {
    let yaml = edit(exampleYaml(), '      node: pve1\n', '');
    yaml = edit(yaml, '    nodes:\n      - pve1\n      - pve2\n      - pve3\n', '');
    const problems = await problemsOf(modelOf(yaml));
    assert.deepEqual(problems, [
      "Machine platform/monitoring-1: no Proxmox node to place the VM on; set spec.config.proxmox.node on MachineProvider platform/proxmox-provider, list nodes in ProxmoxConfig platform/pve-cluster spec.cluster.nodes, or set the Machine's spec.placement.availabilityZone",
      "Machine platform/ops-jumphost: no Proxmox node to place the VM on; set spec.config.proxmox.node on MachineProvider platform/proxmox-provider, list nodes in ProxmoxConfig platform/pve-cluster spec.cluster.nodes, or set the Machine's spec.placement.availabilityZone",
      // Cluster nodes cannot name a node: no placement hint, one message for the cluster.
      'cluster talos-prod (talos): no Proxmox node to place the VM on; set spec.config.proxmox.node on MachineProvider platform/proxmox-provider or list nodes in ProxmoxConfig platform/pve-cluster spec.cluster.nodes',
    ]);
  });

  it('a placement on a node the ProxmoxConfig does not list', async () => {
    const yaml = edit(
      exampleYaml(),
      '    vitistack.io/component: ops\nspec:\n',
      '    vitistack.io/component: ops\nspec:\n  placement:\n    availabilityZone: pve9\n',
    );
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/ops-jumphost: spec.placement.availabilityZone "pve9" is not a node of ProxmoxConfig platform/pve-cluster (spec.cluster.nodes: pve1, pve2, pve3); use one of them, or leave it out to use pve1',
    ]);
  });

  it('no datastore for the root disk', async () => {
    // Root and data volumes, the provider and the ProxmoxConfig defaults: whole lines only.
    const yaml = exampleYaml()
      .replace(/^ *storageClass: local-lvm\n/gm, '')
      .replace(/^ *storage: local-lvm\n/gm, '');
    const problems = await problemsOf(modelOf(yaml));
    assert.deepEqual(problems, [
      'Machine platform/monitoring-1: no datastore for the root disk; set spec.storage.rootVolume.storageClass, or set spec.config.proxmox.storage on MachineProvider platform/proxmox-provider or spec.defaults.storage on ProxmoxConfig platform/pve-cluster',
      'Machine platform/ops-jumphost: no datastore for the root disk; set spec.storage.rootVolume.storageClass, or set spec.config.proxmox.storage on MachineProvider platform/proxmox-provider or spec.defaults.storage on ProxmoxConfig platform/pve-cluster',
      'cluster talos-prod (talos): no datastore for the node disks; set spec.config.proxmox.storage on MachineProvider platform/proxmox-provider or spec.defaults.storage on ProxmoxConfig platform/pve-cluster',
    ]);
  });

  it('no bridge for an interface', async () => {
    let yaml = edit(exampleYaml(), '  bridge: vmbr0\n', '');
    yaml = edit(yaml, '      networkBridge: vmbr0\n', '');
    yaml = edit(yaml, '    network: vmbr0\n', '');
    const why =
      'interface eth0 has no bridge: NetworkConfiguration platform/vlan100-servers has no spec.bridge; set it there, or set spec.config.proxmox.networkBridge on MachineProvider platform/proxmox-provider or spec.defaults.network on ProxmoxConfig platform/pve-cluster';
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      `Machine platform/monitoring-1: ${why}`,
      `Machine platform/ops-jumphost: ${why}`,
      `cluster talos-prod (talos) nodes: ${why}`,
    ]);
  });

  it('an address on an interface without a NetworkConfiguration', async () => {
    const yaml = edit(
      exampleYaml(),
      '        networkRef:\n          name: vlan100-servers\n          namespace: platform\n        ipAddress: 10.10.100.20\n',
      '        ipAddress: 10.10.100.20\n',
    );
    assert.deepEqual(await problemsOf(modelOf(yaml)), [
      'Machine platform/ops-jumphost: spec.networking.interfaces[0].ipAddress 10.10.100.20 needs the interface on a NetworkConfiguration (networkRef), whose subnet gives the prefix length and gateway; add networkRef or remove the address to use DHCP',
    ]);
  });
});

describe('proxmox provider problems', () => {
  it('a credentials Secret without a usable token: keys named, value never shown', async () => {
    const problems = await problemsOf(modelOf(), {
      mode: 'deploy',
      secrets: { [SECRET_KEY]: { token: 'not-a-token-3f9a' } },
    });
    assert.deepEqual(problems, [
      'MachineProvider platform/proxmox-provider: Secret platform/proxmox-api-token key "token" holds no token id: give the full token USER@REALM!TOKENID=SECRET, or add the key token-id (keys present: token)',
    ]);
    assert.ok(!problems.join('\n').includes('3f9a'));
  });

  it('deploy without the credentials Secret', async () => {
    assert.deepEqual(await problemsOf(modelOf(), { mode: 'deploy' }), [
      'MachineProvider platform/proxmox-provider: credentials Secret platform/proxmox-api-token was not supplied',
    ]);
  });

  it('a token id without realm takes the realm of the ProxmoxConfig', async () => {
    const r = await renderStack(modelOf(), {
      mode: 'deploy',
      secrets: { [SECRET_KEY]: { 'token-id': 'deploy!vitistack', 'token-secret': 's3cr3t' } },
    });
    const p = one(r, 'pulumi:providers:proxmoxve', 'platform-proxmox-provider');
    assert.deepEqual(p.inputs.apiToken, {
      '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
      value: 'deploy@pve!vitistack=s3cr3t',
    });
  });

  it('certificate credentials cannot log in to Proxmox', async () => {
    const model = withProvider(modelOf(), (spec) => ({
      credentials: { ...spec.credentials, method: 'certificate' },
    }));
    assert.deepEqual(await problemsOf(model), [
      'MachineProvider platform/proxmox-provider: spec.credentials.type "certificate" cannot log in to Proxmox VE; use type token (an API token USER@REALM!TOKENID=SECRET) or password',
    ]);
  });

  it('the endpoint comes from the ProxmoxConfig when the provider has none; neither is a problem', async () => {
    const noUrl = withProvider(modelOf(), () => ({ endpoint: undefined }));
    const r = await renderStack(noUrl);
    assert.equal(
      one(r, 'pulumi:providers:proxmoxve', 'platform-proxmox-provider').inputs.endpoint,
      'https://pve.example.internal:8006/',
    );
    assert.equal(
      one(r, VM, 'ops-jumphost-vm').provider?.includes('platform-proxmox-provider'),
      true,
    );
    const none = { ...noUrl, operatorConfigs: {} };
    assert.deepEqual(await problemsOf(none), [
      'MachineProvider platform/proxmox-provider: no Proxmox VE API endpoint; set spec.endpoint.url, e.g. "https://pve.example.com:8006/api2/json"',
    ]);
  });
});
