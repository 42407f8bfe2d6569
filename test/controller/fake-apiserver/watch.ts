// Watch streams: newline-delimited JSON events over a chunked response, replayed from the
// store's history after the requested resourceVersion and then live.
import type { ServerResponse } from 'node:http';
import { clone, readMeta, text, type JsonObject } from './json';
import { apiVersionOf, type ResourceType } from './resources';
import type { Matcher } from './selector';
import { badRequest, expired } from './status';
import type { Change, ObjectStore } from './store';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchRequest {
  readonly resource: ResourceType;
  /** Undefined for the all-namespaces collection. */
  readonly namespace: string | undefined;
  readonly matches: Matcher;
  /** '' or undefined: start with ADDED for every current object, as the real server does. */
  readonly resourceVersion: string | undefined;
  readonly bookmarks: boolean;
  readonly timeoutSeconds: number | undefined;
}

class WatchStream {
  private unsubscribe: () => void = () => undefined;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly request: WatchRequest,
    private readonly onEnd: (stream: WatchStream) => void,
  ) {
    res.on('close', () => {
      this.end();
    });
  }

  get wantsBookmarks(): boolean {
    return this.request.bookmarks;
  }

  /** Writes the headers, the replay and then follows the store. */
  open(store: ObjectStore, from: number | undefined): void {
    this.res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
    this.res.flushHeaders();
    if (from === undefined) {
      for (const obj of store.list(this.request.resource, this.request.namespace)) {
        if (this.request.matches(obj)) this.send('ADDED', obj);
      }
    } else {
      const changes = store.changesSince(from);
      if (changes === undefined) {
        this.send('ERROR', expired(from, store.historyStart).toStatus());
        this.end();
        return;
      }
      for (const change of changes) this.deliver(change);
    }
    this.unsubscribe = store.subscribe((change) => {
      this.deliver(change);
    });
    const timeout = this.request.timeoutSeconds;
    if (timeout !== undefined && timeout > 0) {
      this.timer = setTimeout(() => {
        this.end();
      }, timeout * 1000);
      this.timer.unref();
    }
  }

  bookmark(resourceVersion: number): void {
    const res = this.request.resource;
    this.send('BOOKMARK', {
      apiVersion: apiVersionOf(res),
      kind: res.kind,
      metadata: { resourceVersion: String(resourceVersion) },
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.unsubscribe();
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (!this.res.writableEnded) this.res.end();
    this.onEnd(this);
  }

  /** Applies the namespace and selectors the way the watch cache does: an object that starts
   * matching arrives as ADDED, one that stops matching as DELETED. */
  private deliver(change: Change): void {
    if (change.resource !== this.request.resource) return;
    const now = this.visible(change.object);
    const before = change.previous !== undefined && this.visible(change.previous);
    switch (change.type) {
      case 'ADDED':
        if (now) this.send('ADDED', change.object);
        break;
      case 'DELETED':
        if (now || before) this.send('DELETED', change.object);
        break;
      case 'MODIFIED':
        if (now) this.send(before ? 'MODIFIED' : 'ADDED', change.object);
        else if (before) this.send('DELETED', change.object);
        break;
    }
  }

  private visible(obj: JsonObject): boolean {
    const ns = this.request.namespace;
    if (ns !== undefined && text(readMeta(obj), 'namespace') !== ns) return false;
    return this.request.matches(obj);
  }

  private send(type: WatchEventType, object: JsonObject): void {
    if (this.ended || this.res.writableEnded) return;
    this.res.write(`${JSON.stringify({ type, object: clone(object) })}\n`);
  }
}

/** The open watches of one server. */
export class WatchHub {
  private readonly streams = new Set<WatchStream>();

  constructor(private readonly store: ObjectStore) {}

  get count(): number {
    return this.streams.size;
  }

  /** Answers a watch request; throws 400 for an unparseable resourceVersion before any header
   * is written. */
  open(res: ServerResponse, request: WatchRequest): void {
    const rv = request.resourceVersion;
    let from: number | undefined;
    if (rv !== undefined && rv !== '' && rv !== '0') {
      if (!/^[0-9]+$/.test(rv)) throw badRequest(`invalid resource version "${rv}"`);
      from = Number(rv);
    }
    const stream = new WatchStream(res, request, (s) => this.streams.delete(s));
    this.streams.add(stream);
    stream.open(this.store, from);
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that allows them. */
  bookmark(): void {
    for (const s of this.streams) if (s.wantsBookmarks) s.bookmark(this.store.resourceVersion);
  }

  /** Ends every stream (the client sees the body end, as on a server-side timeout). */
  closeAll(): void {
    for (const s of [...this.streams]) s.end();
  }
}
