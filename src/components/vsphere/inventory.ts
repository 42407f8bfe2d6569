// Where a Vitistack's VMs live in one vCenter: a VM folder of their own (under a parent folder
// when the provider names one) and a tag category whose tags carry the Vitistack's standard labels
// (environment, team, stack), for search, permissions and backup policies in vCenter.
// Tag categories are global in a vCenter, so the category is named per stack and provider: two
// Vitistacks on one vCenter never fight over it. Its cardinality is MULTIPLE: a VM carries one tag
// per label.
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import * as vsphere from './sdk';

/** One tag to create: a label key (e.g. `environment`) and its value. */
export interface InventoryTag {
  readonly key: string;
  readonly value: string;
}

export interface InventoryArgs {
  /** Managed object ID of the datacenter (e.g. from `getDatacenterOutput`). Required. */
  readonly datacenterId: pulumi.Input<string>;
  /** Folder path relative to the datacenter's VM folder, e.g. `vitistack/hq.hybrid`. Required. */
  readonly folderPath: string;
  /** Name of the tag category, unique in the vCenter. Required. */
  readonly categoryName: string;
  /** Description of the category. Defaults to one naming the folder. */
  readonly categoryDescription?: string;
  /** The tags to create, each once. Defaults to none. */
  readonly tags?: readonly InventoryTag[];
}

/** `key=value`: the tag's name in its category and its key in `tagIds`. */
export function tagName(t: InventoryTag): string {
  return `${t.key}=${t.value}`;
}

/** Problems with the args (field paths relative to the args). */
export function validateInventoryArgs(args: InventoryArgs): string[] {
  const out: string[] = [];
  const path = args.folderPath;
  if (path.trim() === '' || path.startsWith('/') || path.endsWith('/') || path.includes('//')) {
    out.push(
      `folderPath: "${path}" is not a relative folder path; use a form like "vitistack/production".`,
    );
  }
  if (args.categoryName.trim() === '') {
    out.push('categoryName: is empty; give the tag category a name.');
  }
  const seen = new Set<string>();
  (args.tags ?? []).forEach((t, i) => {
    if (t.key === '' || t.value === '') {
      out.push(`tags[${i}]: key and value must not be empty (got "${tagName(t)}").`);
    }
    if (seen.has(tagName(t))) out.push(`tags[${i}]: "${tagName(t)}" is listed twice.`);
    seen.add(tagName(t));
  });
  return out;
}

/** A Vitistack's VM folder and tags in one vCenter. */
export class Inventory extends pulumi.ComponentResource {
  /** The folder path, as VMs take it in their `folder` input. */
  public readonly folderPath: pulumi.Output<string>;
  public readonly categoryId: pulumi.Output<string>;
  /** Tag IDs by `key=value`. */
  public readonly tagIds: pulumi.Output<Record<string, string>>;
  private readonly tags: ReadonlyMap<string, vsphere.Tag>;

  constructor(name: string, args: InventoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOKENS.vsphere.Inventory, name, {}, opts);
    const problems = validateInventoryArgs(args);
    if (problems.length > 0) throw new Error(`Inventory ${name}: ${problems.join(' ')}`);

    const folder = new vsphere.Folder(
      `${name}-folder`,
      { path: args.folderPath, type: 'vm', datacenterId: args.datacenterId },
      { parent: this },
    );
    const category = new vsphere.TagCategory(
      `${name}-tags`,
      {
        name: args.categoryName,
        cardinality: 'MULTIPLE',
        associableTypes: ['VirtualMachine'],
        description:
          args.categoryDescription ?? `Vitistack labels of the VMs in folder ${args.folderPath}`,
      },
      { parent: this },
    );
    const tags = new Map<string, vsphere.Tag>();
    for (const t of args.tags ?? []) {
      // Resource names from the label, made safe: values may hold dots and slashes.
      const safe = tagName(t).replace(/[^A-Za-z0-9-]+/g, '-');
      tags.set(
        tagName(t),
        new vsphere.Tag(
          `${name}-tag-${safe}`,
          {
            name: tagName(t),
            categoryId: category.id,
            description: `Vitistack label ${t.key}: ${t.value}`,
          },
          { parent: this },
        ),
      );
    }
    this.tags = tags;
    this.folderPath = folder.path;
    this.categoryId = category.id;
    this.tagIds = pulumi
      .all([...tags.entries()].map(([k, tag]) => tag.id.apply((id) => [k, id] as const)))
      .apply((pairs) => Object.fromEntries(pairs));
    this.registerOutputs({
      folderPath: this.folderPath,
      categoryId: this.categoryId,
      tagIds: this.tagIds,
    });
  }

  /** The IDs of the given tags; throws on a tag that was not listed in the args (a bug). */
  tagIdsOf(wanted: readonly InventoryTag[]): pulumi.Output<string>[] {
    return wanted.map((t) => {
      const tag = this.tags.get(tagName(t));
      if (!tag) throw new Error(`Inventory has no tag "${tagName(t)}" (it was not in args.tags)`);
      return tag.id;
    });
  }
}
