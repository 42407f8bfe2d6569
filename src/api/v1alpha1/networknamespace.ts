// NetworkNamespace: a network isolation boundary for multi-tenancy (spec 001).
import { defineKind, type Resource } from '../kind';
import { s, type Infer } from '../schema';
import { AGE_COLUMN, PHASE_COLUMN, statusBasics } from './common';

export const networkNamespaceSpec = s.object('Desired isolation, default policies and limits.', {
  isolation: s.object('Isolation configuration.', {
    level: s.enum('Isolation level.', ['strict', 'moderate', 'none']),
    allowedNamespaces: s.strings('Namespaces this one may communicate with.', { unique: true }),
  }),
  defaultPolicy: s.object('Default network policy for traffic without a matching rule.', {
    ingress: s.enum('Default ingress action.', ['allow', 'deny']),
    egress: s.enum('Default egress action.', ['allow', 'deny']),
  }),
  limits: s.object('Resource limits of the namespace.', {
    networks: s.int('Maximum networks in the namespace.', { min: 0 }),
    ipAddresses: s.int('Maximum IP addresses in the namespace.', { min: 0 }),
    bandwidth: s.bandwidth('Bandwidth limit, e.g. "1Gbps".'),
  }),
  qos: s.object('Quality of service.', {
    class: s.enum('QoS class.', ['guaranteed', 'burstable', 'best-effort']),
    priority: s.int('Network priority.', { min: 0, max: 255 }),
  }),
});

export const networkNamespaceStatus = s.object('Observed state of the network namespace.', {
  ...statusBasics,
  networkCount: s.int('Current number of networks.', { min: 0 }),
  ipAddressCount: s.int('Current number of IP addresses in use.', { min: 0 }),
});

export type NetworkNamespaceSpec = Infer<typeof networkNamespaceSpec>;
export type NetworkNamespaceStatus = Infer<typeof networkNamespaceStatus>;
export type NetworkNamespace = Resource<
  'NetworkNamespace',
  NetworkNamespaceSpec,
  NetworkNamespaceStatus
>;

export const networkNamespaceKind = defineKind({
  kind: 'NetworkNamespace',
  plural: 'networknamespaces',
  singular: 'networknamespace',
  shortNames: ['netns'],
  description:
    'NetworkNamespace is a network isolation boundary: isolation level, default ingress/egress policy, limits and QoS for the networks and addresses in it.',
  spec: networkNamespaceSpec,
  status: networkNamespaceStatus,
  printerColumns: [
    {
      name: 'Isolation',
      type: 'string',
      jsonPath: '.spec.isolation.level',
      description: 'Isolation level.',
    },
    {
      name: 'Networks',
      type: 'integer',
      jsonPath: '.status.networkCount',
      description: 'Networks in use.',
    },
    PHASE_COLUMN,
    AGE_COLUMN,
  ],
  normalise: (raw): NetworkNamespace => ({
    kind: 'NetworkNamespace',
    metadata: raw.metadata,
    spec: raw.spec,
    status: raw.status,
  }),
});
