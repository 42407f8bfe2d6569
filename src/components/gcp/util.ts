// Small helpers shared by the GCP components: resource names GCP accepts, labels, self links and
// the validation message helpers of the AWS components (cloud-neutral, so shared, not copied).
import { createHash } from 'node:crypto';
import { problem } from '../aws/util';

export { assertValid, listAllowed, missing, problem } from '../aws/util';

/** GCP resource names (RFC 1035): a lowercase letter, then letters, digits and "-", at most 63. */
export const GCP_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A name GCP accepts for `text`: lowercased, other characters as "-", starting with a letter, at
 * most `max` characters. A name that had to be cut keeps a short hash of the whole text, so two
 * long names that share a prefix stay distinct.
 */
export function gcpName(text: string, max = 63): string {
  let n = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(n)) n = `v-${n}`;
  if (n.length <= max) return n.replace(/-+$/, '');
  const suffix = createHash('sha256').update(text).digest('hex').slice(0, 6);
  return `${n.slice(0, max - suffix.length - 1).replace(/-+$/, '')}-${suffix}`;
}

/** GCP label keys and values: at most 63 lowercase letters, digits, "_" and "-"; keys start with a letter. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

/** Problems with labels (already mapped with cloudTags('gcp', ...)); empty when fine. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path = 'labels',
): string[] {
  const out: string[] = [];
  const entries = Object.entries(labels ?? {});
  if (entries.length > 64) {
    out.push(`${path}: has ${entries.length} labels; GCP allows at most 64 per resource.`);
  }
  for (const [key, value] of entries) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (!LABEL_KEY.test(key)) {
      out.push(
        problem(
          at,
          key,
          'is not a GCP label key (a lowercase letter, then up to 62 lowercase letters, digits, "_" or "-"); map tags with cloudTags("gcp", ...).',
        ),
      );
    }
    if (!LABEL_VALUE.test(value)) {
      out.push(
        problem(
          at,
          value,
          'is not a GCP label value (up to 63 lowercase letters, digits, "_" or "-"); map tags with cloudTags("gcp", ...).',
        ),
      );
    }
  }
  return out;
}

/** A GCP zone name such as `europe-north1-a`. */
export const GCP_ZONE = /^[a-z]+-[a-z]+[0-9]{1,2}-[a-z]$/;
/** A GCP region name such as `europe-north1`. */
export const GCP_REGION = /^[a-z]+-[a-z]+[0-9]{1,2}$/;
/** A project ID: 6 to 30 lowercase letters, digits and "-", starting with a letter. */
export const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** The region of a zone (`europe-north1-a` -> `europe-north1`). */
export function regionOfZone(zone: string): string {
  return zone.replace(/-[a-z]$/, '');
}

/** Whether text is a Compute Engine reference of `collection` (self link, id or `projects/...`). */
export function isComputeRef(text: string, collection: string): boolean {
  const path = text.replace(/^https:\/\/(www|compute)\.googleapis\.com\/compute\/(v1|beta)\//, '');
  return new RegExp(`^projects/[^/]+/(global|regions/[^/]+|zones/[^/]+)/${collection}/[^/]+$`).test(
    path,
  );
}
