// The vSphere tags of a VM: one per standard Vitistack label it carries (environment, team and
// the stack), from the tags the model merged for it (stack, provider, machine labels; later win).
import type { InventoryTag } from '../../components/vsphere';
import { LABELS } from '../../model/defaults';

/** Tag key (in vCenter) -> the label or tag it comes from. */
export const TAG_LABELS: Readonly<Record<string, string>> = {
  environment: 'vitistack.io/environment',
  team: 'vitistack.io/team',
  stack: LABELS.stack,
};

/** The tags for a VM with these merged tags, in TAG_LABELS order. */
export function labelTags(tags: Readonly<Record<string, string>>): InventoryTag[] {
  return Object.entries(TAG_LABELS).flatMap(([key, label]) => {
    const value = tags[label];
    return value !== undefined && value !== '' ? [{ key, value }] : [];
  });
}

/** Every distinct tag of the given VMs, each once, in first-seen order. */
export function distinctTags(all: readonly (readonly InventoryTag[])[]): InventoryTag[] {
  const seen = new Map<string, InventoryTag>();
  for (const t of all.flat()) seen.set(`${t.key}=${t.value}`, t);
  return [...seen.values()];
}
