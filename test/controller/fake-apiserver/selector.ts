// Label and field selectors, parsed the way the API server reads `labelSelector` and
// `fieldSelector` query parameters.
import { readMeta, stringMap, text, type JsonObject } from './json';
import { badRequest } from './status';

export type Matcher = (obj: JsonObject) => boolean;

const everything: Matcher = () => true;

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits at commas outside parentheses: `a in (x,y),b` -> [`a in (x,y)`, `b`]. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim());
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const COMPARE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=|<|>)\s*(${VALUE})$`);
const EXISTS = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

function parseRequirement(part: string, selector: string): Requirement {
  const set = SET.exec(part);
  if (set) {
    const key = set[1]!;
    const values = set[4]!.split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) throw invalidSelector(selector);
    return set[3] === 'in'
      ? (l) => key in l && values.includes(l[key]!)
      : (l) => !(key in l) || !values.includes(l[key]!);
  }
  const cmp = COMPARE.exec(part);
  if (cmp) {
    const [key, op, value] = [cmp[1]!, cmp[3]!, cmp[4]!];
    switch (op) {
      case '=':
      case '==':
        return (l) => l[key] === value;
      case '!=':
        return (l) => l[key] !== value;
      default: {
        const bound = Number(value);
        if (!Number.isInteger(bound)) throw invalidSelector(selector);
        return (l) => {
          const n = Number(l[key]);
          return key in l && Number.isInteger(n) && (op === '<' ? n < bound : n > bound);
        };
      }
    }
  }
  const exists = EXISTS.exec(part);
  if (exists) {
    const key = exists[2]!;
    return exists[1] === '!' ? (l) => !(key in l) : (l) => key in l;
  }
  throw invalidSelector(selector);
}

function invalidSelector(selector: string) {
  return badRequest(`unable to parse requirement: invalid label selector "${selector}"`);
}

/** Parses `labelSelector`; an empty selector matches everything. Throws 400 on bad syntax. */
export function labelSelector(selector: string | undefined): Matcher {
  if (selector === undefined || selector.trim() === '') return everything;
  const requirements = splitTopLevel(selector).map((p) => parseRequirement(p, selector));
  return (obj) => {
    const labels = stringMap(readMeta(obj).labels);
    return requirements.every((r) => r(labels));
  };
}

const FIELDS: Readonly<Record<string, (obj: JsonObject) => string>> = {
  'metadata.name': (obj) => text(readMeta(obj), 'name') ?? '',
  'metadata.namespace': (obj) => text(readMeta(obj), 'namespace') ?? '',
};

/** Secrets are also selectable by `type`, as on the real server. */
const SECRET_FIELDS: Readonly<Record<string, (obj: JsonObject) => string>> = {
  ...FIELDS,
  type: (obj) => text(obj, 'type') ?? '',
};

/** Parses `fieldSelector` (`=`, `==`, `!=` on metadata.name and metadata.namespace). */
export function fieldSelector(selector: string | undefined, plural: string): Matcher {
  if (selector === undefined || selector.trim() === '') return everything;
  const fields = plural === 'secrets' ? SECRET_FIELDS : FIELDS;
  const terms = selector.split(',').map((term): Matcher => {
    const m = /^\s*([A-Za-z.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (!m) throw badRequest(`invalid field selector "${selector}"`);
    const read = fields[m[1]!];
    if (read === undefined) {
      const known = Object.keys(fields)
        .map((f) => `"${f}"`)
        .join(', ');
      throw badRequest(`"${m[1]!}" is not a known field selector: only ${known}`);
    }
    const value = m[3]!;
    return m[2] === '!=' ? (obj) => read(obj) !== value : (obj) => read(obj) === value;
  });
  return (obj) => terms.every((t) => t(obj));
}
