import { strict as assert } from 'node:assert';
import type { KindDefinition } from '../../../src/api/kind';
import { proxmoxConfigKind, type ProxmoxConfig } from '../../../src/api/v1alpha1/proxmoxconfig';
import {
  canonical,
  changed,
  fixture,
  itRejects,
  itValidates,
  type InvalidCase,
} from '../../helpers/kind-cases';

const kind = proxmoxConfigKind as unknown as KindDefinition;
const FILE = 'ours-proxmoxconfig-pve-oslo.yaml';
const pve = fixture(FILE);

describe('ProxmoxConfig', () => {
  itValidates(kind, FILE);

  it('normalises into the canonical spec', () => {
    const p = canonical(kind, pve) as ProxmoxConfig;
    assert.equal(p.kind, 'ProxmoxConfig');
    const spec = p.spec;
    assert.deepEqual(spec.nodes, ['pve-01', 'pve-02', 'pve-03']);
    assert.equal(spec.endpoint, 'https://pve.example.com:8006/api2/json');
    assert.deepEqual(spec.authentication, { type: 'pve', realm: 'pve' });
    assert.deepEqual(spec.tokenSecretRef, { name: 'proxmox-api-token' });
    assert.deepEqual(spec.defaults, { storage: 'local-lvm', network: 'vmbr0', osType: 'l26' });
    assert.deepEqual(spec.limits, { maxVMsPerNode: 50, maxCPUCores: 32, maxMemory: '128Gi' });
    assert.deepEqual(
      spec.templates.map((t) => [t.id, t.name]),
      [
        ['9000', 'ubuntu-2204-cloudinit'],
        ['9001', 'debian-12-cloudinit'],
      ],
    );
    assert.deepEqual(spec.templates[0]?.resources, { cores: 2, memory: '2Gi', disk: '20Gi' });
  });

  it('normalises an empty spec to empty lists', () => {
    const spec = (canonical(kind, changed(pve, { spec: {} })) as ProxmoxConfig).spec;
    assert.deepEqual(spec, { nodes: [], templates: [] });
  });

  describe('rejects', () => {
    const cases: InvalidCase[] = [
      {
        name: 'a node listed twice',
        base: pve,
        set: { 'spec.cluster.nodes': ['pve-01', 'pve-02', 'pve-01'] },
        want: [
          'spec.cluster.nodes[2]: "pve-01" is a duplicate of item 0 (each value in this list must be unique)',
        ],
      },
      {
        name: 'a node name that is not an RFC 1123 name',
        base: pve,
        set: { 'spec.cluster.nodes.0': 'PVE_01' },
        want: [
          'spec.cluster.nodes[0]: "PVE_01" is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
        ],
      },
      {
        name: 'an endpoint that is not a URL',
        base: pve,
        set: { 'spec.cluster.endpoint': 'pve.example.com:8006' },
        want: [
          'spec.cluster.endpoint: "pve.example.com:8006" is not an http or https URL (expected a form like "https://pve.example.com:8006/api2/json")',
        ],
      },
      {
        name: 'an endpoint with spaces',
        base: pve,
        set: { 'spec.cluster.endpoint': 'https://pve example' },
        want: [
          'spec.cluster.endpoint: "https://pve example" is not a valid URL (expected a form like "https://pve.example.com:8006/api2/json")',
        ],
      },
      {
        name: 'an unknown authentication type',
        base: pve,
        set: { 'spec.authentication.type': 'oidc' },
        want: [
          'spec.authentication.type: "oidc" is not one of the allowed values (allowed: pam, pve, ad, or ldap)',
        ],
      },
      {
        name: 'a token secret reference without a name',
        base: pve,
        set: { 'spec.tokenSecretRef': { key: 'token' } },
        want: [
          'spec.tokenSecretRef.name: is required (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
        ],
      },
      {
        name: 'a token written into the spec',
        base: pve,
        set: { 'spec.authentication.token': 'root@pam!ci=aaaa' },
        want: ['spec.authentication.token: is not a known field (allowed here: realm or type)'],
      },
      {
        name: 'a default bridge name that is too long',
        base: pve,
        set: { 'spec.defaults.network': 'vmbr-production-0' },
        want: [
          'spec.defaults.network: "vmbr-production-0" is not a valid interface name (use at most 15 letters, digits, ".", "-" and "_", starting with a letter or digit, like "vmbr0")',
        ],
      },
      {
        name: 'more than 128 cores per VM',
        base: pve,
        set: { 'spec.limits.maxCPUCores': 256 },
        want: ['spec.limits.maxCPUCores: 256 is out of range (expected an integer from 1 to 128)'],
      },
      {
        name: 'zero VMs per node',
        base: pve,
        set: { 'spec.limits.maxVMsPerNode': 0 },
        want: ['spec.limits.maxVMsPerNode: 0 is out of range (expected an integer of at least 1)'],
      },
      {
        name: 'a maximum memory above 1024Gi',
        base: pve,
        set: { 'spec.limits.maxMemory': '2Ti' },
        want: ['spec.limits.maxMemory: "2Ti" is out of range (allowed: 128Mi to 1024Gi)'],
      },
      {
        name: 'a maximum memory that is not a quantity',
        base: pve,
        set: { 'spec.limits.maxMemory': '128 GB' },
        want: [
          'spec.limits.maxMemory: "128 GB" is not a valid Kubernetes quantity (expected a form like "4Gi")',
        ],
      },
      {
        name: 'two templates with one name',
        base: pve,
        set: { 'spec.templates.1.name': 'ubuntu-2204-cloudinit' },
        want: [
          'spec.templates[1].name: "ubuntu-2204-cloudinit" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'two templates with one id',
        base: pve,
        set: { 'spec.templates.1.id': '9000' },
        want: [
          'spec.templates[1].id: "9000" is already the id of templates[0] (each template id must be unique)',
        ],
      },
      {
        name: 'a template without a name',
        base: pve,
        del: ['spec.templates.1.name'],
        want: ['spec.templates[1].name: is required (expected a non-empty string)'],
      },
      {
        name: 'template resources that are not an object',
        base: pve,
        set: { 'spec.templates.0.resources': ['2 cores'] },
        want: [
          'spec.templates[0].resources: a list of 1 is a list, not an object (expected an object)',
        ],
      },
      {
        name: 'available nodes listed twice in status',
        base: pve,
        set: { status: { ready: true, availableNodes: ['pve-01', 'pve-01'] } },
        want: [
          'status.availableNodes[1]: "pve-01" is a duplicate of item 0 (each value in this list must be unique)',
        ],
      },
    ];
    itRejects(kind, cases);
  });
});
