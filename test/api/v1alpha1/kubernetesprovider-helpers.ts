// Builders shared by the KubernetesProvider tests, and validation bound to the kind.
import { kubernetesProviderKind } from '../../../src/api/v1alpha1/kubernetesprovider';
import { manifest, validatorFor, type Manifest } from '../../helpers/kind-cases';

export type Obj = Manifest;

export const { valid, messages } = validatorFor(kubernetesProviderKind);

export const provider = (spec: Obj, status?: Obj): Obj =>
  manifest(kubernetesProviderKind, spec, status, { name: 'p', namespace: 'test' });

export const eksGroup = (extra: Obj = {}): Obj => ({
  name: 'workers',
  instanceTypes: ['m5.large'],
  scaling: { minSize: 1, maxSize: 3, desiredSize: 2 },
  ...extra,
});

export const eks = (extra: Obj = {}, spec: Obj = {}): Obj =>
  provider({ type: 'eks', version: '1.29', region: 'eu-north-1', eks: extra, ...spec });

export const talos = (template: Obj = {}, spec: Obj = {}): Obj =>
  provider({
    type: 'talos',
    clusterTemplate: { kubernetesVersion: '1.29', controlPlane: { replicas: 3 }, ...template },
    ...spec,
  });
