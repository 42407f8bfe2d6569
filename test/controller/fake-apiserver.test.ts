// The fake API server, driven only through the real client-node, keeps the API server's
// semantics a controller depends on.
import { strict as assert } from 'node:assert';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  V1Lease,
  V1Secret,
  CoreV1Event,
} from '@kubernetes/client-node';
import { EventLog, FakeApiServer, until, within } from './fake-apiserver';

const GROUP = 'vitistack.io';
const VERSION = 'v1alpha1';
const NS = 'default';
const API_VERSION = `${GROUP}/${VERSION}`;
const path = (plural: string, ns = NS) => `/apis/${GROUP}/${VERSION}/namespaces/${ns}/${plural}`;

interface OwnerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

/** Custom objects as JSON (client-node returns them untyped, with timestamps as strings). */
interface Meta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerRef[];
}

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: Meta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

interface List {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { resourceVersion?: string; continue?: string };
  readonly items: Obj[];
}

type Plain<T> = T extends Date
  ? Date
  : T extends readonly (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]?: Plain<T[K]> }
      : T;

/** A client-node model from a plain object of its shape, still type-checked. The models are
 * classes without behaviour (the serializer reads their fields), and the lint rule
 * no-unsafe-class-instance-assignment refuses bare literals where they are expected. */
function model<T extends object>(ctor: new () => T, fields: Plain<T>): T {
  return Object.assign(new ctor(), fields);
}

interface Status {
  readonly kind: string;
  readonly status: string;
  readonly code: number;
  readonly reason: string;
  readonly message: string;
}

/** What DELETE answers: the object while finalizers hold it, else a Success Status. */
interface Deleted {
  readonly kind?: string;
  readonly status?: unknown;
  readonly metadata: Meta;
}

interface WatchEvent {
  readonly type: string;
  readonly object: Obj & { code?: number; reason?: string };
}

const KIND_OF: Readonly<Record<string, string>> = {
  vitistacks: 'Vitistack',
  machines: 'Machine',
};

function cr(plural: string, name: string, extra: Partial<Obj> = {}): Obj {
  const { metadata, ...rest } = extra;
  return {
    apiVersion: API_VERSION,
    kind: KIND_OF[plural] ?? 'Vitistack',
    metadata: { name, ...metadata },
    spec: { size: 1 },
    ...rest,
  };
}

/** CustomObjectsApi with typed results (client-node returns `any` for custom objects). */
function customObjects(kc: KubeConfig) {
  const api = kc.makeApiClient(CustomObjectsApi);
  const at = (plural: string, ns = NS) => ({
    group: GROUP,
    version: VERSION,
    namespace: ns,
    plural,
  });
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return {
    create: async (plural: string, body: Obj, ns = NS) =>
      (await api.createNamespacedCustomObject({ ...at(plural, ns), body })) as Obj,
    get: async (plural: string, name: string) =>
      (await api.getNamespacedCustomObject({ ...at(plural), name })) as Obj,
    list: async (plural: string, query: { labelSelector?: string; fieldSelector?: string } = {}) =>
      (await api.listNamespacedCustomObject({ ...at(plural), ...query })) as List,
    listPage: async (plural: string, limit: number, cont?: string) =>
      (await api.listNamespacedCustomObject({
        ...at(plural),
        limit,
        ...(cont === undefined ? {} : { _continue: cont }),
      })) as List,
    listAll: async (plural: string) =>
      (await api.listCustomObjectForAllNamespaces({
        group: GROUP,
        version: VERSION,
        plural,
      })) as List,
    replace: async (plural: string, body: Obj) =>
      (await api.replaceNamespacedCustomObject({
        ...at(plural),
        name: body.metadata.name!,
        body,
      })) as Obj,
    replaceStatus: async (plural: string, body: Obj) =>
      (await api.replaceNamespacedCustomObjectStatus({
        ...at(plural),
        name: body.metadata.name!,
        body,
      })) as Obj,
    mergePatch: async (plural: string, name: string, body: object) =>
      (await api.patchNamespacedCustomObject({ ...at(plural), name, body }, merge)) as Obj,
    mergePatchStatus: async (plural: string, name: string, body: object) =>
      (await api.patchNamespacedCustomObjectStatus({ ...at(plural), name, body }, merge)) as Obj,
    /** No content-type option: client-node 1.x sends application/json-patch+json. */
    jsonPatch: async (plural: string, name: string, ops: object[]) =>
      (await api.patchNamespacedCustomObject({ ...at(plural), name, body: ops })) as Obj,
    strategicPatch: async (plural: string, name: string, body: object) =>
      (await api.patchNamespacedCustomObject(
        { ...at(plural), name, body },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      )) as Obj,
    remove: async (plural: string, name: string, propagationPolicy?: string) =>
      (await api.deleteNamespacedCustomObject({
        ...at(plural),
        name,
        ...(propagationPolicy === undefined ? {} : { propagationPolicy }),
      })) as Deleted,
  };
}

