import { strict as assert } from 'node:assert';
import type { MachineOs } from '../../../src/api/v1alpha1/machine';
import { diskSource } from '../../../src/program/kubevirt/images';

describe('KubeVirt boot disk sources', () => {
  const ok: { image: string; kind?: MachineOs['imageSource']; want: object }[] = [
    {
      image: 'docker://quay.io/containerdisks/fedora:40',
      want: { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } },
    },
    {
      image: 'registry://quay.io/containerdisks/fedora:40',
      want: { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } },
    },
    {
      image: 'quay.io/containerdisks/fedora:40',
      kind: 'cloud-image',
      want: { registry: { url: 'docker://quay.io/containerdisks/fedora:40' } },
    },
    {
      image: 'registry.lab:5000/images/rocky:9',
      want: { registry: { url: 'docker://registry.lab:5000/images/rocky:9' } },
    },
    {
      image: 'https://cloud.example/jammy.img',
      want: { http: { url: 'https://cloud.example/jammy.img' } },
    },
    {
      image: 'http://mirror.lab/disk.qcow2.xz',
      kind: 'cloud-image',
      want: { http: { url: 'http://mirror.lab/disk.qcow2.xz' } },
    },
    {
      image: 'pvc://golden/ubuntu-2204',
      want: { pvc: { namespace: 'golden', name: 'ubuntu-2204' } },
    },
    { image: 'pvc://ubuntu-2204', want: { pvc: { namespace: 'apps', name: 'ubuntu-2204' } } },
    {
      image: 'ubuntu-2204',
      kind: 'template',
      want: { pvc: { namespace: 'apps', name: 'ubuntu-2204' } },
    },
    {
      image: 'golden/ubuntu-22.04',
      kind: 'template',
      want: { pvc: { namespace: 'golden', name: 'ubuntu-22.04' } },
    },
    { image: 'ubuntu-22.04', want: { pvc: { namespace: 'apps', name: 'ubuntu-22.04' } } },
  ];
  for (const tc of ok) {
    it(`${tc.image}${tc.kind ? ` (${tc.kind})` : ''} -> ${Object.keys(tc.want)[0] ?? ''}`, () => {
      assert.deepEqual(diskSource(tc.image, tc.kind, 'apps', 'image'), { source: tc.want });
    });
  }

  const bad: { image: string; kind?: MachineOs['imageSource']; why: string }[] = [
    { image: 'https://example.com/install.iso', kind: 'iso', why: 'is an ISO installer image' },
    { image: 's3://bucket/disk.img', why: 'uses the scheme "s3://", which CDI cannot import' },
    { image: 'docker://ubuntu', why: 'is not a container image reference' },
    { image: 'pvc://a/b/c', why: 'does not name a PVC' },
    {
      image: 'ubuntu:22.04',
      kind: 'cloud-image',
      why: 'is not an image source KubeVirt can import',
    },
  ];
  for (const tc of bad) {
    it(`refuses ${tc.image}`, () => {
      const r = diskSource(tc.image, tc.kind, 'apps', `Machine apps/x image "${tc.image}"`);
      assert.ok('problem' in r);
      assert.ok(r.problem.startsWith(`Machine apps/x image "${tc.image}" ${tc.why}`), r.problem);
      assert.ok(r.problem.includes('; use a container disk ("docker://'), r.problem);
    });
  }
});
