import { strict as assert } from 'node:assert';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { settle } from './settle';

const FOLDER = 'vsphere:index/folder:Folder';
const CATEGORY = 'vsphere:index/tagCategory:TagCategory';
const TAG = 'vsphere:index/tag:Tag';

describe('vsphere Inventory', () => {
  const mocks = new RecordingMocks();
  let mod: typeof import('../../../src/components/vsphere/inventory');
  before(async () => {
    await mocks.install('vitistack', 'test');
    mod = await import('../../../src/components/vsphere/inventory.js');
  });

  describe('a folder and three label tags', () => {
    let inv: InstanceType<typeof mod.Inventory>;
    before(async () => {
      inv = new mod.Inventory('dc-vcenter', {
        datacenterId: 'datacenter-3',
        folderPath: 'platform/dc.bergen',
        categoryName: 'vitistack-dc.bergen-vcenter',
        tags: [
          { key: 'environment', value: 'staging' },
          { key: 'team', value: 'infra' },
          { key: 'stack', value: 'dc.bergen' },
        ],
      });
      await settle();
    });

    it('makes the VM folder under the given path in the datacenter', async () => {
      const f = mocks.one(FOLDER, 'dc-vcenter-folder');
      assert.deepEqual(f.inputs, {
        path: 'platform/dc.bergen',
        type: 'vm',
        datacenterId: 'datacenter-3',
      });
      assert.equal(await unwrap(inv.folderPath), 'platform/dc.bergen');
    });

    it('makes one category for VMs, one tag per label in it, named key=value', () => {
      const c = mocks.one(CATEGORY, 'dc-vcenter-tags');
      assert.equal(c.inputs.name, 'vitistack-dc.bergen-vcenter');
      assert.equal(c.inputs.cardinality, 'MULTIPLE');
      assert.deepEqual(c.inputs.associableTypes, ['VirtualMachine']);
      const tags = mocks.byType(TAG);
      assert.deepEqual(
        tags.map((t) => [t.name, t.inputs.name, t.inputs.categoryId]),
        [
          ['dc-vcenter-tag-environment-staging', 'environment=staging', c.id],
          ['dc-vcenter-tag-team-infra', 'team=infra', c.id],
          ['dc-vcenter-tag-stack-dc-bergen', 'stack=dc.bergen', c.id],
        ],
      );
      assert.match(c.id ?? '', /^urn:vmomi:InventoryServiceCategory:[0-9a-f-]+:GLOBAL$/);
    });

    it('gives the IDs of the tags a VM carries, and refuses one it did not make', async () => {
      const ids = await unwrap(inv.tagIdsOf([{ key: 'team', value: 'infra' }])[0]!);
      assert.equal(ids, mocks.one(TAG, 'dc-vcenter-tag-team-infra').id);
      assert.deepEqual(Object.keys(await unwrap(inv.tagIds)), [
        'environment=staging',
        'team=infra',
        'stack=dc.bergen',
      ]);
      assert.throws(() => inv.tagIdsOf([{ key: 'team', value: 'lab' }]), /no tag "team=lab"/);
    });
  });

  it('refuses an absolute folder path and a tag listed twice', () => {
    assert.deepEqual(
      mod.validateInventoryArgs({
        datacenterId: 'datacenter-3',
        folderPath: '/vitistack',
        categoryName: 'c',
        tags: [
          { key: 'team', value: 'a' },
          { key: 'team', value: 'a' },
        ],
      }),
      [
        'folderPath: "/vitistack" is not a relative folder path; use a form like "vitistack/production".',
        'tags[1]: "team=a" is listed twice.',
      ],
    );
  });
});
