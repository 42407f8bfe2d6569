// Shapes that several kinds share: references, conditions, resource requirements, status basics.
import { s } from '../schema';

export const GROUP = 'vitistack.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** `secretRef` as the documents write it; `key` picks one entry of the Secret. */
export const secretRef = (description = 'Reference to a Secret holding credentials.') =>
  s.object(description, {
    name: s.name('Name of the Secret.').req(),
    namespace: s.name('Namespace of the Secret. Defaults to the namespace of this object.'),
    key: s.text('Key within the Secret. Defaults to all keys.'),
  });

/** A `{name, namespace}` reference to another vitistack.io object. */
export const objectRef = (description: string) =>
  s.object(description, {
    name: s.name('Name of the referenced object.').req(),
    namespace: s.name("Namespace of the referenced object. Defaults to this object's namespace."),
  });

/** A full object reference (`apiVersion`, `kind`, `name`, `namespace`, `uid`). */
export const typedObjectRef = (description: string) =>
  s.object(description, {
    apiVersion: s.text('API version of the referenced object, e.g. "vitistack.io/v1alpha1".'),
    kind: s.text('Kind of the referenced object, e.g. "MachineProvider".'),
    name: s.name('Name of the referenced object.').req(),
    namespace: s.name("Namespace of the referenced object. Defaults to this object's namespace."),
    uid: s.text('UID of the referenced object.'),
  });

/** metav1.Condition, plus the spec's optional fields. */
export const condition = s.object('A status condition (metav1.Condition shape).', {
  type: s.text('Condition type, e.g. Ready, Reconciling, Stalled, ProvidersReady.').req(),
  status: s.enum('Status of the condition.', ['True', 'False', 'Unknown']).req(),
  reason: s.string('Machine-readable reason in CamelCase, e.g. ProviderNotFound.'),
  message: s.string('Human-readable message.'),
  lastTransitionTime: s.timestamp('When the condition last changed status.'),
  observedGeneration: s.int('The generation the condition was computed for.', { min: 0 }),
});

export const conditions = s.array(
  'Conditions of the object (kstatus and domain conditions).',
  condition,
  {
    uniqueBy: 'type',
  },
);

/** CPU, memory and storage quantities (requests or limits). */
export const resourceList = (description: string) =>
  s.object(description, {
    cpu: s.cpuQuantity('CPU, as cores ("2") or millicores ("500m").'),
    memory: s.quantity('Memory, e.g. "512Mi".', {}, '512Mi'),
    storage: s.quantity('Storage, e.g. "10Gi".'),
  });

export const resourceRequirements = (description: string) =>
  s.object(description, {
    requests: resourceList('Resource requests.'),
    limits: resourceList('Resource limits.'),
  });

export const taint = s.object('A Kubernetes node taint.', {
  key: s.text('Taint key.').req(),
  value: s.string('Taint value.'),
  effect: s.enum('Taint effect.', ['NoSchedule', 'PreferNoSchedule', 'NoExecute']).req(),
});

/** Memory sizes for machines: 128Mi to 1024Gi (spec: Memory Specifications). */
export const memorySize = (description: string) =>
  s.quantity(description, { min: '128Mi', max: '1024Gi' }, '4Gi');

/** Storage sizes for volumes: 1Gi to 100Ti (spec: Storage Specifications). */
export const storageSize = (description: string) =>
  s.quantity(description, { min: '1Gi', max: '100Ti' }, '20Gi');

/** Fields every status has: phase, conditions, observedGeneration. */
export const statusBasics = {
  phase: s.string('Current lifecycle phase, e.g. Pending, Provisioning, Ready, Failed, Deleting.'),
  conditions,
  observedGeneration: s.int('The generation last reconciled successfully.', { min: 0 }),
  message: s.string('Human-readable summary of the current state.'),
};
