// Cloud tags and labels -> Proxmox VE tags. Proxmox tags are single words (lower case letters,
// digits, `_`, `-`, `+`, `.`), so each `key: value` becomes `key_value` with every other character
// (the `/` of `vitistack.io/stack`, spaces, `:`, `=`) turned into `-`: `vitistack.io/stack:
// platform.oslo-dc1` -> `vitistack.io-stack_platform.oslo-dc1`. Deterministic and sorted (Proxmox
// sorts them too); not reversible, which tags need not be.
import { PROXMOX_TAG } from '../../components/proxmox/util';

function word(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_+.-]+/g, '-')
    .replace(/^[^a-z0-9_]+/, '');
}

/** One Proxmox tag for `key: value` (just the key when the value is empty); undefined if empty. */
export function proxmoxTag(key: string, value: string): string | undefined {
  const k = word(key);
  const v = value === '' ? '' : value.toLowerCase().replace(/[^a-z0-9_+.-]+/g, '-');
  const tag = v === '' ? k : `${k}_${v}`;
  return PROXMOX_TAG.test(tag) ? tag : undefined;
}

/** The Proxmox tags of the maps (later maps win per key), sorted and without duplicates. */
export function proxmoxTags(...maps: readonly Readonly<Record<string, string>>[]): string[] {
  const merged: Record<string, string> = {};
  for (const m of maps) Object.assign(merged, m);
  const tags = Object.entries(merged).flatMap(([k, v]) => {
    const t = proxmoxTag(k, v);
    return t === undefined ? [] : [t];
  });
  return [...new Set(tags)].sort();
}
