// Tag keys and values as each cloud accepts them. The programs write tags with this mapping and
// the policies read them with it, so a Vitistack tag has one spelling per cloud.

export type Cloud = 'aws' | 'azure' | 'gcp';

/** GCP label keys and values: lowercase letters, digits, `_` and `-`, at most 63 characters. */
export function gcpLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
}

/**
 * The key a Vitistack tag gets on each cloud. AWS takes ours as is. Azure refuses `<>%&\?/` in
 * tag names, so those become `-` (`vitistack.io-environment`). GCP label keys allow only
 * lowercase letters, digits, `_` and `-`, so the key is lowercased and every other character
 * becomes `-` (`vitistack-io-environment`). The Azure and GCP programs must write tags with
 * this mapping; the policies read them with it.
 */
export function cloudTagKey(cloud: Cloud, key: string): string {
  if (cloud === 'gcp') return gcpLabel(key);
  if (cloud === 'azure') return key.replace(/[<>%&\\?/]/g, '-');
  return key;
}

/** The value a Vitistack tag value gets on each cloud: GCP labels are sanitised like keys. */
export function cloudTagValue(cloud: Cloud, value: string): string {
  return cloud === 'gcp' ? gcpLabel(value) : value;
}

/** Tags as one cloud takes them: keys and values mapped (later keys win on a collision). */
export function cloudTags(
  cloud: Cloud,
  tags: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[cloudTagKey(cloud, k)] = cloudTagValue(cloud, v);
  return out;
}
