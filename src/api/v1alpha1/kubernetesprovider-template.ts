// The `clusterTemplate` of a template-based KubernetesProvider (spec 001: talos, kubeadm, k3s): the
// defaults each KubernetesCluster built on this provider starts from.
import { s } from '../schema';
import { checkOddReplicas, memorySize, storageSize } from './common';

/** CPU cores of a machine: 1 to 128, as a number (4) or a quantity string ("4"). */
export const cpuCores = (description: string) =>
  s.either(description, {
    integer: s.int(description, { min: 1, max: 128 }),
    string: s.quantity(description, { min: '1', max: '128' }, '4'),
  });

/** Size of one machine (the spec writes `resources: {}` without detail). */
export const machineResources = s.object('Size of each machine.', {
  cpu: cpuCores('CPU cores of each machine, 1 to 128.'),
  memory: memorySize('Memory of each machine, 128Mi to 1024Gi, e.g. "8Gi".'),
  storage: storageSize('System disk of each machine, 1Gi to 100Ti, e.g. "50Gi".'),
});

const machineTemplate = s.object('The machines of this group.', {
  resources: machineResources,
  machineClass: s.text('Machine class (size name) of the machines, e.g. "large".'),
});

export const CNI_TYPES = ['calico', 'flannel', 'cilium'] as const;

export const clusterTemplate = s.object(
  'Defaults for clusters built on this provider (talos, kubeadm and k3s types).',
  {
    kubernetesVersion: s.kubernetesVersion('Kubernetes version of the clusters, e.g. "1.29".'),
    cni: s.object('Pod network plugin.', {
      type: s.enum('CNI plugin.', CNI_TYPES).req(),
      config: s.freeform('CNI-specific settings, passed to the plugin as is.'),
    }),
    controlPlane: s
      .object('Control plane nodes.', {
        replicas: s
          .int('Number of control plane nodes; odd, so etcd keeps quorum.', { min: 1 })
          .req(),
        machineTemplate,
      })
      .refine((v, r) => {
        checkOddReplicas(v.replicas, r);
      })
      .req(),
    workers: s.array(
      'Worker node groups.',
      s.object('A worker node group.', {
        name: s.name('Name of the group, unique within the template.').req(),
        replicas: s.int('Number of worker nodes.', { min: 0 }).req(),
        machineTemplate,
      }),
      { uniqueBy: 'name' },
    ),
  },
);
