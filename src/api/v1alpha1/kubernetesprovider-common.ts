// Pieces the KubernetesProvider files share: version comparison, credentials, node-group scaling
// and the "one or many" field rule.
import { s, type Reporter } from '../schema';
import { objectRef, secretRef, taint } from './common';

/** The same version written with or without a leading "v". */
export function sameVersion(a: string, b: string): boolean {
  return a.replace(/^v/, '') === b.replace(/^v/, '');
}

/** `credentials: { secretRef }` of a distribution block. */
export const credentials = (cloud: string) =>
  s.object(`Credentials for the ${cloud} API.`, {
    secretRef: secretRef(`Secret holding the ${cloud} credentials.`).req(),
  });

/** A list of non-empty, unique strings (IDs, names). */
export const textList = (description: string, item: string) =>
  s.array(description, s.text(item), { unique: true });

export const scaling = s
  .object('Node count bounds of the group (minSize <= desiredSize <= maxSize).', {
    minSize: s.int('Minimum number of nodes.', { min: 0 }),
    maxSize: s.int('Maximum number of nodes.', { min: 1 }),
    desiredSize: s.int('Number of nodes to run now.', { min: 0 }),
  })
  .refine((v, r) => {
    const { minSize, maxSize, desiredSize } = v;
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      r.add(['minSize'], `is above maxSize ${maxSize} (minSize must not exceed maxSize)`, minSize);
      return;
    }
    if (desiredSize === undefined) return;
    if (minSize !== undefined && desiredSize < minSize) {
      r.add(
        ['desiredSize'],
        `is below minSize ${minSize} (desiredSize must be from minSize to maxSize)`,
        desiredSize,
      );
    } else if (maxSize !== undefined && desiredSize > maxSize) {
      r.add(
        ['desiredSize'],
        `is above maxSize ${maxSize} (desiredSize must be from minSize to maxSize)`,
        desiredSize,
      );
    }
  });

/** Fields every node group / node pool has, whatever the cloud. */
export const nodeGroupBase = () => ({
  name: s.name('Name of the node group, unique within the provider.').req(),
  capacityType: s.enum('Pricing of the nodes: on-demand or spot.', ['ON_DEMAND', 'SPOT']),
  machineProvider: objectRef('MachineProvider whose settings the nodes of this group use.'),
  scaling,
  labels: s.stringMap('Kubernetes labels put on every node of the group.'),
  taints: s.array('Kubernetes taints put on every node of the group.', taint),
});

/**
 * Rule for a field written in the singular or the plural (`instanceType` / `instanceTypes`):
 * one of them, not both.
 */
export function notBoth(singular: string, plural: string, what: string) {
  return (v: Readonly<Record<string, unknown>>, r: Reporter): void => {
    if (v[singular] !== undefined && v[plural] !== undefined) {
      r.missing(
        [plural],
        `cannot be set together with ${singular} (use ${singular} for one ${what} or ${plural} for several)`,
      );
    }
  };
}
