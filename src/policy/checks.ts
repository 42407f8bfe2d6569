// Shared validators of the policy modules: reading inputs that may hold values unknown during
// preview, writing values into messages, and the tags (labels) of a resource on each cloud.
//
// Unknown values: the analyzer wraps props in a proxy that throws an UnknownValueError when a
// value computed during preview is read. A policy cannot judge such a value, so it reads through
// `known`, gets UNKNOWN back and skips that check (no violation, no crash). The error is
// recognised by its shape: '@pulumi/policy' itself must not be imported here (PULUMI-NOTES.md),
// and a pack may load another copy of the proxy module than this file would.
import { parseCidr } from '../api/schema/formats';
import { cloudTagKey, cloudTagValue, type Cloud } from '../model/cloud-tags';
import { prop, type ResourceValidationArgs, type StackValidationArgs } from './types';

/** What `known` returns for a value that cannot be known before the update. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

/** True for the analyzer's UnknownValueError (a read of a value computed during preview). */
export function isUnknownValueError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const fields = e as Error & { unknownTypeSentinel?: unknown; props?: unknown };
  return typeof fields.unknownTypeSentinel === 'string' && Array.isArray(fields.props);
}

/** Runs `read`; UNKNOWN when it touched an unknown value. Other errors propagate. */
export function known<T>(read: () => T): T | Unknown {
  try {
    return read();
  } catch (e) {
    if (isUnknownValueError(e)) return UNKNOWN;
    throw e;
  }
}

/** `prop` that answers UNKNOWN instead of throwing on a value unknown during preview. */
export function knownProp(props: unknown, path: readonly (string | number)[]): unknown {
  return known(() => prop(props, path));
}

/**
 * The elements of an array input, each read through `known`; undefined when the value is not an
 * array, UNKNOWN when the whole array is unknown.
 */
export function knownArray(value: unknown): unknown[] | Unknown | undefined {
  if (value === UNKNOWN) return UNKNOWN;
  return known(() => {
    if (!Array.isArray(value)) return undefined;
    const items = value as readonly unknown[];
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) out.push(known(() => items[i]));
    return out;
  });
}

/** True for `true` and for the string "true" (some inputs, e.g. launch templates, are strings). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True for `false` and for the string "false". */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A non-empty string. */
export function isSet(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A description that `show` prints as is, for values better said in words ("empty"). */
export class Described {
  constructor(readonly text: string) {}
}

/** A value as messages show it: `false`, `3`, `"AES256"`, `["ebs"]`, `not set`. */
export function show(value: unknown): string {
  if (value instanceof Described) return value.text;
  if (value === undefined || value === null) return 'not set';
  if (value === UNKNOWN) return 'unknown until the update';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // JSON of a proxied object reads every field: one unknown inside makes the whole unknown.
  const text = known(() => JSON.stringify(value));
  return text === UNKNOWN ? 'unknown until the update' : text;
}

/** `aws:ebs/volume:Volume web-1-data`: how a message names a resource. */
export function label(r: { readonly type: string; readonly name: string }): string {
  return `${r.type} ${r.name}`;
}

// ---- tags and labels -------------------------------------------------------------------------

export type { Cloud };
export { cloudTagKey, cloudTagValue };

/** The cloud of a type token: `aws:...`, `azure-native:...`, `gcp:...`; else undefined. */
export function cloudOf(type: string): Cloud | undefined {
  if (type.startsWith('aws:')) return 'aws';
  if (type.startsWith('azure-native:')) return 'azure';
  if (type.startsWith('gcp:')) return 'gcp';
  return undefined;
}

/**
 * Where a resource type keeps its tags: `tags` on AWS and Azure, `labels` on GCP, with the GCP
 * exceptions (`resourceLabels` of a GKE cluster, `settings.userLabels` of a Cloud SQL instance).
 */
export function tagPath(type: string): readonly string[] {
  switch (type) {
    case 'gcp:container/cluster:Cluster':
      return ['resourceLabels'];
    case 'gcp:sql/databaseInstance:DatabaseInstance':
      return ['settings', 'userLabels'];
    default:
      return cloudOf(type) === 'gcp' ? ['labels'] : ['tags'];
  }
}

/** The tags a resource will carry, as far as its props tell. */
export interface ResourceTags {
  /** Tag keys (as written on the cloud) to values; UNKNOWN for a value computed at preview. */
  readonly values: ReadonlyMap<string, string | Unknown>;
  /** False when a whole tag map is unknown: a key not in `values` may still be there. */
  readonly complete: boolean;
}

/** The resource fields the tag reader uses (ResourceValidationArgs and PolicyResource have them). */
export interface Taggable {
  readonly type: string;
  readonly props: unknown;
  readonly provider?: { readonly type: string; readonly props: unknown } | undefined;
}

function addMap(raw: unknown, values: Map<string, string | Unknown>): boolean {
  if (raw === UNKNOWN) return false;
  if (typeof raw === 'string') {
    // Provider inputs arrive JSON-encoded (`defaultTags: "{\"tags\":{...}}"`).
    try {
      return addMap(JSON.parse(raw) as unknown, values);
    } catch {
      return true;
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return true;
  // Keys are readable without touching the values (the proxy only traps reads).
  for (const key of Object.keys(raw)) {
    const v = knownProp(raw, [key]);
    if (v === UNKNOWN) values.set(key, UNKNOWN);
    else if (typeof v === 'string') values.set(key, v);
  }
  return true;
}

/** Default tags a provider puts on every resource: AWS `defaultTags.tags`, GCP `defaultLabels`. */
function providerTags(
  provider: Taggable['provider'],
  values: Map<string, string | Unknown>,
): boolean {
  if (provider === undefined) return true;
  if (provider.type === 'pulumi:providers:aws') {
    let raw = knownProp(provider.props, ['defaultTags']);
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw) as unknown;
      } catch {
        return true;
      }
    }
    if (raw === undefined) return true;
    return addMap(raw === UNKNOWN ? UNKNOWN : knownProp(raw, ['tags']), values);
  }
  if (provider.type === 'pulumi:providers:gcp') {
    return addMap(knownProp(provider.props, ['defaultLabels']), values);
  }
  return true;
}

