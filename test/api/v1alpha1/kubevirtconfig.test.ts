import { strict as assert } from 'node:assert';
import type { KindDefinition } from '../../../src/api/kind';
import { kubevirtConfigKind, type KubevirtConfig } from '../../../src/api/v1alpha1/kubevirtconfig';
import {
  canonical,
  changed,
  fixture,
  itRejects,
  itValidates,
  type InvalidCase,
} from '../../helpers/kind-cases';

const kind = kubevirtConfigKind as unknown as KindDefinition;
const FILE = 'ours-kubevirtconfig-kubevirt.yaml';
const kv = fixture(FILE);

describe('KubevirtConfig', () => {
  itValidates(kind, FILE);

  it('normalises into the canonical spec', () => {
    const k = canonical(kind, kv) as KubevirtConfig;
    assert.equal(k.kind, 'KubevirtConfig');
    assert.deepEqual(k.spec, {
      version: 'v1.2.0',
      namespace: 'kubevirt',
      kubeconfigSecretRef: { name: 'kubevirt-cluster-kubeconfig', key: 'kubeconfig' },
      featureGates: [
        { name: 'LiveMigration', enabled: true },
        { name: 'Snapshot', enabled: true },
        { name: 'HotplugVolumes', enabled: false },
      ],
      vmiCPUModel: 'host-passthrough',
      machineType: 'q35',
      emulatedMachines: ['q35*', 'pc-q35*'],
      defaultStorageClass: 'ceph-block',
      volumeModes: ['Block', 'Filesystem'],
      accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
      defaultNetworkInterface: 'masquerade',
      networkBinding: {
        passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.2.0' },
      },
    });
  });

  it('normalises an empty spec to empty lists, targeting the controller cluster', () => {
    const k = canonical(kind, changed(kv, { spec: {} })) as KubevirtConfig;
    assert.deepEqual(k.spec, {
      featureGates: [],
      emulatedMachines: [],
      volumeModes: [],
      accessModes: [],
    });
  });

  describe('rejects', () => {
    const cases: InvalidCase[] = [
      {
        name: 'a version that is not one',
        base: kv,
        set: { 'spec.kubevirt.version': 'latest' },
        want: [
          'spec.kubevirt.version: "latest" is not a version (expected a form like "v1.2.0" or "1.2")',
        ],
      },
      {
        name: 'a namespace that is not an RFC 1123 name',
        base: kv,
        set: { 'spec.kubevirt.namespace': 'KubeVirt' },
        want: [
          'spec.kubevirt.namespace: "KubeVirt" is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
        ],
      },
      {
        name: 'a kubeconfig secret without a name',
        base: kv,
        del: ['spec.kubeconfigSecretRef.name'],
        want: [
          'spec.kubeconfigSecretRef.name: is required (expected an RFC 1123 name like "web-01": lowercase letters, digits and "-")',
        ],
      },
      {
        name: 'an unknown field in the kubeconfig secret reference',
        base: kv,
        set: { 'spec.kubeconfigSecretRef.kubeconfig': 'apiVersion: v1' },
        want: [
          'spec.kubeconfigSecretRef.kubeconfig: is not a known field (allowed here: key, name, or namespace)',
        ],
      },
      {
        name: 'a feature gate listed twice',
        base: kv,
        set: { 'spec.featureGates.2': { name: 'LiveMigration', enabled: false } },
        want: [
          'spec.featureGates[2].name: "LiveMigration" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'a feature gate without a name',
        base: kv,
        set: { 'spec.featureGates.0': { enabled: true } },
        want: ['spec.featureGates[0].name: is required (expected a non-empty string)'],
      },
      {
        name: 'a feature gate enabled as a string',
        base: kv,
        set: { 'spec.featureGates.0.enabled': 'true' },
        want: [
          'spec.featureGates[0].enabled: "true" is not a boolean (expected true or false, without quotes)',
        ],
      },
      {
        name: 'an unknown volume mode',
        base: kv,
        set: { 'spec.storage.volumeModes': ['block'] },
        want: [
          'spec.storage.volumeModes[0]: "block" is not one of the allowed values (allowed: Filesystem or Block); did you mean "Block"?',
        ],
      },
      {
        name: 'an access mode listed twice',
        base: kv,
        set: { 'spec.storage.accessModes': ['ReadWriteOnce', 'ReadWriteOnce'] },
        want: [
          'spec.storage.accessModes[1]: "ReadWriteOnce" is a duplicate of item 0 (each value in this list must be unique)',
        ],
      },
      {
        name: 'an unknown access mode',
        base: kv,
        set: { 'spec.storage.accessModes': ['ReadWriteAll'] },
        want: [
          'spec.storage.accessModes[0]: "ReadWriteAll" is not one of the allowed values (allowed: ReadWriteOnce, ReadWriteMany, ReadOnlyMany, or ReadWriteOncePod)',
        ],
      },
      {
        name: 'a storage class that is not an RFC 1123 subdomain',
        base: kv,
        set: { 'spec.storage.defaultStorageClass': 'Ceph_Block' },
        want: [
          'spec.storage.defaultStorageClass: "Ceph_Block" is not a valid RFC 1123 subdomain (use lowercase letters, digits, "-" and ".", like "api.example.com")',
        ],
      },
      {
        name: 'emulated machines listed twice',
        base: kv,
        set: { 'spec.resources.emulatedMachines': ['q35*', 'q35*'] },
        want: [
          'spec.resources.emulatedMachines[1]: "q35*" is a duplicate of item 0 (each value in this list must be unique)',
        ],
      },
      {
        name: 'a binding that is not an object',
        base: kv,
        set: { 'spec.network.binding': 'passt' },
        want: ['spec.network.binding: "passt" is a string, not an object (expected an object)'],
      },
      {
        name: 'a misspelt spec field',
        base: kv,
        set: { 'spec.featuregates': [] },
        want: [
          'spec.featuregates: is not a known field (allowed here: featureGates, kubeconfigSecretRef, kubevirt, network, resources, or storage); did you mean "featureGates"?',
        ],
      },
      {
        name: 'an applied version that is empty',
        base: kv,
        set: { status: { phase: 'Ready', appliedVersion: '' } },
        want: ['status.appliedVersion: "" is empty (expected a non-empty string)'],
      },
    ];
    itRejects(kind, cases);
  });
});
