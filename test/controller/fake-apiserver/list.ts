// LIST: `<Kind>List` with the store's resourceVersion, selectors, and limit/continue paging.
import { clone, readMeta, text, type JsonObject } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import type { Matcher } from './selector';
import { badRequest } from './status';
import type { ObjectStore } from './store';

function position(obj: JsonObject): string {
  const m = readMeta(obj);
  return `${text(m, 'namespace') ?? ''}/${text(m, 'name') ?? ''}`;
}

function decodeContinue(token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'after' in decoded) {
      const after = decoded.after;
      if (typeof after === 'string') return after;
    }
  } catch {
    // falls through to the error below
  }
  throw badRequest(`continue key is not valid: "${token}"`);
}

/** A list page. Later pages show the current objects, not a snapshot at the first page's
 * resourceVersion as the real server does. */
export function listObjects(
  store: ObjectStore,
  res: ResourceType,
  namespace: string | undefined,
  matches: Matcher,
  query: URLSearchParams,
): JsonObject {
  let items = store.list(res, namespace).filter(matches);
  const token = query.get('continue');
  if (token !== null && token !== '') {
    const after = decodeContinue(token);
    items = items.filter((o) => position(o) > after);
  }
  const metadata: JsonObject = { resourceVersion: String(store.resourceVersion) };
  const limit = Number(query.get('limit') ?? '0');
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const rest = items.length - limit;
    items = items.slice(0, limit);
    const after = position(items[items.length - 1]!);
    metadata.continue = Buffer.from(JSON.stringify({ after })).toString('base64url');
    metadata.remainingItemCount = rest;
  }
  return {
    apiVersion: apiVersionOf(res),
    kind: `${res.kind}List`,
    metadata,
    items: items.map((o) => clone(o)),
  };
}
