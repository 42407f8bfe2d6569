// Kubernetes naming rules the KubeVirt components check and the program maps names onto: object
// names (DNS-1123 labels and subdomains), label keys and values. Validation is exported for the
// components; the mapping helpers turn free text into valid names deterministically (a short hash
// keeps two long names that share a prefix apart).
import { createHash } from 'node:crypto';

/** A DNS-1123 label: object names of most kinds, volume and interface names inside a VM. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_MAX = 63;
/** A DNS-1123 subdomain: dot-separated labels; label key prefixes, StorageClass names. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX = 253;
/** The name part of a label key, and a label value (which may also be empty). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_NAME_MAX = 63;

export function isDnsLabel(text: string): boolean {
  return text.length <= DNS_LABEL_MAX && DNS_LABEL.test(text);
}

export function isDnsSubdomain(text: string): boolean {
  return text.length <= DNS_SUBDOMAIN_MAX && DNS_SUBDOMAIN.test(text);
}

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    return `has the prefix "${prefix}", which is not a DNS subdomain (lower-case letters, digits, "-" and ".", up to ${DNS_SUBDOMAIN_MAX} characters)`;
  }
  if (name.length > LABEL_NAME_MAX || !LABEL_NAME.test(name)) {
    return `has the name "${name}", which is not a label name (up to ${LABEL_NAME_MAX} letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_NAME_MAX || !LABEL_NAME.test(value)) {
    return `is not a label value (up to ${LABEL_NAME_MAX} letters, digits, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** Problems of a label map, with `path` naming the field in messages. */
export function validateLabels(
  labels: Readonly<Record<string, string>> | undefined,
  path = 'labels',
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const k = labelKeyProblem(key);
    if (k !== undefined) out.push(`${path}: the key ${JSON.stringify(key)} ${k}.`);
    const v = labelValueProblem(value);
    if (v !== undefined)
      out.push(`${path}[${JSON.stringify(key)}]: ${JSON.stringify(value)} ${v}.`);
  }
  return out;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/** Cuts `text` to `max` characters, replacing the tail by a hash of the whole when it is cut. */
function fit(text: string, max: number, trim: RegExp): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 7).replace(trim, '')}-${shortHash(text)}`;
}

/**
 * A DNS-1123 label made from free text: lower case, anything else becomes "-", no "-" at either
 * end, at most `max` characters. `fallback` when nothing valid is left.
 */
export function toDnsLabel(text: string, fallback = 'x', max = DNS_LABEL_MAX): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return fit(cleaned === '' ? fallback : cleaned, max, /-+$/);
}

/** A label value made from free text (see labelValueProblem); '' stays ''. */
export function toLabelValue(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return fit(cleaned, LABEL_NAME_MAX, /[^A-Za-z0-9]+$/);
}
