// The HTTP side: routing, the request log, fault injection and the test hooks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { deleteOptions, parse, readBody, send } from './http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { clone, type JsonObject } from './json';
import { listObjects } from './list';
import { resourceByName, resourceForObject, type ResourceType } from './resources';
import { isWatch, parseRoute, verbOf, type Route, type Verb } from './routes';
import { fieldSelector, labelSelector, type Matcher } from './selector';
import { ApiError, badRequest, methodNotAllowed, notFound, reasonForCode } from './status';
import { ObjectStore } from './store';
import { WatchHub } from './watch';
import { Registry, type Subresource } from './writes';

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Undefined for a request nothing is served at. */
  readonly verb: Verb | undefined;
  readonly plural?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

export interface Fault {
  readonly verb?: Verb;
  readonly plural?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** HTTP status of the metav1.Status answered. */
  readonly code: number;
  /** Defaults to the reason the API server uses for `code`. */
  readonly reason?: string;
  readonly message?: string;
  /** How many matching requests fail. Defaults to 1. */
  readonly times?: number;
}

export interface FakeApiServerOptions {
  /** How many changes watches can replay. Defaults to 10000. */
  readonly historyLimit?: number;
  /** The clock for creationTimestamp and deletionTimestamp. Defaults to the system clock. */
  readonly now?: () => Date;
}

/** An in-process Kubernetes API server for the resources the controller uses. */
export class FakeApiServer {
  /** Every request received, in order; `resetRequests()` empties it. */
  readonly requests: RequestRecord[] = [];
  private readonly store: ObjectStore;
  private readonly registry: Registry;
  private readonly watches: WatchHub;
  private readonly faults: { fault: Fault; left: number }[] = [];
  private server: Server | undefined;
  private address = '';

  constructor(options: FakeApiServerOptions = {}) {
    this.store = new ObjectStore(options.historyLimit ?? 10000);
    this.registry = new Registry(this.store, options.now ?? (() => new Date()));
    this.watches = new WatchHub(this.store);
  }

  /** `http://127.0.0.1:<port>`; set by `start()`. */
  get url(): string {
    if (this.address === '') throw new Error('FakeApiServer: call start() before reading url.');
    return this.address;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.fail(res, err);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Ends every watch and drops every connection, so no socket keeps the process alive. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.watches.closeAll();
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    server.closeAllConnections();
    await closed;
  }