/** The metav1.Status of a failed request (client-node keeps the body as text). */
async function failure(request: Promise<unknown>): Promise<Status> {
  try {
    await request;
  } catch (err) {
    if (!(err instanceof ApiException)) throw err;
    const body: unknown = err.body;
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as Status;
    assert.equal(status.code, err.code, 'the Status code is the HTTP status');
    assert.equal(status.kind, 'Status');
    assert.equal(status.status, 'Failure');
    return status;
  }
  return assert.fail('expected the request to fail');
}

const names = (list: { items: Obj[] }) => list.items.map((o) => o.metadata.name).sort();
/** `metadata.continue` as sent: custom object lists are not mapped to V1ListMeta's `_continue`. */
const continueOf = (list: List) => list.metadata?.continue;
const rvOf = (o: Obj) => Number(o.metadata.resourceVersion);

describe('fake API server (through client-node)', () => {
  let server: FakeApiServer;
  let kc: KubeConfig;
  let api: ReturnType<typeof customObjects>;
  const cleanups: (() => unknown)[] = [];

  /** Opens a client-node Watch; events and the done callback are recorded. */
  async function watch(
    watchPath: string,
    query: Record<string, string | boolean | undefined> = {},
  ): Promise<{ events: EventLog<WatchEvent>; ended: Promise<unknown> }> {
    const events = new EventLog<WatchEvent>();
    let end: (err: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => {
      end = resolve;
    });
    const controller = await new Watch(kc).watch(
      watchPath,
      query,
      (type: string, object: Obj) => {
        events.push({ type, object });
      },
      (err: unknown) => {
        end(err);
      },
    );
    cleanups.push(() => {
      controller.abort();
    });
    return { events, ended };
  }

  beforeEach(async () => {
    server = new FakeApiServer();
    await server.start();
    kc = server.kubeConfig();
    api = customObjects(kc);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await server.stop();
  });

  describe('create, read, update, delete', () => {
    it('round-trips a custom resource with the server-set metadata', async () => {
      const created = await api.create('vitistacks', cr('vitistacks', 'dc', { status: { x: 1 } }));
      const m = created.metadata;
      assert.match(m.uid ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(m.generation, 1);
      assert.equal(m.namespace, NS);
      assert.ok(m.creationTimestamp);
      assert.equal(created.status, undefined, 'status given on create is dropped');
      assert.deepEqual(await api.get('vitistacks', 'dc'), created);

      const list = await api.list('vitistacks');
      assert.equal(list.kind, 'VitistackList');
      assert.equal(list.apiVersion, API_VERSION);
      assert.equal(list.metadata?.resourceVersion, m.resourceVersion);
      assert.deepEqual(list.items, [created]);

      const replaced = await api.replace('vitistacks', { ...created, spec: { size: 2 } });
      assert.deepEqual(replaced.spec, { size: 2 });
      assert.ok(rvOf(replaced) > rvOf(created));

      const deleted = await api.remove('vitistacks', 'dc');
      assert.equal(deleted.kind, 'Status');
      assert.equal(deleted.status, 'Success');
      assert.equal((await failure(api.get('vitistacks', 'dc'))).reason, 'NotFound');
      assert.equal((await failure(api.remove('vitistacks', 'dc'))).code, 404);
    });

    it('refuses duplicates, foreign namespaces and bodies without kind; supports generateName', async () => {
      await api.create('vitistacks', cr('vitistacks', 'dc'));
      const dup = await failure(api.create('vitistacks', cr('vitistacks', 'dc')));
      assert.equal(dup.code, 409);
      assert.equal(dup.reason, 'AlreadyExists');
      const foreign = cr('vitistacks', 'x', { metadata: { name: 'x', namespace: 'other' } });
      assert.equal((await failure(api.create('vitistacks', foreign))).code, 400);
      const noKind = cr('vitistacks', 'y');
      delete noKind.kind;
      assert.equal((await failure(api.create('vitistacks', noKind))).code, 400);
      const generated = await api.create('vitistacks', {
        ...cr('vitistacks', ''),
        metadata: { generateName: 'dc-' },
      });
      assert.match(generated.metadata.name ?? '', /^dc-[a-z0-9]{5}$/);
      const unnamed = await failure(
        api.create('vitistacks', { ...cr('vitistacks', ''), metadata: {} }),
      );
      assert.equal(unnamed.code, 422);
    });
  });

  describe('generation and resourceVersion', () => {
    it('bumps generation on spec changes only, and resourceVersion on every real write', async () => {
      const created = await api.create('vitistacks', cr('vitistacks', 'dc'));
      const labelled = await api.mergePatch('vitistacks', 'dc', {
        metadata: { labels: { a: 'b' } },
      });
      assert.equal(labelled.metadata.generation, 1, 'a label change keeps the generation');
      assert.ok(rvOf(labelled) > rvOf(created));
      const withStatus = await api.mergePatchStatus('vitistacks', 'dc', {
        status: { phase: 'Ready' },
      });
      assert.equal(withStatus.metadata.generation, 1, 'a status change keeps the generation');
      assert.ok(rvOf(withStatus) > rvOf(labelled));
      const changed = await api.mergePatch('vitistacks', 'dc', { spec: { size: 3 } });
      assert.equal(changed.metadata.generation, 2, 'a spec change bumps the generation');
      const again = await api.replace('vitistacks', { ...changed, spec: { size: 4 } });
      assert.equal(again.metadata.generation, 3);
    });

    it('skips no-op writes: same resourceVersion and no watch event', async () => {
      const created = await api.create('vitistacks', cr('vitistacks', 'dc'));
      const { events } = await watch(path('vitistacks'), {
        resourceVersion: created.metadata.resourceVersion,
      });
      const same = await api.replace('vitistacks', created);
      assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
      const patched = await api.mergePatch('vitistacks', 'dc', { spec: { size: 1 } });
      assert.equal(patched.metadata.resourceVersion, created.metadata.resourceVersion);
      await api.mergePatch('vitistacks', 'dc', { metadata: { labels: { a: 'b' } } });
      const first = await events.waitFor(() => true, 'the first watch event');
      assert.deepEqual(first.object.metadata.labels, { a: 'b' }, 'the no-op writes sent nothing');
      assert.equal(rvOf(first.object), rvOf(created) + 1);
    });

    it('answers 409 Conflict to a stale resourceVersion and 422 to a PUT without one', async () => {
      const created = await api.create('vitistacks', cr('vitistacks', 'dc'));
      await api.replace('vitistacks', { ...created, spec: { size: 2 } });
      const stale = await failure(api.replace('vitistacks', { ...created, spec: { size: 3 } }));
      assert.equal(stale.code, 409);
      assert.equal(stale.reason, 'Conflict');
      assert.match(stale.message, /the object has been modified/);
      const staleStatus = await failure(
        api.replaceStatus('vitistacks', { ...created, status: { a: 1 } }),
      );
      assert.equal(staleStatus.code, 409);
      const stalePatch = api.mergePatch('vitistacks', 'dc', {
        metadata: { resourceVersion: created.metadata.resourceVersion },
        spec: { size: 9 },
      });
      assert.equal((await failure(stalePatch)).code, 409);
      const noRv = { ...created.metadata };
      delete noRv.resourceVersion;
      const unconditional = await failure(
        api.replace('vitistacks', { ...created, metadata: noRv }),
      );
      assert.equal(unconditional.code, 422);
      assert.deepEqual((await api.get('vitistacks', 'dc')).spec, { size: 2 });
    });
  });

  describe('status subresource', () => {
    it('ignores status on the main resource', async () => {
      await api.create('vitistacks', cr('vitistacks', 'dc'));
      const withStatus = await api.mergePatchStatus('vitistacks', 'dc', { status: { phase: 'A' } });
      const replaced = await api.replace('vitistacks', {
        ...withStatus,
        spec: { size: 5 },
        status: { phase: 'B' },
      });
      assert.deepEqual(replaced.spec, { size: 5 });
      assert.deepEqual(replaced.status, { phase: 'A' });
      const patched = await api.mergePatch('vitistacks', 'dc', { status: { phase: 'C' } });
      assert.deepEqual(patched.status, { phase: 'A' });
      assert.equal(patched.metadata.resourceVersion, replaced.metadata.resourceVersion);
    });

    it('ignores everything but status on /status', async () => {
      const created = await api.create('vitistacks', cr('vitistacks', 'dc'));
      const updated = await api.replaceStatus('vitistacks', {
        ...created,
        metadata: { ...created.metadata, labels: { x: 'y' } },
        spec: { size: 7 },
        status: { phase: 'Ready' },
      });
      assert.deepEqual(updated.status, { phase: 'Ready' });
      assert.deepEqual(updated.spec, { size: 1 });
      assert.equal(updated.metadata.labels, undefined);
      assert.equal(updated.metadata.generation, 1);
      const patched = await api.mergePatchStatus('vitistacks', 'dc', {
        spec: { size: 8 },
        status: { observedGeneration: 1 },
      });
      assert.deepEqual(patched.spec, { size: 1 });
      assert.deepEqual(patched.status, { phase: 'Ready', observedGeneration: 1 });
    });
  });

  describe('patches', () => {
    it('applies a JSON merge patch (RFC 7386)', async () => {
      await api.create(
        'vitistacks',
        cr('vitistacks', 'dc', { spec: { a: { b: 1, c: 2 }, list: [1, 2] } }),
      );
      const patched = await api.mergePatch('vitistacks', 'dc', {
        spec: { a: { c: null, d: 3 }, list: [3] },
      });
      assert.deepEqual(patched.spec, { a: { b: 1, d: 3 }, list: [3] });
    });

    it('applies a JSON patch (RFC 6902), the content type client-node sends by default', async () => {
      await api.create(
        'vitistacks',
        cr('vitistacks', 'dc', { spec: { a: { b: 1 }, list: [1, 2] } }),
      );
      const patched = await api.jsonPatch('vitistacks', 'dc', [
        { op: 'test', path: '/spec/a/b', value: 1 },
        { op: 'add', path: '/metadata/labels', value: { 'app.kubernetes.io/name': 'x' } },
        { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'y' },
        { op: 'add', path: '/spec/list/-', value: 3 },
        { op: 'add', path: '/spec/list/0', value: 0 },
        { op: 'remove', path: '/spec/list/1' },
        { op: 'copy', from: '/spec/a', path: '/spec/copied' },
        { op: 'move', from: '/spec/a/b', path: '/spec/moved' },
      ]);
      assert.deepEqual(patched.metadata.labels, { 'app.kubernetes.io/name': 'y' });
      assert.deepEqual(patched.spec, { a: {}, list: [0, 2, 3], copied: { b: 1 }, moved: 1 });

      const failed = await failure(
        api.jsonPatch('vitistacks', 'dc', [
          { op: 'replace', path: '/spec/moved', value: 2 },
          { op: 'test', path: '/spec/moved', value: 1 },
        ]),
      );
      assert.equal(failed.code, 422);
      assert.deepEqual((await api.get('vitistacks', 'dc')).spec, patched.spec, 'nothing applied');
      const missing = await failure(
        api.jsonPatch('vitistacks', 'dc', [{ op: 'remove', path: '/spec/nope' }]),
      );
      assert.equal(missing.code, 422);
      const malformed = await failure(
        api.jsonPatch('vitistacks', 'dc', [{ op: 'frobnicate', path: '/spec' }]),
      );
      assert.equal(malformed.code, 400);
    });

    it('refuses a strategic merge patch on a custom resource with 415', async () => {
      await api.create('vitistacks', cr('vitistacks', 'dc'));
      const refused = await failure(api.strategicPatch('vitistacks', 'dc', { spec: { size: 2 } }));
      assert.equal(refused.code, 415);
      assert.equal(refused.reason, 'UnsupportedMediaType');
    });
  });

  describe('deletion', () => {
    it('holds an object with finalizers until they are removed, then sends DELETED', async () => {
      const created = await api.create(
        'vitistacks',
        cr('vitistacks', 'dc', { metadata: { finalizers: ['vitistack.io/stack'] } }),
      );
      const { events } = await watch(path('vitistacks'), {
        resourceVersion: created.metadata.resourceVersion,
      });
      const deleting = await api.remove('vitistacks', 'dc');
      assert.ok(
        deleting.metadata.deletionTimestamp,
        'DELETE answers the object, now being deleted',
      );
      assert.equal(deleting.metadata.deletionGracePeriodSeconds, 0);
      assert.equal(deleting.metadata.generation, 2);
      const modified = await events.waitFor((e) => e.type === 'MODIFIED', 'MODIFIED on delete');
      assert.ok(modified.object.metadata.deletionTimestamp);
      assert.ok((await api.get('vitistacks', 'dc')).metadata.deletionTimestamp, 'still there');
      const again = await api.remove('vitistacks', 'dc');
      assert.equal(again.metadata.resourceVersion, deleting.metadata.resourceVersion);

      const added = await failure(
        api.mergePatch('vitistacks', 'dc', {
          metadata: { finalizers: ['vitistack.io/stack', 'other'] },
        }),
      );
      assert.equal(added.code, 422);
      assert.match(added.message, /no new finalizers can be added if the object is being deleted/);

      await api.jsonPatch('vitistacks', 'dc', [{ op: 'remove', path: '/metadata/finalizers' }]);
      const gone = await events.waitFor((e) => e.type === 'DELETED', 'DELETED after the finalizer');
      assert.equal(gone.object.metadata.name, 'dc');
      assert.equal((await failure(api.get('vitistacks', 'dc'))).code, 404);
    });

    it('garbage-collects dependents named by ownerReferences, in cascade', async () => {
      const owner = await api.create('vitistacks', cr('vitistacks', 'dc'));
      const other = await api.create('vitistacks', cr('vitistacks', 'other'));
      const ref = (o: Obj) => ({
        apiVersion: API_VERSION,
        kind: o.kind!,
        name: o.metadata.name!,
        uid: o.metadata.uid!,
      });
      const child = await api.create(
        'machines',
        cr('machines', 'child', { metadata: { ownerReferences: [ref(owner)] } }),
      );
      await api.create(
        'machines',
        cr('machines', 'grandchild', { metadata: { ownerReferences: [ref(child)] } }),
      );
      await api.create(
        'machines',
        cr('machines', 'shared', { metadata: { ownerReferences: [ref(owner), ref(other)] } }),
      );
      await api.create(
        'machines',
        cr('machines', 'held', { metadata: { ownerReferences: [ref(owner)], finalizers: ['x'] } }),
      );
      await kc.makeApiClient(CoreV1Api).createNamespacedSecret({
        namespace: NS,
        body: model(V1Secret, {
          metadata: { name: 'creds', ownerReferences: [ref(owner)] },
          stringData: { k: 'v' },
        }),
      });
      const unrelated = await api.create('machines', cr('machines', 'unrelated'));

      await api.remove('vitistacks', 'dc');

      assert.equal(server.object('machines', NS, 'child'), undefined);
      assert.equal(server.object('machines', NS, 'grandchild'), undefined);
      assert.equal(server.object('secrets', NS, 'creds'), undefined);
      const shared = await api.get('machines', 'shared');
      assert.deepEqual(
        shared.metadata.ownerReferences,
        [ref(other)],
        'only the dangling reference goes',
      );
      assert.ok((await api.get('machines', 'held')).metadata.deletionTimestamp);
      assert.deepEqual(await api.get('machines', 'unrelated'), unrelated);
    });

    it('orphans dependents with propagationPolicy Orphan', async () => {
      const owner = await api.create('vitistacks', cr('vitistacks', 'dc'));
      const ref = {
        apiVersion: API_VERSION,
        kind: 'Vitistack',
        name: 'dc',
        uid: owner.metadata.uid!,
      };
      await api.create('machines', cr('machines', 'm', { metadata: { ownerReferences: [ref] } }));
      await api.remove('vitistacks', 'dc', 'Orphan');
      assert.equal((await api.get('machines', 'm')).metadata.ownerReferences, undefined);
    });
  });

  describe('watch', () => {
    it('replays the changes after a resourceVersion, then follows live', async () => {
      const a = await api.create('machines', cr('machines', 'a'));
      await api.create('machines', cr('machines', 'b'));
      await api.mergePatch('machines', 'a', { spec: { size: 2 } });
      await api.remove('machines', 'b');
      const { events } = await watch(path('machines'), {
        resourceVersion: a.metadata.resourceVersion,
      });
      await api.create('machines', cr('machines', 'c'));
      await events.waitFor((e) => e.object.metadata.name === 'c', 'ADDED c');
      const seen = events.items.map((e) => `${e.type} ${e.object.metadata.name} ${rvOf(e.object)}`);
      const rv = rvOf(a);
      assert.deepEqual(seen, [
        `ADDED b ${rv + 1}`,
        `MODIFIED a ${rv + 2}`,
        `DELETED b ${rv + 3}`,
        `ADDED c ${rv + 4}`,
      ]);
    });

    it('starts with ADDED for every current object when no resourceVersion is given', async () => {
      await api.create('machines', cr('machines', 'a'));
      await api.create('machines', cr('machines', 'b'));
      const { events } = await watch(path('machines'), { allowWatchBookmarks: true });
      server.bookmark();
      const bookmark = await events.waitFor((e) => e.type === 'BOOKMARK', 'a BOOKMARK');
      assert.equal(bookmark.object.metadata.resourceVersion, server.resourceVersion);
      assert.deepEqual(
        events.items.map((e) => `${e.type} ${e.object.metadata.name ?? ''}`),
        ['ADDED a', 'ADDED b', 'BOOKMARK '],
      );
    });

    it('answers a compacted resourceVersion with a 410 Expired ERROR event and ends', async () => {
      const a = await api.create('machines', cr('machines', 'a'));
      await api.create('machines', cr('machines', 'b'));
      server.compactHistory();
      const { events, ended } = await watch(path('machines'), {
        resourceVersion: a.metadata.resourceVersion,
      });
      const error = await events.waitFor((e) => e.type === 'ERROR', 'the ERROR event');
      assert.equal(error.object.code, 410);
      assert.equal(error.object.reason, 'Expired');
      assert.equal(error.object.kind, 'Status');
      assert.equal(await within(ended, 'the end of the stream'), null);
      const list = await api.list('machines');
      const fresh = await watch(path('machines'), {
        resourceVersion: list.metadata?.resourceVersion,
      });
      await api.create('machines', cr('machines', 'c'));
      const added = await fresh.events.waitFor(() => true, 'an event after the relist');
      assert.equal(added.object.metadata.name, 'c', 'the list resourceVersion is watchable');
    });

    it('filters by namespace, label selector and field selector, with ADDED/DELETED on relabel', async () => {
      const { events } = await watch(path('machines'), { labelSelector: 'env=prod' });
      const all = await watch(`/apis/${GROUP}/${VERSION}/machines`, {
        fieldSelector: 'metadata.name!=skip',
      });
      await api.create('machines', cr('machines', 'e', { metadata: { labels: { env: 'dev' } } }));
      await api.create(
        'machines',
        cr('machines', 'o', { metadata: { labels: { env: 'prod' } } }),
        'other',
      );
      await api.create('machines', cr('machines', 'skip'));
      await api.mergePatch('machines', 'e', { metadata: { labels: { env: 'prod' } } });
      await api.mergePatch('machines', 'e', { metadata: { labels: { env: 'dev' } } });
      await api.create('machines', cr('machines', 'f', { metadata: { labels: { env: 'prod' } } }));
      await events.waitFor((e) => e.object.metadata.name === 'f', 'ADDED f');
      assert.deepEqual(
        events.items.map((e) => `${e.type} ${e.object.metadata.name}`),
        ['ADDED e', 'DELETED e', 'ADDED f'],
      );
      await all.events.waitFor((e) => e.object.metadata.name === 'f', 'ADDED f everywhere');
      assert.deepEqual(
        all.events.items.map(
          (e) => `${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`,
        ),
        [
          'ADDED default/e',
          'ADDED other/o',
          'MODIFIED default/e',
          'MODIFIED default/e',
          'ADDED default/f',
        ],
      );
    });

    it('ends every watch promptly on stop()', async () => {
      const { ended } = await watch(path('machines'));
      assert.equal(server.watchCount(), 1);
      await within(server.stop(), 'stop()');
      await within(ended, 'the watch to end');
      assert.equal(server.watchCount(), 0);
    });
  });

  describe('list', () => {
    const labelled: Record<string, Record<string, string>> = {
      a: { env: 'prod', tier: 'web' },
      b: { env: 'dev', tier: 'web' },
      c: { env: 'prod' },
      d: {},
    };
    const cases: { selector: string; want: string[] }[] = [
      { selector: 'env=prod', want: ['a', 'c'] },
      { selector: 'env==prod', want: ['a', 'c'] },
      { selector: 'env!=prod', want: ['b', 'd'] },
      { selector: 'tier', want: ['a', 'b'] },
      { selector: '!tier', want: ['c', 'd'] },
      { selector: 'env in (prod,dev)', want: ['a', 'b', 'c'] },
      { selector: 'env notin (prod)', want: ['b', 'd'] },
      { selector: 'env=prod,tier=web', want: ['a'] },
      { selector: 'env in (prod, dev), !tier', want: ['c'] },
    ];
    for (const tc of cases) {
      it(`selects labels with "${tc.selector}"`, async () => {
        for (const [name, labels] of Object.entries(labelled)) {
          await api.create('machines', cr('machines', name, { metadata: { labels } }));
        }
        assert.deepEqual(
          names(await api.list('machines', { labelSelector: tc.selector })),
          tc.want,
        );
      });
    }

    it('selects by field, refuses bad selectors, pages with limit/continue and lists all namespaces', async () => {
      for (const name of ['a', 'b', 'c']) await api.create('machines', cr('machines', name));
      await api.create('machines', cr('machines', 'z'), 'other');
      assert.deepEqual(names(await api.list('machines', { fieldSelector: 'metadata.name=b' })), [
        'b',
      ]);
      assert.equal(
        (await failure(api.list('machines', { fieldSelector: 'spec.size=1' }))).code,
        400,
      );
      assert.equal(
        (await failure(api.list('machines', { labelSelector: 'env in prod' }))).code,
        400,
      );
      const first = await api.listPage('machines', 2);
      assert.deepEqual(names(first), ['a', 'b']);
      const token = continueOf(first);
      assert.ok(token, 'a first page of a longer list has a continue token');
      const second = await api.listPage('machines', 2, token);
      assert.deepEqual(names(second), ['c']);
      assert.equal(continueOf(second), undefined);
      assert.deepEqual(names(await api.listAll('machines')), ['a', 'b', 'c', 'z']);
    });
  });

  describe('informer (makeInformer / ListWatch)', () => {
    function startInformer() {
      const customApi = kc.makeApiClient(CustomObjectsApi);
      const list = async () =>
        (await customApi.listNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace: NS,
          plural: 'machines',
        })) as KubernetesListObject<KubernetesObject>;
      const informer = makeInformer(kc, path('machines'), list);
      const seen = new EventLog<string>();
      const errors = new EventLog<unknown>();
      const name = (o: KubernetesObject) => o.metadata?.name ?? '';
      informer.on('add', (o) => {
        seen.push(`add ${name(o)}`);
      });
      informer.on('update', (o) => {
        seen.push(`update ${name(o)} ${JSON.stringify('spec' in o ? o.spec : undefined)}`);
      });
      informer.on('delete', (o) => {
        seen.push(`delete ${name(o)}`);
      });
      informer.on('error', (err) => {
        errors.push(err);
      });
      cleanups.push(() => informer.stop());
      return { informer, seen, errors };
    }

    const watchRequests = () => server.requests.filter((r) => r.verb === 'watch');
    const listRequests = () => server.requests.filter((r) => r.verb === 'list');

    it('sees adds, updates and deletes', async () => {
      await api.create('machines', cr('machines', 'a'));
      const { informer, seen } = startInformer();
      await within(informer.start(), 'the informer to start');
      await api.create('machines', cr('machines', 'b'));
      await api.mergePatch('machines', 'a', { spec: { size: 2 } });
      await api.remove('machines', 'b');
      await seen.waitFor((s) => s === 'delete b', 'delete b');
      assert.deepEqual(seen.items, ['add a', 'add b', 'update a {"size":2}', 'delete b']);
      assert.deepEqual(
        informer.list(NS).map((o) => o.metadata?.name),
        ['a'],
      );
    });

    it('resumes from its resourceVersion after the server closes the watch', async () => {
      const { informer, seen } = startInformer();
      await within(informer.start(), 'the informer to start');
      const a = await api.create('machines', cr('machines', 'a'));
      await seen.waitFor((s) => s === 'add a', 'add a');
      server.resetRequests();
      server.closeWatches();
      await until(() => watchRequests().length === 1 && server.watchCount() === 1, 'the re-watch');
      assert.equal(listRequests().length, 0, 'no relist');
      assert.equal(watchRequests()[0]!.query.resourceVersion, a.metadata.resourceVersion);
      await api.create('machines', cr('machines', 'b'));
      await seen.waitFor((s) => s === 'add b', 'add b after the reconnect');
    });

    it('relists after a 410 (compacted history), noticing objects deleted meanwhile', async () => {
      await api.create('machines', cr('machines', 'a'));
      const b = await api.create('machines', cr('machines', 'b'));
      const { informer, seen } = startInformer();
      await within(informer.start(), 'the informer to start');
      await informer.stop();
      const before = b.metadata.resourceVersion!;
      await api.remove('machines', 'a');
      await api.create('machines', cr('machines', 'c'));
      server.compactHistory();
      server.resetRequests();
      await within(informer.start(), 'the informer to restart');
      await seen.waitFor((s) => s === 'add c', 'add c from the relist');
      await seen.waitFor((s) => s === 'delete a', 'delete a from the relist');
      await until(() => server.watchCount() === 1, 'the watch after the relist');
      assert.deepEqual(
        server.requests.map((r) => `${r.verb ?? ''} ${r.query.resourceVersion ?? ''}`),
        [`watch ${before}`, 'list ', `watch ${server.resourceVersion}`],
      );

      server.resetRequests();
      server.compactHistory();
      server.closeWatches();
      await until(
        () => listRequests().length === 1 && server.watchCount() === 1,
        'relist after compaction',
      );
      await api.create('machines', cr('machines', 'd'));
      await seen.waitFor((s) => s === 'add d', 'add d after the relist');
    });

    it('relists after a watch answered 410, and stops on other errors until start() again', async () => {
      const { informer, seen, errors } = startInformer();
      await within(informer.start(), 'the informer to start');
      server.resetRequests();
      server.failNext({ verb: 'watch', code: 410 });
      server.closeWatches();
      await until(
        () => listRequests().length === 1 && server.watchCount() === 1,
        'relist after 410',
      );

      server.failNext({ verb: 'watch', code: 500 });
      server.closeWatches();
      const err = await errors.waitFor(() => true, 'the informer error');
      assert.equal((err as { statusCode?: number }).statusCode, 500);
      await api.list('machines');
      assert.equal(server.watchCount(), 0, 'ListWatch does not restart after an error');
      await within(informer.start(), 'the informer to restart');
      await api.create('machines', cr('machines', 'x'));
      await seen.waitFor((s) => s === 'add x', 'add x after start()');
    });
  });

  describe('core and coordination resources', () => {
    it('keeps Secrets: stringData folded into data, no generation, unconditional PUT', async () => {
      const core = kc.makeApiClient(CoreV1Api);
      const created = await core.createNamespacedSecret({
        namespace: NS,
        body: model(V1Secret, {
          metadata: { name: 's', labels: { app: 'x' } },
          stringData: { password: 'hunter2' },
        }),
      });
      assert.deepEqual(created.data, { password: Buffer.from('hunter2').toString('base64') });
      assert.equal(created.type, 'Opaque');
      assert.equal(created.stringData, undefined);
      assert.equal(created.metadata?.generation, undefined);
      const stale = structuredClone(created);
      created.data = { a: 'Yg==' };
      delete created.metadata?.resourceVersion;
      const replaced = await core.replaceNamespacedSecret({
        name: 's',
        namespace: NS,
        body: created,
      });
      assert.deepEqual(
        replaced.data,
        { a: 'Yg==' },
        'a core object takes a PUT without resourceVersion',
      );
      stale.data = { b: 'Yw==' };
      const conflict = await failure(
        core.replaceNamespacedSecret({ name: 's', namespace: NS, body: stale }),
      );
      assert.equal(conflict.code, 409);
      const strategic = await core.patchNamespacedSecret(
        { name: 's', namespace: NS, body: { data: { c: 'ZA==' } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      assert.deepEqual(strategic.data, { a: 'Yg==', c: 'ZA==' });
      const listed = await core.listNamespacedSecret({ namespace: NS, labelSelector: 'app=x' });
      assert.deepEqual(
        listed.items.map((s) => s.metadata?.name),
        ['s'],
      );
      const status = await core.deleteNamespacedSecret({ name: 's', namespace: NS });
      assert.equal(status.status, 'Success');
      const gone = await failure(core.readNamespacedSecret({ name: 's', namespace: NS }));
      assert.equal(gone.code, 404);
    });

    it('keeps Leases with optimistic concurrency, and Events', async () => {
      const leases = kc.makeApiClient(CoordinationV1Api);
      const created = await leases.createNamespacedLease({
        namespace: NS,
        body: model(V1Lease, {
          metadata: { name: 'leader' },
          spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
        }),
      });
      const stale = structuredClone(created);
      created.spec!.holderIdentity = 'b';
      created.spec!.leaseTransitions = 1;
      const taken = await leases.replaceNamespacedLease({
        name: 'leader',
        namespace: NS,
        body: created,
      });
      assert.equal(taken.spec?.holderIdentity, 'b');
      stale.spec!.holderIdentity = 'c';
      const lost = await failure(
        leases.replaceNamespacedLease({ name: 'leader', namespace: NS, body: stale }),
      );
      assert.equal(lost.reason, 'Conflict');
      const read = await leases.readNamespacedLease({ name: 'leader', namespace: NS });
      assert.equal(read.spec?.holderIdentity, 'b');
      await leases.deleteNamespacedLease({ name: 'leader', namespace: NS });
      assert.equal(server.objects('leases').length, 0);

      const core = kc.makeApiClient(CoreV1Api);
      const event = await core.createNamespacedEvent({
        namespace: NS,
        body: model(CoreV1Event, {
          metadata: { generateName: 'dc.' },
          involvedObject: { apiVersion: API_VERSION, kind: 'Vitistack', name: 'dc', namespace: NS },
          reason: 'Reconciled',
          message: 'Stack is up to date.',
          type: 'Normal',
        }),
      });
      assert.match(event.metadata.name ?? '', /^dc\./);
      const events = await core.listNamespacedEvent({ namespace: NS });
      assert.deepEqual(
        events.items.map((e) => e.reason),
        ['Reconciled'],
      );
    });
  });

  describe('test hooks', () => {
    it('injects faults as metav1.Status errors for the matching requests only', async () => {
      await api.create('vitistacks', cr('vitistacks', 'dc'));
      server.failNext({ verb: 'get', plural: 'vitistacks', code: 500, times: 2 });
      server.failNext({ verb: 'patch', name: 'dc', code: 409, message: 'try again' });
      await api.list('vitistacks');
      for (let i = 0; i < 2; i++) {
        const fault = await failure(api.get('vitistacks', 'dc'));
        assert.equal(fault.code, 500);
        assert.equal(fault.reason, 'InternalError');
      }
      assert.equal((await api.get('vitistacks', 'dc')).metadata.name, 'dc');
      const conflict = await failure(api.mergePatch('vitistacks', 'dc', { spec: { size: 2 } }));
      assert.deepEqual([conflict.reason, conflict.message], ['Conflict', 'try again']);
      assert.deepEqual((await api.get('vitistacks', 'dc')).spec, { size: 1 });
    });

    it('logs requests by verb, seeds objects and reads the store', async () => {
      const seeded = server.seed({
        apiVersion: API_VERSION,
        kind: 'Vitistack',
        metadata: { name: 'seeded', namespace: NS },
        spec: { size: 1 },
        status: { phase: 'Ready' },
      });
      assert.deepEqual(await api.get('vitistacks', 'seeded'), seeded);
      assert.deepEqual(seeded.status, { phase: 'Ready' });
      server.resetRequests();
      await api.list('vitistacks');
      await api.mergePatchStatus('vitistacks', 'seeded', { status: { phase: 'Gone' } });
      await api.remove('vitistacks', 'seeded');
      assert.deepEqual(
        server.requests.map((r) => `${r.verb ?? ''} ${r.plural ?? ''} ${r.subresource ?? ''}`),
        ['list vitistacks ', 'patch vitistacks status', 'delete vitistacks '],
      );
      assert.deepEqual(server.objects('vitistack.io/vitistacks'), []);
    });
  });
});
