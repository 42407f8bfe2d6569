import { strict as assert } from 'node:assert';
import { kubernetesProviderKind } from '../../../src/api/v1alpha1/kubernetesprovider';
import { itReports } from '../../helpers/kind-cases';
import { eks, eksGroup, messages, provider, talos, type Obj } from './kubernetesprovider-helpers';

describe('KubernetesProvider rules', () => {
  describe('invalid objects', () => {
    const cases: { name: string; doc: Obj; want: string[] }[] = [
      {
        name: 'unknown type, with a hint',
        doc: provider({ type: 'EKS' }),
        want: [
          'spec.type: "EKS" is not one of the allowed values (allowed: eks, aks, gke, rke2, openshift, vanilla, talos, kubeadm, or k3s); did you mean "eks"?',
        ],
      },
      {
        name: 'distribution block that does not match type',
        doc: provider({ type: 'aks', eks: {} }),
        want: [
          'spec.eks: does not match type "aks" (type "aks" takes its settings from the aks block: move them there, or set type to "eks")',
        ],
      },
      {
        name: 'two distribution blocks',
        doc: provider({ type: 'eks', eks: {}, aks: {} }),
        want: [
          'spec.aks: cannot be set together with eks (a KubernetesProvider has at most one distribution block, the one matching type "eks")',
        ],
      },
      {
        name: 'distribution block on a template type',
        doc: talos({}, { eks: {} }),
        want: [
          'spec.eks: cannot be used with type "talos" (talos providers build clusters from clusterTemplate; distribution blocks are for eks, aks, gke, rke2, openshift and vanilla)',
        ],
      },
      {
        name: 'clusterTemplate on a distribution type',
        doc: eks({}, { clusterTemplate: { controlPlane: { replicas: 1 } } }),
        want: [
          'spec.clusterTemplate: cannot be used with type "eks" (clusterTemplate is for talos, kubeadm and k3s providers; type "eks" takes its settings from the eks block)',
        ],
      },
      {
        name: 'desiredSize above maxSize',
        doc: eks({
          nodeGroups: [eksGroup({ scaling: { minSize: 1, maxSize: 3, desiredSize: 5 } })],
        }),
        want: [
          'spec.eks.nodeGroups[0].scaling.desiredSize: 5 is above maxSize 3 (desiredSize must be from minSize to maxSize)',
        ],
      },
      {
        name: 'minSize above maxSize',
        doc: eks({ nodeGroups: [eksGroup({ scaling: { minSize: 4, maxSize: 3 } })] }),
        want: [
          'spec.eks.nodeGroups[0].scaling.minSize: 4 is above maxSize 3 (minSize must not exceed maxSize)',
        ],
      },
      {
        name: 'desiredSize below minSize',
        doc: eks({
          nodeGroups: [eksGroup({ scaling: { minSize: 2, maxSize: 3, desiredSize: 1 } })],
        }),
        want: [
          'spec.eks.nodeGroups[0].scaling.desiredSize: 1 is below minSize 2 (desiredSize must be from minSize to maxSize)',
        ],
      },
      {
        name: 'instanceType and instanceTypes together',
        doc: eks({ nodeGroups: [eksGroup({ instanceType: 'm5.large' })] }),
        want: [
          'spec.eks.nodeGroups[0].instanceTypes: cannot be set together with instanceType (use instanceType for one instance type or instanceTypes for several)',
        ],
      },
      {
        name: 'duplicate node group names',
        doc: eks({ nodeGroups: [eksGroup(), eksGroup()] }),
        want: [
          'spec.eks.nodeGroups[1].name: "workers" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'even control plane replicas',
        doc: talos({ controlPlane: { replicas: 2 } }),
        want: [
          'spec.clusterTemplate.controlPlane.replicas: 2 is an even number (etcd needs an odd number of control plane nodes to keep quorum: use 1, 3 or 5)',
        ],
      },
      {
        name: 'duplicate worker names',
        doc: talos({
          workers: [
            { name: 'general', replicas: 2 },
            { name: 'general', replicas: 3 },
          ],
        }),
        want: [
          'spec.clusterTemplate.workers[1].name: "general" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'overlapping pod and service CIDRs',
        doc: talos({}, { networking: { podCIDR: '10.0.0.0/8', serviceCIDR: '10.96.0.0/12' } }),
        want: [
          'spec.networking.serviceCIDR: "10.96.0.0/12" overlaps podCIDR "10.0.0.0/8" (pod and Service addresses must not overlap: choose a serviceCIDR outside the pod range)',
        ],
      },
      {
        name: 'duplicate add-on names',
        doc: eks(
          {},
          { addons: [{ name: 'cert-manager' }, { name: 'cert-manager', version: 'v1.9.1' }] },
        ),
        want: [
          'spec.addons[1].name: "cert-manager" is a duplicate of item 0 (each name in this list must be unique)',
        ],
      },
      {
        name: 'unknown ingress type in the add-on object',
        doc: talos({}, { addons: { ingress: { enabled: true, type: 'haproxy' } } }),
        want: [
          'spec.addons.ingress.type: "haproxy" is not one of the allowed values (allowed: nginx, traefik, or istio)',
        ],
      },
      {
        name: 'add-ons neither a list nor an object',
        doc: eks({}, { addons: 'cert-manager' }),
        want: ['spec.addons: "cert-manager" is a string (expected a list of objects or an object)'],
      },
      {
        name: 'Kubernetes version differs between version and clusterTemplate',
        doc: talos({}, { version: '1.28' }),
        want: [
          'spec.clusterTemplate.kubernetesVersion: "1.29" differs from version "1.28" (set the Kubernetes version in one place, or make both equal)',
        ],
      },
      {
        name: 'CNI differs between networking and clusterTemplate',
        doc: talos({ cni: { type: 'cilium' } }, { networking: { cni: 'calico' } }),
        want: [
          'spec.networking.cni: "calico" differs from clusterTemplate.cni.type "cilium" (set the CNI in one place, or make both equal)',
        ],
      },
      {
        name: 'endpoint reachable from nowhere',
        doc: eks({ clusterConfig: { endpointAccess: { private: false, public: false } } }),
        want: [
          'spec.eks.clusterConfig.endpointAccess: has both private and public set to false (the API endpoint must be reachable: set at least one to true)',
        ],
      },
      {
        name: 'endpointAccess in both documented places',
        doc: eks({
          clusterConfig: {
            endpointAccess: { public: true },
            resourcesConfig: { vpcConfig: { endpointAccess: { public: true } } },
          },
        }),
        want: [
          'spec.eks.clusterConfig.endpointAccess: cannot be set together with resourcesConfig.vpcConfig.endpointAccess (write endpointAccess in one place)',
        ],
      },
      {
        name: 'misspelt log type, with a hint',
        doc: eks({ clusterConfig: { logging: { enabled: ['api', 'controllermanager'] } } }),
        want: [
          'spec.eks.clusterConfig.logging.enabled[1]: "controllermanager" is not one of the allowed values (allowed: api, audit, authenticator, controllerManager, or scheduler); did you mean "controllerManager"?',
        ],
      },
      {
        name: 'misspelt node group field, with a hint',
        doc: eks({ nodeGroups: [eksGroup({ instanceTypess: ['m5.large'] })] }),
        want: [
          'spec.eks.nodeGroups[0].instanceTypess: is not a known field (allowed here: amiType, capacityType, instanceType, instanceTypes, labels, machineProvider, name, remoteAccess, scaling, subnets, taints, or userData); did you mean "instanceTypes"?',
        ],
      },
      {
        name: 'SSH source groups without a key pair',
        doc: eks({ nodeGroups: [eksGroup({ remoteAccess: { sourceSecurityGroups: ['sg-1'] } })] }),
        want: [
          'spec.eks.nodeGroups[0].remoteAccess.ec2SshKey: is required when sourceSecurityGroups is set (EKS opens SSH only for a key pair)',
        ],
      },
      {
        name: 'pod security policy not in the spec list',
        doc: eks({}, { security: { podSecurityStandards: { policy: 'strict' } } }),
        want: [
          'spec.security.podSecurityStandards.policy: "strict" is not one of the allowed values (allowed: baseline, restricted, or privileged)',
        ],
      },
      {
        name: 'bad backup schedule',
        doc: eks(
          {},
          { backup: { enabled: true, schedule: '0 25 * * *', storage: { bucket: 'backups' } } },
        ),
        want: [
          'spec.backup.schedule: "0 25 * * *" is not a valid cron schedule: it has hour "25" outside 0-23 (expected five fields like "0 2 * * *")',
        ],
      },
      {
        name: 'backup enabled without storage',
        doc: eks({}, { backup: { enabled: true, schedule: '0 2 * * *' } }),
        want: [
          'spec.backup.storage: is required when backup is enabled (name the bucket backups go to)',
        ],
      },
      {
        name: 'dashboard from url and ConfigMap',
        doc: eks(
          {},
          {
            monitoring: {
              grafana: {
                dashboards: [
                  {
                    name: 'd',
                    url: 'https://example.com/d.json',
                    configMapRef: { name: 'd', key: 'd.json' },
                  },
                ],
              },
            },
          },
        ),
        want: [
          'spec.monitoring.grafana.dashboards[0].configMapRef: cannot be set together with url (the dashboard comes from url or from configMapRef, not both)',
        ],
      },
      {
        name: 'AKS authorized ranges on a private cluster',
        doc: provider({
          type: 'aks',
          aks: {
            clusterConfig: {
              resourceGroup: 'rg',
              privateCluster: true,
              authorizedIPRanges: ['203.0.113.0/24'],
            },
          },
        }),
        want: [
          'spec.aks.clusterConfig.authorizedIPRanges: cannot be used with privateCluster: true (a private API server has no public endpoint to restrict; remove one of them)',
        ],
      },
      {
        name: 'AKS without a System pool',
        doc: provider({ type: 'aks', aks: { nodePools: [{ name: 'apps', mode: 'User' }] } }),
        want: [
          'spec.aks.nodePools: has no System pool (AKS needs at least one pool with mode System for its system pods)',
        ],
      },
      {
        name: 'GKE control plane range that is not a /28',
        doc: provider({
          type: 'gke',
          gke: { clusterConfig: { privateNodes: true, masterIpv4CidrBlock: '172.16.0.0/24' } },
        }),
        want: [
          'spec.gke.clusterConfig.masterIpv4CidrBlock: "172.16.0.0/24" is not a /28 block (GKE needs exactly a /28 for the control plane, like "172.16.0.0/28")',
        ],
      },
      {
        name: 'service CIDR with host bits set',
        doc: eks({}, { networking: { serviceCIDR: '172.20.0.1/16' } }),
        want: [
          'spec.networking.serviceCIDR: "172.20.0.1/16" has host bits set (use the network address "172.20.0.0/16")',
        ],
      },
      {
        name: 'status with both spellings of activeClusters',
        doc: { ...talos(), status: { activeClusters: 1, activeConlusters: 1 } },
        want: [
          'status.activeConlusters: cannot be set together with activeClusters (activeConlusters is the spec 001 spelling of activeClusters; keep one)',
        ],
      },
    ];

    itReports(cases, (tc) => messages(tc.doc));
  });

  describe('CRD schema', () => {
    const schema = kubernetesProviderKind.spec.openapi();

    it('keeps add-ons structural as preserve-unknown-fields', () => {
      assert.equal(schema.properties?.addons?.['x-kubernetes-preserve-unknown-fields'], true);
    });

    it('requires type and lists every provider type', () => {
      assert.deepEqual(schema.required, ['type']);
      assert.deepEqual(schema.properties?.type?.enum, [
        'eks',
        'aks',
        'gke',
        'rke2',
        'openshift',
        'vanilla',
        'talos',
        'kubeadm',
        'k3s',
      ]);
    });
  });
});