/**
 * The tags of a resource: its own tag map (see `tagPath`), the provider's default tags, and the
 * computed totals where the props are outputs (`tagsAll` on AWS, `effectiveLabels` on GCP).
 */
export function resourceTags(r: Taggable): ResourceTags {
  const values = new Map<string, string | Unknown>();
  let complete = providerTags(r.provider, values);
  const own = knownProp(r.props, tagPath(r.type));
  if (!addMap(own, values)) complete = false;
  for (const total of ['tagsAll', 'effectiveLabels']) {
    const t = knownProp(r.props, [total]);
    if (t !== UNKNOWN) addMap(t, values);
  }
  return { values, complete };
}

/**
 * The value of a Vitistack tag (`vitistack.io/environment`) on a resource, under the key its
 * cloud uses; undefined when absent, UNKNOWN when it cannot be known before the update.
 */
export function tagValue(r: Taggable, key: string): string | Unknown | undefined {
  const cloud = cloudOf(r.type) ?? 'aws';
  const tags = resourceTags(r);
  const v = tags.values.get(cloudTagKey(cloud, key));
  if (v !== undefined) return v;
  return tags.complete ? undefined : UNKNOWN;
}

/**
 * A violation message: `<type> <name>: <path> must <expectation> (it is <value>); <fix>`, e.g.
 * `aws:ebs/volume:Volume web-1-data: encrypted must be true (it is false); set ...`.
 */
export function violation(
  r: { readonly type: string; readonly name: string },
  path: string,
  expectation: string,
  actual: unknown,
  fix: string,
): string {
  return `${label(r)}: ${path} must ${expectation} (it is ${show(actual)}); ${fix}`;
}

/** Anything with the analyzer's `getConfig` (resource and stack validation args). */
export type HasConfig =
  Pick<ResourceValidationArgs, 'getConfig'> | Pick<StackValidationArgs, 'getConfig'>;

/**
 * A policy config value, or `fallback` (the configSchema default) when it is absent or of the
 * wrong shape: the analyzer hands over only what the pack config names.
 */
export function configValue<T>(
  args: HasConfig,
  key: string,
  fallback: T,
  valid: (v: unknown) => v is T,
): T {
  const v = args.getConfig<Record<string, unknown>>()[key];
  return valid(v) ? v : fallback;
}

export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

// ---------------------------------------------------------------------------------------------
// Reading nested inputs that may be unknown

/** `knownProp` that also passes on an UNKNOWN read before (`read(read(x, [a]), [b])`). */
export function read(value: unknown, path: readonly (string | number)[]): unknown {
  return value === UNKNOWN ? UNKNOWN : knownProp(value, path);
}

/** The elements of an array value, each possibly UNKNOWN; [] when absent or wholly unknown. */
export function elements(value: unknown): readonly unknown[] {
  const items = knownArray(value);
  return items === UNKNOWN || items === undefined ? [] : items;
}

/** A string array value as strings and UNKNOWNs ([] when absent); UNKNOWN when wholly unknown. */
export function strings(value: unknown): readonly (string | Unknown)[] | Unknown {
  const items = knownArray(value);
  if (items === UNKNOWN) return UNKNOWN;
  const out: (string | Unknown)[] = [];
  for (const v of items ?? []) if (v === UNKNOWN || typeof v === 'string') out.push(v);
  return out;
}

/** A CIDR block that covers every address: 0.0.0.0/0 or ::/0 (any /0). */
export function isWorldCidr(text: string): boolean {
  return parseCidr(text.trim()).cidr?.prefix === 0;
}

/** A string trimmed and lower-cased; undefined for anything else. */
export function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim().toLowerCase() : undefined;
}
