// Request paths and verbs: which resource, namespace, name and subresource a URL addresses.
import { findResource, type ResourceType } from './resources';

export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface Route {
  readonly resource: ResourceType;
  /** Undefined for the all-namespaces collection (`/apis/{group}/{version}/{plural}`). */
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

/** Parses `/api/v1/...` and `/apis/{group}/{version}/...`; undefined when nothing is served
 * there (the server answers 404). */
export function parseRoute(pathname: string): Route | undefined {
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    [group, version, rest] = ['', parts[1] ?? '', parts.slice(2)];
  } else if (parts[0] === 'apis') {
    [group, version, rest] = [parts[1] ?? '', parts[2] ?? '', parts.slice(3)];
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 3) return undefined;
  if (namespace === undefined && rest.length > 1) return undefined;
  const resource = findResource(group, version, rest[0]!);
  if (resource === undefined) return undefined;
  const subresource = rest[2];
  if (subresource !== undefined && !(subresource === 'status' && resource.statusSubresource)) {
    return undefined;
  }
  return { resource, namespace, name: rest[1], subresource };
}

/** The Kubernetes verb of a request, as audit logs and RBAC name it. */
export function verbOf(method: string, named: boolean, watch: boolean): Verb | undefined {
  switch (method) {
    case 'GET':
      return named ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return named ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

/** `watch=true` or `watch=1`, as the API server accepts. */
export function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}
