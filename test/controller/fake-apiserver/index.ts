// An in-process Kubernetes API server for controller tests, driven by the real client-node.
//
// Kept from the real server: one global resourceVersion counter; uid, creationTimestamp and
// generateName on create; generation (custom resources only) bumped when anything but metadata
// and status changes; the status subresource both ways (status dropped on create); no-op writes
// not stored and not watched; resourceVersion preconditions (409), and PUT of a custom resource
// without one refused (422); merge and JSON patches, strategic merge for core types only (415 for
// custom resources); finalizers holding a deleted object with a deletionTimestamp, removal once
// they are gone, no new finalizers while deleting (422); ownerReference garbage collection
// (background cascade; Orphan strips the references); label and field selectors; list paging;
// watches replayed from a history window, 410 Expired as an ERROR event once it is compacted,
// selector transitions sent as ADDED/DELETED; metav1.Status errors.
//
// Not modelled: schema validation, pruning and defaulting; server-side apply (415); dryRun
// (400); deletecollection (405); namespaces as objects (any namespace exists); managedFields.
// Garbage collection runs synchronously inside the request that removed the owner, and
// Foreground deletion behaves as Background. Later list pages show current objects, not a
// snapshot.
export { FakeApiServer } from './server';
export type { Fault, FakeApiServerOptions, RequestRecord } from './server';
export type { Verb } from './routes';
export type { Json, JsonObject } from './json';
export { EventLog, until, within } from './waiting';