  /** A client-node KubeConfig for this server: plain http, no credentials. client-node refuses
   * an `http:` server unless `skipTLSVerify` is true. */
  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'fake' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake', namespace: 'default' }],
      currentContext: 'fake',
    });
    return kc;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  /** Drops the watch history: watches from any resourceVersion handed out so far get 410. */
  compactHistory(): void {
    this.store.compact();
  }

  /** Ends every open watch stream, as a server-side timeout or restart does. */
  closeWatches(): void {
    this.watches.closeAll();
  }

  /** Sends a BOOKMARK to every watch that asked for them (`allowWatchBookmarks`). */
  bookmark(): void {
    this.watches.bookmark();
  }

  watchCount(): number {
    return this.watches.count;
  }

  /** The latest resourceVersion. */
  get resourceVersion(): string {
    return String(this.store.resourceVersion);
  }

  /** Makes the next `times` matching requests fail with a metav1.Status of `code`. */
  failNext(fault: Fault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** A copy of a stored object; `resource` is a plural or `group/plural`. */
  object(resource: string, namespace: string, name: string): JsonObject | undefined {
    const obj = this.store.get(this.resource(resource), namespace, name);
    return obj === undefined ? undefined : clone(obj);
  }

  /** Copies of the stored objects of a resource, in one namespace or all. */
  objects(resource: string, namespace?: string): JsonObject[] {
    return this.store.list(this.resource(resource), namespace).map((o) => clone(o));
  }

  /** Stores an object without HTTP (status kept), with watch events, rv, uid and generation. */
  seed(obj: JsonObject): JsonObject {
    const { apiVersion, kind } = obj;
    const res =
      typeof apiVersion === 'string' && typeof kind === 'string'
        ? resourceForObject(apiVersion, kind)
        : undefined;
    if (res === undefined) {
      throw new Error(
        `seed: ${JSON.stringify(apiVersion)} ${JSON.stringify(kind)} is not served by the fake.`,
      );
    }
    return this.registry.seed(res, obj);
  }

  private resource(name: string): ResourceType {
    const res = resourceByName(name);
    if (res === undefined) throw new Error(`FakeApiServer: no resource "${name}" is served.`);
    return res;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const route = parseRoute(url.pathname);
    const verb = verbOf(method, route?.name !== undefined, isWatch(url.searchParams));
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      verb: route === undefined ? undefined : verb,
      ...(route && { plural: route.resource.plural }),
      ...(route?.namespace !== undefined && { namespace: route.namespace }),
      ...(route?.name !== undefined && { name: route.name }),
      ...(route?.subresource !== undefined && { subresource: route.subresource }),
    });
    const body = await readBody(req);
    if (route === undefined) {
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    }
    if (verb === undefined || verb === 'deletecollection') {
      throw methodNotAllowed(method, url.pathname);
    }
    this.injectFault(verb, route);
    this.serve(req, res, route, verb, url.searchParams, body);
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    verb: Verb,
    query: URLSearchParams,
    body: string,
  ): void {
    const { resource, name } = route;
    if (query.has('dryRun')) throw badRequest('dryRun is not supported by the fake API server');
    const sub: Subresource = route.subresource === 'status' ? 'status' : undefined;
    if (verb === 'list' || verb === 'watch') {
      const label = labelSelector(query.get('labelSelector') ?? undefined);
      const field = fieldSelector(query.get('fieldSelector') ?? undefined, resource.plural);
      const matches: Matcher = (o) => label(o) && field(o);
      if (verb === 'list') {
        send(res, 200, listObjects(this.store, resource, route.namespace, matches, query));
        return;
      }
      const timeout = query.get('timeoutSeconds');
      this.watches.open(res, {
        resource,
        namespace: route.namespace,
        matches,
        resourceVersion: query.get('resourceVersion') ?? undefined,
        bookmarks: query.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: timeout === null ? undefined : Number(timeout),
      });
      return;
    }
    const namespace = route.namespace;
    if (namespace === undefined) throw methodNotAllowed(req.method ?? '', 'a cluster-wide list');
    if (verb === 'create') {
      send(res, 201, this.registry.create(resource, namespace, parse(body)));
      return;
    }
    const n = name!;
    switch (verb) {
      case 'get': {
        const obj = this.store.get(resource, namespace, n);
        if (obj === undefined) throw notFound(resource, n);
        send(res, 200, clone(obj));
        return;
      }
      case 'update':
        send(res, 200, this.registry.update(resource, namespace, n, parse(body), sub));
        return;
      case 'patch': {
        const type = req.headers['content-type'] ?? '';
        send(res, 200, this.registry.patch(resource, namespace, n, type, body, sub));
        return;
      }
      case 'delete':
        send(
          res,
          200,
          this.registry.deleter.delete(resource, namespace, n, deleteOptions(query, body)),
        );
        return;
    }
  }

  private injectFault(verb: Verb, route: Route): void {
    const i = this.faults.findIndex(
      ({ fault: f }) =>
        (f.verb === undefined || f.verb === verb) &&
        (f.plural === undefined || f.plural === route.resource.plural) &&
        (f.namespace === undefined || f.namespace === route.namespace) &&
        (f.name === undefined || f.name === route.name),
    );
    const entry = this.faults[i];
    if (entry === undefined) return;
    entry.left--;
    if (entry.left <= 0) this.faults.splice(i, 1);
    const { code, reason, message } = entry.fault;
    throw new ApiError(code, reason ?? reasonForCode(code), message ?? `injected fault (${code})`);
  }

  private fail(res: ServerResponse, err: unknown): void {
    const apiErr =
      err instanceof ApiError
        ? err
        : new ApiError(500, 'InternalError', `fake API server: ${String(err)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    send(res, apiErr.code, apiErr.toStatus());
  }
}
