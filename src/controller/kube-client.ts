// The writes the controller makes to the API server, behind one small interface: finalizers,
// /status, owned Secrets and Events. `KubeClusterWriter` does them with @kubernetes/client-node;
// the reads come from the watches (watches.ts), never from here.
// client-node's models are data-only classes (no methods, no private state); its own examples
// pass object literals for them, as we do.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubeConfig,
  type V1Secret,
} from '@kubernetes/client-node';
import { findKind } from '../api/v1alpha1';
import { GROUP, VERSION } from '../api/v1alpha1/common';
import type { RawObject } from './cache';

/** A vitistack.io object by kind, namespace and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A Secret the controller owns: values written as stringData, never read back here. */
export interface OwnedSecret {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly owner: { readonly kind: string; readonly name: string; readonly uid: string };
  readonly data: Readonly<Record<string, string>>;
}

export interface ClusterWriter {
  /**
   * Sets `metadata.finalizers`, failing with a conflict (code 409) when the object changed since
   * `resourceVersion`. Returns the object as written.
   */
  setFinalizers(
    ref: ObjectRef,
    finalizers: readonly string[],
    resourceVersion: string,
  ): Promise<RawObject>;
  /**
   * Replaces the whole status through the /status subresource (a JSON patch `add /status`: no
   * resourceVersion precondition, and nothing of an older status lingers as it would in a merge
   * patch). Returns the object as written.
   */
  replaceStatus(ref: ObjectRef, status: Readonly<Record<string, unknown>>): Promise<RawObject>;
  /** Creates or replaces a Secret owned by a vitistack.io object (garbage-collected with it). */
  applySecret(secret: OwnedSecret): Promise<void>;
  createEvent(event: CoreV1Event): Promise<void>;
}

/** The HTTP status of an API error, when it has one. */
export function statusCodeOf(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown; statusCode?: unknown }).code;
    if (typeof code === 'number') return code;
    const statusCode = (err as { statusCode?: unknown }).statusCode;
    if (typeof statusCode === 'number') return statusCode;
  }
  return undefined;
}

/** The message of an API error: the Status message when the server sent one. */
export function apiErrorMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = err.body;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') return `${String(err.code)}: ${parsed.message}`;
    } catch {
      // not JSON: use the text as it is
    }
    return `${String(err.code)}: ${text.slice(0, 300)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function pluralOf(kind: string): string {
  const def = findKind(kind);
  if (def === undefined) throw new Error(`${kind} is not a vitistack.io kind`);
  return def.plural;
}

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const JSON_PATCH = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

export class KubeClusterWriter implements ClusterWriter {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(kc: KubeConfig) {
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
  }

  async setFinalizers(
    ref: ObjectRef,
    finalizers: readonly string[],
    resourceVersion: string,
  ): Promise<RawObject> {
    const written: unknown = await this.custom.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace: ref.namespace,
        plural: pluralOf(ref.kind),
        name: ref.name,
        body: { metadata: { finalizers: [...finalizers], resourceVersion } },
      },
      MERGE,
    );
    return written as RawObject;
  }

  async replaceStatus(
    ref: ObjectRef,
    status: Readonly<Record<string, unknown>>,
  ): Promise<RawObject> {
    const written: unknown = await this.custom.patchNamespacedCustomObjectStatus(
      {
        group: GROUP,
        version: VERSION,
        namespace: ref.namespace,
        plural: pluralOf(ref.kind),
        name: ref.name,
        body: [{ op: 'add', path: '/status', value: status }],
      },
      JSON_PATCH,
    );
    return written as RawObject;
  }

  async applySecret(secret: OwnedSecret): Promise<void> {
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: secret.name,
        namespace: secret.namespace,
        labels: { ...secret.labels },
        ownerReferences: [
          {
            apiVersion: `${GROUP}/${VERSION}`,
            kind: secret.owner.kind,
            name: secret.owner.name,
            uid: secret.owner.uid,
            // No blockOwnerDeletion: it would need update on <kind>/finalizers of every owner
            // kind, and only matters to foreground deletion.
            controller: true,
          },
        ],
      },
      stringData: { ...secret.data },
    };
    try {
      await this.core.createNamespacedSecret({ namespace: secret.namespace, body });
    } catch (err) {
      if (statusCodeOf(err) !== 409) throw err;
      const existing = await this.core.readNamespacedSecret({
        namespace: secret.namespace,
        name: secret.name,
      });
      // Never overwrite a Secret someone else made under the same name.
      const owned = (existing.metadata?.ownerReferences ?? []).some(
        (o) => o.uid === secret.owner.uid,
      );
      if (!owned) {
        throw new Error(
          `Secret ${secret.namespace}/${secret.name} exists and is not owned by ${secret.owner.kind} ${secret.namespace}/${secret.owner.name}; delete or rename it so the controller can write the kubeconfig there`,
        );
      }
      await this.core.replaceNamespacedSecret({
        namespace: secret.namespace,
        name: secret.name,
        body,
      });
    }
  }

  async createEvent(event: CoreV1Event): Promise<void> {
    await this.core.createNamespacedEvent({
      namespace: event.metadata.namespace ?? 'default',
      body: event,
    });
  }
}
